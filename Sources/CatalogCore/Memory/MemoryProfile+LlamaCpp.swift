// The GGUF tensors of a transformer, from its layers, for pricing llama.cpp's mixes.

extension MemoryProfile {
    /// Model types whose GGUF tensors (llama.cpp's `LLM_ARCH_LLAMA`, `QWEN2`, `GEMMA`, `GEMMA2`)
    /// are one per projection as the catalog's layers have them: separate `attn_q/k/v`, gated
    /// `ffn_gate/up/down` or merged `ffn_*_exps`.
    static let llamaCppTypes: Set<String> = [
        "llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "gemma", "gemma2", "gemma3_text",
        // Gemma 3 with its image tower: llama.cpp's GGUF holds the language model only, so the
        // tower's layers make the pricing fall back to the base type (below).
        "gemma3",
    ]

    /// The tensors of `architecture` as llama.cpp's converter writes them, or `nil` when its
    /// family is not one of ``llamaCppTypes`` or the tensors do not add up to every parameter
    /// (then a mix is priced as its base type). Matrices from each layer's hyperparameters
    /// (`ne[0]` = input features); what else a layer holds (biases, q/k norms) is 1-D and F32.
    static func llamaCppModel(_ architecture: Architecture, results: [LayerResult], parameters: Int) -> LlamaCppModel? {
        guard let type = architecture.tags.first(where: { llamaCppTypes.contains($0.lowercased()) })?.lowercased() else {
            return nil
        }
        var tensors: [GGUFTensorShape] = []
        var counted = 0
        var attentionLayers = 0, gqa = 1, experts = 0, heads = 0, kvHeads = 0
        var hasOutput = false
        func add(_ role: GGUFTensorShape.Role, _ layer: Int?, _ row: Int, _ elements: Int) {
            guard elements > 0 else { return }
            tensors.append(GGUFTensorShape(role: role, layer: layer, rowLength: row, elements: elements))
            counted += elements
        }
        for (layer, result) in zip(architecture.layers, results) {
            let index = layerIndex(layer.name)
            var matrices = 0
            switch layer.kind {
            case .tokenEmbedding(let e):
                add(.tokenEmbedding, nil, e.hiddenSize, e.vocabSize * e.hiddenSize)
                matrices = e.vocabSize * e.hiddenSize
            case .languageModelHead(let h):
                guard !h.isTied else { continue }
                hasOutput = true
                add(.output, nil, h.hiddenSize, h.vocabSize * h.hiddenSize)
                matrices = h.vocabSize * h.hiddenSize
            case .transformerAttention(let a):
                guard !a.isCrossAttention else { return nil }
                attentionLayers += 1
                (heads, kvHeads) = (a.numAttentionHeads, a.numKeyValueHeads)
                let q = a.numAttentionHeads * a.headDim, k = a.numKeyValueHeads * a.headDim
                let v = a.numKeyValueHeads * a.valueHeadDim, o = a.numAttentionHeads * a.valueHeadDim
                add(.attnQ, index, a.hiddenSize, a.hiddenSize * q)
                add(.attnK, index, a.kvHiddenSize, a.kvHiddenSize * k)
                add(.attnV, index, a.kvHiddenSize, a.kvHiddenSize * v)
                add(.attnOutput, index, o, o * a.outputSize)
                matrices = a.hiddenSize * q + a.kvHiddenSize * (k + v) + o * a.outputSize
            case .feedForward(let f):
                if f.isGated { add(.ffnGate, index, f.hiddenSize, f.hiddenSize * f.intermediateSize) }
                add(.ffnUp, index, f.hiddenSize, f.hiddenSize * f.intermediateSize)
                add(.ffnDown, index, f.intermediateSize, f.intermediateSize * f.outputSize)
                matrices = (f.isGated ? 2 : 1) * f.hiddenSize * f.intermediateSize + f.intermediateSize * f.outputSize
            case .mixtureOfExperts(let e):
                experts = max(experts, e.numExperts)
                let factor = e.isGated ? 2 : 1
                // The router stays F32; the experts are merged 3-D tensors (ffn_*_exps), the
                // shared expert ffn_*_shexp.
                add(.keptF32, index, e.hiddenSize, e.hiddenSize * e.numExperts)
                let perExpert = e.hiddenSize * e.expertIntermediateSize
                if e.isGated { add(.ffnGate, index, e.hiddenSize, e.numExperts * perExpert) }
                add(.ffnUp, index, e.hiddenSize, e.numExperts * perExpert)
                add(.ffnDown, index, e.expertIntermediateSize, e.numExperts * perExpert)
                let shared = e.hiddenSize * e.sharedIntermediateSize
                if shared > 0 {
                    if e.isGated { add(.ffnGate, index, e.hiddenSize, shared) }
                    add(.ffnUp, index, e.hiddenSize, shared)
                    add(.ffnDown, index, e.sharedIntermediateSize, shared)
                }
                matrices = e.hiddenSize * e.numExperts + e.numExperts * perExpert * (factor + 1) + shared * (factor + 1)
            case .rmsNormalization, .merge, .input:
                break
            default:
                // Another layer kind in the graph: not a family this pricing knows.
                guard result.parameters == 0 else { return nil }
            }
            // Biases, q/k norms and RMSNorm weights: 1-D, F32.
            let rest = result.parameters - matrices
            guard rest >= 0 else { return nil }
            add(.keptF32, index, max(rest, 1), rest)
        }
        guard counted == parameters, attentionLayers > 0 else { return nil }
        if kvHeads > 0 { gqa = heads / kvHeads }
        // llama.cpp's LLM_TYPE_70B: the llama architecture (Llama, Mistral, Mixtral files) with
        // 80 layers and grouped KV heads.
        let isLlamaArch = ["llama", "mistral", "mixtral"].contains(type)
        return LlamaCppModel(
            layers: attentionLayers, gqa: gqa, experts: experts,
            is70B: isLlamaArch && attentionLayers == 80 && heads != kvHeads, hasOutput: hasOutput, tensors: tensors)
    }

    /// The number after a layer name's first `layers` component (`model.layers.12.mlp` → 12),
    /// components being the non-empty runs between dots; `nil` without one. An ASCII name is
    /// read byte by byte (splitting every name into strings cost 13,000 instructions a layer,
    /// BENCHMARKS.md section 6); another is split by characters.
    static func layerIndex(_ name: String) -> Int? {
        let index = name.utf8.withContiguousStorageIfAvailable { bytes -> Int?? in
            var bits: UInt8 = 0
            for byte in bytes { bits |= byte }
            guard bits < 0x80 else { return .none }
            let dot = UInt8(ascii: ".")
            var start = 0
            var afterLayers = false
            while start < bytes.count {
                guard bytes[start] != dot else {
                    start += 1
                    continue
                }
                var end = start
                while end < bytes.count, bytes[end] != dot { end += 1 }
                let component = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if afterLayers {
                    // Up to 18 digits cannot overflow; anything else is parsed as `Int(_:)` does.
                    guard component.count <= 18, component.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                        return .some(Int(String(decoding: component, as: UTF8.self)))
                    }
                    return .some(component.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
                }
                afterLayers = component.elementsEqual("layers".utf8)
                start = end
            }
            return .some(nil)
        }
        if let index, let index { return index }
        let parts = name.split(separator: ".")
        guard let at = parts.firstIndex(of: "layers"), at + 1 < parts.count else { return nil }
        return Int(parts[at + 1])
    }
}
