import CatalogCore

/// How to build a transformer from its configuration.
public struct TransformerBuildOptions: Sendable {
    /// Tokens of the forward pass whose MACs are counted (the input shape `(tokens,)`); `nil`
    /// for ``TransformerBuilder/defaultTokens`` (capped at the model's learned positions).
    public var tokens: Int?
    /// Build the base model (transformers' `AutoModel`: no task head) instead of the class in
    /// `architectures[0]`.
    public var baseModel: Bool

    public init(tokens: Int? = nil, baseModel: Bool = false) {
        self.tokens = tokens
        self.baseModel = baseModel
    }
}

/// Builds exact transformer architectures from Hugging Face configuration values, family by
/// family from each model's definition in transformers (`models/<family>/modeling_<family>.py`):
/// parameters as `sum(p.numel() for p in model.parameters())` counts them for the class
/// `architectures[0]` names (tied weights once, as the config's `tie_word_embeddings` says).
///
/// The GGUF reader hands it an equivalent configuration built from the file's metadata.
public enum TransformerBuilder {
    /// Tokens counted when no length is given: 2,048, or the model's learned positions if fewer.
    public static let defaultTokens = 2048

    /// The `model_type` values read.
    public static let supportedModelTypes = [
        "albert", "bart", "bert", "clip", "clip_text_model", "clip_vision_model", "deberta-v2", "deepseek_v2",
        "distilbert", "electra", "gemma", "gemma2", "gemma3", "gemma3_text", "gpt2", "gpt_neox", "llama", "mistral",
        "mixtral", "opt", "phi", "phi3", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "roberta", "t5", "vit", "wav2vec2",
        "whisper",
    ]

    /// The architecture described by `config`.
    /// - Parameters:
    ///   - name: the catalog name.
    /// - Returns: layers named as transformers' modules (`model.layers.0.self_attn`), the input
    ///   `(tokens,)` (an image or audio shape for ViT, CLIP vision, Whisper, wav2vec2), the
    ///   PyTorch counting convention, and `tags` with the model type.
    /// - Throws: ``TransformerConfigError`` for an unsupported `model_type` (naming the
    ///   supported ones) or class, or a missing or invalid key.
    public static func architecture(
        from config: TransformerConfig, name: String, options: TransformerBuildOptions = TransformerBuildOptions()
    ) throws(TransformerConfigError) -> Architecture {
        guard let modelType = config.modelType else {
            throw TransformerConfigError("no 'model_type': not a Hugging Face config.json of a supported family (\(supportedModelTypes.joined(separator: ", ")))")
        }
        var graph = TransformerGraph()
        let className = options.baseModel ? nil : config.architecture
        let described: String
        switch modelType {
        case "llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "gemma", "gemma2", "phi3", "deepseek_v2", "phi":
            described = try buildLlamaFamily(config, modelType: modelType, className: className, options: options, into: &graph)
        case let type where qwen3Gemma3Types.contains(type):
            described = try buildQwen3Gemma3(config, modelType: modelType, className: className, options: options, into: &graph)
        case "gpt2":
            described = try buildGPT2(config, className: className, options: options, into: &graph)
        case "gpt_neox":
            described = try buildGPTNeoX(config, className: className, options: options, into: &graph)
        case "opt":
            described = try buildOPT(config, className: className, options: options, into: &graph)
        case "bert", "roberta", "electra", "albert", "distilbert":
            described = try buildBERTFamily(config, modelType: modelType, className: className, options: options, into: &graph)
        case "deberta-v2":
            described = try buildDeBERTaV2(config, className: className, options: options, into: &graph)
        case "t5":
            described = try buildT5(config, className: className, options: options, into: &graph)
        case "bart":
            described = try buildBART(config, className: className, options: options, into: &graph)
        case "whisper":
            described = try buildWhisper(config, className: className, options: options, into: &graph)
        case "vit":
            described = try buildViT(config, className: className, options: options, into: &graph)
        case "clip", "clip_text_model", "clip_vision_model":
            described = try buildCLIP(config, modelType: modelType, className: className, options: options, into: &graph)
        case "wav2vec2":
            described = try buildWav2Vec2(config, className: className, options: options, into: &graph)
        default:
            throw TransformerConfigError("model_type '\(modelType)' is not supported; supported: \(supportedModelTypes.joined(separator: ", "))")
        }
        return Architecture(
            name: name, description: described, source: nil, tags: ["transformer", modelType],
            framework: .pytorch, layers: graph.layers)
    }

