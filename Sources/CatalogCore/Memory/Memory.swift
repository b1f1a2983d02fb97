/// Inference and training memory of one architecture, term by term (docs/MEMORY.md).
public enum Memory {
    /// The memory `request` needs for the model described by `profile`.
    ///
    /// Inference: weights + KV cache + activations (estimate). Weights: the stored bytes when the
    /// profile has them and no type is requested, else parameters × the type's bytes with block
    /// overhead (``StorageType``). KV cache: Σ over layers of `batch · cachedTokens · bytes per
    /// token` (``KVCacheLayer``; vLLM's KV cache specs). Activations: batch · context · the
    /// per-layer peak values per token, or batch · the per-sample figure, × 2 B (4 B for f32).
    ///
    /// Training adds gradients and optimizer states at a stated bytes-per-parameter convention
    /// (ZeRO, Rajbhandari et al. 2020, §3.1: mixed-precision AdamW keeps 2 B weights + 2 B
    /// gradients + 12 B of fp32 master weights, momentum and variance = 16 B per parameter) and
    /// replaces the activations by Korthikanti et al. 2022 (eq. 1–2: `s·b·h·(34 + 5·a·s/h)`
    /// bytes per layer; with full recomputation `2·s·b·h` per layer plus one layer's).
    /// - Throws: ``MemoryError``: a context, batch or rank below 1, a quantized KV type whose
    ///   block does not divide a row, LoRA targets that match no linear module, a 64-bit overflow.
    public static func breakdown(
        _ profile: MemoryProfile, _ request: MemoryRequest
    ) throws(MemoryError) -> MemoryBreakdown {
        guard request.context >= 1 else { throw .invalid("--context must be at least 1, got \(request.context)") }
        guard request.batch >= 1 else { throw .invalid("--batch must be at least 1, got \(request.batch)") }
        var terms: [MemoryTerm] = []
        var notes: [String] = []
        let weightType = try resolvedWeightType(profile, request)

        // Weights.
        var weightsBytes: Int
        if request.training == .qlora {
            let nf4 = try StorageType.named("nf4")
            let linear = profile.linearParameters ?? profile.parameters
            let rest = profile.parameters - linear
            let bf16 = try StorageType.named("bf16")
            weightsBytes = try checkedSum("weights", nf4.bytes(parameters: linear), bf16.bytes(parameters: rest))
            terms.append(MemoryTerm(
                name: "weights",
                formula: "\(grouped(linear)) linear params in NF4 (\(nf4.perValueText), blocks of 64 with double-quantized scales) + \(grouped(rest)) others · 2 B",
                bytes: weightsBytes, isEstimate: profile.linearParameters == nil))
            if profile.linearParameters == nil { notes.append("QLoRA base: linear parameters unknown, all priced as NF4 (estimate)") }
        } else if let stored = profile.storedWeights, request.weightType == nil {
            weightsBytes = stored.bytes
            let mix = stored.elementsByDType.map { "\($0.dtype) \(grouped($0.elements))" }.joined(separator: ", ")
            terms.append(MemoryTerm(name: "weights", formula: "as stored, Σ tensor bytes (\(mix) elements)", bytes: weightsBytes))
        } else if let model = profile.llamaCppModel, let base = LlamaCppMix.baseTypes[weightType.name] {
            // A llama.cpp k-quant mix: llama-quantize's type for each of the model's tensors.
            let priced = try LlamaCppMix.price(model, ftype: weightType.name)
            weightsBytes = priced.bytes
            let mix = priced.elementsByType.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
                .map { "\($0.key) \(grouped($0.value))" }.joined(separator: ", ")
            terms.append(MemoryTerm(
                name: "weights",
                formula: "estimate of llama.cpp's \(weightType.name) mix (base \(base); llama_tensor_get_type per tensor, no imatrix): Σ tensor bytes (\(mix) elements)",
                bytes: weightsBytes, isEstimate: true))
        } else {
            weightsBytes = try weightType.bytes(parameters: profile.parameters)
            let perValue = weightType.layout.blockElements == 1
                ? "\(grouped(profile.parameters)) params · \(weightType.layout.blockBytes) B"
                : "⌈\(grouped(profile.parameters)) params / \(weightType.layout.blockElements)⌉ · \(weightType.layout.blockBytes) B"
            let note = weightType.note.map { " (\($0))" } ?? ""
            // Where the type comes from: asked, declared by the file, or the frameworks' default.
            var origin = ""
            if request.weightType == nil {
                if let declared = profile.declaredDType, StorageType.declared(declared) != nil {
                    origin = ", declared in \(StorageType.declarationOrigin(declared)): \(declared)"
                } else if let declared = profile.declaredDType {
                    origin = ", default: the declared \(declared) is not priced"
                } else {
                    origin = ", default: no dtype declared"
                }
            }
            terms.append(MemoryTerm(
                name: "weights", formula: "\(perValue) [\(weightType.name)\(origin)]\(note)", bytes: weightsBytes,
                isEstimate: weightType.isEstimate))
        }

        // KV cache (inference only: training runs without a cache).
        let kvType = try resolvedKVType(profile, request, weightType: weightType)
        var kvPerToken = 0
        var kvBytes = 0
        if request.training == nil {
            for group in kvGroups(profile.kvLayers) {
                let perToken = try group.layer.bytesPerToken(kvType)
                let tokens = group.layer.cachedTokens(context: request.context)
                let bytes = try checkedProduct("KV cache", group.count, perToken, tokens, request.batch)
                if case .crossAttention = group.layer {} else {
                    kvPerToken = try checkedSum("KV cache per token", kvPerToken, checkedProduct("KV cache per token", group.count, perToken))
                }
                kvBytes = try checkedSum("KV cache", kvBytes, bytes)
                terms.append(MemoryTerm(
                    name: "kv_cache",
                    formula: "\(group.layer.typeName): \(group.count) layers · \(valuesText(group.layer)) · \(kvType.perValueText) [\(kvType.name)] · \(grouped(tokens)) tokens · \(request.batch) seq",
                    bytes: bytes))
            }
        }

        // Activations.
        let activationBytes: Int?
        if request.training == nil {
            activationBytes = try inferenceActivations(profile, request, weightType: weightType, terms: &terms)
        } else {
            activationBytes = try trainingActivations(profile, request, terms: &terms, notes: &notes)
        }
        if activationBytes == nil { notes.append("activations unknown (an output shape has an unknown dimension): not in the total") }

        if let training = request.training {
            try trainingTerms(profile, request, training: training, weightType: weightType, terms: &terms, notes: &notes)
        }
        if weightType.isEstimate, request.weightType != nil, !(profile.llamaCppModel != nil && LlamaCppMix.baseTypes[weightType.name] != nil) {
            notes.append(weightType.note ?? "")
        }

        var total = 0
        for term in terms { total = try checkedSum("total", total, term.bytes) }
        return MemoryBreakdown(
            terms: terms, weightsBytes: weightsBytes, kvCacheBytesPerToken: kvPerToken, kvCacheBytes: kvBytes,
            activationBytes: activationBytes, totalBytes: total, notes: notes,
            weightType: request.training == .qlora ? "nf4" : (profile.storedWeights != nil && request.weightType == nil ? "stored" : weightType.name),
            kvType: request.training == nil && profile.hasKVCache ? kvType.name : nil)
    }

