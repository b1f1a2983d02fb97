import CatalogCore
import CatalogImport
import Foundation

/// Compact, deterministic JSON for the text columns (keys sorted, `/` not escaped).
///
/// The column types are read through Foundation's `JSONSerialization` (via ``ConfigValue``),
/// several times cheaper than `JSONDecoder` for every listed architecture; short lists of
/// shapes and plain strings are read directly. They are written by ``Writer``, byte for byte
/// what Foundation's `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]`
/// (Tests/CatalogServiceTests/JSONTextTests.swift compares the two on fixed and random values).
enum JSONText {
    // MARK: - Writing

    /// Any other value, as `JSONEncoder` writes it (`null` when it cannot be encoded).
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
        var writer = Writer()
        writer.strings(strings)
        return writer.text
    }

    /// A list of shapes (`null` for an unknown dimension): `[[224,224,3]]`.
    static func encode(_ shapes: [[Int?]]) -> String {
        var writer = Writer()
        writer.shapes(shapes)
        return writer.text
    }

    /// A layer's output shapes, call by call: `[[[112,112,64]]]`.
    static func encode(_ calls: [[[Int?]]]) -> String {
        var writer = Writer()
        writer.array(calls) { $0.shapes($1) }
        return writer.text
    }

    /// A layer's hyperparameters: `{"filters":16,"padding":"same"}`; `null` when a number is
    /// not finite or the values nest 512 deep (`JSONEncoder` refuses them).
    static func encode(_ config: [String: ConfigValue]) -> String {
        var writer = Writer()
        do {
            try writer.object(config, depth: 1)
        } catch {
            return "null"
        }
        return writer.text
    }

    /// Integers by name (parameters by dtype): `{"F16":8,"Q4_K":12}`.
    static func encode(_ counts: [String: Int]) -> String {
        var writer = Writer()
        writer.object(counts) { $0.int($1) }
        return writer.text
    }

    /// Strings by name (a weight file's metadata): `{"general.name":"Llama"}`.
    static func encode(_ texts: [String: String]) -> String {
        var writer = Writer()
        writer.object(texts) { $0.string($1) }
        return writer.text
    }

    /// A layer's output shapes, call by call, then output by output: `[[[112,112,64]],[[null,10]]]`.
    static func encode(_ calls: [[TensorShape]]) -> String {
        var writer = Writer()
        writer.array(calls) { writer, call in
            writer.array(call) { writer, shape in writer.dimensions(shape.dimensions) }
        }
        return writer.text
    }

    /// A layer's inbound tensors, call by call: `[[["conv1",0,0]]]`.
    static func encode(_ calls: [[InboundEntry]]) -> String {
        encode(calls.map { $0.map(\.reference) })
    }

    /// A layer's inbound tensors, call by call: `[[["conv1",0,0]]]` (layer, call, tensor).
    static func encode(_ calls: [[TensorReference]]) -> String {
        var writer = Writer()
        writer.array(calls) { writer, call in
            writer.array(call) { writer, reference in
                writer.byte(UInt8(ascii: "["))
                writer.string(reference.layer)
                writer.byte(UInt8(ascii: ","))
                writer.int(reference.node)
                writer.byte(UInt8(ascii: ","))
                writer.int(reference.tensor)
                writer.byte(UInt8(ascii: "]"))
            }
        }
        return writer.text
    }

    /// Compact JSON bytes by the rules of swift-foundation's `JSONEncoder` with
    /// `[.sortedKeys, .withoutEscapingSlashes]` (Sources/FoundationEssentials/JSON/JSONWriter.swift
    /// and JSONEncoder.swift there):
    /// - object keys sorted by their UTF-8 bytes;
    /// - strings: `"` and `\` escaped, `\b \f \n \r \t`, other bytes below 0x20 as `\u00xx`
    ///   (lowercase hex), every other byte (`/`, DEL, non-ASCII) as is;
    /// - integers in decimal; a `Double` by `description` without a trailing `.0`; NaN and
    ///   infinity refused, as are containers nested 512 deep.
    struct Writer {
        private(set) var bytes: [UInt8] = []

        init() {
            bytes.reserveCapacity(64)
        }

        /// The bytes as a string.
        var text: String { String(decoding: bytes, as: UTF8.self) }

        /// A value `JSONEncoder` refuses.
        struct Unencodable: Error {}

        mutating func null() {
            bytes.append(contentsOf: Self.null)
        }

        mutating func byte(_ byte: UInt8) {
            bytes.append(byte)
        }

        mutating func int(_ value: Int) {
            if value >= 0, value < 10 {
                bytes.append(UInt8(truncatingIfNeeded: value) &+ UInt8(ascii: "0"))
                return
            }
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            let magnitude = value.magnitude
            var divisor: UInt = 1
            while magnitude / divisor >= 10 { divisor &*= 10 }
            while divisor > 0 {
                bytes.append(UInt8(truncatingIfNeeded: magnitude / divisor % 10) &+ UInt8(ascii: "0"))
                divisor /= 10
            }
        }

        mutating func string(_ text: String) {
            bytes.append(UInt8(ascii: "\""))
            // Most texts need no escape: copied whole.
            let needsEscape = { (byte: UInt8) in byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }
            if !(text.utf8.withContiguousStorageIfAvailable { $0.contains(where: needsEscape) } ?? text.utf8.contains(where: needsEscape)) {
                bytes.append(contentsOf: text.utf8)
                bytes.append(UInt8(ascii: "\""))
                return
            }
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
                case UInt8(ascii: "\\"): bytes.append(byte); bytes.append(byte)
                case 0x08: escape(UInt8(ascii: "b"))
                case 0x0C: escape(UInt8(ascii: "f"))
                case 0x0A: escape(UInt8(ascii: "n"))
                case 0x0D: escape(UInt8(ascii: "r"))
                case 0x09: escape(UInt8(ascii: "t"))
                case 0x00..<0x20:
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    bytes.append(Self.hexDigit(byte >> 4))
                    bytes.append(Self.hexDigit(byte & 0xF))
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }

        private mutating func escape(_ letter: UInt8) {
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(letter)
        }

        private static func hexDigit(_ value: UInt8) -> UInt8 {
            value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "a") &+ value &- 10
        }

        /// A finite number as `JSONEncoder` writes it: `0.5`, `1e-05`, `2` for 2.0.
        mutating func double(_ value: Double) throws(Unencodable) {
            guard value.isFinite else { throw Unencodable() }
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            bytes.append(contentsOf: text.utf8)
        }

        mutating func strings(_ strings: [String]) {
            array(strings) { $0.string($1) }
        }

        /// `[[224,224,3],[null,8]]`.
        mutating func shapes(_ shapes: [[Int?]]) {
            array(shapes) { writer, shape in writer.dimensions(shape) }
        }

        /// One shape, `null` for an unknown dimension: `[null,8]`.
        mutating func dimensions(_ shape: [Int?]) {
            array(shape) { writer, dimension in
                if let dimension { writer.int(dimension) } else { writer.null() }
            }
        }

        private static let null: [UInt8] = Array("null".utf8)
        private static let `true`: [UInt8] = Array("true".utf8)
        private static let `false`: [UInt8] = Array("false".utf8)

        mutating func array<Element>(_ elements: [Element], _ write: (inout Writer, Element) -> Void) {
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(&self, element)
            }
            bytes.append(UInt8(ascii: "]"))
        }

        /// Members in the order of their keys' UTF-8 bytes.
        mutating func object<Value>(_ members: [String: Value], _ write: (inout Writer, Value) -> Void) {
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in Self.sorted(members).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                string(member.key)
                bytes.append(UInt8(ascii: ":"))
                write(&self, member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }

        private static func sorted<Value>(_ members: [String: Value]) -> [(key: String, value: Value)] {
            if members.count < 2 { return Array(members) }
            return members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        }

        /// `depth`: how many containers hold this one, itself included (1 at the top).
        mutating func object(_ members: [String: ConfigValue], depth: Int) throws(Unencodable) {
            guard depth < 512 else { throw Unencodable() }
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in Self.sorted(members).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                string(member.key)
                bytes.append(UInt8(ascii: ":"))
                try value(member.value, depth: depth)
            }
            bytes.append(UInt8(ascii: "}"))
        }

        /// `value` inside `depth` containers.
        mutating func value(_ value: ConfigValue, depth: Int) throws(Unencodable) {
            switch value {
            case .null: bytes.append(contentsOf: Self.null)
            case .bool(let flag): bytes.append(contentsOf: flag ? Self.true : Self.false)
            case .int(let number): int(number)
            case .double(let number): try double(number)
            case .string(let text): string(text)
            case .array(let elements):
                guard depth + 1 < 512 else { throw Unencodable() }
                bytes.append(UInt8(ascii: "["))
                for (index, element) in elements.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    try self.value(element, depth: depth + 1)
                }
                bytes.append(UInt8(ascii: "]"))
            case .object(let members): try object(members, depth: depth + 1)
            }
        }
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
        if let strings = Plain.strings(text) { return strings }
        return fast(text, type) { value in try value.arrayValue?.map { try $0.stringValue ?? fail() } }
    }

    static func decode(_ type: [[Int?]].Type, _ text: String) -> [[Int?]]? {
        if let shapes = Plain.shapes(text) { return shapes }
        return fast(text, type, shapes)
    }

    static func decode(_ type: [[[Int?]]].Type, _ text: String) -> [[[Int?]]]? {
        if let calls = Plain.calls(text) { return calls }
        return fast(text, type) { value in try value.arrayValue?.map { try shapes($0) ?? fail() } }
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

    /// The texts ``Writer`` writes for lists of shapes and of plain strings, read directly:
    /// no whitespace, integers of at most 18 digits without a leading zero (`-` before a
    /// nonzero one), `null`, strings without an escape or a byte below 0x20. Any other text
    /// gives `nil` and is read by Foundation; for these the value is Foundation's (the tests
    /// in Tests/CatalogServiceTests/JSONTextTests.swift compare them).
    enum Plain {
        /// `[["a","b"]` → `["a", "b"]`.
        static func strings(_ text: String) -> [String]? {
            var text = text
            return text.withUTF8 { bytes -> [String]? in
                var reader = Reader(bytes: bytes)
                guard let strings = reader.list({ reader in reader.string() }), reader.isAtEnd else { return nil }
                return strings
            }
        }

        /// `[[224,224,3],[null]]`.
        static func shapes(_ text: String) -> [[Int?]]? {
            var text = text
            return text.withUTF8 { bytes -> [[Int?]]? in
                var reader = Reader(bytes: bytes)
                guard let shapes = reader.list({ $0.shape() }), reader.isAtEnd else { return nil }
                return shapes
            }
        }

        /// `[[[112,112,64]],[[null,8]]]`.
        static func calls(_ text: String) -> [[[Int?]]]? {
            var text = text
            return text.withUTF8 { bytes -> [[[Int?]]]? in
                var reader = Reader(bytes: bytes)
                guard let calls = reader.list({ $0.list { $0.shape() } }), reader.isAtEnd else { return nil }
                return calls
            }
        }

        private struct Reader {
            let bytes: UnsafeBufferPointer<UInt8>
            var position = 0

            var isAtEnd: Bool { position == bytes.count }

            private mutating func take(_ byte: UInt8) -> Bool {
                guard position < bytes.count, bytes[position] == byte else { return false }
                position += 1
                return true
            }

            /// `[` element (`,` element)* `]`, or `[]`.
            mutating func list<Element>(_ element: (inout Reader) -> Element?) -> [Element]? {
                guard take(UInt8(ascii: "[")) else { return nil }
                var elements: [Element] = []
                if take(UInt8(ascii: "]")) { return elements }
                repeat {
                    guard let value = element(&self) else { return nil }
                    elements.append(value)
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "]")) ? elements : nil
            }

            /// `[224,null,3]`: `.some(nil)` for `null`.
            mutating func shape() -> [Int?]? {
                list { reader -> Int?? in reader.dimension() }
            }

            mutating func dimension() -> Int?? {
                if position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "n"), bytes[position + 1] == UInt8(ascii: "u"),
                   bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l") {
                    position += 4
                    return .some(nil)
                }
                let negative = take(UInt8(ascii: "-"))
                let start = position
                var value = 0
                while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                    value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                    position += 1
                }
                let count = position - start
                guard count > 0, count <= 18, bytes[start] != UInt8(ascii: "0") || (count == 1 && !negative) else { return nil }
                // A number with a fraction or an exponent is left to Foundation.
                if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
                    return nil
                }
                return .some(negative ? -value : value)
            }

            /// `"text"`, no escape and no control byte inside.
            mutating func string() -> String? {
                guard take(UInt8(ascii: "\"")) else { return nil }
                let start = position
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: "\"") {
                        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                        position += 1
                        return text
                    }
                    if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                    position += 1
                }
                return nil
            }
        }
    }
}
