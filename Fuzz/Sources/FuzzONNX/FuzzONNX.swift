import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.onnx` (an ONNX model), then computed.
@main enum FuzzONNX { static func main() { runImporterFuzzer(file: "fuzz.onnx", format: .onnx) } }
