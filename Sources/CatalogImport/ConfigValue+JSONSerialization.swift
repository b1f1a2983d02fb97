import CatalogCore
import Foundation

/// Bridges ``ConfigValue`` and Foundation's `JSONSerialization`, which reads and writes JSON
/// several times faster than `Codable` does for a value of dynamic type.
extension ConfigValue {
    /// Converts what `JSONSerialization.jsonObject(with:)` returns: `true`/`false` (NSNumber of
    /// boolean type) become ``bool(_:)``, integer numbers ``int(_:)``, numbers written with a
    /// fraction or exponent, or integers beyond 64 bits, ``double(_:)``.
    /// - Returns: `nil` for a value JSON cannot hold.
    public init?(jsonObject: Any) {
        // The concrete types JSONSerialization produces are matched by identity first: Swift's
        // dynamic casts (`as? NSNumber`, `as? [Any]`) cost ten times the parse itself on Linux.
        let kind = ObjectIdentifier(type(of: jsonObject))
        if kind == Self.stringType {
            self = .string(jsonObject as! String)
        } else if kind == Self.dictionaryType {
            guard let members = Self.members(jsonObject as! [String: Any]) else { return nil }
            self = .object(members)
        } else if kind == Self.arrayType {
            guard let items = Self.items(jsonObject as! [Any]) else { return nil }
            self = .array(items)
        } else if kind == Self.numberType || kind == Self.booleanType {
            self = Self.number(unsafeDowncast(jsonObject as AnyObject, to: NSNumber.self))
        } else if kind == Self.nullType {
            self = .null
        } else {
            // Any other representation Foundation may choose: the general casts.
            switch jsonObject {
            case let number as NSNumber: self = Self.number(number)
            case let string as String: self = .string(string)
            case is NSNull: self = .null
            case let array as [Any]:
                guard let items = Self.items(array) else { return nil }
                self = .array(items)
            case let dictionary as [String: Any]:
                guard let members = Self.members(dictionary) else { return nil }
                self = .object(members)
            default:
                return nil
            }
        }
    }

    private static func items(_ array: [Any]) -> [ConfigValue]? {
        var items: [ConfigValue] = []
        items.reserveCapacity(array.count)
        for element in array {
            guard let item = ConfigValue(jsonObject: element) else { return nil }
            items.append(item)
        }
        return items
    }

    private static func members(_ dictionary: [String: Any]) -> [String: ConfigValue]? {
        // mapValues keeps the dictionary's hash table: no key is hashed again.
        try? dictionary.mapValues { element throws(NotJSON) in
            guard let member = ConfigValue(jsonObject: element) else { throw NotJSON() }
            return member
        }
    }

    private struct NotJSON: Error {}

    private static let stringType = ObjectIdentifier(String.self)
    private static let dictionaryType = ObjectIdentifier([String: Any].self)
    private static let arrayType = ObjectIdentifier([Any].self)
    private static let numberType = ObjectIdentifier(NSNumber.self)
    private static let nullType = ObjectIdentifier(NSNull.self)
    /// The class Foundation uses for JSON's `true` and `false`.
    private static let booleanType = ObjectIdentifier(type(of: NSNumber(value: true)))

    private static func number(_ number: NSNumber) -> ConfigValue {
        if ObjectIdentifier(type(of: number)) == booleanType { return .bool(number.boolValue) }
        switch number.objCType.pointee {
        case 0x64, 0x66:  // "d", "f": written with a fraction or an exponent
            return .double(number.doubleValue)
        case 0x51:  // "Q": an unsigned integer, beyond Int.max when Foundation chose it
            let value = number.uint64Value
            return value <= UInt64(Int.max) ? .int(Int(value)) : .double(number.doubleValue)
        default:
            return .int(number.intValue)
        }
    }

