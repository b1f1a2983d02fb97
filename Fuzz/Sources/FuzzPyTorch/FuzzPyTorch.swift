import FuzzSupport

/// libFuzzer target: every input is read by the PyTorch reader as `fuzz.pt` (headers only).
@main enum FuzzPyTorch { static func main() { runWeightFuzzer(file: "fuzz.pt", reader: .pytorch) } }
