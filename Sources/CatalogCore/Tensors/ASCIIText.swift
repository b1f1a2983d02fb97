// Byte-level helpers for names that are ASCII, where every byte is a character: splitting or
// searching them through `Character` costs thousands of instructions a name
// (BENCHMARKS.md section 6), comparing bytes a few a byte.

/// Whether `text` is ASCII (every UTF-8 byte below 0x80).
func isASCII(_ text: String) -> Bool {
    if let result = text.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
        var bits: UInt8 = 0
        for byte in bytes { bits |= byte }
        return bits < 0x80
    }) {
        return result
    }
    return text.utf8.allSatisfy { $0 < 0x80 }
}
