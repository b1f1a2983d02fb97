import FuzzSupport

/// libFuzzer target: `fuzz.json` read as format `native`, then computed.
@main
enum FuzzNativeJSON {
    static func main() {
        runFuzzer { start, count in
            guard let start else { return 0 }
            fuzzImport(start, count, file: "fuzz.json", format: .native)
            return 0
        }
    }
}
