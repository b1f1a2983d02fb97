@testable import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// DeBERTa-v2/v3 (`model_type` `deberta-v2`). Totals, base models and per-block splits are in
/// HuggingFaceTests (transformers on the meta device); here the MACs against PyTorch's FLOP
/// counter (Fixtures/hf/macs.json, scripts/hf_macs.py), one block worked by hand, the native
/// types, and the errors.
@Suite("DeBERTa-v2/v3 configs")
struct DeBERTaTests {
    struct MACs: Decodable {
        let tokens: Int
        let macs: [String: Int]
    }

    static let measured: MACs? = try? JSONDecoder().decode(
        MACs.self, from: Data(contentsOf: HuggingFaceTests.directory.appendingPathComponent("macs.json")))

    @Test("MACs equal PyTorch's FLOP counter / 2 (c2p and p2c, shared and own position projections, conv, heads)")
    func macsMatchPyTorch() throws {
        let measured = try #require(Self.measured)
        #expect(measured.macs.count >= 6)
        for (name, macs) in measured.macs.sorted(by: { $0.key < $1.key }) {
            let (_, _, totals) = try HuggingFaceTests.built(name, inputShape: [measured.tokens])
            #expect(totals.macs == macs, "\(name)")
        }
    }

    @Test("deberta-v3-base: parameters and one block's attention MACs over 512 tokens, by hand")
    func v3BaseByHand() throws {
        let (architecture, results, totals) = try HuggingFaceTests.built("deberta-v3-base")
        // Embeddings: 128,100 · 768 words + LayerNorm 2·768 (no absolute positions, no token types).
        let embeddings = 128_100 * 768 + 2 * 768
        // A block: q, k, v, output dense 4·(768² + 768); two LayerNorms; MLP 2·768·3072 + 3072 + 768.
        let block = 4 * (768 * 768 + 768) + 2 * 2 * 768 + (2 * 768 * 3072 + 3072 + 768)
        // rel_embeddings: 2 · position_buckets 256 rows of 768, and their LayerNorm.
        let relative = 512 * 768 + 2 * 768
        #expect(totals.parameters == embeddings + 12 * block + relative)
        #expect(totals.parameters == 183_831_552)
        // share_att_key: the 512 positions go through query_proj and key_proj (no parameters of their own).
        let attention = try #require(zip(architecture.layers, results).first { $0.0.name == "encoder.layer.0.attention" })
        #expect(attention.1.parameters == 4 * (768 * 768 + 768))
        // Default length: max_position_embeddings 512 tokens. q, k, v and output 4·512·768·768; QKᵀ and AV
        // 2·12·512·512·64; positions through query_proj and key_proj 2·512·768·768; c2p and p2c 2·12·512·512·64.
        let macs = 4 * 512 * 768 * 768 + 2 * 12 * 512 * 512 * 64 + 2 * 512 * 768 * 768 + 2 * 12 * 512 * 512 * 64
        #expect(attention.1.macs == macs)
        #expect(architecture.layers.first?.kind == .input(shape: TensorShape([512])))
    }

    @Test("the native types: pos_att_type as a list or as transformers' 'p2c|c2p' string")
    func nativeTypes() throws {
        let string = try Layer(name: "a", type: "DisentangledAttention", config: [
            "hidden_size": .int(64), "num_attention_heads": .int(4), "pos_att_type": .string("p2c|c2p"),
            "share_att_key": .bool(false),
        ], calls: [[]])
        let list = try Layer(name: "a", type: "DisentangledAttention", config: [
            "hidden_size": .int(64), "num_attention_heads": .int(4), "pos_att_type": .array([.string("c2p"), .string("p2c")]),
            "share_att_key": .bool(false),
        ], calls: [[]])
        #expect(string.kind == list.kind)
        guard case .disentangledAttention(let a) = string.kind else { Issue.record("kind \(string.kind)"); return }
        #expect(a.positionAttentionTypes == ["c2p", "p2c"] && a.headDim == 16)
        // q, k, v, output and pos_key_proj, pos_query_proj: 6 · (64·64 + 64).
        let evaluation = try Engine.evaluate(string.kind, inputs: [TensorShape([10, 64]), TensorShape([8, 64])], framework: .pytorch)
        #expect(evaluation.trainable == 6 * (64 * 64 + 64))
        #expect(throws: (any Error).self) {
            try Layer(name: "a", type: "DisentangledAttention", config: [
                "hidden_size": .int(64), "num_attention_heads": .int(4), "pos_att_type": .string("c2c"),
            ], calls: [[]])
        }
    }

    @Test("legacy false with embedding_size ≠ hidden_size is refused, naming both")
    func currentHeadNeedsHiddenWidth() {
        let data = Data(#"""
            {"model_type": "deberta-v2", "architectures": ["DebertaV2ForMaskedLM"], "hidden_size": 64,
             "num_attention_heads": 4, "num_hidden_layers": 1, "intermediate_size": 128, "vocab_size": 50,
             "embedding_size": 32, "legacy": false}
            """#.utf8)
        #expect {
            try ArchitectureImporter.read(data, file: "d/config.json")
        } throws: { error in
            let text = "\(error)"
            return text.contains("d/config.json") && text.contains("embedding_size (32)") && text.contains("hidden_size (64)")
        }
    }

    @Test("an unknown DeBERTa class names the supported ones")
    func unknownClass() {
        let data = Data(#"{"model_type": "deberta-v2", "architectures": ["DebertaV2ForCausalLM"]}"#.utf8)
        #expect {
            try ArchitectureImporter.read(data, file: "d/config.json")
        } throws: { error in
            "\(error)".contains("DebertaV2ForCausalLM") && "\(error)".contains("DebertaV2ForMultipleChoice")
        }
    }
}
