import CatalogCore

extension TransformerBuilder {
    /// Whether a decoder-only class has a head (and its base under a prefix): `…LMHeadModel`,
    /// `…ForCausalLM` and `…ForSequenceClassification` (true) or the base (false).
    static func hasCausalHead(_ className: String?) throws(TransformerConfigError) -> Bool {
        switch className {
        case nil: return false
        case let name? where name.hasSuffix("ForCausalLM") || name.hasSuffix("LMHeadModel")
            || name.hasSuffix("ForSequenceClassification") || tokenAndQuestionClasses.contains(name)
            || name == "GPT2DoubleHeadsModel": return true
        case let name? where name.hasSuffix("Model"): return false
        case let name?:
            throw unsupportedClass(name, ["…ForCausalLM", "…LMHeadModel", "…ForSequenceClassification", "…Model"] + tokenAndQuestionClasses.sorted())
        }
    }

    /// The token-classification and extractive-QA classes transformers defines for the decoder
    /// families read here (`GenericForTokenClassification`, `GenericForQuestionAnswering` in
    /// modeling_layers.py; GPT-2's and GPT-NeoX's own).
    static let tokenAndQuestionClasses: Set<String> = [
        "LlamaForTokenClassification", "LlamaForQuestionAnswering", "MistralForTokenClassification",
        "MistralForQuestionAnswering", "MixtralForTokenClassification", "MixtralForQuestionAnswering",
        "Qwen2MoeForTokenClassification", "Qwen2MoeForQuestionAnswering",
        "Qwen2ForTokenClassification", "Qwen2ForQuestionAnswering", "GemmaForTokenClassification",
        "Gemma2ForTokenClassification", "Phi3ForTokenClassification", "PhiForTokenClassification",
        "GPT2ForTokenClassification", "GPT2ForQuestionAnswering", "GPTNeoXForTokenClassification",
        "GPTNeoXForQuestionAnswering", "OPTForQuestionAnswering",
    ]

    /// A decoder's task head: `score`, `Linear(hidden, num_labels)` without bias, for
    /// `…ForSequenceClassification` (transformers' `GenericForSequenceClassification`, GPT-2's
    /// and OPT's); a per-token classifier for `…ForTokenClassification`; `qa_outputs` for
    /// `…ForQuestionAnswering` (``tokenAndQuestionClasses``); else the language-model head built by `lmHead`.
    static func addDecoderHead(
        _ c: TransformerConfig, className: String?, lmHead: (inout TransformerGraph) throws(TransformerConfigError) -> Void,
        into g: inout TransformerGraph
    ) throws(TransformerConfigError) {
        if className?.hasSuffix("ForSequenceClassification") == true {
            try g.add("score", "Dense", ["units": .int(try c.numLabels()), "use_bias": .bool(false)])
        } else if className?.hasSuffix("ForTokenClassification") == true {
            // `score` (generic; bias unless `token_classification_bias` is false) or GPT-2's and
            // GPT-NeoX's `classifier` (with bias): `Linear(hidden, num_labels)` on every token.
            let own = className == "GPT2ForTokenClassification" || className == "GPTNeoXForTokenClassification"
            try g.add(own ? "classifier" : "score", "Dense", [
                "units": .int(try c.numLabels()),
                "use_bias": .bool(own ? true : try c.bool("token_classification_bias", default: true)),
            ])
        } else if className?.hasSuffix("ForQuestionAnswering") == true {
            // `qa_outputs`: `Linear(hidden, 2)` (start and end logits) with bias (OPT: `word_embed_proj_dim` wide).
            try g.add("qa_outputs", "Dense", ["units": .int(2)])
        } else {
            try lmHead(&g)
        }
    }

    /// A pre-norm block `x + attn(ln_1(x))`, `+ mlp(ln_2(·))` with LayerNorms (GPT-2, OPT),
    /// or GPT-NeoX's parallel `x + attn(ln_1(x)) + mlp(ln_2(x))`.
    static func addPreNormBlock(
        _ l: String, names: (ln1: String, attn: String, ln2: String, mlp: String), attention: [String: ConfigValue],
        mlp: [String: ConfigValue], parallel: Bool = false, normAffine: Bool = true, into g: inout TransformerGraph
    ) throws(TransformerConfigError) {
        let norm: [String: ConfigValue] = normAffine ? [:] : ["center": .bool(false), "scale": .bool(false)]
        let residual = g.last
        try g.add(l + names.ln1, "LayerNormalization", norm)
        try g.add(l + names.attn, "TransformerAttention", attention)
        let attended = g.last
        if parallel {
            try g.add(l + names.ln2, "LayerNormalization", norm, inputs: [residual])
            try g.add(l + names.mlp, "FeedForward", mlp)
            try g.add(l + "residual", "Add", inputs: [residual, attended, g.last])
            return
        }
        try g.add(l + "residual_attention", "Add", inputs: [residual, attended])
        let mid = g.last
        try g.add(l + names.ln2, "LayerNormalization", norm)
        try g.add(l + names.mlp, "FeedForward", mlp)
        try g.add(l + "residual_mlp", "Add", inputs: [mid, g.last])
    }

