import CatalogCore

extension TransformerBuilder {
    /// DeBERTa-v2/v3 (`model_type` `deberta-v2`; transformers' `DebertaV2Model` and its task
    /// classes, models/deberta_v2/modeling_deberta_v2.py).
    ///
    /// Embeddings: `word_embeddings` (`embedding_size`, default `hidden_size`),
    /// `position_embeddings` only when `position_biased_input` (default true; false in every v3
    /// config), `token_type_embeddings` when `type_vocab_size` > 0, `embed_proj` (no bias) when
    /// `embedding_size` ≠ `hidden_size`, `LayerNorm`. With `relative_attention`, the encoder holds
    /// `rel_embeddings` (`2·span` rows: `span` = `position_buckets` if positive, else
    /// `max_relative_positions` if positive, else `max_position_embeddings`) and, when
    /// `norm_rel_ebd` names `layer_norm`, a `LayerNorm` over them; every layer's attention reads
    /// the table (``DisentangledAttention``). Blocks are post-norm as BERT's. `conv_kernel_size`
    /// > 0 adds `encoder.conv` (a `Conv1d(hidden, hidden, k, groups=conv_groups)` with bias over
    /// the embeddings, added to layer 0's output, then a LayerNorm).
    ///
    /// Heads: `ForMaskedLM` (legacy: `cls.predictions.transform.dense` to `embedding_size`,
    /// LayerNorm, a decoder tied to the word embeddings unless `tie_word_embeddings` is false, and
    /// one `vocab_size` bias, two when untied; with `legacy: false`, `lm_predictions.lm_head`: dense, LayerNorm
    /// and a bias, the word embeddings always reused), `ForSequenceClassification` and
    /// `ForMultipleChoice` (`ContextPooler` dense on the first token, then a classifier of
    /// `num_labels` or 1), `ForTokenClassification`, `ForQuestionAnswering` (`num_labels`
    /// outputs, 2 by default).
    static func buildDeBERTaV2(
        _ c: TransformerConfig, className: String?, options: TransformerBuildOptions, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let vocab = try c.int("vocab_size", default: 128100)
        let hidden = try c.int("hidden_size", default: 1536)
        let layers = try c.layerCount("num_hidden_layers", default: 24)
        let heads = try c.int("num_attention_heads", default: 24)
        let intermediate = try c.int("intermediate_size", default: 6144)
        guard hidden % heads == 0 else {
            // transformers refuses this even with attention_head_size given.
            throw TransformerConfigError("hidden_size \(hidden) is not a multiple of num_attention_heads \(heads)")
        }
        let headDim = try c.optionalInt("attention_head_size") ?? hidden / heads
        let positions = try c.int("max_position_embeddings", default: 512)
        let typeVocab = try c.int("type_vocab_size", default: 0, minimum: 0)
        let embedding = try c.optionalInt("embedding_size") ?? hidden
        let act = try c.string("hidden_act", default: "gelu")
        let biasedInput = try c.bool("position_biased_input", default: true)
        let relative = try c.bool("relative_attention", default: false)
        let types = try positionAttentionTypes(c)
        let tied = try c.bool("tie_word_embeddings", default: true)

        let cls = className ?? "DebertaV2Model"
        let supported = [
            "DebertaV2Model", "DebertaV2ForMaskedLM", "DebertaV2ForSequenceClassification",
            "DebertaV2ForTokenClassification", "DebertaV2ForQuestionAnswering", "DebertaV2ForMultipleChoice",
        ]
        guard supported.contains(cls) else { throw unsupportedClass(cls, supported) }
        let p = cls == "DebertaV2Model" ? "" : "deberta."

        // Absolute positions bound the length only when they are added to the input.
        // The default is capped at `max_position_embeddings` (the length DeBERTa was trained at).
        let t = options.tokens == nil ? min(defaultTokens, positions) : try tokens(options, positions: biasedInput ? positions : nil)
        try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
        let e = p + "embeddings."
        try g.add(e + "word_embeddings", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(embedding)])
        if biasedInput {
            try g.add(e + "position_embeddings", "PositionEmbedding", ["num_embeddings": .int(positions), "embedding_dim": .int(embedding)])
        }
        if typeVocab > 0 {
            try g.add(e + "token_type_embeddings", "PositionEmbedding", [
                "num_embeddings": .int(typeVocab), "embedding_dim": .int(embedding), "per_position": .bool(false),
            ])
        }
        if embedding != hidden {
            try g.add(e + "embed_proj", "Dense", ["units": .int(hidden), "use_bias": .bool(false)])
        }
        try g.add(e + "LayerNorm", "LayerNormalization")
        let embedded = g.last

