/// A byte-level reader of RFC 8259 JSON as serde_json reads it (the parser behind the
/// safetensors library's header, `safetensors/src/tensor.rs`): whitespace is space, tab, CR and
/// LF; strings refuse raw control characters, unknown escapes and unpaired surrogates; a float
/// too large for a double is refused ("number out of range"); nesting deeper than 127 arrays or
/// objects is refused (serde_json's recursion limit of 128). Values are not built: callers take
/// what they need (strings, unsigned integers) and skip the rest.
///
/// It replaces `JSONSerialization` for safetensors headers and shard indexes: bridging every
/// value to NSDictionary/NSNumber cost 24 M instructions of adding a four-shard checkpoint
/// (BENCHMARKS.md). `ConfigValue.parsePlainJSON` reads plain JSON documents with it too.
/// Tests: SafeTensorsHeaderTableTests (a table of headers judged by the safetensors library),
/// WeightFolderIndexTests and ConfigPlainJSONTests (against JSONSerialization).
struct HeaderJSONScanner {
    /// A problem at a byte offset of the text.
    struct Failure: Error {
        let message: String
        /// The byte offset of a grammar problem; nil for a value of the wrong kind or range.
        let offset: Int?

        init(message: String, offset: Int?) {
            self.message = message
            self.offset = offset
        }

        /// A well-formed value that the reader cannot take (a wrong type, a missing field).
        static func value(_ message: String) -> Failure { Failure(message: message, offset: nil) }
    }

    /// A number token: its bytes, and its value when it is an unsigned integer that fits 64 bits
    /// (serde_json's `u64`; any other number is a float or a negative integer to serde).
    struct Number {
        let text: ArraySlice<UInt8>
        let unsigned: UInt64?
    }

    /// serde_json's recursion limit: the 128th nested array or object is refused.
    static let maximumDepth = 127

    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    func failure(_ message: String) -> Failure { Failure(message: message, offset: index) }

    /// The message for a byte that cannot start or continue what was expected.
    func unexpected(_ expected: String) -> Failure {
        guard let byte = peek() else { return failure("the text ends where \(expected) was expected") }
        return failure("unexpected \(Self.describe(byte)) where \(expected) was expected")
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'" + String(UnicodeScalar(byte)) + "'" }
        let digits = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (digits.count < 2 ? "0" + digits : digits)
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Skips whitespace, then consumes `byte` or fails naming `expected`.
    mutating func expect(_ byte: UInt8, _ expected: String) throws(Failure) {
        skipSpace()
        guard peek() == byte else { throw unexpected(expected) }
        index += 1
    }

    /// After a member or element: true when the container goes on (a `,`), false at `close`.
    mutating func next(close: UInt8, _ expected: String) throws(Failure) -> Bool {
        skipSpace()
        guard let byte = peek() else { throw unexpected(expected) }
        index += 1
        if byte == close { return false }
        guard byte == UInt8(ascii: ",") else { index -= 1; throw unexpected(expected) }
        skipSpace()
        if peek() == close { throw failure("a trailing comma") }
        return true
    }

    /// Opens an object or array at `depth` (the top-level container is depth 1): true when it is
    /// empty (its closing byte consumed).
    mutating func open(_ byte: UInt8, close: UInt8, depth: Int) throws(Failure) -> Bool {
        guard depth <= Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth) levels") }
        guard peek() == byte else { throw unexpected(byte == UInt8(ascii: "{") ? "an object" : "a list") }
        index += 1
        skipSpace()
        if peek() == close { index += 1; return true }
        return false
    }

