import FuzzSupport

/// libFuzzer target: every input is read by the GGUF reader as `fuzz.gguf` (headers only).
@main enum FuzzGGUF { static func main() { runWeightFuzzer(file: "fuzz.gguf", reader: .gguf) } }
