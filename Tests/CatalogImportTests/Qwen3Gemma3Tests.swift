import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// Qwen3, Qwen3-MoE and Gemma 3 (text and with images). Their totals and per-block splits are
/// pinned to transformers with every other fixture by HuggingFaceTests (Fixtures/hf, written by
/// scripts/hf_fixtures_qwen3_gemma3.py); here: MACs against PyTorch's FLOP counter, active
/// parameters, sliding windows and KV-cache bytes, each worked by hand in the comment beside it.
@Suite("Qwen3, Qwen3-MoE and Gemma 3")
struct Qwen3Gemma3Tests {
    struct MACs: Decodable {
        let tokens: Int
        let macs: [String: Int]
    }

    @Test("MACs equal PyTorch's FLOP counter / 2")
    func macsMatchPyTorch() throws {
        let measured = try JSONDecoder().decode(
            MACs.self, from: Data(contentsOf: HuggingFaceTests.directory.appendingPathComponent("macs-qwen3-gemma3.json")))
        #expect(measured.macs.count == 8)
        for (name, macs) in measured.macs.sorted(by: { $0.key < $1.key }) {
            let (_, _, totals) = try HuggingFaceTests.built(name, inputShape: [measured.tokens])
            #expect(totals.macs == macs, "\(name)")
        }
    }

    @Test("Qwen3 MACs over 48 tokens, by hand") func qwen3MACsByHand() throws {
        let (_, _, totals) = try HuggingFaceTests.built("qwen3-bias-window-small", inputShape: [48])
        // hidden 256, 8 heads of 48, 2 KV heads, intermediate 512, 4 layers, vocab 1000, T = 48:
        // q and o 48·256·384 each, k and v 48·256·96 each, QKᵀ and AV 8·48·48·48 each,
        // MLP 48·3·256·512, head 48·256·1000.
        let attention = 2 * 48 * 256 * 384 + 2 * 48 * 256 * 96 + 2 * 8 * 48 * 48 * 48
        let mlp = 48 * 3 * 256 * 512
        #expect(totals.macs == 4 * (attention + mlp) + 48 * 256 * 1000)
        #expect(totals.macs == 142_049_280)
    }

    @Test("Qwen3 attention: q_norm and k_norm over head_dim, head_dim 128 not hidden/heads") func qwen3Attention() throws {
        let (_, results, _) = try HuggingFaceTests.built("Qwen3-0.6B")
        let attention = try #require(results.first { $0.name == "model.layers.0.self_attn" })
        // hidden 1024, 16 heads and 8 KV heads of 128: q 1024·2048, k and v 1024·1024, o 2048·1024,
        // q_norm and k_norm 128 each.
        #expect(attention.parameters == 1024 * 2048 + 2 * 1024 * 1024 + 2048 * 1024 + 2 * 128)
        // With attention_bias: q, k, v and o biases (384 + 96 + 96 + 256) on 256·384 + 2·256·96 + 384·256 + 2·48.
        let (_, small, _) = try HuggingFaceTests.built("qwen3-bias-window-small")
        let biased = try #require(small.first { $0.name == "model.layers.0.self_attn" })
        #expect(biased.parameters == 256 * 384 + 2 * 256 * 96 + 384 * 256 + (384 + 96 + 96 + 256) + 2 * 48)
    }

    @Test("Qwen3-30B-A3B active parameters per token, by hand") func qwen30BActive() throws {
        let (_, _, totals) = try HuggingFaceTests.built("Qwen3-30B-A3B")
        // 48 MoE layers route 8 of 128 experts of gate, up, down 3·2048·768 = 4,718,592.
        let idle = 48 * (128 - 8) * (3 * 2048 * 768)
        #expect(idle == 27_179_089_920)
        #expect(totals.parameters == 30_532_122_624)
        #expect(totals.activeParameters == 30_532_122_624 - idle)
        #expect(totals.activeParameters == 3_353_032_704)
    }

