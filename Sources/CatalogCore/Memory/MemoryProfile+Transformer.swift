// The transformer part of a profile: each attention layer's KV cache, the per-layer activation
// peak, Korthikanti's dimensions and the linear modules LoRA can adapt (docs/MEMORY.md).

extension MemoryProfile {
    /// Model types (`model_type`, kept as a tag by the Hugging Face reader) whose attention is
    /// bidirectional over the whole input: encoders keep no KV cache.
    static let encoderOnlyTypes: Set<String> = [
        "bert", "roberta", "xlm-roberta", "distilbert", "albert", "electra", "deberta", "deberta-v2", "mpnet",
        "camembert", "vit", "deit", "beit", "dinov2", "wav2vec2", "hubert", "clip", "clip_vision_model", "siglip",
        "siglip_vision_model", "modernbert", "nomic_bert",
    ]

    /// What the transformer layers of `architecture` add to a profile.
    struct TransformerParts {
        var kvLayers: [KVCacheLayer] = []
        var peakValuesPerToken = 0
        /// One group per distinct (hidden, heads, fixed length), in graph order.
        var shapes: [TransformerShape] = []
        var modules: [LinearModule] = []
        var linearParameters = 0
        var maxContext: Int?
        var hasTransformerLayers = false
    }

    /// Each attention layer's cache: a decoder's self-attention caches every token (or its
    /// `sliding_window`), MLA its latent, a cross-attention the encoder output's length; layers
    /// named under `encoder.` and the layers of encoder-only model types cache nothing.
    /// Activation peak per token (an estimate): the residual stream plus the largest layer's
    /// intermediates — attention: q + k + v + output; MLP: (2 if gated else 1) · intermediate
    /// + output; MoE: the router logits + `num_experts_per_tok` experts' intermediates + the
    /// shared expert's + output — with fused attention kernels (no score matrix) and the logits
    /// of the last token only (vLLM's sampler).
    static func transformerParts(_ architecture: Architecture, results: [LayerResult]) -> TransformerParts {
        var parts = TransformerParts()
        let encoderOnly = architecture.tags.contains { encoderOnlyTypes.contains($0.lowercased()) }
        // Results by layer name, built on the first look-up (a cross-attention's encoder output,
        // a tower's length): most models make none.
        var resultsByName: [String: LayerResult]?
        func result(named name: String) -> LayerResult? {
            if resultsByName == nil {
                var byName: [String: LayerResult] = [:]
                byName.reserveCapacity(results.count)
                for result in results { byName[result.name] = result }
                resultsByName = byName
            }
            return resultsByName?[name]
        }
        func isEncoderLayer(_ name: String) -> Bool {
            encoderOnly || name.hasPrefix("encoder.") || contains(name, ".encoder.")
        }
        // Towers whose sequence does not follow the context: an image tower's patches, an audio
        // encoder's frames (Whisper); their length is the layer's output length.
        let audioEncoder = architecture.tags.contains { $0.lowercased() == "whisper" }
        func fixedLength(_ name: String) -> Int? {
            guard contains(name, "vision") || (audioEncoder && isEncoderLayer(name)) else { return nil }
            return result(named: name)?.outputShapes.first?.first?.dimensions.first ?? nil
        }
        func countLayer(_ name: String, hidden: Int, heads: Int) {
            let length = fixedLength(name)
            if let at = parts.shapes.firstIndex(where: { $0.hiddenSize == hidden && $0.attentionHeads == heads && $0.fixedLength == length }) {
                parts.shapes[at].layers += 1
            } else {
                parts.shapes.append(TransformerShape(layers: 1, hiddenSize: hidden, attentionHeads: heads, fixedLength: length))
            }
        }
        func add(_ name: String, _ input: Int, _ output: Int) {
            parts.modules.append(LinearModule(name: name, inFeatures: input, outFeatures: output))
            parts.linearParameters += input * output
        }
        for layer in architecture.layers {
            switch layer.kind {
            case .transformerAttention(let a):
                parts.hasTransformerLayers = true
                let kvWidth = a.numKeyValueHeads * a.headDim
                if a.isCrossAttention {
                    // The encoder output is the call's second input.
                    var length: Int?
                    if let reference = layer.calls.first?.dropFirst().first,
                        let producer = result(named: reference.layer),
                        reference.node < producer.outputShapes.count,
                        reference.tensor < producer.outputShapes[reference.node].count
                    {
                        length = producer.outputShapes[reference.node][reference.tensor].dimensions.first ?? nil
                    }
                    if let length, !encoderOnly {
                        parts.kvLayers.append(.crossAttention(kvHeads: a.numKeyValueHeads, headDim: a.headDim, encoderLength: length))
                    }
                } else if !isEncoderLayer(layer.name) {
                    if let window = a.slidingWindow {
                        parts.kvLayers.append(.slidingWindow(kvHeads: a.numKeyValueHeads, headDim: a.headDim, window: window))
                    } else {
                        parts.kvLayers.append(.fullAttention(kvHeads: a.numKeyValueHeads, headDim: a.headDim))
                    }
                }
                let q = a.numAttentionHeads * a.headDim, v = a.numKeyValueHeads * a.valueHeadDim
                parts.peakValuesPerToken = max(parts.peakValuesPerToken, a.hiddenSize + q + kvWidth + v + a.outputSize)
                add(layer.name + ".q_proj", a.hiddenSize, q)
                add(layer.name + ".k_proj", a.kvHiddenSize, kvWidth)
                add(layer.name + ".v_proj", a.kvHiddenSize, v)
                add(layer.name + ".o_proj", a.numAttentionHeads * a.valueHeadDim, a.outputSize)
                if !a.isCrossAttention { countLayer(layer.name, hidden: a.hiddenSize, heads: a.numAttentionHeads) }
            case .multiLatentAttention(let m):
                parts.hasTransformerLayers = true
                if !isEncoderLayer(layer.name) {
                    parts.kvLayers.append(.latent(kvLoraRank: m.kvLoraRank, qkRopeHeadDim: m.qkRopeHeadDim))
                }
                let q = m.numAttentionHeads * m.qHeadDim
                let expanded = m.numAttentionHeads * (m.qkNopeHeadDim + m.vHeadDim)
                parts.peakValuesPerToken = max(
                    parts.peakValuesPerToken, m.hiddenSize + q + m.kvLoraRank + m.qkRopeHeadDim + expanded + m.hiddenSize)
                if let rank = m.qLoraRank {
                    add(layer.name + ".q_a_proj", m.hiddenSize, rank)
                    add(layer.name + ".q_b_proj", rank, q)
                } else {
                    add(layer.name + ".q_proj", m.hiddenSize, q)
                }
                add(layer.name + ".kv_a_proj_with_mqa", m.hiddenSize, m.kvLoraRank + m.qkRopeHeadDim)
                add(layer.name + ".kv_b_proj", m.kvLoraRank, expanded)
                add(layer.name + ".o_proj", m.numAttentionHeads * m.vHeadDim, m.hiddenSize)
                countLayer(layer.name, hidden: m.hiddenSize, heads: m.numAttentionHeads)
            case .disentangledAttention(let a):
                // DeBERTa-v2 is an encoder (no KV cache): its linear modules and activations.
                parts.hasTransformerLayers = true
                parts.peakValuesPerToken = max(parts.peakValuesPerToken, a.hiddenSize + 3 * a.allHeadSize + a.hiddenSize)
                for name in ["query_proj", "key_proj", "value_proj"] { add(layer.name + ".self." + name, a.hiddenSize, a.allHeadSize) }
                add(layer.name + ".output.dense", a.allHeadSize, a.hiddenSize)
                if !a.shareAttentionKey {
                    for type in a.positionAttentionTypes {
                        add(layer.name + (type == "c2p" ? ".self.pos_key_proj" : ".self.pos_query_proj"), a.hiddenSize, a.allHeadSize)
                    }
                }
                countLayer(layer.name, hidden: a.hiddenSize, heads: a.numAttentionHeads)
            case .feedForward(let f):
                parts.hasTransformerLayers = true
                let up = (f.isGated ? 2 : 1) * f.intermediateSize
                parts.peakValuesPerToken = max(parts.peakValuesPerToken, f.hiddenSize + up + f.outputSize)
                if f.isGated { add(layer.name + ".gate_proj", f.hiddenSize, f.intermediateSize) }
                add(layer.name + ".up_proj", f.hiddenSize, f.intermediateSize)
                add(layer.name + ".down_proj", f.intermediateSize, f.outputSize)
            case .mixtureOfExperts(let e):
                parts.hasTransformerLayers = true
                let factor = e.isGated ? 2 : 1
                let active = e.numExperts + e.numExpertsPerTok * factor * e.expertIntermediateSize
                    + factor * e.sharedIntermediateSize
                parts.peakValuesPerToken = max(parts.peakValuesPerToken, 2 * e.hiddenSize + active)
                add(layer.name + ".gate", e.hiddenSize, e.numExperts)
                for expert in 0..<e.numExperts {
                    let prefix = layer.name + ".experts.\(expert)"
                    if e.isGated { add(prefix + ".gate_proj", e.hiddenSize, e.expertIntermediateSize) }
                    add(prefix + ".up_proj", e.hiddenSize, e.expertIntermediateSize)
                    add(prefix + ".down_proj", e.expertIntermediateSize, e.hiddenSize)
                }
                if e.sharedIntermediateSize > 0 {
                    let prefix = layer.name + ".shared_experts"
                    if e.isGated { add(prefix + ".gate_proj", e.hiddenSize, e.sharedIntermediateSize) }
                    add(prefix + ".up_proj", e.hiddenSize, e.sharedIntermediateSize)
                    add(prefix + ".down_proj", e.sharedIntermediateSize, e.hiddenSize)
                }
            case .positionEmbedding(let p) where p.isPerPosition:
                parts.maxContext = min(parts.maxContext ?? .max, p.numEmbeddings)
            case .tokenEmbedding, .rmsNormalization, .languageModelHead:
                parts.hasTransformerLayers = true
            default:
                break
            }
        }
        return parts
    }

    /// Whether `text` contains `needle`, an ASCII text without CR or LF: in an ASCII `text` every
    /// byte is a character, so the bytes are compared (the generic `contains` cost 37,000
    /// instructions a layer name, BENCHMARKS.md section 6); another `text` by characters.
    static func contains(_ text: String, _ needle: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        let found: Bool?? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard pattern.count <= bytes.count else { return pattern.isEmpty }
            for start in 0...(bytes.count - pattern.count) {
                var index = 0
                while index < pattern.count, bytes[start + index] == pattern[index] { index += 1 }
                if index == pattern.count { return true }
            }
            return false
        }
        if let found, let found { return found }
        return text.contains(needle.description)
    }
}
