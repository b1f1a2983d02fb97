/// Writes compact JSON text, byte for byte what `JSONEncoder` writes with `.sortedKeys` and
/// `.withoutEscapingSlashes` (keys in UTF-8 order; a whole `Double` without `.0`; `"`, `\`
/// and control characters escaped, `/` and non-ASCII text not), without Foundation's
/// `Encodable` machinery: the compute service writes every layer's config, inbound layers and
/// output shapes with it (ResNet-152: 517 layers), and its cost is per row of every import.
public struct JSONValueWriter {
    /// The UTF-8 text written so far.
    public private(set) var bytes: [UInt8] = []

    /// Starts an empty text.
    public init() {
        bytes.reserveCapacity(128)
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends one value. A non-finite number (which no JSON text holds) is written `null`.
    public mutating func write(_ value: ConfigValue) {
        switch value {
        case .null: writeNull()
        case .bool(let flag): append(flag ? "true" : "false")
        case .int(let integer): write(integer)
        case .double(let number): write(number)
        case .string(let string): write(string)
        case .array(let elements):
            writeList(elements) { writer, element in writer.write(element) }
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(key)
                bytes.append(UInt8(ascii: ":"))
                write(members[key]!)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `[e0,e1,…]`, each element written by `element`.
    @inlinable
    public mutating func writeList<Elements: Sequence>(
        _ elements: Elements, _ element: (inout JSONValueWriter, Elements.Element) -> Void
    ) {
        appendByte(UInt8(ascii: "["))
        var first = true
        for item in elements {
            if !first { appendByte(UInt8(ascii: ",")) }
            first = false
            element(&self, item)
        }
        appendByte(UInt8(ascii: "]"))
    }

    /// Appends a shape: `[224,224,3]`, `null` for an unknown dimension.
    public mutating func write(shape dimensions: [Int?]) {
        bytes.append(UInt8(ascii: "["))
        for (index, dimension) in dimensions.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            if let dimension { write(dimension) } else { writeNull() }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends a tensor reference in Keras' form: `["conv1",0,0]`.
    public mutating func write(_ reference: TensorReference) {
        bytes.append(UInt8(ascii: "["))
        write(reference.layer)
        bytes.append(UInt8(ascii: ","))
        write(reference.node)
        bytes.append(UInt8(ascii: ","))
        write(reference.tensor)
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends a list of strings.
    public mutating func write(strings: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(string)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends `null`.
    public mutating func writeNull() {
        append("null")
    }

    /// Appends an integer in decimal.
    public mutating func write(_ integer: Int) {
        if integer >= 0 && integer < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(integer))
        } else {
            bytes.append(contentsOf: String(integer).utf8)
        }
    }

    /// Appends a number as `JSONEncoder` does: Swift's shortest round-trip digits, `.0` dropped.
    public mutating func write(_ number: Double) {
        guard number.isFinite else { return writeNull() }
        var digits = number.description
        if digits.hasSuffix(".0") { digits.removeLast(2) }
        bytes.append(contentsOf: digits.utf8)
    }

    /// Appends a quoted string, escaping `"`, `\` and control characters.
    public mutating func write(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    @usableFromInline
    mutating func appendByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    private mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
