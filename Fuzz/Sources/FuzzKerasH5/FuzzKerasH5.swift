import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.h5` (a Keras .h5 file, opened by libhdf5 from
/// memory with its core driver), then computed. Needs libhdf5 installed; without it every input
/// is refused with the install message (and the run finds nothing).
@main enum FuzzKerasH5 { static func main() { runImporterFuzzer(file: "fuzz.h5", format: .auto) } }
