import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.onnx` (an ONNX model), then computed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNX(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    fuzzImport(start, count, file: "fuzz.onnx", format: .onnx)
    return 0
}

runFuzzer(fuzzONNX)
