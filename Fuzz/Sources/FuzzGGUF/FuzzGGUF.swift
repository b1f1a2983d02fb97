import FuzzSupport

/// libFuzzer target: every input is read by the GGUF reader as `fuzz.gguf` (headers only).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGGUF(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    fuzzWeights(start, count, file: "fuzz.gguf", reader: .gguf)
    return 0
}

runFuzzer(fuzzGGUF)
