import CatalogCore
import Foundation

/// Reads a safetensors file's header: 8 bytes of little-endian header length, then that many
/// bytes of JSON `{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}`,
/// then the data section (never read).
///
/// Checks follow the safetensors library (`safetensors/src/tensor.rs`, `Metadata::validate`):
/// the header is at most 100,000,000 bytes of UTF-8 text, a JSON object read as the library's
/// serde_json reads it (``HeaderJSONScanner``; each tensor an object with `dtype`, `shape` and
/// `data_offsets` of non-negative integers, or a list of those three; `__metadata__` null or an
/// object of strings, at most once; a tensor named twice keeps its last entry; whitespace may
/// surround the object, nothing else may follow it); sorted by offset, each tensor
/// starts where the previous ended (no gap, no overlap); `end - begin` equals the elements
/// times the dtype's size; the last end is the data section's length. A file whose data
/// section is wholly absent (a header-only layout) is read with a warning.
public enum SafeTensorsReader {
    /// The library's header limit (`MAX_HEADER_SIZE` in `safetensors/src/tensor.rs`).
    static let maximumHeaderLength = 100_000_000

    /// Whether `head` (the file's first bytes) looks like safetensors: a header length (under
    /// 2^48) then `{`, after the JSON whitespace the library's serde_json skips (a space, tab,
    /// line feed or carriage return) within `head`.
    public static func recognizes(_ head: Data) -> Bool {
        let bytes = Array(head.prefix(64))
        guard bytes.count >= 9, bytes[6] == 0, bytes[7] == 0 else { return false }
        let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        return bytes[8...].first { !space.contains($0) } == UInt8(ascii: "{")
    }

    /// Reads the tensors of the safetensors file at `path` (mapped, header only).
    /// - Throws: ``ImportError`` naming the file and the problem (header longer than the file,
    ///   invalid JSON, unknown dtype, negative or overflowing shape, overlapping or out-of-range
    ///   offsets, a truncated data section).
    public static func read(contentsOf path: String) throws(ImportError) -> WeightFile {
        try read(MappedFile.map(path), file: path)
    }

