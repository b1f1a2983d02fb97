// swift-tools-version:6.0
// libFuzzer targets, one per importer. Kept out of the main package so that `swift build` and
// `swift test` never see them. scripts/fuzz.sh builds them with
// `-Xswiftc -sanitize=fuzzer,address` (libFuzzer supplies `main`) and runs each for a set time.
import PackageDescription

/// A fuzz target: its `@main` hands the command line to libFuzzer's driver.
func fuzzer(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"])
}

let package = Package(
    name: "CatalogFuzz",
    dependencies: [.package(name: "catalog", path: "..")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "CatalogImport", package: "catalog"),
                .product(name: "CatalogCore", package: "catalog"),
            ]),
        fuzzer("FuzzNativeJSON"),
        fuzzer("FuzzNativeYAML"),
        fuzzer("FuzzKerasJSON"),
        fuzzer("FuzzKerasArchive"),
        fuzzer("FuzzSafeTensors"),
        fuzzer("FuzzGGUF"),
        fuzzer("FuzzPyTorch"),
        fuzzer("FuzzKerasH5"),
        fuzzer("FuzzONNX"),
    ]
)
