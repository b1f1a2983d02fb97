// The weights term `catalog memory` gives without a type asked, and the llama.cpp mixes priced
// tensor by tensor: what `list` shows and `list --fits` sums without loading each model.

extension Memory {
    /// The weights `Memory.breakdown` gives for inference when no type is asked: the stored
    /// tensors' bytes (type `stored`), else the parameters in the declared dtype (`bf16`:
    /// 2 B each; a GGUF file type such as `q4_k_m` per tensor as ``LlamaCppMix`` types them),
    /// else in float32 (4 B, PyTorch's and Keras' default).
    /// - Returns: bytes and the type's name, or `nil` when the product passes 64 bits.
    public static func defaultWeights(_ profile: MemoryProfile) -> (bytes: Int, type: String)? {
        guard let breakdown = try? breakdown(profile, MemoryRequest()) else { return nil }
        return (breakdown.weightsBytes, breakdown.weightType)
    }

    /// The weight bytes of every llama.cpp k-quant mix (``LlamaCppMix/baseTypes``' keys) for a
    /// model whose tensors llama-quantize's rules can type (``MemoryProfile/llamaCppModel``),
    /// each `LlamaCppMix.price(_:ftype:)` — the figure `memory --quant` gives; empty otherwise.
    public static func mixWeightBytes(_ profile: MemoryProfile) -> [String: Int] {
        guard let model = profile.llamaCppModel else { return [:] }
        var bytes: [String: Int] = [:]
        for fileType in LlamaCppMix.FileType.allCases {
            if let priced = try? LlamaCppMix.bytes(model, fileType: fileType) { bytes[fileType.name] = priced }
        }
        return bytes
    }
}