    /// Reads `data`, the bytes of `file`.
    public static func read(_ data: Data, file: String) throws(ImportError) -> WeightFile {
        func fail(_ problem: String) -> ImportError { ImportError(file: file, problem: "safetensors: " + problem) }
        var cursor = ByteCursor(data)
        let length: UInt64
        do { length = try cursor.u64("the header length") } catch { throw fail("too short: the file is \(data.count) bytes") }
        guard length <= UInt64(maximumHeaderLength) else {
            throw fail("header length \(length) is over the library's limit of \(maximumHeaderLength) bytes")
        }
        guard Int(length) <= cursor.remaining else {
            throw fail("header length \(length) is larger than the rest of the file (\(cursor.remaining) bytes)")
        }
        let headerData: Data
        do { headerData = try cursor.bytes(Int(length), what: "the header") } catch { throw fail(error.reason) }
        let header = [UInt8](headerData)
        // The library reads the header as UTF-8 text first (`std::str::from_utf8`).
        guard String(validating: header, as: UTF8.self) != nil else { throw fail("the header is not UTF-8 text") }
        var scanner = HeaderJSONScanner(header)
        var metadata: [(key: String, value: String)] = []
        var entries: [(tensor: Tensor, begin: Int, end: Int)] = []
        do throws(HeaderJSONScanner.Failure) {
            var pairs: [String: String]?
            // About 60 bytes of header a tensor: room enough that the table rarely grows.
            var slots = [String: Int](minimumCapacity: header.count / 60)
            scanner.skipSpace()
            // Whitespace may come first (serde_json skips it); ``recognizes(_:)`` wants `{` at once.
            if scanner.peek() != UInt8(ascii: "{") { throw .value("the header does not start with '{'") }
            if try !scanner.open(UInt8(ascii: "{"), close: UInt8(ascii: "}"), depth: 1) {
                repeat {
                    scanner.skipSpace()
                    let name = try scanner.string()
                    try scanner.expect(UInt8(ascii: ":"), "':'")
                    scanner.skipSpace()
                    if name == "__metadata__" {
                        guard pairs == nil else { throw .value("__metadata__ appears twice") }
                        pairs = try readMetadata(&scanner)
                        continue
                    }
                    // A name given twice keeps its last entry (serde_json into a HashMap); each is checked.
                    let item = try entry(name: name, &scanner)
                    if let slot = slots.updateValue(entries.count, forKey: name) {
                        entries[slot] = item
                        slots[name] = slot
                    } else {
                        entries.append(item)
                    }
                } while try scanner.next(close: UInt8(ascii: "}"), "',' or '}'")
            }
            scanner.skipSpace()
            if !scanner.atEnd { throw scanner.unexpected("the end of the header") }
            metadata = (pairs ?? [:]).sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        } catch {
            if let offset = error.offset {
                let position = scanner.position(offset)
                throw fail("the header is not valid JSON (line \(position.line) column \(position.column): \(error.message))")
            }
            throw fail(error.message)
        }
        entries.sort { ($0.begin, $0.end, $0.tensor.name) < ($1.begin, $1.end, $1.tensor.name) }
        var position = 0
        for entry in entries {
            guard entry.begin == position else {
                throw fail(entry.begin < position
                    ? "tensor '\(entry.tensor.name)' overlaps the previous tensor (offset \(entry.begin), previous end \(position))"
                    : "tensor '\(entry.tensor.name)' starts at \(entry.begin), leaving a gap after \(position)")
            }
            position = entry.end
        }
        let dataStart = 8 + Int(length)
        let present = data.count - dataStart
        var warnings: [String] = []
        if present == 0 && position > 0 {
            warnings.append("header only: the data section (\(position) bytes) is absent; counts and bytes are the header's")
        } else if present < position {
            throw fail("the data section is truncated: tensors end at byte \(position) of it, the file holds \(present)")
        } else if present > position {
            throw fail("the data section holds \(present) bytes but the tensors end at \(position)")
        }
        // The file's order: by offset (the order the writer laid them out).
        return WeightFile(format: "safetensors", tensors: entries.map(\.tensor), metadata: metadata, warnings: warnings)
    }

    /// `__metadata__`: null, or an object of strings (a key given twice keeps its last value).
    private static func readMetadata(_ scanner: inout HeaderJSONScanner) throws(HeaderJSONScanner.Failure) -> [String: String] {
        var pairs: [String: String] = [:]
        if scanner.peek() == UInt8(ascii: "n") {
            try scanner.literal("null")
            return pairs
        }
        guard scanner.peek() == UInt8(ascii: "{") else {
            try scanner.skipValue(depth: 1)
            throw .value("__metadata__ is not an object of strings")
        }
        if try scanner.open(UInt8(ascii: "{"), close: UInt8(ascii: "}"), depth: 2) { return pairs }
        repeat {
            scanner.skipSpace()
            let key = try scanner.string()
            try scanner.expect(UInt8(ascii: ":"), "':'")
            scanner.skipSpace()
            guard scanner.peek() == UInt8(ascii: "\"") else {
                try scanner.skipValue(depth: 2)
                throw .value("__metadata__ '\(key)' is not a string")
            }
            pairs[key] = try scanner.string()
        } while try scanner.next(close: UInt8(ascii: "}"), "',' or '}'")
        return pairs
    }