    /// The value as `JSONSerialization` writes it.
    public var jsonObject: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): NSNumber(value: value)
        case .int(let value): NSNumber(value: value)
        case .double(let value): NSNumber(value: value)
        case .string(let value): value
        case .array(let values): values.map(\.jsonObject)
        case .object(let members): members.mapValues(\.jsonObject)
        }
    }

    /// Parses JSON text (a string at the top level is allowed) with `JSONSerialization`.
    /// - Returns: `nil` when the text is not valid JSON (ask `JSONDecoder` for the error's words).
    public static func parseJSON(_ data: Data) -> ConfigValue? {
        if let value = parsePlainJSON(data) { return value }
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return nil
        }
        return ConfigValue(jsonObject: object)
    }

    /// Reads plain JSON text with ``HeaderJSONScanner``, or returns nil for JSONSerialization to
    /// decide: text that is not UTF-8, a key twice in an object, an unpaired surrogate, nesting
    /// past 127, an integer beyond 64 bits, a float beyond a double's range. Numbers come out as
    /// ``number(_:)`` classifies JSONSerialization's: integers `.int`, others `.double`. A float
    /// is the double nearest its text, as Python's `json` module and `float()` read it
    /// (Tests/CatalogImportTests/Fixtures/json/numbers.json, scripts/json_numbers_table.py):
    /// JSONSerialization rounds a mantissa of more than 17 characters through Decimal and can
    /// miss by a few units in the last place (`0.0894622078468077` → `0.08946220784680768`),
    /// enough to change a floor in a shape formula (an `Upsample` `scale_factor` of
    /// `0.1111111111111111` on 9 rows: 1 row, not 0). Building NSDictionary/NSNumber values and
    /// casting them back also cost about 1 M instructions for a Llama config.json (BENCHMARKS.md).
    static func parsePlainJSON(_ data: Data) -> ConfigValue? {
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var scanner = HeaderJSONScanner(bytes)
        do {
            scanner.skipSpace()
            guard let value = try plainValue(&scanner, depth: 0) else { return nil }
            scanner.skipSpace()
            return scanner.atEnd ? value : nil
        } catch {
            return nil
        }
    }

    private static func plainValue(_ scanner: inout HeaderJSONScanner, depth: Int) throws(HeaderJSONScanner.Failure) -> ConfigValue? {
        guard let byte = scanner.peek() else { return nil }
        switch byte {
        case UInt8(ascii: "{"):
            var members: [String: ConfigValue] = [:]
            if try scanner.open(byte, close: UInt8(ascii: "}"), depth: depth + 1) { return .object(members) }
            repeat {
                scanner.skipSpace()
                let key = try scanner.string()
                try scanner.expect(UInt8(ascii: ":"), "':'")
                scanner.skipSpace()
                guard let member = try plainValue(&scanner, depth: depth + 1),
                      members.updateValue(member, forKey: key) == nil else { return nil }
            } while try scanner.next(close: UInt8(ascii: "}"), "',' or '}'")
            return .object(members)
        case UInt8(ascii: "["):
            var items: [ConfigValue] = []
            if try scanner.open(byte, close: UInt8(ascii: "]"), depth: depth + 1) { return .array(items) }
            repeat {
                scanner.skipSpace()
                guard let item = try plainValue(&scanner, depth: depth + 1) else { return nil }
                items.append(item)
            } while try scanner.next(close: UInt8(ascii: "]"), "',' or ']'")
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try scanner.string())
        case UInt8(ascii: "t"):
            try scanner.literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try scanner.literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try scanner.literal("null")
            return .null
        default:
            let number = try scanner.number()
            let text = number.text
            if let value = number.unsigned { return value <= UInt64(Int.max) ? .int(Int(value)) : nil }
            let mantissa = text.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? text.endIndex
            let isInteger = !text[..<mantissa].contains(UInt8(ascii: ".")) && mantissa == text.endIndex
            let string = String(decoding: text, as: UTF8.self)
            if isInteger { return Int(string).map { .int($0) } }
            guard let double = Double(string), double.isFinite else { return nil }
            return .double(double)
        }
    }

    /// Compact JSON text with sorted keys and unescaped slashes.
    public var jsonText: String {
        let data = (try? JSONSerialization.data(
            withJSONObject: jsonObject, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]))
            ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
