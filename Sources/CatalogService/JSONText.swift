import CatalogCore
import Foundation

/// Compact, deterministic JSON for the text columns (keys sorted, `/` not escaped).
///
/// The column types have their own overloads that write and read through CatalogCore's
/// ``JSONValueWriter`` and ``JSONValueParser`` — the same text and values as `JSONEncoder` and
/// `JSONDecoder`, without their per-value `Codable` cost, which every imported layer row and
/// every listed architecture paid. Text the fast reader leaves aside is decoded by Foundation.
enum JSONText {
    // MARK: - Writing

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values (strings, integers, arrays, objects) cannot fail.
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// Tags, uncounted layer names: `["a","b"]`.
    static func encode(_ strings: [String]) -> String {
        var writer = JSONValueWriter()
        writer.write(strings: strings)
        return writer.text
    }

    /// A list of shapes (`null` for an unknown dimension): `[[224,224,3]]`.
    static func encode(_ shapes: [[Int?]]) -> String {
        var writer = JSONValueWriter()
        writeShapes(shapes, &writer)
        return writer.text
    }

    /// A layer's output shapes, call by call: `[[[112,112,64]]]`.
    static func encode(_ calls: [[[Int?]]]) -> String {
        var writer = JSONValueWriter()
        writer.writeList(calls) { writer, shapes in writeShapes(shapes, &writer) }
        return writer.text
    }

    /// A layer's hyperparameters.
    static func encode(_ config: [String: ConfigValue]) -> String {
        var writer = JSONValueWriter()
        writer.write(.object(config))
        return writer.text
    }

    /// A layer's inbound tensors, call by call: `[[["conv1",0,0]]]`.
    static func encode(_ calls: [[InboundEntry]]) -> String {
        var writer = JSONValueWriter()
        writer.writeList(calls) { writer, call in
            writer.writeList(call) { writer, entry in writer.write(entry.reference) }
        }
        return writer.text
    }

    private static func writeShapes(_ shapes: [[Int?]], _ writer: inout JSONValueWriter) {
        writer.writeList(shapes) { writer, shape in writer.write(shape: shape) }
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

    /// `convert` applied to the fast reader's value; Foundation decides when either gives up.
    private static func fast<T: Decodable>(
        _ text: String, _ type: T.Type, _ convert: (ConfigValue) throws -> T?
    ) -> T? {
        if let value = JSONValueParser.parse(text.utf8), let converted = try? convert(value) {
            return converted
        }
        return decode(type, text) as T?
    }

    private struct Mismatch: Error {}

    private static func fail<T>() throws -> T { throw Mismatch() }
}