    /// One tensor's `TensorInfo`: an object `{"dtype", "shape", "data_offsets"}` (other fields
    /// ignored, none twice) or, as serde reads a struct, a list of those three in that order.
    private static func entry(
        name: String, _ scanner: inout HeaderJSONScanner
    ) throws(HeaderJSONScanner.Failure) -> (tensor: Tensor, begin: Int, end: Int) {
        var dtypeName: String?
        var shape: [Int]?
        var offsets: (begin: Int, end: Int)?
        if scanner.peek() == UInt8(ascii: "[") {
            if try scanner.open(UInt8(ascii: "["), close: UInt8(ascii: "]"), depth: 2) {
                throw .value("tensor '\(name)' is an empty list, not an object")
            }
            var count = 0
            repeat {
                scanner.skipSpace()
                switch count {
                case 0: dtypeName = try dtype(name: name, &scanner)
                case 1: shape = try integers(name: name, what: "shape", &scanner)
                case 2: offsets = try offsetPair(name: name, &scanner)
                default: throw .value("tensor '\(name)' is a list of more than 3 items")
                }
                count += 1
            } while try scanner.next(close: UInt8(ascii: "]"), "',' or ']'")
            guard count == 3 else { throw .value("tensor '\(name)' is a list of \(count) items, not an object") }
        } else if scanner.peek() == UInt8(ascii: "{") {
            if try !scanner.open(UInt8(ascii: "{"), close: UInt8(ascii: "}"), depth: 2) {
                repeat {
                    scanner.skipSpace()
                    let field = try scanner.string()
                    try scanner.expect(UInt8(ascii: ":"), "':'")
                    scanner.skipSpace()
                    switch field {
                    case "dtype":
                        guard dtypeName == nil else { throw .value("tensor '\(name)' has two dtype fields") }
                        dtypeName = try dtype(name: name, &scanner)
                    case "shape":
                        guard shape == nil else { throw .value("tensor '\(name)' has two shape fields") }
                        shape = try integers(name: name, what: "shape", &scanner)
                    case "data_offsets":
                        guard offsets == nil else { throw .value("tensor '\(name)' has two data_offsets fields") }
                        offsets = try offsetPair(name: name, &scanner)
                    default:
                        try scanner.skipValue(depth: 2)
                    }
                } while try scanner.next(close: UInt8(ascii: "}"), "',' or '}'")
            }
        } else {
            try scanner.skipValue(depth: 1)
            throw .value("tensor '\(name)' is not an object")
        }
        guard let dtypeName else { throw .value("tensor '\(name)' has no dtype") }
        guard let shape else { throw .value("tensor '\(name)' has no shape list") }
        guard let offsets else { throw .value("tensor '\(name)' has no data_offsets") }
        guard let dtype = TensorDType.safetensors[dtypeName] else {
            throw .value("tensor '\(name)' has unknown dtype '\(dtypeName)'")
        }
        guard let elements = TensorNames.elements(shape) else {
            throw .value("tensor '\(name)' has a shape \(shape) whose element count overflows")
        }
        // The library sizes a tensor in bits (`nbits = nelements · bitsize`, checked in 64 bits,
        // `Metadata::validate`): 2^60 F32 elements are refused though their 2^62 bytes would fit.
        let bitsize = UInt64(dtype.blockBytes * 8 / dtype.blockElements)
        guard !UInt64(elements).multipliedReportingOverflow(by: bitsize).overflow else {
            throw .value("tensor '\(name)': \(elements) elements of \(dtypeName) are more than 64 bits can size in bits (the library refuses it)")
        }
        let (begin, end) = offsets
        guard end >= begin else { throw .value("tensor '\(name)' has invalid data_offsets") }
        guard let bytes = dtype.storedBytes(elements: elements) else {
            throw .value("tensor '\(name)': \(elements) elements are not a whole number of \(dtypeName) blocks")
        }
        guard end - begin == bytes else {
            throw .value("tensor '\(name)': data_offsets span \(end - begin) bytes, but \(shape) of \(dtypeName) needs \(bytes)")
        }
        return (TensorNames.tensor(name: name, dtype: dtypeName, shape: shape, elements: elements, bytes: bytes), begin, end)
    }

