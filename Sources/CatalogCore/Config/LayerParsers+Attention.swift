// Parsers for the attention layers (Keras config names).


extension LayerRegistry {
    /// Registers the parsers for the attention layers.
    static func registerAttentionLayers(_ add: (String, [String], @escaping Parser) -> Void) {
        add("MultiHeadAttention", []) { reader, _ throws(ConfigError) in
            for key in ["attention_axes", "use_gate", "sliding_window", "flash_attention"] { _ = reader.take(key) }
            let keyDim = try reader.int("key_dim")
            let valueDim = try reader.optionalInt("value_dim") ?? keyDim
            return .multiHeadAttention(MultiHeadAttention(
                numHeads: try reader.int("num_heads"), keyDim: keyDim, valueDim: valueDim,
                outputShape: try reader.intList("output_shape", minimum: 1),
                useBias: try reader.bool("use_bias", default: true)))
        }
        add("Attention", []) { reader, _ throws(ConfigError) in
            let mode = try reader.string("score_mode", default: "dot", allowed: ["dot", "concat"])
            return .attention(AttentionLayer(
                additive: false, useScale: try reader.bool("use_scale", default: false), concatScore: mode == "concat"))
        }
        add("AdditiveAttention", []) { reader, _ throws(ConfigError) in
            .attention(AttentionLayer(
                additive: true, useScale: try reader.bool("use_scale", default: true), concatScore: false))
        }
    }
}