    /// The token count for a model with `positions` learned positions (nil: unlimited).
    static func tokens(_ options: TransformerBuildOptions, positions: Int?) throws(TransformerConfigError) -> Int {
        if let given = options.tokens {
            if let positions, given > positions {
                throw TransformerConfigError("\(given) tokens exceed the model's \(positions) learned positions")
            }
            return given
        }
        return min(defaultTokens, positions ?? defaultTokens)
    }

    /// `"<class>; MACs over N tokens"`.
    static func describe(_ className: String, tokens: Int, what: String = "tokens") -> String {
        "Hugging Face \(className); MACs over \(tokens) \(what) (add --input-shape N to change)"
    }

    static func unsupportedClass(_ name: String, _ supported: [String]) -> TransformerConfigError {
        TransformerConfigError("class '\(name)' in architectures is not supported; supported: \(supported.joined(separator: ", ")) (add --base-model to count the model without its head)")
    }

    /// The class to build: `className`, or without one (`--base-model`, no `architectures`) the
    /// first of `supported`, the base model.
    /// - Throws: ``unsupportedClass(_:_:)`` for a class not in `supported`.
    static func supportedClass(_ className: String?, _ supported: [String]) throws(TransformerConfigError) -> String {
        let cls = className ?? supported[0]
        guard supported.contains(cls) else { throw unsupportedClass(cls, supported) }
        return cls
    }

    // MARK: - Llama and its relatives

