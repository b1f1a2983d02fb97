/// A fast JSON reader for the common case, giving exactly the ``ConfigValue`` that
/// `JSONDecoder().decode(ConfigValue.self, from:)` gives, about 50 times faster (ResNet-152's
/// 495 kB `to_json()` file: 1.2 billion instructions through Foundation's decoder).
///
/// It accepts strict JSON only and returns `nil` for anything else — malformed text, trailing
/// commas, duplicate keys, lone surrogates, numbers out of range, nesting deeper than
/// ``maximumDepth`` — so the caller falls back to Foundation, whose result (or error message)
/// stands. The importer reads files with it, the compute service the JSON text columns. Numbers
/// are read as Foundation reads them (see `number()`).
public struct JSONValueParser {
    /// The deepest nesting of lists and objects read (Foundation's JSON limit).
    public static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// The value of `bytes` (UTF-8 JSON text, leading and trailing whitespace allowed), or `nil`
    /// when Foundation must decide.
    public static func parse(_ bytes: some Collection<UInt8>) -> ConfigValue? {
        let direct = bytes.withContiguousStorageIfAvailable { buffer -> ConfigValue? in
            var parser = JSONValueParser(bytes: buffer)
            return parser.document()
        }
        if let direct { return direct }
        return Array(bytes).withUnsafeBufferPointer { buffer in
            var parser = JSONValueParser(bytes: buffer)
            return parser.document()
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func document() -> ConfigValue? {
        skipWhitespace()
        guard let value = value(depth: 1) else { return nil }
        skipWhitespace()
        return index == bytes.count ? value : nil
    }

    // MARK: - Values

    private mutating func value(depth: Int) -> ConfigValue? {
        guard index < bytes.count, depth <= Self.maximumDepth else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string().map(ConfigValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func object(depth: Int) -> ConfigValue? {
        index += 1  // {
        // Members are gathered first so the dictionary is allocated once at its final size.
        var keys: [String] = []
        var values: [ConfigValue] = []
        skipWhitespace()
        if !consume(UInt8(ascii: "}")) {
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipWhitespace()
                guard consume(UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                guard let member = value(depth: depth + 1) else { return nil }
                keys.append(key)
                values.append(member)
                skipWhitespace()
                if consume(UInt8(ascii: "}")) { break }
                guard consume(UInt8(ascii: ",")) else { return nil }
            }
        }
        var members = [String: ConfigValue](minimumCapacity: keys.count)
        for (key, member) in zip(keys, values) {
            // Foundation keeps the first of duplicate keys; leave such files to it.
            guard members.updateValue(member, forKey: key) == nil else { return nil }
        }
        return .object(members)
    }

    private mutating func array(depth: Int) -> ConfigValue? {
        index += 1  // [
        var elements: [ConfigValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            skipWhitespace()
            guard let element = value(depth: depth + 1) else { return nil }
            elements.append(element)
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            guard consume(UInt8(ascii: ",")) else { return nil }
        }
    }

    private mutating func literal(_ word: StaticString, _ value: ConfigValue) -> ConfigValue? {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { return nil }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return nil }
        index += count
        return value
    }

    // MARK: - Strings

    /// A string from its opening quote; `nil` for a control character, a bad escape or a lone
    /// surrogate.
    private mutating func string() -> String? {
        index += 1  // "
        let start = index
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                // ASCII is valid UTF-8 as it stands; anything else is checked.
                return isASCII ? String(decoding: utf8, as: UTF8.self) : String(validating: utf8, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        return nil
    }

    private mutating func escapedString(from start: Int) -> String? {
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hexQuad() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")),
                              let low = hexQuad(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    utf8.append(contentsOf: String(Character(unicode)).utf8)
                default:
                    return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                utf8.append(byte)
            }
        }
        return nil
    }

    private mutating func hexQuad() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: - Numbers

    /// A number by the JSON grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, read as
    /// `JSONDecoder` reads a ``ConfigValue``: a plain integer that fits in `Int` is `.int`; any
    /// other number is read as a `Double` (strtod), which is `.int` when it is a whole number
    /// below 2^53 (`3.0`, `1e3`, also `1.0000000000000001`) and `.double` when it has a
    /// fraction. Whole numbers from 2^53 up (which Foundation reads again as a `Decimal`) and
    /// numbers out of range are left to Foundation (`nil`).
    private mutating func number() -> ConfigValue? {
        let start = index
        let negative = consume(UInt8(ascii: "-"))
        let integerStart = index
        guard index < bytes.count, isDigit(bytes[index]) else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let integerEnd = index
        var isPlainInteger = true
        if consume(UInt8(ascii: ".")) {
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            isPlainInteger = false
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if !consume(UInt8(ascii: "-")) { _ = consume(UInt8(ascii: "+")) }
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            isPlainInteger = false
        }
        if isPlainInteger {
            // Accumulated negatively: Int.min has no positive counterpart.
            var value = 0
            for digit in bytes[integerStart..<integerEnd] {
                let (scaled, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = scaled.subtractingReportingOverflow(Int(digit - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                value = next
            }
            if negative { return .int(value) }
            return value == .min ? nil : .int(-value)
        }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<index])
        guard let double = Double(String(decoding: token, as: UTF8.self)), double.isFinite else { return nil }
        guard double.rounded(.towardZero) == double else { return .double(double) }
        guard abs(double) < 9_007_199_254_740_992 else { return nil }
        return .int(Int(double))
    }

    // MARK: - Bytes

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}
