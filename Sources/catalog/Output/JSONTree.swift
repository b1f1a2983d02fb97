import Foundation

// MARK: - Output models to JSON

/// Turns a command's output model (an `Encodable` struct whose coding keys are the JSON
/// contract's keys, docs/SCHEMA.md) into a tree of JSON values, which ``JSONWriter`` prints
/// byte for byte as Foundation's `JSONSerialization` would with the tool's options: keys
/// sorted, integers exact, empty lists `[]`.
///
/// The contract lists every key of an object, so this encoder writes a `nil` optional as `null`
/// where `JSONEncoder` would leave the key out (a synthesized `encode(to:)` calls
/// `encodeIfPresent`). A model whose key is present only on request (`flops`, `memory`) encodes
/// it itself. Encoding twice into one keyed container merges the keys: a model extends another
/// by encoding it first (``Extended``).
enum JSONTree {
    /// The JSON tree of `value`, ready for ``JSONWriter``.
    static func value(_ value: some Encodable) -> JSONValue {
        let node = JSONValue()
        do {
            try value.encode(to: TreeEncoder(node: node, codingPath: []))
        } catch {
            // The encoder itself never throws; an output model encodes plain values only.
            preconditionFailure("an output model failed to encode: \(error)")
        }
        return node
    }

    /// No JSON: the model of a listing only a table or Markdown prints (encodes `null`).
    struct Absent: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }
}

/// Pretty JSON of an output model, as ``jsonText(_:)`` would print its Foundation object tree.
func jsonText(encoding value: some Encodable) -> String {
    JSONWriter.text(JSONTree.value(value), pretty: true)
}

/// `CodingKey` of a key named at run time: a column of `query`'s SQL, the metric `rank` ranks by.
struct NamedKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One line of compact JSON of an output model, as ``jsonLine(_:)`` would print its Foundation
/// object tree.
func jsonLine(encoding value: some Encodable) -> String {
    JSONWriter.text(JSONTree.value(value), pretty: false)
}

/// `base`'s keys and `extra`'s in one JSON object (`extra`'s keys absent when it is `nil`): an
/// output model extended by keys some options add (`--flops`, `list --fits`).
struct Extended<Base: Encodable, Extra: Encodable>: Encodable {
    var base: Base
    var extra: Extra?

    func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        try extra?.encode(to: encoder)
    }
}

// MARK: - The encoder

/// One value of a JSON tree: an object, an array or a scalar (`null` until set).
final class JSONValue {
    /// A JSON scalar, kept with its Swift type: ``JSONWriter`` writes each as `JSONSerialization`
    /// writes that type.
    enum Scalar {
        case null
        case bool(Bool)
        case int(Int)
        case uint(UInt64)
        case double(Double)
        case string(String)
    }

    var scalar: Scalar
    var object: [String: JSONValue]?
    var array: [JSONValue]?

    init(scalar: Scalar = .null) { self.scalar = scalar }

    /// An array of `elements`.
    init(array elements: [JSONValue]) {
        scalar = .null
        array = elements
    }
}

private typealias Node = JSONValue

private struct TreeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.object == nil { node.object = [:] }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.array == nil { node.array = [] }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    private func put(_ scalar: Node.Scalar, _ key: Key) { node.object![key.stringValue] = Node(scalar: scalar) }

    private func child(_ key: Key) -> TreeEncoder {
        let child = Node()
        node.object![key.stringValue] = child
        return TreeEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func encodeNil(forKey key: Key) { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) { put(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) { put(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) { put(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) { put(.int(Int(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) { put(.int(Int(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) { put(.int(Int(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) { put(.int(Int(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { put(.int(Int(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { put(.int(Int(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { put(.int(Int(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { put(.uint(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try value.encode(to: child(key)) }

    // A missing optional is `null`: the contract lists every key.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) { put(value.map(Node.Scalar.bool) ?? .null, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) { put(value.map(Node.Scalar.string) ?? .null, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) { put(value.map(Node.Scalar.double) ?? .null, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) { put(value.map(Node.Scalar.int) ?? .null, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        child(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        child(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { child(key) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.array!.count }

    private func put(_ scalar: Node.Scalar) { node.array!.append(Node(scalar: scalar)) }

    private func child() -> TreeEncoder {
        let child = Node()
        node.array!.append(child)
        return TreeEncoder(node: child, codingPath: codingPath)
    }

    mutating func encodeNil() { put(.null) }
    mutating func encode(_ value: Bool) { put(.bool(value)) }
    mutating func encode(_ value: String) { put(.string(value)) }
    mutating func encode(_ value: Double) { put(.double(value)) }
    mutating func encode(_ value: Float) { put(.double(Double(value))) }
    mutating func encode(_ value: Int) { put(.int(value)) }
    mutating func encode(_ value: Int8) { put(.int(Int(value))) }
    mutating func encode(_ value: Int16) { put(.int(Int(value))) }
    mutating func encode(_ value: Int32) { put(.int(Int(value))) }
    mutating func encode(_ value: Int64) { put(.int(Int(value))) }
    mutating func encode(_ value: UInt) { put(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) { put(.int(Int(value))) }
    mutating func encode(_ value: UInt16) { put(.int(Int(value))) }
    mutating func encode(_ value: UInt32) { put(.int(Int(value))) }
    mutating func encode(_ value: UInt64) { put(.uint(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: child()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        child().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { child().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { child() }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() { node.scalar = .null }
    mutating func encode(_ value: Bool) { node.scalar = .bool(value) }
    mutating func encode(_ value: String) { node.scalar = .string(value) }
    mutating func encode(_ value: Double) { node.scalar = .double(value) }
    mutating func encode(_ value: Float) { node.scalar = .double(Double(value)) }
    mutating func encode(_ value: Int) { node.scalar = .int(value) }
    mutating func encode(_ value: Int8) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: Int16) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: Int32) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: Int64) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: UInt) { node.scalar = .uint(UInt64(value)) }
    mutating func encode(_ value: UInt8) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: UInt16) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: UInt32) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: UInt64) { node.scalar = .uint(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: TreeEncoder(node: node, codingPath: codingPath)) }
}