    @Test("Qwen3-235B-A22B active parameters per token, by hand") func qwen235BActive() throws {
        let (_, _, totals) = try HuggingFaceTests.built("Qwen3-235B-A22B")
        // 94 MoE layers route 8 of 128 experts of 3·4096·1536 = 18,874,368.
        let idle = 94 * (128 - 8) * (3 * 4096 * 1536)
        #expect(totals.activeParameters == 235_093_634_560 - idle)
        #expect(totals.activeParameters == 22_190_763_520)
    }

    @Test("Qwen3-MoE: decoder_sparse_step and mlp_only_layers choose the MoE layers") func sparseStep() throws {
        let (architecture, results, totals) = try HuggingFaceTests.built("qwen3-moe-sparse-step-small")
        // 6 layers, step 2: MoE where (i + 1) % 2 == 0 (1, 3, 5) unless in mlp_only_layers [3].
        var moe: [Int] = []
        for i in 0..<6 {
            let layer = try #require(architecture.layers.first { $0.name == "model.layers.\(i).mlp" })
            if case .mixtureOfExperts = layer.kind { moe.append(i) }
        }
        #expect(moe == [1, 5])
        // Router 256·16 + 16 experts of 3·256·96; the dense MLP 3·256·640.
        #expect(results.first { $0.name == "model.layers.1.mlp" }?.parameters == 256 * 16 + 16 * 3 * 256 * 96)
        #expect(results.first { $0.name == "model.layers.3.mlp" }?.parameters == 3 * 256 * 640)
        // 2 MoE layers leave 12 of 16 experts idle.
        #expect(totals.parameters - totals.activeParameters == 2 * 12 * 3 * 256 * 96)
    }

    /// The sliding window of every self-attention named under `prefix`, in order.
    static func windows(_ architecture: Architecture, prefix: String) -> [Int?] {
        architecture.layers.compactMap { layer -> Int?? in
            guard layer.name.hasPrefix(prefix), case .transformerAttention(let a) = layer.kind else { return nil }
            return .some(a.slidingWindow)
        }
    }

    @Test("sliding windows: Gemma 3's pattern and layer_types, Qwen3's max_window_layers") func slidingWindows() throws {
        // gemma-3-1b: sliding_window_pattern 6, every sixth layer global, window 512.
        let (gemma, _, _) = try HuggingFaceTests.built("gemma-3-1b-pt")
        let expected: [Int?] = (0..<26).map { ($0 + 1) % 6 == 0 ? nil : 512 }
        #expect(Self.windows(gemma, prefix: "model.layers.") == expected)
        #expect(expected.filter { $0 == nil }.count == 4)
        // An explicit layer_types list rules.
        let (listed, _, _) = try HuggingFaceTests.built("gemma3-text-layer-types-small")
        #expect(Self.windows(listed, prefix: "model.layers.") == [32, nil, 32, 32, nil])
        // Qwen3 with use_sliding_window: layers from max_window_layers (2) on.
        let (qwen, _, _) = try HuggingFaceTests.built("qwen3-bias-window-small")
        #expect(Self.windows(qwen, prefix: "model.layers.") == [nil, nil, 64, 64])
        // Without use_sliding_window: none.
        let (plain, _, _) = try HuggingFaceTests.built("Qwen3-8B")
        #expect(Self.windows(plain, prefix: "model.layers.").allSatisfy { $0 == nil })
        // Gemma 3 with images: the text layers alternate, the image tower is an encoder.
        let (vision, _, _) = try HuggingFaceTests.built("gemma3-vision-small")
        #expect(Self.windows(vision, prefix: "model.language_model.layers.") == [16, nil, 16])
    }

    /// The KV cache in bf16 at `context` tokens of a fixture's architecture.
    static func kvBytes(_ name: String, context: Int) throws -> (bytes: Int, figures: MemoryFigures) {
        let (architecture, results, totals) = try HuggingFaceTests.built(name)
        let profile = MemoryProfile(architecture: architecture, results: results, totals: totals)
        let answer = try Memory.breakdown(profile, MemoryRequest(context: context, kvType: try StorageType.named("bf16")))
        return (answer.kvCacheBytes, profile.figures)
    }

