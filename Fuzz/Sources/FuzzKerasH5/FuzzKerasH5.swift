import FuzzSupport

/// libFuzzer target: every input is read as `fuzz.h5` (a Keras .h5 file, opened by libhdf5 from
/// memory with its core driver), then computed. Needs libhdf5 installed; without it every input
/// is refused with the install message (and the run finds nothing).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKerasH5(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    fuzzImport(start, count, file: "fuzz.h5", format: .auto)
    return 0
}

runFuzzer(fuzzKerasH5)
