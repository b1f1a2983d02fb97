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
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return nil
        }
        return ConfigValue(jsonObject: object)
    }

    /// Compact JSON text with sorted keys and unescaped slashes.
    public var jsonText: String {
        let data = (try? JSONSerialization.data(
            withJSONObject: jsonObject, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]))
            ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