        // The relative position table and its LayerNorm, read by every layer's attention.
        var table: String?
        if relative {
            var span = try c.int("max_relative_positions", default: -1, minimum: Int.min)
            if span < 1 { span = positions }
            let buckets = try c.int("position_buckets", default: -1, minimum: Int.min)
            if buckets > 0 { span = buckets }
            try g.add(p + "encoder.rel_embeddings", "RelativePositionEmbedding", [
                "num_embeddings": .int(try product(2, span, what: "'rel_embeddings' rows, 2 × the relative span")), "hidden_size": .int(hidden),
            ], inputs: [embedded])
            let norms = (try c.string("norm_rel_ebd", default: "none")).lowercased().split(separator: "|")
            if norms.contains(where: { $0.filter { $0 != " " } == "layer_norm" }) {
                try g.add(p + "encoder.LayerNorm", "LayerNormalization")
            }
            table = g.last
        }

        var current = embedded
        for i in 0..<layers {
            let l = "\(p)encoder.layer.\(i)."
            if let table {
                try g.add(l + "attention", "DisentangledAttention", [
                    "hidden_size": .int(hidden), "num_attention_heads": .int(heads), "head_dim": .int(headDim),
                    "pos_att_type": .array(types.map { .string($0) }),
                    "share_att_key": .bool(try c.bool("share_att_key", default: false)),
                ], inputs: [current])
                g.layers[g.layers.count - 1].calls = [[TensorReference(layer: current), TensorReference(layer: table)]]
            } else {
                // Without relative attention the attention is BERT's (biases on q, k, v and the output).
                try g.add(l + "attention", "TransformerAttention", [
                    "hidden_size": .int(hidden), "num_attention_heads": .int(heads), "head_dim": .int(headDim),
                    "output_size": .int(hidden), "attention_bias": .bool(true),
                ], inputs: [current])
            }
            try g.add(l + "residual_attention", "Add", inputs: [current, g.last])
            try g.add(l + "attention.output.LayerNorm", "LayerNormalization")
            let mid = g.last
            try g.add(l + "intermediate", "FeedForward", [
                "hidden_size": .int(hidden), "intermediate_size": .int(intermediate), "mlp_bias": .bool(true),
                "hidden_act": .string(act),
            ])
            try g.add(l + "residual_mlp", "Add", inputs: [mid, g.last])
            try g.add(l + "output.LayerNorm", "LayerNormalization")
            current = g.last
            let kernel = try c.int("conv_kernel_size", default: 0, minimum: 0)
            if i == 0, kernel > 0 {
                // ConvLayer: conv over the embeddings, its activation added to layer 0's output, LayerNorm.
                try g.add(p + "encoder.conv.conv", "PositionalConvolution", [
                    "hidden_size": .int(hidden), "kernel_size": .int(kernel),
                    "groups": .int(try c.int("conv_groups", default: 1)), "weight_norm": .bool(false),
                ], inputs: [embedded])
                try g.add(p + "encoder.conv.residual", "Add", inputs: [current, g.last])
                try g.add(p + "encoder.conv.LayerNorm", "LayerNormalization")
                current = g.last
            }
        }
        let sequenceOutput = current
        let labels = try c.numLabels()
        switch cls {
        case "DebertaV2ForMaskedLM":
            if try c.bool("legacy", default: true) {
                try g.add("cls.predictions.transform.dense", "Dense", ["units": .int(embedding)], inputs: [sequenceOutput])
                try g.add("cls.predictions.transform.LayerNorm", "LayerNormalization")
                try g.add("cls.predictions.decoder", "LMHead", [
                    "hidden_size": .int(embedding), "vocab_size": .int(vocab), "bias": .bool(true),
                    "tie_word_embeddings": .bool(tied),
                ])
                if !tied {
                    // Untied, transformers also stops sharing `cls.predictions.bias` with the
                    // decoder's bias: a second vocab_size vector (a one-row table, added to the logits).
                    try g.add("cls.predictions.bias", "PositionEmbedding", [
                        "num_embeddings": .int(1), "embedding_dim": .int(vocab), "per_position": .bool(false),
                    ])
                }
            } else {
                guard embedding == hidden else {
                    // transformers builds it but its forward pass fails (the product of a hidden-wide
                    // vector with embedding_size-wide embeddings).
                    throw TransformerConfigError("DebertaV2ForMaskedLM with legacy false needs embedding_size (\(embedding)) equal to hidden_size (\(hidden)): its head multiplies hidden states by the word embeddings")
                }
                try g.add("lm_predictions.lm_head.dense", "Dense", ["units": .int(hidden)], inputs: [sequenceOutput])
                try g.add("lm_predictions.lm_head.LayerNorm", "LayerNormalization")
                // The product with the word embeddings' matrix (always theirs) plus its own bias.
                try g.add("lm_predictions.lm_head.decoder", "LMHead", [
                    "hidden_size": .int(hidden), "vocab_size": .int(vocab), "bias": .bool(true),
                    "tie_word_embeddings": .bool(true),
                ])
            }
        case "DebertaV2ForSequenceClassification", "DebertaV2ForMultipleChoice":
            let pooled = try c.int("pooler_hidden_size", default: hidden)
            guard pooled == hidden else {
                throw TransformerConfigError("pooler_hidden_size \(pooled) differs from hidden_size \(hidden): the ContextPooler cannot read the hidden states")
            }
            try g.add("pooler", "Pooler", ["hidden_size": .int(hidden)], inputs: [sequenceOutput])
            try g.add("classifier", "Dense", ["units": .int(cls == "DebertaV2ForMultipleChoice" ? 1 : labels)])
        case "DebertaV2ForTokenClassification":
            try g.add("classifier", "Dense", ["units": .int(labels)], inputs: [sequenceOutput])
        case "DebertaV2ForQuestionAnswering":
            try g.add("qa_outputs", "Dense", ["units": .int(labels)], inputs: [sequenceOutput])
        default:
            break
        }
        let what = cls == "DebertaV2ForMultipleChoice" ? "tokens per choice" : "tokens"
        return describe(cls, tokens: t, what: what)
    }

    /// `pos_att_type`: a list (`["p2c", "c2p"]`), the older `"p2c|c2p"` string, or null (none).
    static func positionAttentionTypes(_ c: TransformerConfig) throws(TransformerConfigError) -> [String] {
        let items: [ConfigValue]
        switch c.values["pos_att_type"] {
        case nil, .null?: return []
        case .array(let list)?: items = list
        case let value?: items = [value]
        }
        var types: [String] = []
        for item in items {
            guard let text = item.stringValue else {
                throw TransformerConfigError("'pos_att_type' must be 'c2p', 'p2c' or a list of them")
            }
            for part in text.lowercased().split(separator: "|") {
                let name = String(part.filter { $0 != " " })
                guard name == "c2p" || name == "p2c" else {
                    throw TransformerConfigError("'pos_att_type' has '\(name)'; expected 'c2p' and/or 'p2c'")
                }
                types.append(name)
            }
        }
        return types
    }
}