    @Test("gemma-3-1b KV cache at 8k and 32k, by hand") func gemma1bKV() throws {
        // 26 layers, 1 KV head of 256: 2·1·256 = 512 values = 1,024 B per token and layer.
        // 4 global layers cache every token, 22 sliding ones at most 512.
        //   8,192:  4·1,024·8,192  + 22·1,024·512 = 33,554,432  + 11,534,336 =  45,088,768
        //   32,768: 4·1,024·32,768 + 22·1,024·512 = 134,217,728 + 11,534,336 = 145,752,064
        #expect(try Self.kvBytes("gemma-3-1b-pt", context: 8192).bytes == 45_088_768)
        let (bytes, figures) = try Self.kvBytes("gemma-3-1b-pt", context: 32768)
        #expect(bytes == 145_752_064)
        #expect(figures.kvValuesPerToken == 4 * 512)
        #expect(figures.kvWindow == 512)
        #expect(figures.kvWindowValuesPerToken == 22 * 512)
    }

    @Test("gemma-3-27b KV cache at 8k and 32k, by hand; the image tower caches nothing") func gemma27bKV() throws {
        // 62 text layers, 16 KV heads of 128: 2·16·128 = 4,096 values = 8,192 B per token and layer.
        // Layers 5, 11, …, 59 are global (10), the other 52 slide over 1,024 tokens.
        //   8,192:  10·8,192·8,192  + 52·8,192·1,024 =   671,088,640 + 436,207,616 = 1,107,296,256
        //   32,768: 10·8,192·32,768 + 52·8,192·1,024 = 2,684,354,560 + 436,207,616 = 3,120,562,176
        #expect(try Self.kvBytes("gemma-3-27b-it", context: 8192).bytes == 1_107_296_256)
        let (bytes, figures) = try Self.kvBytes("gemma-3-27b-it", context: 32768)
        #expect(bytes == 3_120_562_176)
        #expect(figures.kvValuesPerToken == 10 * 4096)
        #expect(figures.kvWindow == 1024)
        #expect(figures.kvWindowValuesPerToken == 52 * 4096)
    }

    @Test("Gemma 3's image tower and projector, by hand") func gemma3Vision() throws {
        let (architecture, results, _) = try HuggingFaceTests.built("gemma-3-4b-it")
        func sum(_ prefix: String) -> Int {
            zip(architecture.layers, results).filter { $0.0.name.hasPrefix(prefix) }.reduce(0) { $0 + $1.1.parameters }
        }
        // Projector: mm_soft_emb_norm 1,152 + mm_input_projection_weight 1,152·2,560.
        #expect(sum("model.multi_modal_projector.") == 1152 + 1152 * 2560)
        // Patch embedding: 3·14·14·1,152 + 1,152 bias + (896/14)² = 4,096 positions · 1,152.
        #expect(sum("model.vision_tower.embeddings") == 3 * 14 * 14 * 1152 + 1152 + 4096 * 1152)
        // 4,096 patches pooled 4×4 to 256 image tokens of the text width.
        let projected = try #require(results.first { $0.name == "model.multi_modal_projector.mm_input_projection" })
        #expect(projected.outputShape == TensorShape([256, 2560]))
    }

