import CatalogCore

/// The trained context and position scaling of a rotary-position (RoPE) model, from its
/// config.json or GGUF metadata (``RoPEContext``; docs/MEMORY.md).
enum RoPEContextReader {
    /// Whether `architecture` rotates its queries and keys: an attention layer with a
    /// `rotary_dim` (Llama, Mistral, Qwen2, Gemma, Phi, GPT-NeoX) or multi-head latent attention
    /// (DeepSeek-V2's `qk_rope_head_dim`), and no learned position table.
    static func usesRoPE(_ architecture: Architecture) -> Bool {
        var rotary = false
        for layer in architecture.layers {
            switch layer.kind {
            case .transformerAttention(let attention) where attention.rotaryDim > 0: rotary = true
            case .multiLatentAttention: rotary = true
            case .positionEmbedding(let positions) where positions.isPerPosition: return false
            default: break
            }
        }
        return rotary
    }

    /// The RoPE context of a config.json: `max_position_embeddings` and `rope_scaling` (or, from
    /// transformers 5, `rope_parameters` whose `rope_type` is not `default`), or `nil` when
    /// the architecture has no rotary layers or the config names no positive context.
    static func context(_ object: [String: ConfigValue], architecture: Architecture) -> RoPEContext? {
        guard usesRoPE(architecture), case .int(let positions)? = object["max_position_embeddings"], positions > 0 else {
            return nil
        }
        var scaling: String?
        if case .object(let rope)? = object["rope_scaling"] {
            scaling = text(rope)
        } else if case .object(let rope)? = object["rope_parameters"],
            let type = rope["rope_type"]?.stringValue ?? rope["type"]?.stringValue, type != "default"
        {
            scaling = text(rope)
        }
        return RoPEContext(maxPositionEmbeddings: positions, ropeScaling: scaling)
    }

    /// A GGUF file's scaling as llama.cpp writes it (gguf-py `Keys.Rope`: `{arch}.rope.scaling.type`,
    /// `.factor`, `.original_context_length`), and a `rope_freqs.weight` tensor (Llama 3.1's
    /// per-frequency factors, which llama.cpp stores as a tensor instead of a key); `nil` when
    /// the file has neither or says `none`.
    static func ggufScaling(_ metadata: [String: GGUFValue], architecture arch: String, tensorNames: [String]) -> String? {
        var parts: [String] = []
        if case .string(let type)? = metadata[arch + ".rope.scaling.type"], type != "none" {
            parts.append("type \(type)")
            if let factor = metadata[arch + ".rope.scaling.factor"]?.doubleValue { parts.append("factor \(factor)") }
            if let original = metadata[arch + ".rope.scaling.original_context_length"]?.intValue {
                parts.append("original_context_length \(original)")
            }
        }
        if tensorNames.contains("rope_freqs.weight") { parts.append("rope_freqs.weight (per-frequency factors)") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// `{"rope_type": "llama3", "factor": 8.0}` → `factor 8.0, rope_type llama3`: keys sorted,
    /// `rope_theta` (the base frequency, not a scaling) left out.
    static func text(_ object: [String: ConfigValue]) -> String? {
        let parts = object.keys.sorted().compactMap { key -> String? in
            guard key != "rope_theta", let value = object[key] else { return nil }
            switch value {
            case .int(let number): return "\(key) \(number)"
            case .double(let number): return "\(key) \(number)"
            case .string(let text): return "\(key) \(text)"
            case .bool(let flag): return "\(key) \(flag)"
            case .array(let items): return "\(key) [\(items.count) values]"
            case .null, .object: return nil
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