    /// A string (the cursor at its opening quote), escapes decoded.
    mutating func string() throws(Failure) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw unexpected("a string") }
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if byte < 0x20 { throw failure("a control character inside a string") }
            index += 1
        }
        throw failure("the text ends inside a string")
    }

    private mutating func escapedString(from start: Int) throws(Failure) -> String {
        var decoded = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            if byte < 0x20 { throw failure("a control character inside a string") }
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { throw failure("the text ends inside a string") }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw failure("an unpaired surrogate in a \\u escape")
                    }
                    index += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw failure("an unpaired surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw failure("an unpaired surrogate in a \\u escape")
                }
                decoded.append(contentsOf: UTF8.encode(UnicodeScalar(scalar)!)!)
            default:
                index -= 1
                throw failure("an invalid escape in a string")
            }
        }
        throw failure("the text ends inside a string")
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw failure("the text ends inside a \\u escape") }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("an invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A non-negative integer of at most 18 digits (the common case: shapes, offsets), read
    /// without building a token; nil, the cursor unmoved, for any other number, which
    /// ``number()`` then reads or refuses.
    mutating func smallUnsigned() -> UInt64? {
        let start = index
        var at = index
        var value: UInt64 = 0
        while at < bytes.count && at - start < 19 {
            let byte = bytes[at]
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
            value = value &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
            at += 1
        }
        let count = at - start
        guard count > 0 && count <= 18 && !(count > 1 && bytes[start] == UInt8(ascii: "0")) else { return nil }
        if at < bytes.count {
            let next = bytes[at]
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return nil }
        }
        index = at
        return value
    }

    /// A number of RFC 8259's grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    mutating func number() throws(Failure) -> Number {
        let start = index
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= UInt8(ascii: "0") && bytes[at] <= UInt8(ascii: "9") }
        var negative = false
        if peek() == UInt8(ascii: "-") { negative = true; index += 1 }
        guard isDigit(index) else {
            throw negative ? failure("an invalid number") : unexpected("a value")
        }
        var value: UInt64? = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw failure("an invalid number (a leading zero)") }
        } else {
            while isDigit(index) {
                let digit = UInt64(bytes[index] - UInt8(ascii: "0"))
                if let current = value {
                    let (times, overflow1) = current.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(digit)
                    value = overflow1 || overflow2 ? nil : sum
                }
                index += 1
            }
        }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw failure("an invalid number") }
            while isDigit(index) { index += 1 }
            isInteger = false
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw failure("an invalid number") }
            while isDigit(index) { index += 1 }
            isInteger = false
        }
        let text = bytes[start..<index]
        if isInteger && !negative, let value { return Number(text: text, unsigned: value) }
        // serde_json reads any other number as a double and refuses one that is infinite.
        guard let double = Double(String(decoding: text, as: UTF8.self)), double.isFinite else {
            throw Failure(message: "number out of range", offset: start)
        }
        return Number(text: text, unsigned: nil)
    }

    /// Skips one value of any kind, checking its grammar; `depth` is the depth of the container
    /// holding it.
    mutating func skipValue(depth: Int) throws(Failure) {
        skipSpace()
        guard let byte = peek() else { throw unexpected("a value") }
        switch byte {
        case UInt8(ascii: "{"):
            if try open(byte, close: UInt8(ascii: "}"), depth: depth + 1) { return }
            repeat {
                skipSpace()
                _ = try string()
                try expect(UInt8(ascii: ":"), "':'")
                try skipValue(depth: depth + 1)
            } while try next(close: UInt8(ascii: "}"), "',' or '}'")
        case UInt8(ascii: "["):
            if try open(byte, close: UInt8(ascii: "]"), depth: depth + 1) { return }
            repeat { try skipValue(depth: depth + 1) } while try next(close: UInt8(ascii: "]"), "',' or ']'")
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number()
        }
    }

    /// `true`, `false` or `null`.
    mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            index + count <= bytes.count && (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw unexpected("a value") }
        index += count
    }

    /// The 1-based line and column of `offset`, as serde_json reports them.
    func position(_ offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for at in 0..<min(offset, bytes.count) where bytes[at] == 0x0A {
            line += 1
            lineStart = at + 1
        }
        return (line, offset - lineStart + 1)
    }
}
