import Testing

@testable import CatalogCore

/// The rules of llama_tensor_get_type (llama.cpp's src/llama-quant.cpp) as LlamaCppMix applies
/// them, one by one, on hand-made tensors.
@Suite struct LlamaCppMixRuleTests {
    static func model(experts: Int = 0, hasOutput: Bool = true, gqa: Int = 4, layers: Int = 32) -> LlamaCppModel {
        LlamaCppModel(layers: layers, gqa: gqa, experts: experts, is70B: false, hasOutput: hasOutput, tensors: [])
    }

    static func type(_ role: GGUFTensorShape.Role, _ ftype: String, layer: Int = 0, row: Int = 4096, model: LlamaCppModel = model(), v: Int = 0) -> String {
        LlamaCppMix.type(
            of: GGUFTensorShape(role: role, layer: layer, rowLength: row, elements: row * 256), ftype: ftype,
            model: model, attnVIndex: v)
    }

    @Test func useMoreBitsPicksHalfOf32Layers() {
        // i < 4, i ≥ 28, or (i − 4) % 3 == 2: 0–3, 6, 9, 12, 15, 18, 21, 24, 27, 28–31.
        let picked = (0..<32).filter { LlamaCppMix.useMoreBits($0, 32) }
        #expect(picked == [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31])
    }

    @Test func q4KMRaisesOutputAttnVAndFFNDown() {
        #expect(Self.type(.output, "q4_k_m") == "Q6_K")
        #expect(Self.type(.tokenEmbedding, "q4_k_m") == "Q4_K")
        // tied: token_embd gets output.weight's type
        #expect(Self.type(.tokenEmbedding, "q4_k_m", model: Self.model(hasOutput: false)) == "Q6_K")
        #expect(Self.type(.attnV, "q4_k_m", v: 0) == "Q6_K")
        #expect(Self.type(.attnV, "q4_k_m", v: 4) == "Q4_K")
        #expect(Self.type(.ffnDown, "q4_k_m", layer: 6) == "Q6_K")
        #expect(Self.type(.ffnDown, "q4_k_m", layer: 7) == "Q4_K")
        #expect(Self.type(.attnQ, "q4_k_m") == "Q4_K")
        #expect(Self.type(.keptF32, "q4_k_m") == "F32")
    }

    @Test func otherMixes() {
        // Q3_K_M: attn_v Q5_K for the first two, then Q4_K; ffn_down Q5_K below n/16 = 2, then
        // Q4_K; attn_output Q4_K.
        #expect(Self.type(.attnV, "q3_k_m", v: 1) == "Q5_K")
        #expect(Self.type(.attnV, "q3_k_m", v: 2) == "Q4_K")
        #expect(Self.type(.ffnDown, "q3_k_m", layer: 1) == "Q5_K")
        #expect(Self.type(.ffnDown, "q3_k_m", layer: 2) == "Q4_K")
        #expect(Self.type(.attnOutput, "q3_k_m") == "Q4_K")
        #expect(Self.type(.attnQ, "q3_k_m") == "Q3_K")
        // Q2_K: attn_v Q4_K with n_gqa ≥ 4, else Q3_K; ffn_down and attn_output Q3_K.
        #expect(Self.type(.attnV, "q2_k") == "Q4_K")
        #expect(Self.type(.attnV, "q2_k", model: Self.model(gqa: 1)) == "Q3_K")
        #expect(Self.type(.ffnDown, "q2_k") == "Q3_K")
        #expect(Self.type(.attnOutput, "q2_k") == "Q3_K")
        // Q4_K_S: attn_v Q5_K for the first four; ffn_down Q5_K below n/8 = 4.
        #expect(Self.type(.attnV, "q4_k_s", v: 3) == "Q5_K")
        #expect(Self.type(.ffnDown, "q4_k_s", layer: 4) == "Q4_K")
        // Q5_K_S and Q6_K keep their base type except output.weight.
        #expect(Self.type(.attnV, "q5_k_s") == "Q5_K")
        #expect(Self.type(.output, "q6_k") == "Q6_K")
    }

    @Test func eightExpertsAndFallbacks() {
        let mixtral = Self.model(experts: 8)
        #expect(Self.type(.attnV, "q4_k_m", model: mixtral) == "Q8_0")
        #expect(Self.type(.attnK, "q4_k_m", model: mixtral) == "Q8_0")
        #expect(Self.type(.attnOutput, "q4_k_m", model: mixtral) == "Q5_K")
        // rows of 320 values are not whole 256-blocks: Q4_K → Q5_0 (32-blocks), Q6_K → Q8_0
        #expect(Self.type(.attnQ, "q4_k_m", row: 320) == "Q5_0")
        #expect(Self.type(.ffnDown, "q4_k_m", layer: 0, row: 320) == "Q8_0")
        // output.weight with such rows: Q8_0
        #expect(Self.type(.output, "q4_k_m", row: 320) == "Q8_0")
        // rows of 100 values are not whole 32-blocks either: F16
        #expect(Self.type(.attnQ, "q4_k_m", row: 100) == "F16")
    }

    @Test func pricesEachTensorInItsType() throws {
        // output 256 · 256 values in Q6_K: 256 blocks · 210 = 53,760; attn_q 256 · 256 in Q4_K:
        // 256 · 144 = 36,864; a 256-value norm in F32: 1,024. Total 91,648.
        let model = LlamaCppModel(layers: 1, gqa: 1, experts: 0, is70B: false, hasOutput: true, tensors: [
            GGUFTensorShape(role: .output, layer: nil, rowLength: 256, elements: 65_536),
            GGUFTensorShape(role: .attnQ, layer: 0, rowLength: 256, elements: 65_536),
            GGUFTensorShape(role: .keptF32, layer: 0, rowLength: 256, elements: 256),
        ])
        let priced = try LlamaCppMix.price(model, ftype: "q4_k_m")
        #expect(priced.bytes == 91_648)
        #expect(priced.elementsByType == ["Q6_K": 65_536, "Q4_K": 65_536, "F32": 256])
    }
}
