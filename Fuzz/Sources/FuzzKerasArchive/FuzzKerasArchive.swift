import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.keras` (format `auto`), then computed.
@main enum FuzzKerasArchive { static func main() { runImporterFuzzer(file: "fuzz.keras", format: .auto) } }
