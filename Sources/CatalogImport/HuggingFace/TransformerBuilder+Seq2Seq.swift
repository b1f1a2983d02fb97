import CatalogCore

extension TransformerBuilder {
    /// BART (`BartModel`, `BartForConditionalGeneration`, `BartForSequenceClassification`,
    /// `BartForQuestionAnswering`): `shared` embedding (the encoder's and
    /// decoder's `embed_tokens`), learned positions with an offset of 2 rows
    /// (`max_position_embeddings + 2`), `layernorm_embedding`, post-norm layers with biased
    /// q, k, v, out projections and `fc1`/`fc2`; the decoder adds `encoder_attn`; `lm_head`
    /// tied by default (`final_logits_bias` is a buffer, not a parameter). With
    /// `tie_word_embeddings: false` the encoder and decoder get their own `embed_tokens`.
    ///
    /// `BartForCausalLM` is the decoder alone (`model.decoder`, its own `embed_tokens`, `lm_head`
    /// tied to it): its layers keep `encoder_attn`, which runs on the encoder states the caller
    /// passes (`encoder_hidden_states`, as the decoder of an encoder-decoder model). It is built
    /// with that input, `(tokens, d_model)`, so every parameter is in a layer that computes.
    static func buildBART(
        _ c: TransformerConfig, className: String?, options: TransformerBuildOptions, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let cls = className ?? "BartModel"
        let supported = [
            "BartModel", "BartForConditionalGeneration", "BartForSequenceClassification", "BartForQuestionAnswering",
            "BartForCausalLM",
        ]
        guard supported.contains(cls) else { throw unsupportedClass(cls, supported) }
        let vocab = try c.int("vocab_size", default: 50265)
        let d = try c.int("d_model", default: 1024)
        let positions = try c.int("max_position_embeddings", default: 1024)
        let t = try tokens(options, positions: positions)
        let p = cls == "BartModel" ? "" : "model."
        // Untied (`tie_word_embeddings: false`), transformers ties nothing (BartModel's
        // `_tied_weights_keys` apply only when the config ties): `shared`, `encoder.embed_tokens`
        // and `decoder.embed_tokens` are three tables, `shared` unused by the forward pass.
        let tied = try c.bool("tie_word_embeddings", default: true)
        try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
        if cls == "BartForCausalLM" {
            try g.add("encoder_hidden_states", "InputLayer", ["shape": .ints([t, d])])
            try g.add(p + "decoder.embed_tokens", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(d)], inputs: ["input_ids"])
        } else {
            try g.add(p + "shared", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(d)])
            if !tied {
                try g.add(p + "encoder.embed_tokens", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(d)],
                          inputs: ["input_ids"])
            }
        }
        func stack(_ side: String, layers: Int, heads: Int, ffn: Int, encoderOutput: String?) throws(TransformerConfigError) {
            let s = p + side + "."
            try g.add(s + "embed_positions", "PositionEmbedding", ["num_embeddings": .int(try sum(positions, 2, what: "'max_position_embeddings' + 2 (BART's learned positions)")), "embedding_dim": .int(d)])
            try g.add(s + "layernorm_embedding", "LayerNormalization")
            for i in 0..<layers {
                let l = "\(s)layers.\(i)."
                var residual = g.last
                try g.add(l + "self_attn", "TransformerAttention", ["hidden_size": .int(d), "num_attention_heads": .int(heads), "attention_bias": .bool(true)])
                try g.add(l + "residual_attention", "Add", inputs: [residual, g.last])
                try g.add(l + "self_attn_layer_norm", "LayerNormalization")
                if let encoderOutput {
                    residual = g.last
                    try g.add(l + "encoder_attn", "TransformerAttention", [
                        "hidden_size": .int(d), "num_attention_heads": .int(heads), "attention_bias": .bool(true),
                        "is_cross_attention": .bool(true),
                    ], inputs: [g.last, encoderOutput])
                    try g.add(l + "residual_cross_attention", "Add", inputs: [residual, g.last])
                    try g.add(l + "encoder_attn_layer_norm", "LayerNormalization")
                }
                residual = g.last
                try g.add(l + "fc", "FeedForward", [
                    "hidden_size": .int(d), "intermediate_size": .int(ffn), "mlp_bias": .bool(true),
                    "hidden_act": .string(try c.string("activation_function", default: "gelu")),
                ])
                try g.add(l + "residual_mlp", "Add", inputs: [residual, g.last])
                try g.add(l + "final_layer_norm", "LayerNormalization")
            }
        }
        let encoderOutput: String
        if cls == "BartForCausalLM" {
            encoderOutput = "encoder_hidden_states"
        } else {
            try stack("encoder", layers: try c.layerCount("encoder_layers", default: 12), heads: try c.int("encoder_attention_heads", default: 16),
                      ffn: try c.int("encoder_ffn_dim", default: 4096), encoderOutput: nil)
            encoderOutput = g.last
            if tied {
                try addSharedDecoderInput(embedding: p + "shared", tokens: t, into: &g)
            } else {
                try g.add("decoder_input_ids", "InputLayer", ["shape": .ints([t])])
                try g.add(p + "decoder.embed_tokens", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(d)])
            }
        }
        try stack("decoder", layers: try c.layerCount("decoder_layers", default: 12), heads: try c.int("decoder_attention_heads", default: 16),
                  ffn: try c.int("decoder_ffn_dim", default: 4096), encoderOutput: encoderOutput)
        switch cls {
        case "BartForConditionalGeneration", "BartForCausalLM":
            try g.add("lm_head", "LMHead", ["hidden_size": .int(d), "vocab_size": .int(vocab), "tie_word_embeddings": .bool(tied)])
        case "BartForSequenceClassification":
            // BartClassificationHead reads the decoder's state at the last EOS token (the input
            // ends with it): one token.
            try addTokenSelection("classification_head.eos_token", index: t - 1, tokens: t, into: &g)
            try g.add("classification_head.dense", "Dense", ["units": .int(d)])
            try g.add("classification_head.out_proj", "Dense", ["units": .int(try c.numLabels())])
        case "BartForQuestionAnswering":
            // `qa_outputs`: `Linear(d_model, 2)` on the decoder's output (the class sets num_labels to 2).
            try g.add("qa_outputs", "Dense", ["units": .int(2)])
        default: break
        }
        if cls == "BartForCausalLM" {
            return describe(cls, tokens: t, what: "tokens, attending to as many encoder states")
        }
        return describe(cls, tokens: t, what: "tokens (encoder and decoder each)")
    }

    /// The decoder's tokens through the encoder's (tied) token embedding: a second call of it.
    static func addSharedDecoderInput(embedding: String, tokens: Int, into g: inout TransformerGraph) throws(TransformerConfigError) {
        try g.add("decoder_input_ids", "InputLayer", ["shape": .ints([tokens])])
        let index = g.layers.firstIndex { $0.name == embedding }!
        g.layers[index].calls.append([TensorReference(layer: "decoder_input_ids")])
        try g.add("decoder.embedded", "Identity", inputs: [])
        g.layers[g.layers.count - 1].calls = [[TensorReference(layer: embedding, node: g.layers[index].calls.count - 1)]]
    }

    /// Whisper (`WhisperModel`, `WhisperForConditionalGeneration`, `WhisperForAudioClassification`:
    /// the encoder, `projector`, mean over frames, `classifier`): the encoder's conv front
    /// end over `(num_mel_bins, 2·max_source_positions)` log-mel frames (`conv1` kernel 3,
    /// `conv2` kernel 3 stride 2, both padding 1, with bias), `embed_positions`
    /// (`max_source_positions` rows, stored although sinusoidal), pre-norm layers whose `k_proj`
    /// has no bias, `layer_norm`; the decoder's `embed_tokens`, learned positions
    /// (`max_target_positions`), self- and cross-attention; `proj_out` tied by default.
    /// `WhisperForCausalLM` is the decoder alone (`model.decoder`, `proj_out` tied to its
    /// `embed_tokens`), built with the `encoder_outputs` it is called with as an input of
    /// `(max_source_positions, d_model)`: the encoder's output over 30 s of audio.
    static func buildWhisper(
        _ c: TransformerConfig, className: String?, options: TransformerBuildOptions, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let cls = try supportedClass(
            className, ["WhisperModel", "WhisperForConditionalGeneration", "WhisperForAudioClassification", "WhisperForCausalLM"])
        let decoderOnly = cls == "WhisperForCausalLM"
        let audioClassification = cls == "WhisperForAudioClassification"
        let vocab = try c.int("vocab_size", default: 51865)
        let d = try c.int("d_model", default: 384)
        let mels = try c.int("num_mel_bins", default: 80)
        let sourcePositions = try c.int("max_source_positions", default: 1500)
        // The encoder's two convolutions (the second of stride 2) take 2 × max_source_positions mel frames.
        let frames = try product(2, sourcePositions, what: "the mel frames, 2 × 'max_source_positions'")
        let targetPositions = try c.int("max_target_positions", default: 448)
        let t = try tokens(options, positions: targetPositions)
        let act = try c.string("activation_function", default: "gelu")
        // WhisperForAudioClassification holds the encoder alone, as `encoder`.
        let p = audioClassification ? "" : "model."
        func attention(_ heads: Int, cross: Bool = false) -> [String: ConfigValue] {
            var a: [String: ConfigValue] = [
                "hidden_size": .int(d), "num_attention_heads": .int(heads), "attention_bias": .bool(true),
                "k_proj_bias": .bool(false),
            ]
            if cross { a["is_cross_attention"] = .bool(true) }
            return a
        }
        let encoderOutput: String
        if decoderOnly {
            try g.add("encoder_hidden_states", "InputLayer", ["shape": .ints([sourcePositions, d])])
            encoderOutput = g.last
        } else {
            try g.add("input_features", "InputLayer", ["shape": .ints([mels, frames])])
            try g.add(p + "encoder.conv1", "Conv1D", [
                "filters": .int(d), "kernel_size": .int(3), "padding": .int(1), "data_format": .string("channels_first"),
            ])
            try g.add(p + "encoder.conv2", "Conv1D", [
                "filters": .int(d), "kernel_size": .int(3), "strides": .int(2), "padding": .int(1),
                "data_format": .string("channels_first"),
            ])
            try g.add(p + "encoder.transpose", "Permute", ["dims": .ints([2, 1])])
            // Sinusoidal values frozen at construction (`embed_positions.requires_grad_(False)` in
            // models/whisper/modeling_whisper.py, WhisperEncoder): non-trainable parameters.
            try g.add(p + "encoder.embed_positions", "PositionEmbedding", ["num_embeddings": .int(sourcePositions), "embedding_dim": .int(d)],
                      trainable: false)
            let encoderHeads = try c.int("encoder_attention_heads", default: 6)
            // The encoder's `hidden_states`: the input to every layer, then the final layer_norm's output.
            var states: [String] = []
            for i in 0..<(try c.layerCount("encoder_layers", default: 4)) {
                states.append(g.last)
                try addPreNormBlock(
                    "\(p)encoder.layers.\(i).", names: ("self_attn_layer_norm", "self_attn", "final_layer_norm", "fc"),
                    attention: attention(encoderHeads),
                    mlp: ["hidden_size": .int(d), "intermediate_size": .int(try c.int("encoder_ffn_dim", default: 1536)),
                          "mlp_bias": .bool(true), "hidden_act": .string(act)],
                    into: &g)
            }
            try g.add(p + "encoder.layer_norm", "LayerNormalization")
            if audioClassification {
                // `projector` `Linear(d_model, classifier_proj_size)` on every frame, the mean over
                // frames, `classifier` `Linear(classifier_proj_size, num_labels)`.
                // With `use_weighted_layer_sum` they read the weighted sum of the encoder's hidden states.
                let layerSum = try c.bool("use_weighted_layer_sum", default: false)
                if layerSum { try addWeightedLayerSum(states + [g.last], hidden: d, into: &g) }
                try g.add("projector", "Dense", ["units": .int(try c.int("classifier_proj_size", default: 256))])
                try g.add("pooled", "GlobalAveragePooling1D")
                try g.add("classifier", "Dense", ["units": .int(try c.numLabels())])
                return "Hugging Face \(cls); MACs over 30 s of audio (\(frames) mel frames)"
                    + (layerSum ? "; use_weighted_layer_sum (layer_weights: 0 MACs)" : "")
            }
            encoderOutput = g.last
        }
        try g.add(decoderOnly ? "input_ids" : "decoder_input_ids", "InputLayer", ["shape": .ints([t])])
        try g.add(p + "decoder.embed_tokens", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(d)])
        try g.add(p + "decoder.embed_positions", "PositionEmbedding", ["num_embeddings": .int(targetPositions), "embedding_dim": .int(d)])
        let decoderHeads = try c.int("decoder_attention_heads", default: 6)
        for i in 0..<(try c.layerCount("decoder_layers", default: 4)) {
            let l = "\(p)decoder.layers.\(i)."
            var residual = g.last
            try g.add(l + "self_attn_layer_norm", "LayerNormalization")
            try g.add(l + "self_attn", "TransformerAttention", attention(decoderHeads))
            try g.add(l + "residual_attention", "Add", inputs: [residual, g.last])
            residual = g.last
            try g.add(l + "encoder_attn_layer_norm", "LayerNormalization")
            try g.add(l + "encoder_attn", "TransformerAttention", attention(decoderHeads, cross: true), inputs: [g.last, encoderOutput])
            try g.add(l + "residual_cross_attention", "Add", inputs: [residual, g.last])
            residual = g.last
            try g.add(l + "final_layer_norm", "LayerNormalization")
            try g.add(l + "fc", "FeedForward", [
                "hidden_size": .int(d), "intermediate_size": .int(try c.int("decoder_ffn_dim", default: 1536)),
                "mlp_bias": .bool(true), "hidden_act": .string(act),
            ])
            try g.add(l + "residual_mlp", "Add", inputs: [residual, g.last])
        }
        try g.add(p + "decoder.layer_norm", "LayerNormalization")
        if cls == "WhisperForConditionalGeneration" || decoderOnly {
            try g.add("proj_out", "LMHead", [
                "hidden_size": .int(d), "vocab_size": .int(vocab),
                "tie_word_embeddings": .bool(try c.bool("tie_word_embeddings", default: true)),
            ])
        }
        if decoderOnly {
            return "Hugging Face \(cls); MACs over \(t) tokens attending to \(sourcePositions) encoder states (30 s of audio; add --input-shape N to change the tokens)"
        }
        return "Hugging Face \(cls); MACs over 30 s of audio (\(frames) mel frames) and \(t) decoder tokens (add --input-shape N to change)"
    }
}
