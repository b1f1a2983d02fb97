import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.json` (format `native`), then computed.
@main enum FuzzNativeJSON { static func main() { runImporterFuzzer(file: "fuzz.json", format: .native) } }
