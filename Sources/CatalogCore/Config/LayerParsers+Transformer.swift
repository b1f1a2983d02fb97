// Native-format types of the transformer layer kinds (docs/FORMAT.md, "Transformer layers"),
// under transformers' config names.

extension LayerRegistry {
    static func registerTransformerLayers(_ add: (String, [String], @escaping Parser) -> Void) {
        add("TokenEmbedding", []) { reader, _ throws(ConfigError) in
            .tokenEmbedding(TokenEmbedding(
                vocabSize: try reader.int("vocab_size"), hiddenSize: try reader.int("hidden_size")))
        }
        add("PositionEmbedding", []) { reader, _ throws(ConfigError) in
            .positionEmbedding(PositionEmbedding(
                numEmbeddings: try reader.int("num_embeddings"), embeddingDim: try reader.int("embedding_dim"),
                isPerPosition: try reader.bool("per_position", default: true)))
        }
        add("TransformerAttention", []) { reader, _ throws(ConfigError) in
            .transformerAttention(try parseTransformerAttention(&reader))
        }
        add("MultiLatentAttention", []) { reader, _ throws(ConfigError) in
            let qLoraRank: Int? = reader.takeNull("q_lora_rank") ? nil : try reader.optionalInt("q_lora_rank")
            return .multiLatentAttention(MultiLatentAttention(
                hiddenSize: try reader.int("hidden_size"), numAttentionHeads: try reader.int("num_attention_heads"),
                qLoraRank: qLoraRank, kvLoraRank: try reader.int("kv_lora_rank"),
                qkNopeHeadDim: try reader.int("qk_nope_head_dim", minimum: 0),
                qkRopeHeadDim: try reader.int("qk_rope_head_dim", minimum: 0),
                vHeadDim: try reader.int("v_head_dim"), attentionBias: try reader.bool("attention_bias", default: false)))
        }
        add("DisentangledAttention", []) { reader, _ throws(ConfigError) in
            let hidden = try reader.int("hidden_size")
            let heads = try reader.int("num_attention_heads")
            let headDim = try parseHeadDim(&reader, hiddenSize: hidden, heads: heads)
            var types: [String] = []
            if let value = reader.take("pos_att_type") {
                // A list (`["p2c", "c2p"]`) or transformers' older `"p2c|c2p"` string.
                let items: [ConfigValue] = if case .array(let list) = value { list } else { [value] }
                for item in items {
                    guard let text = item.stringValue else {
                        throw .wrongType(key: "pos_att_type", expected: "'c2p', 'p2c' or a list of them", found: value)
                    }
                    for part in text.lowercased().split(separator: "|") {
                        let name = String(part.filter { $0 != " " })
                        guard name == "c2p" || name == "p2c" else {
                            throw .invalidValue(key: "pos_att_type", value: value, reason: "expected 'c2p' and/or 'p2c'")
                        }
                        types.append(name)
                    }
                }
            }
            return .disentangledAttention(DisentangledAttention(
                hiddenSize: hidden, numAttentionHeads: heads, headDim: headDim, positionAttentionTypes: types,
                shareAttentionKey: try reader.bool("share_att_key", default: false)))
        }
        add("RelativePositionEmbedding", []) { reader, _ throws(ConfigError) in
            .relativePositionEmbedding(RelativePositionEmbedding(
                numEmbeddings: try reader.int("num_embeddings"), hiddenSize: try reader.int("hidden_size")))
        }
        add("RMSNorm", ["RMSNormalization"]) { reader, _ throws(ConfigError) in
            _ = reader.take("eps")
            return .rmsNormalization(RMSNormalization(hiddenSize: try reader.int("hidden_size")))
        }
        add("FeedForward", []) { reader, _ throws(ConfigError) in
            let hidden = try reader.int("hidden_size")
            return .feedForward(FeedForward(
                hiddenSize: hidden, intermediateSize: try reader.int("intermediate_size"),
                outputSize: try reader.int("output_size", default: hidden), isGated: try reader.bool("gated", default: false),
                bias: try reader.bool("mlp_bias", default: false), hiddenAct: try anyString(&reader, "hidden_act", default: "gelu")))
        }
        add("MixtureOfExperts", []) { reader, _ throws(ConfigError) in
            .mixtureOfExperts(MixtureOfExperts(
                hiddenSize: try reader.int("hidden_size"), numExperts: try reader.int("num_experts"),
                numExpertsPerTok: try reader.int("num_experts_per_tok"),
                expertIntermediateSize: try reader.int("moe_intermediate_size"),
                sharedIntermediateSize: try reader.int("shared_intermediate_size", default: 0, minimum: 0),
                isGated: try reader.bool("gated", default: true), routerBias: try reader.bool("router_bias", default: false),
                expertBias: try reader.bool("expert_bias", default: false),
                sharedExpertGate: try reader.bool("shared_expert_gate", default: false)))
        }
        add("PatchEmbedding", []) { reader, _ throws(ConfigError) in
            .patchEmbedding(PatchEmbedding(
                numChannels: try reader.int("num_channels", default: 3), patchSize: try reader.int("patch_size"),
                hiddenSize: try reader.int("hidden_size"), useBias: try reader.bool("use_bias", default: true),
                classToken: try reader.bool("class_token", default: true),
                positionEmbeddings: try reader.bool("position_embeddings", default: true)))
        }
        add("PositionalConvolution", []) { reader, _ throws(ConfigError) in
            .positionalConvolution(PositionalConvolution(
                hiddenSize: try reader.int("hidden_size"), kernelSize: try reader.int("kernel_size"),
                groups: try reader.int("groups", default: 1), weightNorm: try reader.bool("weight_norm", default: true)))
        }
        add("Pooler", []) { reader, _ throws(ConfigError) in
            .pooler(hiddenSize: try reader.int("hidden_size"))
        }
        add("LMHead", ["LanguageModelHead"]) { reader, _ throws(ConfigError) in
            .languageModelHead(LanguageModelHead(
                hiddenSize: try reader.int("hidden_size"), vocabSize: try reader.int("vocab_size"),
                isTied: try reader.bool("tie_word_embeddings", default: false), bias: try reader.bool("bias", default: false)))
        }
    }