    /// Llama, Mistral, Mixtral, Qwen2, Qwen2-MoE, Gemma, Gemma 2, Phi-3, phi-2, DeepSeek-V2: `model.` +
    /// `embed_tokens`, `layers.N` (`input_layernorm`, `self_attn`, `post_attention_layernorm`,
    /// `mlp` / `block_sparse_moe`), `norm`; `lm_head` unless tied.
    static func buildLlamaFamily(
        _ c: TransformerConfig, modelType: String, className: String?, options: TransformerBuildOptions,
        into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let isPhi = modelType == "phi"
        // Each family's configuration class defaults (LlamaConfig, MistralConfig, …) for a key the
        // file leaves out; num_key_value_heads defaults to the heads unless given here.
        let defaults: (vocab: Int, tied: Bool, hidden: Int, intermediate: Int, layers: Int, heads: Int, kvHeads: Int?) =
            switch modelType {
            case "mistral", "mixtral": (32000, false, 4096, 14336, 32, 32, 8)
            case "qwen2": (151936, false, 4096, 22016, 32, 32, nil)
            case "qwen2_moe": (151936, false, 2048, 5632, 24, 16, nil)
            case "gemma": (256000, true, 3072, 24576, 28, 16, nil)
            case "gemma2": (256000, true, 2304, 9216, 26, 8, 4)
            case "phi3": (32064, false, 3072, 8192, 32, 32, nil)
            case "phi": (51200, false, 2048, 8192, 24, 32, nil)
            case "deepseek_v2": (102400, false, 4096, 11008, 32, 32, nil)
            default: (32000, false, 4096, 11008, 32, 32, nil)
            }
        let vocab = try c.int("vocab_size", default: defaults.vocab)
        let hidden = try c.int("hidden_size", default: defaults.hidden)
        let layers = try c.layerCount("num_hidden_layers", default: defaults.layers)
        let heads = try c.int("num_attention_heads", default: defaults.heads)
        let kvHeads = try c.int("num_key_value_heads", default: defaults.kvHeads ?? heads)
        // GemmaConfig and Gemma2Config default head_dim to 256; the others to hidden / heads.
        let headDim = try c.optionalInt("head_dim") ?? (modelType == "gemma" || modelType == "gemma2" ? 256 : hidden / heads)
        let intermediate = try c.int("intermediate_size", default: defaults.intermediate)
        let tied = try c.bool("tie_word_embeddings", default: defaults.tied)
        let act = try c.string("hidden_activation", "hidden_act", default: "silu")
        let rotaryDim = try rotaryDimension(c, headDim: headDim, default: modelType == "phi" ? 0.5 : 1.0)
        let head = try hasCausalHead(className)
        // The generic QA classes keep the base model as `transformer` (their base_model_prefix);
        // Qwen2MoeForQuestionAnswering keeps it as `model`.
        let p = !head ? "" : className?.hasSuffix("ForQuestionAnswering") == true && modelType != "qwen2_moe" ? "transformer." : "model."
        let t = try tokens(options, positions: nil)
        try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
        try g.add(p + "embed_tokens", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(hidden)])
        // Qwen2MoeConfig's default sliding_window is 0, written into files: no window.
        let window = modelType == "qwen2_moe"
            ? try c.optionalInt("sliding_window", minimum: 0).flatMap { $0 == 0 ? nil : $0 } : try c.optionalInt("sliding_window")
        let layerTypes = c.stringList("layer_types")
        try checkModelExperts(c, modelType: modelType, layers: layers)
        for i in 0..<layers {
            let l = "\(p)layers.\(i)."
            let residual = g.last
            // Norms: RMSNorm, or phi-2's LayerNorm with bias.
            func norm(_ name: String, after: String? = nil) throws(TransformerConfigError) {
                if isPhi {
                    try g.add(l + name, "LayerNormalization", [:], inputs: after.map { [$0] })
                } else {
                    try g.add(l + name, "RMSNorm", ["hidden_size": .int(hidden)], inputs: after.map { [$0] })
                }
            }
            try norm("input_layernorm")
            let normed = g.last
            var attention: [String: ConfigValue]
            if modelType == "deepseek_v2" {
                attention = [
                    "hidden_size": .int(hidden), "num_attention_heads": .int(heads),
                    // Absent, DeepseekV2Config's 1536; an explicit null (V2-Lite) has no query LoRA.
                    "q_lora_rank": c.values["q_lora_rank"] == nil
                        ? .int(1536) : try c.optionalInt("q_lora_rank").map(ConfigValue.int) ?? .null,
                    "kv_lora_rank": .int(try c.int("kv_lora_rank", default: 512)),
                    "qk_nope_head_dim": .int(try c.int("qk_nope_head_dim", default: 128, minimum: 0)),
                    "qk_rope_head_dim": .int(try c.int("qk_rope_head_dim", default: 64, minimum: 0)),
                    "v_head_dim": .int(try c.int("v_head_dim", default: 128)),
                    "attention_bias": .bool(try c.bool("attention_bias", default: false)),
                ]
                try g.add(l + "self_attn", "MultiLatentAttention", attention)
            } else {
                attention = [
                    "hidden_size": .int(hidden), "num_attention_heads": .int(heads),
                    "num_key_value_heads": .int(kvHeads), "head_dim": .int(headDim),
                    "rotary_dim": .int(rotaryDim),
                ]
                switch modelType {
                case "llama", "gemma", "gemma2":
                    attention["attention_bias"] = .bool(try c.bool("attention_bias", default: false))
                case "qwen2":
                    for key in ["q_proj_bias", "k_proj_bias", "v_proj_bias"] { attention[key] = .bool(true) }
                case "qwen2_moe":
                    let bias = try c.bool("qkv_bias", default: true)
                    for key in ["q_proj_bias", "k_proj_bias", "v_proj_bias"] { attention[key] = .bool(bias) }
                case "phi":
                    attention["attention_bias"] = .bool(true)
                    if try c.bool("qk_layernorm", default: false) { attention["qk_norm"] = .string("layer") }
                default: break
                }
                if let w = try slidingWindow(c, modelType: modelType, layer: i, window: window, layerTypes: layerTypes) {
                    attention["sliding_window"] = .int(w)
                }
                try g.add(l + "self_attn", "TransformerAttention", attention)
            }
            let attended = g.last
            if isPhi {
                // phi-2: attention and MLP in parallel on the same normed input.
                try addMLP(c, modelType: modelType, layer: i, hidden: hidden, intermediate: intermediate, act: act, name: l + "mlp", input: normed, into: &g)
                try g.add(l + "residual", "Add", inputs: [residual, attended, g.last])
                continue
            }
            if modelType == "gemma2" {
                try norm("post_attention_layernorm")
                try g.add(l + "residual_attention", "Add", inputs: [residual, g.last])
                let mid = g.last
                try norm("pre_feedforward_layernorm")
                try addMLP(c, modelType: modelType, layer: i, hidden: hidden, intermediate: intermediate, act: act, name: l + "mlp", input: g.last, into: &g)
                try norm("post_feedforward_layernorm")
                try g.add(l + "residual_mlp", "Add", inputs: [mid, g.last])
                continue
            }
            try g.add(l + "residual_attention", "Add", inputs: [residual, attended])
            let mid = g.last
            try norm("post_attention_layernorm")
            let mlpName = modelType == "mixtral" ? l + "block_sparse_moe" : l + "mlp"
            try addMLP(c, modelType: modelType, layer: i, hidden: hidden, intermediate: intermediate, act: act, name: mlpName, input: g.last, into: &g)
            try g.add(l + "residual_mlp", "Add", inputs: [mid, g.last])
        }
        if isPhi {
            try g.add(p + "final_layernorm", "LayerNormalization")
        } else {
            try g.add(p + "norm", "RMSNorm", ["hidden_size": .int(hidden)])
        }
        if head {
            try addDecoderHead(c, className: className, lmHead: { g throws(TransformerConfigError) in
                try g.add("lm_head", "LMHead", [
                    "hidden_size": .int(hidden), "vocab_size": .int(vocab), "tie_word_embeddings": .bool(tied),
                    "bias": .bool(isPhi),
                ])
            }, into: &g)
        }
        return describe(className ?? baseName(modelType), tokens: t)
    }

    /// The base class's name for a description.
    static func baseName(_ modelType: String) -> String { "\(modelType) base model" }

    /// The MLP of layer `layer`: gated dense, Mixtral's experts, DeepSeek's dense-then-MoE, phi-2's plain MLP.
    static func addMLP(
        _ c: TransformerConfig, modelType: String, layer: Int, hidden: Int, intermediate: Int, act: String,
        name: String, input: String, into g: inout TransformerGraph
    ) throws(TransformerConfigError) {
        switch modelType {
        case "mixtral":
            try g.add(name, "MixtureOfExperts", [
                "hidden_size": .int(hidden), "num_experts": .int(try c.expertCount("num_local_experts", default: 8)),
                "num_experts_per_tok": .int(try c.int("num_experts_per_tok", default: 2)),
                "moe_intermediate_size": .int(intermediate),
            ], inputs: [input])
        case "qwen2_moe" where try isQwen2MoESparse(c, layer: layer):
            // Qwen2MoeSparseMoeBlock: router, `num_experts` experts of `moe_intermediate_size`, a
            // `shared_expert` of `shared_expert_intermediate_size` behind a sigmoid
            // `shared_expert_gate` (`Linear(hidden, 1)`, no bias).
            try g.add(name, "MixtureOfExperts", [
                "hidden_size": .int(hidden), "num_experts": .int(try c.expertCount("num_experts", default: 60)),
                "num_experts_per_tok": .int(try c.int("num_experts_per_tok", default: 4)),
                "moe_intermediate_size": .int(try c.int("moe_intermediate_size", default: 1408)),
                "shared_intermediate_size": .int(try c.int("shared_expert_intermediate_size", default: 5632, minimum: 0)),
                "shared_expert_gate": .bool(true),
            ], inputs: [input])
        case "deepseek_v2" where layer >= (try c.int("first_k_dense_replace", default: 0, minimum: 0)):
            let moe = try c.int("moe_intermediate_size", default: 1407)
            try g.add(name, "MixtureOfExperts", [
                "hidden_size": .int(hidden), "num_experts": .int(try c.expertCount("n_routed_experts", default: 64)),
                "num_experts_per_tok": .int(try c.int("num_experts_per_tok")),
                "moe_intermediate_size": .int(moe),
                "shared_intermediate_size": .int(try product(
                    moe, try c.expertCount("n_shared_experts", default: 2, minimum: 0),
                    what: "'moe_intermediate_size' × 'n_shared_experts' (the shared experts' width)")),
            ], inputs: [input])
        case "phi":
            try g.add(name, "FeedForward", [
                "hidden_size": .int(hidden), "intermediate_size": .int(intermediate), "gated": .bool(false),
                "mlp_bias": .bool(true), "hidden_act": .string(act),
            ], inputs: [input])
        default:
            let bias = modelType == "llama" || modelType == "deepseek_v2" ? try c.bool("mlp_bias", default: false) : false
            try g.add(name, "FeedForward", [
                "hidden_size": .int(hidden), "intermediate_size": .int(intermediate), "gated": .bool(true),
                "mlp_bias": .bool(bias), "hidden_act": .string(act),
            ], inputs: [input])
        }
    }

    /// Refuses a mixture-of-experts model whose experts per layer × `num_hidden_layers` exceed
    /// ``TransformerLimits/modelExperts``, before any layer is built (every layer counted as
    /// sparse: an upper bound).
    static func checkModelExperts(_ c: TransformerConfig, modelType: String, layers: Int) throws(TransformerConfigError) {
        let key: String
        let experts: Int
        switch modelType {
        case "mixtral": (key, experts) = ("num_local_experts", try c.expertCount("num_local_experts", default: 8))
        case "qwen2_moe": (key, experts) = ("num_experts", try c.expertCount("num_experts", default: 60, minimum: 0))
        case "qwen3_moe": (key, experts) = ("num_experts", try c.expertCount("num_experts", default: 128, minimum: 0))
        case "deepseek_v2": (key, experts) = ("n_routed_experts", try c.expertCount("n_routed_experts", default: 64))
        default: return
        }
        try c.checkModelExperts(experts, key: key, layers: layers, key: "num_hidden_layers")
    }

    /// Whether Qwen2-MoE's layer `layer` is sparse (Qwen2MoeDecoderLayer): not in `mlp_only_layers`,
    /// `num_experts` > 0 and `(layer + 1) % decoder_sparse_step == 0`; else a dense gated MLP of
    /// `intermediate_size`.
    static func isQwen2MoESparse(_ c: TransformerConfig, layer: Int) throws(TransformerConfigError) -> Bool {
        let dense = try c.intList("mlp_only_layers") ?? []
        let experts = try c.expertCount("num_experts", default: 60, minimum: 0)
        let step = try c.int("decoder_sparse_step", default: 1)
        return !dense.contains(layer) && experts > 0 && (layer + 1) % step == 0
    }

    /// The sliding window of layer `layer`, `nil` for global attention: Mistral, Mixtral and
    /// Phi-3 on every layer when `sliding_window` is set; Qwen2 when `use_sliding_window` from
    /// `max_window_layers` on; Gemma 2 on the layers `layer_types` names `sliding_attention`
    /// (every even layer by default). A layer `layer_types` names `sliding_attention` has no
    /// window when the config's effective `sliding_window` is null (Qwen2Config sets it to None
    /// unless `use_sliding_window`; the attention then sees every token), except Gemma 2 whose
    /// config defaults it to 4,096.
    static func slidingWindow(
        _ c: TransformerConfig, modelType: String, layer: Int, window: Int?, layerTypes: [String]?
    ) throws(TransformerConfigError) -> Int? {
        if let types = layerTypes, layer < types.count {
            guard types[layer] == "sliding_attention" else { return nil }
            switch modelType {
            case "gemma2": return window ?? 4096
            case "qwen2", "qwen2_moe": return try c.bool("use_sliding_window", default: false) ? window : nil
            default: return window
            }
        }
        switch modelType {
        case "mistral", "mixtral", "phi3": return window
        case "qwen2", "qwen2_moe":
            guard try c.bool("use_sliding_window", default: false) else { return nil }
            return layer >= (try c.int("max_window_layers", default: 28, minimum: 0)) ? window : nil
        case "gemma2": return layer % 2 == 0 ? (window ?? 4096) : nil
        default: return nil
        }
    }

    /// `partial_rotary_factor` (top level or in `rope_parameters` / `rope_scaling`), GPT-NeoX's
    /// `rotary_pct`, as the file gives it, with the key it came from.
    static func partialRotaryFactor(_ c: TransformerConfig, default fallback: Double) -> (value: Double, key: String?) {
        for key in ["partial_rotary_factor", "rotary_pct"] {
            if case .double(let value)? = c.values[key] { return (value, key) }
            if case .int(let value)? = c.values[key] { return (Double(value), key) }
        }
        for nested in ["rope_parameters", "rope_scaling"] {
            if case .object(let object)? = c.values[nested], case .double(let value)? = object["partial_rotary_factor"] {
                return (value, nested + ".partial_rotary_factor")
            }
        }
        return (fallback, nil)
    }

    /// The rotary dimensions of a head of `headDim`: `int(head_dim * partial_rotary_factor)` as
    /// transformers' `_compute_default_rope_parameters` (modeling_rope_utils.py) computes them,
    /// the factor from ``partialRotaryFactor(_:default:)``.
    /// - Throws: ``TransformerConfigError`` naming the key when the factor is not a number from 0
    ///   to 1 (a fraction of the head; 1e300 would make a dimension beyond 64-bit integers).
    static func rotaryDimension(_ c: TransformerConfig, headDim: Int, default fallback: Double) throws(TransformerConfigError) -> Int {
        let (factor, key) = partialRotaryFactor(c, default: fallback)
        guard factor >= 0, factor <= 1 else {
            throw TransformerConfigError("'\(c.keyPath)\(key ?? "partial_rotary_factor")' must be a fraction from 0 to 1 of the head dimension, found \(factor)")
        }
        // Double(Int.max) rounds up to 2^63, which Int(_:) refuses: a whole head needs no product.
        return factor == 1 ? headDim : Int(Double(headDim) * factor)
    }

    /// `a + b`, for a size the builder derives from a config value (OPT's and BART's
    /// `max_position_embeddings + 2` learned positions).
    /// - Throws: ``TransformerConfigError`` naming `what` when the sum exceeds 64-bit integers.
    static func sum(_ a: Int, _ b: Int, what: @autoclosure () -> String) throws(TransformerConfigError) -> Int {
        let (result, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw TransformerConfigError("\(what()) exceeds 64-bit integers") }
        return result
    }

    /// `factors` multiplied, for a size the builder derives from config values (a ViT decoder's
    /// `encoder_stride² · num_channels`, a codebook's `groups · entries`).
    /// - Throws: ``TransformerConfigError`` naming `what` when the product exceeds 64-bit
    ///   integers (Swift traps on an overflowing `*`).
    static func product(_ factors: Int..., what: @autoclosure () -> String) throws(TransformerConfigError) -> Int {
        var result = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow else { throw TransformerConfigError("\(what()) exceeds 64-bit integers") }
            result = next
        }
        return result
    }
}
