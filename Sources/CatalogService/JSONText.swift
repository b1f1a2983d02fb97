import CatalogCore
import CatalogImport
import Foundation

/// Compact, deterministic JSON for the text columns (keys sorted, `/` not escaped).
///
/// The column types are read through Foundation's `JSONSerialization` (via ``ConfigValue``),
/// several times cheaper than `JSONDecoder` for every listed architecture, and written by
/// `JSONEncoder` (keys sorted), several times cheaper than `JSONSerialization` for these small
/// values; shapes, integers and `null` only, are formatted directly.
enum JSONText {
    // MARK: - Writing

    static func encode<T: Encodable>(_ value: T) -> String {
        encodedByFoundation(value)
    }

    private static func encodedByFoundation<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values (strings, integers, arrays, objects) cannot fail.
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// Tags, uncounted layer names: `["a","b"]`.
    static func encode(_ strings: [String]) -> String {
        encodedByFoundation(strings)
    }

    /// A list of shapes (`null` for an unknown dimension): `[[224,224,3]]`. Integers and
    /// `null` only, so the text is formatted directly (JSON has one way to write them).
    static func encode(_ shapes: [[Int?]]) -> String {
        "[" + shapes.map(shapeText).joined(separator: ",") + "]"
    }

    /// A layer's output shapes, call by call: `[[[112,112,64]]]`.
    static func encode(_ calls: [[[Int?]]]) -> String {
        "[" + calls.map { encode($0) }.joined(separator: ",") + "]"
    }

    private static func shapeText(_ shape: [Int?]) -> String {
        "[" + shape.map { $0.map(String.init) ?? "null" }.joined(separator: ",") + "]"
    }

    /// A layer's hyperparameters. Written by `JSONEncoder`, not `JSONSerialization` (measured
    /// in BENCHMARKS.md, "Fast paths kept").
    static func encode(_ config: [String: ConfigValue]) -> String {
        encodedByFoundation(config)
    }

    /// A layer's inbound tensors, call by call: `[[["conv1",0,0]]]`.
    static func encode(_ calls: [[InboundEntry]]) -> String {
        encodedByFoundation(calls)
    }

    // MARK: - Reading many rows

    /// Decoded texts of the small list columns, kept while many rows are decoded (a listing, a
    /// layer table). Rows repeat a few input shapes, output shapes and tag lists, and parsing a
    /// JSON text with Foundation costs more than everything else in a row: a listing of 71,000
    /// architectures holds a few dozen distinct texts per column. At most 4,096 texts per kind
    /// are kept (the table is emptied when full).
    struct Cache {
        private var shapes: [String: [[Int?]]] = [:]
        private var callShapes: [String: [[[Int?]]]] = [:]
        private var strings: [String: [String]] = [:]

        init() {}

        mutating func decode(_ type: [[Int?]].Type, _ text: String) -> [[Int?]]? {
            Self.remember(&shapes, text) { JSONText.decode(type, $0) }
        }

        mutating func decode(_ type: [[[Int?]]].Type, _ text: String) -> [[[Int?]]]? {
            Self.remember(&callShapes, text) { JSONText.decode(type, $0) }
        }

        mutating func decode(_ type: [String].Type, _ text: String) -> [String]? {
            Self.remember(&strings, text) { JSONText.decode(type, $0) }
        }

        private static func remember<Value>(
            _ table: inout [String: Value], _ text: String, _ decode: (String) -> Value?
        ) -> Value? {
            if let known = table[text] { return known }
            guard let value = decode(text) else { return nil }
            if table.count >= 4_096 { table.removeAll(keepingCapacity: true) }
            table[text] = value
            return value
        }
    }

    // MARK: - Reading

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func decode(_ type: [String].Type, _ text: String) -> [String]? {
        fast(text, type) { value in try value.arrayValue?.map { try $0.stringValue ?? fail() } }
    }

    static func decode(_ type: [[Int?]].Type, _ text: String) -> [[Int?]]? {
        fast(text, type, shapes)
    }

    static func decode(_ type: [[[Int?]]].Type, _ text: String) -> [[[Int?]]]? {
        fast(text, type) { value in try value.arrayValue?.map { try shapes($0) ?? fail() } }
    }

    static func decode(_ type: [String: ConfigValue].Type, _ text: String) -> [String: ConfigValue]? {
        fast(text, type) { $0.objectValue }
    }

    static func decode(_ type: [[InboundEntry]].Type, _ text: String) -> [[InboundEntry]]? {
        fast(text, type) { value in
            try value.arrayValue?.map { call in
                try (call.arrayValue ?? fail()).map { entry in
                    // Like the Decodable conformance: the first three elements; more are ignored.
                    guard let parts = entry.arrayValue, parts.count >= 3, let layer = parts[0].stringValue,
                          case .int(let node) = parts[1], case .int(let tensor) = parts[2] else { throw Mismatch() }
                    return InboundEntry(TensorReference(layer: layer, node: node, tensor: tensor))
                }
            }
        }
    }

    private static func shapes(_ value: ConfigValue) throws -> [[Int?]]? {
        try value.arrayValue?.map { shape in
            try (shape.arrayValue ?? fail()).map { dimension -> Int? in
                switch dimension {
                case .int(let size): size
                case .null: nil
                default: throw Mismatch()
                }
            }
        }
    }

    /// `convert` applied to `JSONSerialization`'s value; `JSONDecoder` decides when it gives up.
    private static func fast<T: Decodable>(
        _ text: String, _ type: T.Type, _ convert: (ConfigValue) throws -> T?
    ) -> T? {
        if let value = ConfigValue.parseJSON(Data(text.utf8)), let converted = try? convert(value) {
            return converted
        }
        return decode(type, text) as T?
    }

    private struct Mismatch: Error {}

    private static func fail<T>() throws -> T { throw Mismatch() }
}