    /// A dtype: its name in a string, or (as serde reads a unit enum variant) `{"NAME": null}`.
    private static func dtype(name: String, _ scanner: inout HeaderJSONScanner) throws(HeaderJSONScanner.Failure) -> String {
        if scanner.peek() == UInt8(ascii: "\"") { return try scanner.string() }
        guard scanner.peek() == UInt8(ascii: "{") else {
            try scanner.skipValue(depth: 2)
            throw .value("tensor '\(name)' has a dtype that is not a string")
        }
        if try scanner.open(UInt8(ascii: "{"), close: UInt8(ascii: "}"), depth: 3) {
            throw .value("tensor '\(name)' has a dtype that is not a string")
        }
        scanner.skipSpace()
        let variant = try scanner.string()
        try scanner.expect(UInt8(ascii: ":"), "':'")
        scanner.skipSpace()
        let start = scanner.index
        try scanner.skipValue(depth: 3)
        let isNull = scanner.bytes[start..<scanner.index].elementsEqual("null".utf8)
        guard try !scanner.next(close: UInt8(ascii: "}"), "',' or '}'"), isNull else {
            throw .value("tensor '\(name)' has a dtype that is not a string")
        }
        return variant
    }

    /// `data_offsets`: a list of exactly two non-negative integers (serde's `(usize, usize)`).
    private static func offsetPair(
        name: String, _ scanner: inout HeaderJSONScanner
    ) throws(HeaderJSONScanner.Failure) -> (begin: Int, end: Int) {
        var pair: (begin: Int, end: Int) = (0, 0)
        var count = 0
        try integers(name: name, what: "data_offsets", &scanner) { value throws(HeaderJSONScanner.Failure) in
            switch count {
            case 0: pair.begin = value
            case 1: pair.end = value
            default: throw .value("tensor '\(name)' has invalid data_offsets (more than two)")
            }
            count += 1
        }
        guard count == 2 else { throw .value("tensor '\(name)' has invalid data_offsets (\(count) of two)") }
        return pair
    }

    /// `shape`: a list of non-negative integers (serde's `Vec<usize>`).
    private static func integers(
        name: String, what: String, _ scanner: inout HeaderJSONScanner
    ) throws(HeaderJSONScanner.Failure) -> [Int] {
        var values: [Int] = []
        try integers(name: name, what: what, &scanner) { value in values.append(value) }
        return values
    }

    /// A list of non-negative integers, each given to `take`: a float, a negative number or
    /// another value is refused, as the library refuses them.
    private static func integers(
        name: String, what: String, _ scanner: inout HeaderJSONScanner,
        _ take: (Int) throws(HeaderJSONScanner.Failure) -> Void
    ) throws(HeaderJSONScanner.Failure) {
        func invalid(_ start: Int) -> HeaderJSONScanner.Failure {
            let text = String(decoding: scanner.bytes[start..<min(scanner.index, start + 40)], as: UTF8.self)
            return what == "shape"
                ? .value("tensor '\(name)' has an invalid shape dimension \(text)")
                : .value("tensor '\(name)' has invalid data_offsets (\(text))")
        }
        guard scanner.peek() == UInt8(ascii: "[") else {
            let start = scanner.index
            try scanner.skipValue(depth: 2)
            throw what == "shape" ? .value("tensor '\(name)' has no shape list") : invalid(start)
        }
        if try scanner.open(UInt8(ascii: "["), close: UInt8(ascii: "]"), depth: 3) { return }
        repeat {
            scanner.skipSpace()
            if let small = scanner.smallUnsigned() {
                try take(Int(small))
                continue
            }
            let start = scanner.index
            guard let byte = scanner.peek(), byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) else {
                try scanner.skipValue(depth: 3)
                throw invalid(start)
            }
            let number = try scanner.number()
            guard let value = number.unsigned, value <= UInt64(Int.max) else { throw invalid(start) }
            try take(Int(value))
        } while try scanner.next(close: UInt8(ascii: "]"), "',' or ']'")
    }
}
