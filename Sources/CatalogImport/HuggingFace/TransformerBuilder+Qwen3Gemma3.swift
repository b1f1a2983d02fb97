import CatalogCore

// Qwen3, Qwen3-MoE and Gemma 3, from transformers' models/qwen3/modeling_qwen3.py,
// models/qwen3_moe/modeling_qwen3_moe.py, models/gemma3/modeling_gemma3.py and
// models/siglip/modeling_siglip.py (and their configuration_*.py for the defaults).

extension TransformerBuilder {
    /// The model types built here.
    static let qwen3Gemma3Types: Set<String> = ["qwen3", "qwen3_moe", "gemma3_text", "gemma3"]

    /// Qwen3 (`Qwen3ForCausalLM`, `Qwen3ForSequenceClassification`, `Qwen3ForTokenClassification`,
    /// `Qwen3ForQuestionAnswering`, `Qwen3Model`), Qwen3-MoE (`Qwen3MoeForCausalLM`, …), Gemma 3 text (`Gemma3ForCausalLM`,
    /// `Gemma3TextForSequenceClassification`, `Gemma3TextModel`) and Gemma 3 with its image tower
    /// (`Gemma3ForConditionalGeneration`, `Gemma3Model`).
    /// - Returns: the description; layers are added to `g`.
    /// - Throws: ``TransformerConfigError`` for an unsupported class, a missing `vision_config`,
    ///   a SigLIP pooling head (`vision_use_head`), or an invalid key.
    static func buildQwen3Gemma3(
        _ c: TransformerConfig, modelType: String, className: String?, options: TransformerBuildOptions,
        into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        if modelType == "gemma3" {
            return try buildGemma3Multimodal(c, className: className, options: options, into: &g)
        }
        let tokenAndQuestion = className.map(qwen3TokenAndQuestionClasses.contains) ?? false
        if let className, !tokenAndQuestion,
            className.hasSuffix("ForTokenClassification") || className.hasSuffix("ForQuestionAnswering")
        {
            throw unsupportedClass(className, ["…ForCausalLM", "…ForSequenceClassification", "…Model"] + qwen3TokenAndQuestionClasses.sorted())
        }
        let head = tokenAndQuestion ? true : try hasCausalHead(className)
        let t = try tokens(options, positions: nil)
        try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
        // The generic QA classes keep the base model as `transformer` (transformers' GenericForQuestionAnswering).
        let prefix = !head ? "" : className?.hasSuffix("ForQuestionAnswering") == true ? "transformer." : "model."
        try addQwen3Gemma3Decoder(c, modelType: modelType, prefix: prefix, into: &g)
        if head {
            try addDecoderHead(c, className: className, lmHead: { g throws(TransformerConfigError) in
                try addPlainLMHead(c, modelType: modelType, tied: try c.bool("tie_word_embeddings", default: modelType == "gemma3_text"), into: &g)
            }, into: &g)
        }
        return describe(className ?? baseName(modelType), tokens: t)
    }

    /// Qwen3's and Qwen3-MoE's token-classification and extractive-QA classes
    /// (`GenericForTokenClassification`, `GenericForQuestionAnswering` in modeling_layers.py).
    static let qwen3TokenAndQuestionClasses: Set<String> = [
        "Qwen3ForTokenClassification", "Qwen3ForQuestionAnswering", "Qwen3MoeForTokenClassification",
        "Qwen3MoeForQuestionAnswering",
    ]

    /// `lm_head`: `Linear(hidden_size, vocab_size, bias=False)`, tied to `embed_tokens` when `tied`.
    static func addPlainLMHead(
        _ c: TransformerConfig, modelType: String, tied: Bool, into g: inout TransformerGraph
    ) throws(TransformerConfigError) {
        let d = decoderDefaults(modelType)
        try g.add("lm_head", "LMHead", [
            "hidden_size": .int(try c.int("hidden_size", default: d.hidden)),
            "vocab_size": .int(try c.int("vocab_size", default: d.vocab)), "tie_word_embeddings": .bool(tied),
        ])
    }

    /// A list of layer indices (`mlp_only_layers`), empty when absent.
    static func layerIndices(_ c: TransformerConfig, _ key: String) throws(TransformerConfigError) -> Set<Int> {
        guard let value = c.values[key], value != .null else { return [] }
        guard case .array(let items) = value else {
            throw TransformerConfigError("'\(key)' must be a list of layer indices, found \(value.displayText)")
        }
        var result: Set<Int> = []
        for item in items {
            guard case .int(let index) = item, index >= 0 else {
                throw TransformerConfigError("'\(key)' must be a list of layer indices, found \(item.displayText)")
            }
            result.insert(index)
        }
        return result
    }

