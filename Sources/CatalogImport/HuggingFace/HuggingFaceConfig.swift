import CatalogCore

/// A problem with a transformer configuration: the key and what is wrong with it, or an
/// unsupported `model_type` / class.
public struct TransformerConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in words (names the key or the model type).
    public var problem: String

    public init(_ problem: String) { self.problem = problem }

    public var description: String { problem }
}

/// The most layers and experts a configuration may ask the builder for: a count the builder
/// turns into that many modules (a loop over layers) or that the memory profile expands one by
/// one (experts), checked before anything is built, so that a nonsense count (a config with
/// `"num_hidden_layers": 9223372036854775807`) is an error naming the key and the limit, not
/// minutes of work and gigabytes of memory.
public enum TransformerLimits {
    /// Layers of one stack: 10,000. The stacks: `num_hidden_layers` (`n_layer`, DistilBERT's
    /// `n_layers`), T5's `num_layers` and `num_decoder_layers`, BART's and Whisper's
    /// `encoder_layers` and `decoder_layers`, a CLIP or Gemma 3 text or vision tower's
    /// `num_hidden_layers`, wav2vec2's `num_adapter_layers`; for ALBERT the layers run,
    /// `num_hidden_layers × inner_group_num`, and its `num_hidden_groups`.
    ///
    /// Why 10,000: the deepest released checkpoints have 100–200 layers (Llama 3.1 405B 126,
    /// GPT-3 96), the deepest transformer trained has 1,000 (DeepNet, arXiv 2203.00555); a
    /// 10,000-layer stack already takes seconds and ~100 MB to build and store (measured:
    /// 100,000 layers took 44 s and 800 MB), so the limit refuses nonsense, never a real model.
    public static let layers = 10_000

    /// Routed (or shared) experts of one mixture-of-experts layer (`num_local_experts`,
    /// `num_experts`, `n_routed_experts`, `n_shared_experts`): 65,536. Released models have
    /// 8 (Mixtral) to 512 (Qwen3-Next); 128 times the most is not a real model.
    public static let experts = 65_536

    /// Experts of the whole model, bounded before building as `experts per layer × layers`:
    /// 262,144 (2^18). The memory profile lists each expert's matrices (~600 bytes an expert:
    /// 1,048,576 experts took 620 MB); released models have at most ~25,000 (Qwen3-Next
    /// 48 × 512 = 24,576, Kimi K2 60 × 384), so ten times that is left to real models.
    public static let modelExperts = 262_144
}

/// The values of a Hugging Face `config.json` (or an equivalent a GGUF reader builds from its
/// metadata), read with the defaults of the family's configuration class in transformers.
public struct TransformerConfig: Sendable {
    /// The keys and values as the file gives them.
    public var values: [String: ConfigValue]
    /// Where these values sit in the file: `""` at the top level, `"vision_config."` in a nested
    /// configuration, so that an error names the key as the file spells it.
    var keyPath = ""

    public init(_ values: [String: ConfigValue]) { self.values = values }

    /// `true` when `key` is absent or null.
    func isMissing(_ key: String) -> Bool { values[key] == nil || values[key] == .null }

    /// A positive (or, with `minimum: 0`, non-negative) integer; the first of `keys` present wins.
    func int(_ keys: String..., default fallback: Int? = nil, minimum: Int = 1) throws(TransformerConfigError) -> Int {
        for key in keys where !isMissing(key) {
            guard case .int(let value) = values[key]! else {
                if case .double(let d) = values[key]!, d == d.rounded(), d >= Double(minimum), d < 1e18 { return Int(d) }
                throw TransformerConfigError("'\(keyPath)\(key)' must be an integer, found \(values[key]!.displayText)")
            }
            guard value >= minimum else {
                throw TransformerConfigError("'\(keyPath)\(key)' must be at least \(minimum), found \(value)")
            }
            return value
        }
        if let fallback { return fallback }
        throw TransformerConfigError("missing '\(keyPath)\(keys[0])'")
    }

