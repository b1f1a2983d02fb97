import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.json` (format `keras`), then computed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKerasJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    fuzzImport(start, count, file: "fuzz.json", format: .keras)
    return 0
}

runFuzzer(fuzzKerasJSON)
