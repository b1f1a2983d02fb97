import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.yaml` (format `native`), then computed.
@main enum FuzzNativeYAML { static func main() { runImporterFuzzer(file: "fuzz.yaml", format: .native) } }
