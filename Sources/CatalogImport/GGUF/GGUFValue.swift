/// One GGUF metadata value (`gguf_type` in ggml's `gguf.h`; gguf-py `GGUFValueType`).
public enum GGUFValue: Hashable, Sendable {
    case unsigned(UInt64)
    case signed(Int64)
    case float(Double)
    case bool(Bool)
    case string(String)
    /// An array: its element type's name (`STRING`, `INT32`), its length and, for arrays of at
    /// most ``GGUFReader/keptArrayLength`` items, the items (a tokenizer's vocabulary is
    /// summarised by its length only).
    case array(elementType: String, count: Int, items: [GGUFValue]?)

    /// The value as an integer, when it is one (or a float with an integral value).
    public var intValue: Int? {
        switch self {
        case .unsigned(let value): return value <= UInt64(Int.max) ? Int(value) : nil
        case .signed(let value): return Int(value)
        case .float(let value): return value.rounded() == value && abs(value) < 9e15 ? Int(value) : nil
        default: return nil
        }
    }

    /// The value as a floating-point number.
    public var doubleValue: Double? {
        switch self {
        case .unsigned(let value): return Double(value)
        case .signed(let value): return Double(value)
        case .float(let value): return value
        default: return nil
        }
    }

    /// The value as text for `show`: arrays as `[STRING × 128256]` with their items when kept.
    public var summary: String {
        switch self {
        case .unsigned(let value): return String(value)
        case .signed(let value): return String(value)
        case .float(let value): return String(value)
        case .bool(let value): return String(value)
        case .string(let value): return value
        case .array(let type, let count, let items):
            if let items, count <= 16 { return "[" + items.map(\.summary).joined(separator: ", ") + "]" }
            return "[\(type) × \(count)]"
        }
    }
}