    /// GPT-2 (transformers' `GPT2Model`): `wte`, `wpe` (`n_positions`), `h.N` with `ln_1`,
    /// `attn` (`c_attn` q, k, v with biases, `c_proj` with bias), `ln_2`, `mlp` (`c_fc`,
    /// `c_proj`, `n_inner` default `4·n_embd`), `ln_f`; `GPT2LMHeadModel` adds `lm_head`,
    /// tied by default.
    static func buildGPT2(
        _ c: TransformerConfig, className: String?, options: TransformerBuildOptions, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let head = try hasCausalHead(className)
        try refuseCrossAttention(c, modelType: "gpt2")
        let vocab = try c.int("vocab_size", default: 50257)
        let hidden = try c.int("n_embd", "hidden_size", default: 768)
        let positions = try c.int("n_positions", "max_position_embeddings", default: 1024)
        let layers = try c.layerCount("n_layer", "num_hidden_layers", default: 12)
        let heads = try c.int("n_head", "num_attention_heads", default: 12)
        // GPT2MLP: `n_inner`, else 4 × n_embd.
        var inner = 0
        if let given = try c.optionalInt("n_inner") { inner = given } else { inner = try product(4, hidden, what: "GPT-2's default 'n_inner', 4 × 'n_embd'") }
        let p = head ? "transformer." : ""
        let t = try tokens(options, positions: positions)
        try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
        try g.add(p + "wte", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(hidden)])
        try g.add(p + "wpe", "PositionEmbedding", ["num_embeddings": .int(positions), "embedding_dim": .int(hidden)])
        for i in 0..<layers {
            try addPreNormBlock(
                "\(p)h.\(i).", names: ("ln_1", "attn", "ln_2", "mlp"),
                attention: ["hidden_size": .int(hidden), "num_attention_heads": .int(heads), "attention_bias": .bool(true)],
                mlp: ["hidden_size": .int(hidden), "intermediate_size": .int(inner), "mlp_bias": .bool(true),
                      "hidden_act": .string(try c.string("activation_function", default: "gelu_new"))],
                into: &g)
        }
        try g.add(p + "ln_f", "LayerNormalization")
        if head {
            try addDecoderHead(c, className: className, lmHead: { g throws(TransformerConfigError) in
                try g.add("lm_head", "LMHead", [
                    "hidden_size": .int(hidden), "vocab_size": .int(vocab),
                    "tie_word_embeddings": .bool(try c.bool("tie_word_embeddings", default: true)),
                ])
            }, into: &g)
            if className == "GPT2DoubleHeadsModel" {
                // `multiple_choice_head.summary` (transformers' SequenceSummary on one token, the
                // last without `mc_token_ids`): `Linear(hidden, 1)` (GPT2DoubleHeadsModel sets
                // num_labels to 1) when `summary_use_proj`, `Linear(hidden, hidden)` if
                // `summary_proj_to_labels` is false; its MACs over that one token.
                if try c.bool("summary_use_proj", default: true) {
                    let toLabels = try c.bool("summary_proj_to_labels", default: true)
                    try addTokenSelection("multiple_choice_head.last_token", index: t - 1, tokens: t, input: p + "ln_f", into: &g)
                    try g.add("multiple_choice_head.summary", "Dense", ["units": .int(toLabels ? 1 : hidden)])
                }
            }
        }
        return describe(className ?? "GPT2Model", tokens: t)
    }

    /// GPT-NeoX / Pythia (`GPTNeoXModel`): `embed_in`, `layers.N` with `input_layernorm`,
    /// `attention` (`query_key_value` and `dense`, biases per `attention_bias`, rotary on
    /// `rotary_pct` of each head), `post_attention_layernorm`, `mlp` (`dense_h_to_4h`,
    /// `dense_4h_to_h`, with biases), parallel residual by default; `final_layer_norm`;
    /// `GPTNeoXForCausalLM` adds an untied `embed_out` by default.
    static func buildGPTNeoX(
        _ c: TransformerConfig, className: String?, options: TransformerBuildOptions, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let head = try hasCausalHead(className)
        let vocab = try c.int("vocab_size", default: 50432)
        let hidden = try c.int("hidden_size", default: 6144)
        let layers = try c.layerCount("num_hidden_layers", default: 44)
        let heads = try c.int("num_attention_heads", default: 64)
        let intermediate = try c.int("intermediate_size", default: 24576)
        let bias = try c.bool("attention_bias", default: true)
        let parallel = try c.bool("use_parallel_residual", default: true)
        let p = head ? "gpt_neox." : ""
        let t = try tokens(options, positions: nil)
        let headDim = hidden / heads
        try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
        try g.add(p + "embed_in", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(hidden)])
        for i in 0..<layers {
            try addPreNormBlock(
                "\(p)layers.\(i).", names: ("input_layernorm", "attention", "post_attention_layernorm", "mlp"),
                attention: ["hidden_size": .int(hidden), "num_attention_heads": .int(heads), "attention_bias": .bool(bias),
                            "rotary_dim": .int(try rotaryDimension(c, headDim: headDim, default: 0.25))],
                mlp: ["hidden_size": .int(hidden), "intermediate_size": .int(intermediate), "mlp_bias": .bool(true),
                      "hidden_act": .string(try c.string("hidden_act", default: "gelu"))],
                parallel: parallel, into: &g)
        }
        try g.add(p + "final_layer_norm", "LayerNormalization")
        if head {
            try addDecoderHead(c, className: className, lmHead: { g throws(TransformerConfigError) in
                try g.add("embed_out", "LMHead", [
                    "hidden_size": .int(hidden), "vocab_size": .int(vocab),
                    "tie_word_embeddings": .bool(try c.bool("tie_word_embeddings", default: false)),
                ])
            }, into: &g)
        }
        return describe(className ?? "GPTNeoXModel", tokens: t)
    }

    /// OPT (`OPTModel` → `decoder`): `embed_tokens` (`word_embed_proj_dim` wide),
    /// `embed_positions` (`max_position_embeddings + 2` rows: OPT's offset), `project_in` /
    /// `project_out` without bias when `word_embed_proj_dim ≠ hidden_size`, `layers.N`
    /// (`self_attn` with biases per `enable_bias`, `self_attn_layer_norm`, `fc1`, `fc2`,
    /// `final_layer_norm`), the decoder's `final_layer_norm` when `do_layer_norm_before`;
    /// `OPTForCausalLM` adds `lm_head`, tied by default.
    static func buildOPT(
        _ c: TransformerConfig, className: String?, options: TransformerBuildOptions, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let head = try hasCausalHead(className)
        let vocab = try c.int("vocab_size", default: 50272)
        let hidden = try c.int("hidden_size", default: 768)
        let projection = try c.int("word_embed_proj_dim", default: hidden)
        let positions = try c.int("max_position_embeddings", default: 2048)
        let layers = try c.layerCount("num_hidden_layers", default: 12)
        let heads = try c.int("num_attention_heads", default: 12)
        let ffn = try c.int("ffn_dim", default: 3072)
        let bias = try c.bool("enable_bias", default: true)
        let affine = try c.bool("layer_norm_elementwise_affine", default: true)
        let before = try c.bool("do_layer_norm_before", default: true)
        let p = head ? "model.decoder." : "decoder."
        let t = try tokens(options, positions: positions)
        try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
        try g.add(p + "embed_tokens", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(projection)])
        if projection != hidden {
            try g.add(p + "project_in", "Dense", ["units": .int(hidden), "use_bias": .bool(false)])
        }
        try g.add(p + "embed_positions", "PositionEmbedding", ["num_embeddings": .int(try sum(positions, 2, what: "'max_position_embeddings' + 2 (OPT's learned positions)")), "embedding_dim": .int(hidden)])
        let norm: [String: ConfigValue] = affine ? [:] : ["center": .bool(false), "scale": .bool(false)]
        for i in 0..<layers {
            let l = "\(p)layers.\(i)."
            let attention: [String: ConfigValue] = ["hidden_size": .int(hidden), "num_attention_heads": .int(heads), "attention_bias": .bool(bias)]
            let mlp: [String: ConfigValue] = ["hidden_size": .int(hidden), "intermediate_size": .int(ffn), "mlp_bias": .bool(bias),
                                              "hidden_act": .string(try c.string("activation_function", default: "relu"))]
            if before {
                try addPreNormBlock(l, names: ("self_attn_layer_norm", "self_attn", "final_layer_norm", "fc"),
                                    attention: attention, mlp: mlp, normAffine: affine, into: &g)
            } else {
                let residual = g.last
                try g.add(l + "self_attn", "TransformerAttention", attention)
                try g.add(l + "residual_attention", "Add", inputs: [residual, g.last])
                try g.add(l + "self_attn_layer_norm", "LayerNormalization", norm)
                let mid = g.last
                try g.add(l + "fc", "FeedForward", mlp)
                try g.add(l + "residual_mlp", "Add", inputs: [mid, g.last])
                try g.add(l + "final_layer_norm", "LayerNormalization", norm)
            }
        }
        if before, !(try c.bool("_remove_final_layer_norm", default: false)) {
            try g.add(p + "final_layer_norm", "LayerNormalization", norm)
        }
        if projection != hidden {
            try g.add(p + "project_out", "Dense", ["units": .int(projection), "use_bias": .bool(false)])
        }
        if head {
            try addDecoderHead(c, className: className, lmHead: { g throws(TransformerConfigError) in
                try g.add("lm_head", "LMHead", [
                    "hidden_size": .int(projection), "vocab_size": .int(vocab),
                    "tie_word_embeddings": .bool(try c.bool("tie_word_embeddings", default: true)),
                ])
            }, into: &g)
        }
        return describe(className ?? "OPTModel", tokens: t)
    }
}
