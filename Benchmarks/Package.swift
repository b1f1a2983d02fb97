// swift-tools-version:6.1
// The engine benchmarks (BENCHMARKS.md), kept out of the main package so that `swift build` and
// `swift test` there never resolve or compile the harness. Run them with scripts/bench.sh, or:
//
//   cd Benchmarks && swift package --scratch-path .build benchmark --target EngineInference
//
// ordo-one/benchmark measures wall clock, allocations (its malloc interposer) and peak memory.
import PackageDescription

let package = Package(
    name: "CatalogBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "catalog", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Shape / parameter / MAC inference on ResNet-152 and on synthetic chains of 10k–1M layers.
        .executableTarget(
            name: "EngineInference",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CatalogCore", package: "catalog"),
                "EngineFixtures",
            ],
            path: "Benchmarks/EngineInference",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The benchmarks' architectures: the Keras ResNet-152 fixture, synthetic chains.
        .target(
            name: "EngineFixtures",
            dependencies: [
                .product(name: "CatalogCore", package: "catalog"),
                .product(name: "CatalogImport", package: "catalog"),
            ]
        ),
        // One engine run for valgrind's callgrind: EngineProfile chain 100000 | resnet152.
        .executableTarget(
            name: "EngineProfile",
            dependencies: [.product(name: "CatalogCore", package: "catalog"), "EngineFixtures"]
        ),
    ]
)
