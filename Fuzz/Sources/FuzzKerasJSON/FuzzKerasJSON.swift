import FuzzSupport

/// libFuzzer target: `fuzz.json` read as format `keras`, then computed.
@main
enum FuzzKerasJSON {
    static func main() {
        runFuzzer { start, count in
            guard let start else { return 0 }
            fuzzImport(start, count, file: "fuzz.json", format: .keras)
            return 0
        }
    }
}
