import FuzzSupport

/// libFuzzer target: `fuzz.keras` read as format `auto`, then computed.
@main
enum FuzzKerasArchive {
    static func main() {
        runFuzzer { start, count in
            guard let start else { return 0 }
            fuzzImport(start, count, file: "fuzz.keras", format: .auto)
            return 0
        }
    }
}
