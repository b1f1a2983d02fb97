/// A JSON-like hyperparameter value, as read from a native file or a Keras config.
///
/// Numbers keep their integer-ness: `3` is ``int(_:)``, `3.0` and `2.5` are ``double(_:)``.
/// It is `Codable` so the store can keep a layer's config as JSON text.
public enum ConfigValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])

    /// A short name of the value's kind for error messages: "integer", "string", …
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "list"
        case .object: "object"
        }
    }

    /// The value as compact JSON-like text for messages: `[3, 3]`, `"same"`.
    public var displayText: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.displayText).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\"\($0)\": \(members[$0]!.displayText)" }
                .joined(separator: ", ") + "}"
        }
    }

    /// The string payload, or `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The members of an object, or `nil`.
    public var objectValue: [String: ConfigValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements of a list, or `nil`.
    public var arrayValue: [ConfigValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// An integer, also from a double with no fractional part (JSON writers differ), or `nil`.
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value):
            guard value.rounded() == value, abs(value) < 9.0e15 else { return nil }
            return Int(value)
        default: return nil
        }
    }

    /// The boolean payload, or `nil`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

extension ConfigValue: Codable {
    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ConfigValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ConfigValue].self))
        }
    }

    /// Encodes as the corresponding JSON value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