    /// The weight type: requested, else the declared dtype (bfloat16 → bf16, a GGUF file type
    /// `MOSTLY_Q4_K_M` → q4_k_m; ``StorageType/declared(_:)``), else f32.
    static func resolvedWeightType(_ profile: MemoryProfile, _ request: MemoryRequest) throws(MemoryError) -> StorageType {
        if let type = request.weightType { return type }
        if let declared = profile.declaredDType, let type = StorageType.declared(declared) { return type }
        return try StorageType.named("f32")
    }

    /// The KV type: requested, else the declared float type (vLLM's `auto`), else the requested
    /// weights' float type (f32/f16/bf16), else f16 (llama.cpp's default `--cache-type-k f16`).
    static func resolvedKVType(
        _ profile: MemoryProfile, _ request: MemoryRequest, weightType: StorageType
    ) throws(MemoryError) -> StorageType {
        if let type = request.kvType { return type }
        // A GGUF file type is not a compute dtype: llama.cpp's cache stays f16 (below).
        if request.weightType == nil, let declared = profile.declaredDType, !StorageType.isGGUFFileType(declared),
            let type = StorageType.declared(declared), ["f32", "f16", "bf16"].contains(canonical(type.name))
        {
            return type
        }
        // Nothing declared or asked (a GGUF file, a config without torch_dtype): f16, llama.cpp's default.
        guard request.weightType != nil else { return try StorageType.named("f16") }
        return ["f32", "f16", "bf16"].contains(canonical(weightType.name)) ? weightType : try StorageType.named("f16")
    }

