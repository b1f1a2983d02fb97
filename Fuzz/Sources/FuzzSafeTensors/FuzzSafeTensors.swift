import FuzzSupport

/// libFuzzer target: every input is read by the SafeTensors reader as `fuzz.safetensors` (headers only).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    fuzzWeights(start, count, file: "fuzz.safetensors", reader: .safetensors)
    return 0
}

runFuzzer(fuzzSafeTensors)
