// swift-tools-version:6.0
// libFuzzer targets, one per importer. Kept out of the main package so that `swift build` and
// `swift test` never see them. scripts/fuzz.sh compiles every module with libFuzzer's coverage
// instrumentation and AddressSanitizer, and runs each target for a set time.
import PackageDescription

/// A fuzz target: its top-level code hands the command line to libFuzzer's driver. Only these
/// executables link libFuzzer (`-sanitize=fuzzer` at link time; the sanitizers and coverage
/// instrumentation come from the command line): the build also links the main package's plugin
/// tool (EmbedResourcesTool), which has no `LLVMFuzzerTestOneInput` and so must not get
/// libFuzzer's `main` (in a debug build SwiftPM renames the tool's own `main`, and its link
/// failed when `-sanitize=fuzzer` was passed to every product).
func fuzzer(_ name: String) -> Target {
    .executableTarget(
        name: name, dependencies: ["FuzzSupport"],
        linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])])
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