    /// The short name of a float type (`float32`, `fp32` → `f32`; `bfloat16` → `bf16`).
    public static func canonical(_ name: String) -> String {
        switch name {
        case "fp32", "float32": "f32"
        case "fp16", "float16": "f16"
        case "bfloat16": "bf16"
        default: name
        }
    }

    /// Bytes per activation value: 4 for f32 weights, else 2 (16-bit compute).
    static func activationValueBytes(_ weightType: StorageType) -> Int {
        canonical(weightType.name) == "f32" ? 4 : 2
    }

    static func valuesText(_ layer: KVCacheLayer) -> String {
        switch layer {
        case .fullAttention(let heads, let dim), .slidingWindow(let heads, let dim, _), .crossAttention(let heads, let dim, _):
            "2 · \(heads) kv_heads · \(dim) head_dim"
        case .latent(let rank, let rope): "(\(rank) kv_lora_rank + \(rope) qk_rope_head_dim)"
        case .none: "0"
        }
    }

    /// Consecutive-or-not layers of the same kind, counted, in first-seen order.
    static func kvGroups(_ layers: [KVCacheLayer]) -> [(layer: KVCacheLayer, count: Int)] {
        // A model has a few kinds of layer: a linear search is cheaper than hashing each
        // (a dictionary of them cost 16,000 instructions a layer, BENCHMARKS.md section 6).
        var groups: [(layer: KVCacheLayer, count: Int)] = []
        for layer in layers where layer.valuesPerToken > 0 {
            if let at = groups.firstIndex(where: { $0.layer == layer }) {
                groups[at].count += 1
            } else {
                groups.append((layer, 1))
            }
        }
        return groups
    }

    static func inferenceActivations(
        _ profile: MemoryProfile, _ request: MemoryRequest, weightType: StorageType, terms: inout [MemoryTerm]
    ) throws(MemoryError) -> Int? {
        let valueBytes = activationValueBytes(weightType)
        switch profile.activations {
        case .perToken(let peak):
            let bytes = try checkedProduct("activations", request.batch, request.context, peak, valueBytes)
            terms.append(MemoryTerm(
                name: "activations",
                formula: "estimate, per-layer peak: \(request.batch) seq · \(grouped(request.context)) tokens · \(grouped(peak)) values · \(valueBytes) B",
                bytes: bytes, isEstimate: true))
            return bytes
        case .perSample(let values):
            let bytes = try checkedProduct("activations", request.batch, values, valueBytes)
            terms.append(MemoryTerm(
                name: "activations",
                formula: "estimate, every layer output of one forward pass: \(request.batch) samples · \(grouped(values)) values · \(valueBytes) B",
                bytes: bytes, isEstimate: true))
            return bytes
        case .unknown:
            return nil
        }
    }
}

/// 8192 → "8,192": ``decimal(_:)``, the tool's one digit grouping.
func grouped(_ value: Int) -> String { decimal(value) }