    /// A count of layers (see ``TransformerLimits/layers``): ``int(_:default:minimum:)`` at most
    /// 10,000.
    /// - Throws: ``TransformerConfigError`` as ``int(_:default:minimum:)`` does, or naming the key,
    ///   its value and the limit when the count is larger.
    func layerCount(_ keys: String..., default fallback: Int? = nil, minimum: Int = 1) throws(TransformerConfigError) -> Int {
        try limited(keys, default: fallback, minimum: minimum, limit: TransformerLimits.layers, what: "layers",
                    why: "the deepest released models have 100–200, the deepest trained 1,000")
    }

    /// A count of experts in one layer (see ``TransformerLimits/experts``): ``int(_:default:minimum:)``
    /// at most 65,536.
    /// - Throws: ``TransformerConfigError`` as ``int(_:default:minimum:)`` does, or naming the key,
    ///   its value and the limit when the count is larger.
    func expertCount(_ keys: String..., default fallback: Int? = nil, minimum: Int = 1) throws(TransformerConfigError) -> Int {
        try limited(keys, default: fallback, minimum: minimum, limit: TransformerLimits.experts, what: "experts in a layer",
                    why: "released models have 8 to 512")
    }

    private func limited(
        _ keys: [String], default fallback: Int?, minimum: Int, limit: Int, what: String, why: String
    ) throws(TransformerConfigError) -> Int {
        for key in keys where !isMissing(key) {
            let value = try int(key, minimum: minimum)
            guard value <= limit else {
                throw TransformerConfigError(
                    "'\(keyPath)\(key)' is \(value), more than the \(decimal(limit)) \(what) catalog builds (\(why)); not a real model")
            }
            return value
        }
        if let fallback { return fallback }
        throw TransformerConfigError("missing '\(keyPath)\(keys[0])'")
    }

    /// The experts of the whole model, `experts` in each of up to `layers` layers, refused above
    /// ``TransformerLimits/modelExperts`` (262,144) before anything is built.
    /// - Parameters:
    ///   - expertsKey, layersKey: the keys the counts came from, for the message.
    /// - Throws: ``TransformerConfigError`` naming both keys, the product and the limit.
    func checkModelExperts(_ experts: Int, key expertsKey: String, layers: Int, key layersKey: String) throws(TransformerConfigError) {
        let (total, overflow) = experts.multipliedReportingOverflow(by: layers)
        guard overflow || total > TransformerLimits.modelExperts else { return }
        throw TransformerConfigError(
            "'\(keyPath)\(expertsKey)' \(experts) × '\(keyPath)\(layersKey)' \(layers) is \(overflow ? "beyond 64-bit integers" : decimal(total)) experts, more than the \(decimal(TransformerLimits.modelExperts)) catalog builds in one model (released models have at most ~25,000); not a real model")
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
            throw TransformerConfigError("'\(keyPath)\(key)' must be true or false, found \(values[key]!.displayText)")
        }
        return value
    }

    func string(_ keys: String..., default fallback: String? = nil) throws(TransformerConfigError) -> String {
        for key in keys where !isMissing(key) {
            guard case .string(let value) = values[key]! else {
                throw TransformerConfigError("'\(keyPath)\(key)' must be a string, found \(values[key]!.displayText)")
            }
            return value
        }
        if let fallback { return fallback }
        throw TransformerConfigError("missing '\(keyPath)\(keys[0])'")
    }

    func intList(_ key: String) throws(TransformerConfigError) -> [Int]? {
        guard !isMissing(key) else { return nil }
        guard case .array(let items) = values[key]! else {
            throw TransformerConfigError("'\(keyPath)\(key)' must be a list of integers, found \(values[key]!.displayText)")
        }
        var result: [Int] = []
        for item in items {
            guard case .int(let value) = item, value >= 1 else {
                throw TransformerConfigError("'\(keyPath)\(key)' must be a list of positive integers, found \(item.displayText)")
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
        var nested = TransformerConfig(object)
        nested.keyPath = keyPath + key + "."
        return nested
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
