import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.keras` (format `auto`), then computed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKerasArchive(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    fuzzImport(start, count, file: "fuzz.keras", format: .auto)
    return 0
}

runFuzzer(fuzzKerasArchive)