    @Test("explain's formulas add up to the engine's numbers", arguments: [
        "qwen3-bias-window-small", "qwen3-moe-sparse-step-small", "gemma3-text-layer-types-small", "gemma3-vision-small",
    ])
    func explained(_ name: String) throws {
        let (architecture, results, _) = try HuggingFaceTests.built(name, inputShape: [8])
        let explanations = Engine.explain(architecture, results: results)
        #expect(explanations.count == results.count)
        for (explanation, result) in zip(explanations, results) {
            #expect(explanation.parameterCount == result.parameters, "\(result.name)")
            if result.outputShapes.count == 1 { #expect(explanation.macCount == result.macs, "\(result.name)") }
        }
    }

    /// A GGUF file's metadata names the architecture `gemma3` (the language model only) or
    /// `qwen3moe`; built from it, the model is the causal LM transformers counts for the same
    /// config (gemma-3-1b-pt.expected.json, Qwen3-30B-A3B.expected.json).
    @Test("GGUF metadata of Gemma 3 and Qwen3-MoE builds the causal LM") func gguf() throws {
        func build(_ metadata: [String: GGUFValue], tied: Bool) throws -> ArchitectureTotals {
            let names = ["token_embd.weight"] + (tied ? [] : ["output.weight"])
            let config = try #require(GGUFArchitecture.huggingFaceConfig(metadata, tensorNames: names))
            let imported = try HuggingFaceReader.read(.object(config), file: "m.gguf", inputShape: nil, baseModel: false)
            let results = try Engine.infer(imported.architecture)
            return try Engine.totals(of: imported.architecture, results: results)
        }
        let gemma: [String: GGUFValue] = [
            "general.architecture": .string("gemma3"), "gemma3.context_length": .unsigned(32768),
            "gemma3.block_count": .unsigned(26), "gemma3.feed_forward_length": .unsigned(6912),
            "gemma3.embedding_length": .unsigned(1152), "gemma3.attention.head_count": .unsigned(4),
            "gemma3.attention.head_count_kv": .unsigned(1), "gemma3.attention.key_length": .unsigned(256),
            "gemma3.attention.sliding_window": .unsigned(512),
            "tokenizer.ggml.tokens": .array(elementType: "string", count: 262144, items: nil),
        ]
        #expect(try build(gemma, tied: true).parameters == (try HuggingFaceTests.expected("gemma-3-1b-pt")).total_params)
        let qwen: [String: GGUFValue] = [
            "general.architecture": .string("qwen3moe"), "qwen3moe.block_count": .unsigned(48),
            "qwen3moe.feed_forward_length": .unsigned(6144), "qwen3moe.embedding_length": .unsigned(2048),
            "qwen3moe.attention.head_count": .unsigned(32), "qwen3moe.attention.head_count_kv": .unsigned(4),
            "qwen3moe.attention.key_length": .unsigned(128), "qwen3moe.expert_count": .unsigned(128),
            "qwen3moe.expert_used_count": .unsigned(8), "qwen3moe.expert_feed_forward_length": .unsigned(768),
            "tokenizer.ggml.tokens": .array(elementType: "string", count: 151936, items: nil),
        ]
        let totals = try build(qwen, tied: false)
        #expect(totals.parameters == (try HuggingFaceTests.expected("Qwen3-30B-A3B")).total_params)
        #expect(totals.activeParameters == 3_353_032_704)
    }

    @Test("what is not built is refused, naming it") func refusals() {
        func message(_ json: String) -> String {
            do {
                _ = try ArchitectureImporter.read(Data(json.utf8), file: "m/config.json")
                return ""
            } catch { return "\(error)" }
        }
        #expect(message(#"{"model_type": "gemma3", "architectures": ["Gemma3ForConditionalGeneration"], "text_config": {}}"#)
            .contains("vision_config"))
        #expect(message(#"{"model_type": "gemma3", "architectures": ["Gemma3ForConditionalGeneration"], "vision_config": {"vision_use_head": true}}"#)
            .contains("vision_use_head"))
        #expect(message(#"{"model_type": "qwen3", "architectures": ["Qwen3ForMaskedLM"]}"#)
            .contains("Qwen3ForMaskedLM"))
        #expect(message(#"{"model_type": "gemma3_text", "architectures": ["Gemma3TextForTokenClassification"]}"#)
            .contains("Gemma3TextForTokenClassification"))
        // The supported list names the new families.
        let unsupported = message(#"{"model_type": "mamba"}"#)
        for family in ["qwen3", "qwen3_moe", "gemma3", "gemma3_text"] {
            #expect(unsupported.contains("\(family),") || unsupported.contains("\(family) "), "\(family)")
        }
    }
}
