import FuzzSupport

/// libFuzzer target: `fuzz.yaml` read as format `native`, then computed.
@main
enum FuzzNativeYAML {
    static func main() {
        runFuzzer { start, count in
            guard let start else { return 0 }
            fuzzImport(start, count, file: "fuzz.yaml", format: .native)
            return 0
        }
    }
}