    /// The defaults of `Qwen3Config`, `Qwen3MoeConfig` and `Gemma3TextConfig`.
    static func decoderDefaults(_ modelType: String) -> (
        vocab: Int, hidden: Int, intermediate: Int, layers: Int, heads: Int, kvHeads: Int?, headDim: Int?, act: String
    ) {
        switch modelType {
        case "qwen3": (151936, 4096, 22016, 32, 32, nil, 128, "silu")
        case "qwen3_moe": (151936, 2048, 6144, 24, 32, 4, nil, "silu")
        default: (262208, 2304, 9216, 26, 8, 4, 256, "gelu_pytorch_tanh")
        }
    }

    /// The decoder stack under `prefix` (`model.`, `model.language_model.`): `embed_tokens`,
    /// `layers.N` and `norm`, all RMSNorms. Every attention has `q_norm` and `k_norm`
    /// (RMSNorm over `head_dim`) and q, k, v, o biases when `attention_bias`; `head_dim` as the
    /// config gives it (Qwen3 and Gemma 3 default to 128 and 256 whatever hidden/heads is;
    /// Qwen3-MoE to hidden/heads).
    ///
    /// - Qwen3 and Qwen3-MoE: `x + attn(input_layernorm(x))`, `+ mlp(post_attention_layernorm(·))`.
    ///   Qwen3-MoE's `mlp` is a sparse MoE block (router `Linear(hidden, num_experts)` without
    ///   bias, gated experts of `moe_intermediate_size`, no shared expert) on layer `i` when `i`
    ///   is not in `mlp_only_layers`, `num_experts > 0` and `(i + 1) % decoder_sparse_step == 0`;
    ///   else a gated MLP of `intermediate_size`.
    /// - Gemma 3: four norms per layer (`input_layernorm`, `post_attention_layernorm`,
    ///   `pre_feedforward_layernorm`, `post_feedforward_layernorm`) as Gemma 2.
    static func addQwen3Gemma3Decoder(
        _ c: TransformerConfig, modelType: String, prefix p: String, into g: inout TransformerGraph
    ) throws(TransformerConfigError) {
        let d = decoderDefaults(modelType)
        let vocab = try c.int("vocab_size", default: d.vocab)
        let hidden = try c.int("hidden_size", default: d.hidden)
        let layers = try c.layerCount("num_hidden_layers", default: d.layers)
        let heads = try c.int("num_attention_heads", default: d.heads)
        let kvHeads = try c.int("num_key_value_heads", default: d.kvHeads ?? heads)
        let headDim = try c.optionalInt("head_dim") ?? d.headDim ?? hidden / heads
        let intermediate = try c.int("intermediate_size", default: d.intermediate)
        let act = try c.string("hidden_activation", "hidden_act", default: d.act)
        let bias = try c.bool("attention_bias", default: false)
        let isGemma = modelType == "gemma3_text"
        let windows = try qwen3Gemma3Windows(c, modelType: modelType, layers: layers)
        let rotaryDim = try rotaryDimension(c, headDim: headDim, default: 1.0)
        try checkModelExperts(c, modelType: modelType, layers: layers)
        try g.add(p + "embed_tokens", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(hidden)])
        let onlyDense = try layerIndices(c, "mlp_only_layers")
        for i in 0..<layers {
            let l = "\(p)layers.\(i)."
            let residual = g.last
            try g.add(l + "input_layernorm", "RMSNorm", ["hidden_size": .int(hidden)])
            var attention: [String: ConfigValue] = [
                "hidden_size": .int(hidden), "num_attention_heads": .int(heads), "num_key_value_heads": .int(kvHeads),
                "head_dim": .int(headDim), "rotary_dim": .int(rotaryDim),
                "attention_bias": .bool(bias), "qk_norm": .string("rms"),
            ]
            if let window = windows[i] { attention["sliding_window"] = .int(window) }
            try g.add(l + "self_attn", "TransformerAttention", attention)
            if isGemma {
                try g.add(l + "post_attention_layernorm", "RMSNorm", ["hidden_size": .int(hidden)])
            }
            try g.add(l + "residual_attention", "Add", inputs: [residual, g.last])
            let mid = g.last
            try g.add(l + (isGemma ? "pre_feedforward_layernorm" : "post_attention_layernorm"), "RMSNorm", ["hidden_size": .int(hidden)])
            let experts = modelType == "qwen3_moe" ? try c.expertCount("num_experts", default: 128, minimum: 0) : 0
            let step = try c.int("decoder_sparse_step", default: 1)
            if experts > 0, !onlyDense.contains(i), (i + 1) % step == 0 {
                try g.add(l + "mlp", "MixtureOfExperts", [
                    "hidden_size": .int(hidden), "num_experts": .int(experts),
                    "num_experts_per_tok": .int(try c.int("num_experts_per_tok", default: 8)),
                    "moe_intermediate_size": .int(try c.int("moe_intermediate_size", default: 768)),
                ])
            } else {
                try g.add(l + "mlp", "FeedForward", [
                    "hidden_size": .int(hidden), "intermediate_size": .int(intermediate), "gated": .bool(true),
                    "mlp_bias": .bool(false), "hidden_act": .string(act),
                ])
            }
            if isGemma {
                try g.add(l + "post_feedforward_layernorm", "RMSNorm", ["hidden_size": .int(hidden)])
            }
            try g.add(l + "residual_mlp", "Add", inputs: [mid, g.last])
        }
        try g.add(p + "norm", "RMSNorm", ["hidden_size": .int(hidden)])
    }

    /// Each layer's sliding window, `nil` for global attention.
    /// - Qwen3: `Qwen3Config` keeps `sliding_window` only when `use_sliding_window`; the layers
    ///   `layer_types` names `sliding_attention` (by default those from `max_window_layers` on)
    ///   use it.
    /// - Qwen3-MoE: every layer uses `sliding_window` when `use_sliding_window`.
    /// - Gemma 3: the layers `layer_types` names `sliding_attention`, by default every layer but
    ///   each `sliding_window_pattern`-th (6: five local, one global); `sliding_window` defaults to
    ///   4,096 and becomes `sliding_window / 2 + 1` with `use_bidirectional_attention`
    ///   (`Gemma3TextConfig.__post_init__`).
    static func qwen3Gemma3Windows(
        _ c: TransformerConfig, modelType: String, layers: Int
    ) throws(TransformerConfigError) -> [Int?] {
        let types = c.stringList("layer_types")
        if let types, types.count < layers {
            throw TransformerConfigError("'layer_types' names \(types.count) layers, 'num_hidden_layers' is \(layers)")
        }
        switch modelType {
        case "gemma3_text":
            var window = try c.int("sliding_window", default: 4096)
            if try c.bool("use_bidirectional_attention", default: false) { window = window / 2 + 1 }
            let pattern = try c.int("sliding_window_pattern", default: 6)
            return (0..<layers).map { i in
                let sliding = types.map { $0[i] == "sliding_attention" } ?? ((i + 1) % pattern != 0)
                return sliding ? window : nil
            }
        case "qwen3_moe":
            let window = try c.bool("use_sliding_window", default: false) ? try c.optionalInt("sliding_window") : nil
            return Array(repeating: window, count: layers)
        default:
            let window = try c.bool("use_sliding_window", default: false) ? try c.optionalInt("sliding_window") : nil
            let from = try c.int("max_window_layers", default: 28, minimum: 0)
            return (0..<layers).map { i in
                let sliding = types.map { $0[i] == "sliding_attention" } ?? (i >= from)
                return sliding ? window : nil
            }
        }
    }

    /// Gemma 3 with images (`Gemma3ForConditionalGeneration`: `model.` + `vision_tower`,
    /// `multi_modal_projector`, `language_model`, and `lm_head` tied unless
    /// `tie_word_embeddings` is false; `Gemma3ForSequenceClassification`: `score` instead of
    /// `lm_head`; `Gemma3Model`: neither, without `model.`).
    ///
    /// The image tower `vision_tower.` is SigLIP's `SiglipVisionModel` without its pooling head:
    /// `embeddings` (a `patch_size` convolution with bias, a learned position per patch, no class
    /// token), `encoder.layers.N` (pre-LayerNorm blocks, biases everywhere, plain MLP) and
    /// `post_layernorm`. The projector average-pools the `image/patch` patches per side to
    /// `√mm_tokens_per_image` per side, normalises them (`mm_soft_emb_norm`, RMSNorm of the
    /// vision width) and projects them to the text width (`mm_input_projection_weight`,
    /// `vision_hidden × text_hidden`, no bias). Their embeddings replace image tokens of the text
    /// sequence (no MACs); MACs are one image plus the text tokens.
    static func buildGemma3Multimodal(
        _ c: TransformerConfig, className: String?, options: TransformerBuildOptions, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let cls = try supportedClass(className, ["Gemma3Model", "Gemma3ForConditionalGeneration", "Gemma3ForSequenceClassification"])
        guard let vision = c.nested("vision_config") else {
            throw TransformerConfigError("missing 'vision_config': the SigLIP image tower of a Gemma 3 model (model_type gemma3); a text-only Gemma 3 has model_type gemma3_text")
        }
        if try vision.bool("vision_use_head", default: true) {
            throw TransformerConfigError("'vision_config.vision_use_head' true (SigLIP's attention-pooling head) is not built; Gemma 3's published configs set it to false")
        }
        let text = c.nested("text_config") ?? TransformerConfig([:])
        let p = cls == "Gemma3Model" ? "" : "model."
        // The image tower.
        let v = p + "vision_tower."
        let channels = try vision.int("num_channels", default: 3)
        let image = try vision.int("image_size", default: 224)
        let patch = try vision.int("patch_size", default: 16)
        let vHidden = try vision.int("hidden_size", default: 768)
        try g.add("pixel_values", "InputLayer", ["shape": .ints([channels, image, image])])
        try g.add(v + "embeddings", "PatchEmbedding", [
            "num_channels": .int(channels), "patch_size": .int(patch), "hidden_size": .int(vHidden),
            "use_bias": .bool(true), "class_token": .bool(false), "position_embeddings": .bool(true),
        ])
        let heads = try vision.int("num_attention_heads", default: 12)
        let inter = try vision.int("intermediate_size", default: 3072)
        let act = try vision.string("hidden_act", default: "gelu_pytorch_tanh")
        for i in 0..<(try vision.layerCount("num_hidden_layers", default: 12)) {
            try addEncoderLayer("\(v)encoder.layers.\(i).", names: ("layer_norm1", "self_attn", "layer_norm2", "mlp"),
                                hidden: vHidden, heads: heads, intermediate: inter, act: act, into: &g)
        }
        try g.add(v + "post_layernorm", "LayerNormalization")
        // The projector.
        let m = p + "multi_modal_projector."
        let side = image / patch
        let tokensPerImage = try c.int("mm_tokens_per_image", default: 256)
        let perSide = Int(Double(tokensPerImage).squareRoot())
        guard perSide * perSide == tokensPerImage, perSide > 0, side % perSide == 0 else {
            throw TransformerConfigError("'mm_tokens_per_image' \(tokensPerImage) is not a square whose side divides the \(side) patches per side")
        }
        let kernel = side / perSide
        try g.add(m + "patches", "Reshape", ["target_shape": .ints([side, side, vHidden])])
        try g.add(m + "avg_pool", "AveragePooling2D", ["pool_size": .ints([kernel, kernel]), "strides": .ints([kernel, kernel])])
        try g.add(m + "tokens", "Reshape", ["target_shape": .ints([tokensPerImage, vHidden])])
        try g.add(m + "mm_soft_emb_norm", "RMSNorm", ["hidden_size": .int(vHidden)])
        let tHidden = try text.int("hidden_size", default: 2304)
        try g.add(m + "mm_input_projection", "Dense", ["units": .int(tHidden), "use_bias": .bool(false)])
        // The language model.
        let t = try tokens(options, positions: nil)
        try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
        try addQwen3Gemma3Decoder(text, modelType: "gemma3_text", prefix: p + "language_model.", into: &g)
        if cls == "Gemma3ForConditionalGeneration" {
            try addPlainLMHead(text, modelType: "gemma3_text", tied: try c.bool("tie_word_embeddings", default: true), into: &g)
        } else if cls == "Gemma3ForSequenceClassification" {
            // `score`: `Linear(text hidden_size, num_labels)` without bias (GenericForSequenceClassification).
            try g.add("score", "Dense", ["units": .int(try c.numLabels()), "use_bias": .bool(false)])
        }
        return "Hugging Face \(cls); MACs over \(t) text tokens and one \(image)×\(image) image (add --input-shape N to change the tokens)"
    }
}