    /// `head_dim` as given, else `hidden_size / num_attention_heads` (transformers' default);
    /// an error when `num_attention_heads` does not divide `hidden_size`.
    private static func parseHeadDim(
        _ reader: inout ConfigReader, hiddenSize hidden: Int, heads: Int
    ) throws(ConfigError) -> Int {
        if let given = try reader.optionalInt("head_dim") { return given }
        guard hidden % heads == 0 else {
            throw .invalidValue(key: "num_attention_heads", value: .int(heads), reason: "does not divide hidden_size \(hidden); give head_dim")
        }
        return hidden / heads
    }

    /// `TransformerAttention`: `head_dim` defaults to `hidden_size / num_attention_heads`,
    /// `num_key_value_heads` to `num_attention_heads`; `attention_bias` sets all four
    /// projection biases, each overridable (`q_proj_bias`, …).
    private static func parseTransformerAttention(_ reader: inout ConfigReader) throws(ConfigError) -> TransformerAttention {
        let hidden = try reader.int("hidden_size")
        let heads = try reader.int("num_attention_heads")
        let kvHeads = try reader.int("num_key_value_heads", default: heads)
        guard heads % kvHeads == 0 else {
            throw .invalidValue(key: "num_key_value_heads", value: .int(kvHeads), reason: "must divide num_attention_heads \(heads)")
        }
        let headDim = try parseHeadDim(&reader, hiddenSize: hidden, heads: heads)
        let all = try reader.bool("attention_bias", default: false)
        let window: Int? = reader.takeNull("sliding_window") ? nil : try reader.optionalInt("sliding_window")
        return TransformerAttention(
            hiddenSize: hidden, numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim: headDim,
            valueHeadDim: try reader.optionalInt("v_head_dim"), kvHiddenSize: try reader.optionalInt("kv_hidden_size"),
            outputSize: try reader.optionalInt("output_size"),
            qProjBias: try reader.bool("q_proj_bias", default: all), kProjBias: try reader.bool("k_proj_bias", default: all),
            vProjBias: try reader.bool("v_proj_bias", default: all), oProjBias: try reader.bool("o_proj_bias", default: all),
            isCrossAttention: try reader.bool("is_cross_attention", default: false), slidingWindow: window,
            rotaryDim: try reader.int("rotary_dim", default: 0, minimum: 0),
            relativeAttentionNumBuckets: try reader.int("relative_attention_num_buckets", default: 0, minimum: 0),
            qkNorm: reader.takeNull("qk_norm") ? nil : try optionalString(&reader, "qk_norm", allowed: ["rms", "layer"]))
    }

    private static func optionalString(_ reader: inout ConfigReader, _ key: String, allowed: [String]) throws(ConfigError) -> String? {
        guard let value = reader.take(key) else { return nil }
        guard let text = value.stringValue?.lowercased(), allowed.contains(text) else {
            throw .invalidValue(key: key, value: value, reason: "expected one of " + allowed.map { "'\($0)'" }.joined(separator: ", "))
        }
        return text
    }

    private static func anyString(_ reader: inout ConfigReader, _ key: String, default fallback: String) throws(ConfigError) -> String {
        guard let value = reader.take(key) else { return fallback }
        guard let text = value.stringValue else { throw .wrongType(key: key, expected: "a string", found: value) }
        return text
    }
}
