import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.json` (format `keras`), then computed.
@main enum FuzzKerasJSON { static func main() { runImporterFuzzer(file: "fuzz.json", format: .keras) } }
