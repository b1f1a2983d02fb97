// swift-tools-version:6.0
import PackageDescription

/// The flag that links the release `catalog` statically (see its target), unless the build's
/// environment has CATALOG_DYNAMIC_LINKING=1 (for comparing the two in BENCHMARKS.md).
let staticStdlib = Context.environment["CATALOG_DYNAMIC_LINKING"] == "1" ? [] : ["-static-stdlib"]

let package = Package(
    name: "catalog",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "catalog", targets: ["catalog"]),
        .library(name: "CatalogCore", targets: ["CatalogCore"]),
        .library(name: "CatalogImport", targets: ["CatalogImport"]),  // for Fuzz/
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The runtime only: the ONNX reader's onnx.pb.swift is generated once and committed
        // (Sources/CatalogImport/ONNX/Generated/README.md), so no build needs protoc.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // Pure engine: value types and the shape / parameter / MAC inference. No I/O.
        .target(name: "CatalogCore"),
        // File readers: native JSON/YAML, Keras to_json(), .keras archives -> CatalogCore values.
        .target(
            name: "CatalogImport",
            dependencies: [
                "CatalogCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["ONNX/Generated/onnx.proto", "ONNX/Generated/README.md"]
        ),
        // Repository layer: the only target that imports GRDB. Migrations are compiled in.
        .target(
            name: "CatalogStore",
            dependencies: [
                "CatalogCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the fast paths of CatalogStore/SQLiteFastPaths.swift.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            plugins: ["EmbedResources"]
        ),
        // Compute service: runs the engine and owns the cached columns. Seeds are compiled in.
        .target(
            name: "CatalogService",
            dependencies: ["CatalogCore", "CatalogImport", "CatalogStore"],
            plugins: ["EmbedResources"]
        ),
        // The executable: argument parsing and rendering only.
        .executableTarget(
            name: "catalog",
            dependencies: [
                "CatalogCore", "CatalogImport", "CatalogService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The release binary links the Swift runtime and Foundation statically
            // (`swiftc -static-stdlib`, what `swift build --static-swift-stdlib` passes): it runs
            // on a Linux machine without Swift, and starts in a third of the time, without
            // resolving thousands of symbols in Foundation's shared libraries (BENCHMARKS.md).
            // CATALOG_DYNAMIC_LINKING=1 builds it against the shared libraries instead.
            swiftSettings: [.unsafeFlags(staticStdlib, .when(platforms: [.linux], configuration: .release))],
            linkerSettings: [.unsafeFlags(staticStdlib, .when(platforms: [.linux], configuration: .release))]
        ),
        // Build tool: turns migrations/*.sql and seeds/* into Swift string literals, with their
        // file names, so a new migration is one new file (why not `.embedInCode`: migrations/README.md).
        .executableTarget(name: "EmbedResourcesTool"),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["EmbedResourcesTool"]
        ),
        // What the test targets share: the CLI runner, temporary directories, package paths,
        // the Keras `<model>.expected.json` decoder and the fixture documents.
        .target(name: "CatalogTestSupport", path: "Tests/CatalogTestSupport"),
        .testTarget(name: "CatalogCoreTests", dependencies: ["CatalogCore", "CatalogTestSupport"]),
        .testTarget(
            name: "CatalogImportTests",
            dependencies: ["CatalogImport", "CatalogCore", "CatalogTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "CatalogStoreTests", dependencies: ["CatalogStore", "CatalogCore", "CatalogTestSupport"]),
        .testTarget(name: "CatalogServiceTests", dependencies: ["CatalogService", "CatalogStore", "CatalogImport", "CatalogCore", "CatalogTestSupport"]),
        .testTarget(name: "CatalogCLITests", dependencies: ["catalog", "CatalogTestSupport"]),
        .testTarget(name: "ReliabilityTests", dependencies: ["catalog", "CatalogService", "CatalogStore", "CatalogImport", "CatalogCore", "CatalogTestSupport"], resources: [.copy("Fixtures")]),
    ]
)
