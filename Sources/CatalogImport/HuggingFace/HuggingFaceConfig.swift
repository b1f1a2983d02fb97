import CatalogCore

/// A problem with a transformer configuration: the key and what is wrong with it, or an
/// unsupported `model_type` / class.
public struct TransformerConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in words (names the key or the model type).
    public var problem: String

    public init(_ problem: String) { self.problem = problem }

    public var description: String { problem }
}

/// The values of a Hugging Face `config.json` (or an equivalent a GGUF reader builds from its
/// metadata), read with the defaults of the family's configuration class in transformers.
public struct TransformerConfig: Sendable {
    /// The keys and values as the file gives them.
    public var values: [String: ConfigValue]

    public init(_ values: [String: ConfigValue]) { self.values = values }

    /// `true` when `key` is absent or null.
    func isMissing(_ key: String) -> Bool { values[key] == nil || values[key] == .null }

    /// A positive (or, with `minimum: 0`, non-negative) integer; the first of `keys` present wins.
    func int(_ keys: String..., default fallback: Int? = nil, minimum: Int = 1) throws(TransformerConfigError) -> Int {
        for key in keys where !isMissing(key) {
            guard case .int(let value) = values[key]! else {
                if case .double(let d) = values[key]!, d == d.rounded(), d >= Double(minimum), d < 1e18 { return Int(d) }
                throw TransformerConfigError("'\(key)' must be an integer, found \(values[key]!.displayText)")
            }
            guard value >= minimum else {
                throw TransformerConfigError("'\(key)' must be at least \(minimum), found \(value)")
            }
            return value
        }
        if let fallback { return fallback }
        throw TransformerConfigError("missing '\(keys[0])'")
    }

    /// An integer when present and not null.
    func optionalInt(_ keys: String..., minimum: Int = 1) throws(TransformerConfigError) -> Int? {
        for key in keys where !isMissing(key) {
            return try int(key, minimum: minimum)
        }
        return nil
    }

    func bool(_ key: String, default fallback: Bool) throws(TransformerConfigError) -> Bool {
        guard !isMissing(key) else { return fallback }
        guard case .bool(let value) = values[key]! else {
            throw TransformerConfigError("'\(key)' must be true or false, found \(values[key]!.displayText)")
        }
        return value
    }

    func string(_ keys: String..., default fallback: String? = nil) throws(TransformerConfigError) -> String {
        for key in keys where !isMissing(key) {
            guard case .string(let value) = values[key]! else {
                throw TransformerConfigError("'\(key)' must be a string, found \(values[key]!.displayText)")
            }
            return value
        }
        if let fallback { return fallback }
        throw TransformerConfigError("missing '\(keys[0])'")
    }

    func intList(_ key: String) throws(TransformerConfigError) -> [Int]? {
        guard !isMissing(key) else { return nil }
        guard case .array(let items) = values[key]! else {
            throw TransformerConfigError("'\(key)' must be a list of integers, found \(values[key]!.displayText)")
        }
        var result: [Int] = []
        for item in items {
            guard case .int(let value) = item, value >= 1 else {
                throw TransformerConfigError("'\(key)' must be a list of positive integers, found \(item.displayText)")
            }
            result.append(value)
        }
        return result
    }

    func stringList(_ key: String) -> [String]? {
        guard case .array(let items)? = values[key] else { return nil }
        return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }

    /// A nested configuration (CLIP's `text_config`, `vision_config`).
    func nested(_ key: String) -> TransformerConfig? {
        guard case .object(let object)? = values[key] else { return nil }
        return TransformerConfig(object)
    }

    /// `model_type`.
    public var modelType: String? {
        if case .string(let text)? = values["model_type"] { return text }
        return nil
    }

    /// `architectures[0]`.
    public var architecture: String? {
        if case .array(let items)? = values["architectures"], case .string(let first)? = items.first { return first }
        return nil
    }

    /// The number of labels of a classification head (`num_labels`, else `id2label`'s size, else 2).
    func numLabels() throws(TransformerConfigError) -> Int {
        if let n = try optionalInt("num_labels") { return n }
        if case .object(let labels)? = values["id2label"] { return max(labels.count, 1) }
        return 2
    }
}
