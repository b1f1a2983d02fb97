import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.yaml` (format `native`), then computed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNativeYAML(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    fuzzImport(start, count, file: "fuzz.yaml", format: .native)
    return 0
}

runFuzzer(fuzzNativeYAML)
