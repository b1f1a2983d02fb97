import FuzzSupport

/// libFuzzer target: every input is read by the PyTorch reader as `fuzz.pt` (headers only).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPyTorch(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    fuzzWeights(start, count, file: "fuzz.pt", reader: .pytorch)
    return 0
}

runFuzzer(fuzzPyTorch)
