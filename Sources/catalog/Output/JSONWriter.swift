import Foundation

/// Writes a ``JSONValue`` tree as UTF-8 JSON, byte for byte what Foundation's
/// `JSONSerialization.data(withJSONObject:options:)` writes for the same tree as Foundation
/// objects with `[.sortedKeys, .withoutEscapingSlashes]` (and `.prettyPrinted` when `pretty`),
/// followed by ``jsonText(_:)``'s rewrite of an empty array or object to `[]` / `{}`.
///
/// The rules copied are those of swift-corelibs-foundation's
/// Sources/Foundation/JSONSerialization.swift (`JSONWriter`):
/// - keys sorted by `String.compare(_:options:range:locale:)` with
///   `[.numeric, .caseInsensitive, .forcedOrdering]` and the system locale. That comparison is a
///   total order, so the sorted order of a set of keys does not depend on the order the keys
///   came in: it is computed once per distinct key set and cached (``KeyOrders``), since
///   Foundation's comparison dominated `show --format json` and `list --format jsonl`
///   (BENCHMARKS.md, "Before/after the layout cleanup");
/// - strings: `"` and `\` escaped, `\b \f \n \r \t`, other scalars below U+0020 as `\u00xx`
///   (lowercase hex), everything else (`/` included) as is;
/// - `Int`, `UInt64` and `Bool` by `description`; a `Double` by `description` without a
///   trailing `.0`;
/// - pretty: two spaces an indent level, `"key" : value`, `,` and a newline between members.
///
/// A test compares this writer with `JSONSerialization` on trees of every kind of value
/// (Tests/CatalogCLITests/JSONWriterTests.swift).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    let pretty: Bool
    private var indent = 0

    init(pretty: Bool) {
        self.pretty = pretty
    }

    /// `value` as JSON text (no final newline).
    static func text(_ value: JSONValue, pretty: Bool) -> String {
        var writer = JSONWriter(pretty: pretty)
        writer.write(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Appends `value` as JSON.
    mutating func write(_ value: JSONValue) {
        if let object = value.object {
            writeObject(object)
        } else if let array = value.array {
            writeArray(array)
        } else {
            writeScalar(value.scalar)
        }
    }

    private mutating func writeScalar(_ scalar: JSONValue.Scalar) {
        switch scalar {
        case .null: append("null")
        case .bool(let value): append(value ? "true" : "false")
        case .int(let value): append(value.description)
        case .uint(let value): append(value.description)
        case .double(let value):
            // JSONSerialization refuses NaN and infinity; output models hold finite numbers.
            precondition(value.isFinite, "a JSON number must be finite, got \(value)")
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            append(text)
        case .string(let value): writeString(value)
        }
    }

    private mutating func writeArray(_ array: [JSONValue]) {
        guard !array.isEmpty else { return append("[]") }
        bytes.append(UInt8(ascii: "["))
        if pretty { indent += 2 }
        for (index, element) in array.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            newline()
            write(element)
        }
        if pretty { indent -= 2 }
        newline()
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ object: [String: JSONValue]) {
        guard !object.isEmpty else { return append("{}") }
        bytes.append(UInt8(ascii: "{"))
        if pretty { indent += 2 }
        for (index, key) in KeyOrders.shared.sorted(object.keys).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            newline()
            writeString(key)
            append(pretty ? " : " : ":")
            write(object[key]!)
        }
        if pretty { indent -= 2 }
        newline()
        bytes.append(UInt8(ascii: "}"))
    }

    /// In pretty JSON, a newline and the indent.
    private mutating func newline() {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x00..<0x10: append("\\u000" + String(byte, radix: 16))
            case 0x10..<0x20: append("\\u00" + String(byte, radix: 16))
            // A byte of a multi-byte scalar is never below 0x80: the scalar is copied whole.
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// The order `JSONSerialization` sorts a set of object keys in, computed once per key set.
///
/// `@unchecked Sendable`: `orders` is only read or written while `lock` is held.
final class KeyOrders: @unchecked Sendable {
    static let shared = KeyOrders()

    private let lock = NSLock()
    /// Key sets (sorted by code point, the cache key) and their order in JSON.
    private var orders: [[String]: [String]] = [:]

    /// `keys` in `JSONSerialization`'s `.sortedKeys` order.
    func sorted(_ keys: Dictionary<String, JSONValue>.Keys) -> [String] {
        let set = keys.sorted()
        lock.lock()
        let cached = orders[set]
        lock.unlock()
        if let cached { return cached }
        let order = set.sorted(by: Self.foundationOrder)
        lock.lock()
        orders[set] = order
        lock.unlock()
        return order
    }

    /// The comparison of swift-corelibs-foundation's `JSONWriter.serializeDictionary`.
    static func foundationOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex,
                  locale: NSLocale.system) == .orderedAscending
    }
}
