import Foundation

// MARK: - Output models to JSON

/// Turns a command's output model (an `Encodable` struct whose coding keys are the JSON
/// contract's keys, docs/SCHEMA.md) into Foundation's JSON object tree, which ``jsonText(_:)``
/// and ``jsonLine(_:)`` print: keys sorted, integers exact, empty lists `[]`.
///
/// The contract lists every key of an object, so this encoder writes a `nil` optional as `null`
/// where `JSONEncoder` would leave the key out (a synthesized `encode(to:)` calls
/// `encodeIfPresent`). A model whose key is present only on request (`flops`, `memory`) encodes
/// it itself. Encoding twice into one keyed container merges the keys: a model extends another
/// by encoding it first (``Extended``).
enum JSONTree {
    /// The JSON object tree of `value`: dictionaries, arrays, `String`, `Int`, `Bool`, `Double`
    /// and `NSNull`.
    static func object(_ value: some Encodable) -> Any {
        let node = Node()
        do {
            try value.encode(to: TreeEncoder(node: node, codingPath: []))
        } catch {
            // The encoder itself never throws; an output model encodes plain values only.
            preconditionFailure("an output model failed to encode: \(error)")
        }
        return node.value
    }

    /// No JSON: the model of a listing only a table or Markdown prints (encodes `null`).
    struct Absent: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }
}

/// Pretty JSON of an output model (``jsonText(_:)`` of its ``JSONTree``).
func jsonText(encoding value: some Encodable) -> String {
    jsonText(JSONTree.object(value))
}

/// `CodingKey` of a key named at run time: a column of `query`'s SQL, the metric `rank` ranks by.
struct NamedKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One line of compact JSON of an output model (``jsonLine(_:)`` of its ``JSONTree``).
func jsonLine(encoding value: some Encodable) -> String {
    jsonLine(JSONTree.object(value))
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

/// One value of the tree being built: a scalar, an object or an array.
private final class Node {
    var scalar: Any?
    var object: [String: Node]?
    var array: [Node]?

    init(scalar: Any? = nil) { self.scalar = scalar }

    var value: Any {
        if let object { return object.mapValues(\.value) }
        if let array { return array.map(\.value) }
        return scalar ?? NSNull()
    }
}

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

    private func put(_ scalar: Any, _ key: Key) { node.object![key.stringValue] = Node(scalar: scalar) }

    private func child(_ key: Key) -> TreeEncoder {
        let child = Node()
        node.object![key.stringValue] = child
        return TreeEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func encodeNil(forKey key: Key) { put(NSNull(), key) }
    mutating func encode(_ value: Bool, forKey key: Key) { put(value, key) }
    mutating func encode(_ value: String, forKey key: Key) { put(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) { put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) { put(Double(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) { put(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) { put(Int(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) { put(Int(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) { put(Int(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) { put(Int(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) { put(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { put(Int(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { put(Int(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { put(Int(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { put(value, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try value.encode(to: child(key)) }

    // A missing optional is `null`: the contract lists every key.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) { put(value as Any? ?? NSNull(), key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) { put(value as Any? ?? NSNull(), key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) { put(value as Any? ?? NSNull(), key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) { put(value as Any? ?? NSNull(), key) }
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

    private func put(_ scalar: Any) { node.array!.append(Node(scalar: scalar)) }

    private func child() -> TreeEncoder {
        let child = Node()
        node.array!.append(child)
        return TreeEncoder(node: child, codingPath: codingPath)
    }

    mutating func encodeNil() { put(NSNull()) }
    mutating func encode(_ value: Bool) { put(value) }
    mutating func encode(_ value: String) { put(value) }
    mutating func encode(_ value: Double) { put(value) }
    mutating func encode(_ value: Float) { put(Double(value)) }
    mutating func encode(_ value: Int) { put(value) }
    mutating func encode(_ value: Int8) { put(Int(value)) }
    mutating func encode(_ value: Int16) { put(Int(value)) }
    mutating func encode(_ value: Int32) { put(Int(value)) }
    mutating func encode(_ value: Int64) { put(Int(value)) }
    mutating func encode(_ value: UInt) { put(value) }
    mutating func encode(_ value: UInt8) { put(Int(value)) }
    mutating func encode(_ value: UInt16) { put(Int(value)) }
    mutating func encode(_ value: UInt32) { put(Int(value)) }
    mutating func encode(_ value: UInt64) { put(value) }
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

    mutating func encodeNil() { node.scalar = NSNull() }
    mutating func encode(_ value: Bool) { node.scalar = value }
    mutating func encode(_ value: String) { node.scalar = value }
    mutating func encode(_ value: Double) { node.scalar = value }
    mutating func encode(_ value: Float) { node.scalar = Double(value) }
    mutating func encode(_ value: Int) { node.scalar = value }
    mutating func encode(_ value: Int8) { node.scalar = Int(value) }
    mutating func encode(_ value: Int16) { node.scalar = Int(value) }
    mutating func encode(_ value: Int32) { node.scalar = Int(value) }
    mutating func encode(_ value: Int64) { node.scalar = Int(value) }
    mutating func encode(_ value: UInt) { node.scalar = value }
    mutating func encode(_ value: UInt8) { node.scalar = Int(value) }
    mutating func encode(_ value: UInt16) { node.scalar = Int(value) }
    mutating func encode(_ value: UInt32) { node.scalar = Int(value) }
    mutating func encode(_ value: UInt64) { node.scalar = value }
    mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: TreeEncoder(node: node, codingPath: codingPath)) }
}
