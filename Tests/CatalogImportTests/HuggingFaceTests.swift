import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// Hugging Face config.json files (Fixtures/hf, written by scripts/hf_fixtures.py from the
/// published hub configs): totals and per-block splits must equal what transformers counts when
/// it builds the same model on the meta device (`<name>.expected.json`).
@Suite("Hugging Face configs match transformers")
struct HuggingFaceTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hf")

    static var models: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".expected.json") }.map { String($0.dropLast(".expected.json".count)) }.sorted()
    }

    struct Expected: Decodable {
        struct Block: Decodable {
            let layer: String
            let total: Int
        }
        let `class`: String
        let total_params: Int
        let base_total_params: Int
        let per_layer: [Block]
    }

    static func expected(_ name: String) throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: directory.appendingPathComponent("\(name).expected.json")))
    }

    /// The architecture and its per-layer results.
    static func built(_ name: String, baseModel: Bool = false, inputShape: [Int?]? = nil) throws -> (Architecture, [LayerResult], ArchitectureTotals) {
        let file = directory.appendingPathComponent("\(name).config.json")
        let imported = try ArchitectureImporter.read(
            Data(contentsOf: file), file: file.path, inputShape: inputShape, baseModel: baseModel)
        let results = try Engine.infer(imported.architecture)
        return (imported.architecture, results, try Engine.totals(of: imported.architecture, results: results))
    }

    @Test("the fixtures are there") func fixturesPresent() {
        #expect(Self.models.count >= 29)
    }

    @Test("total of the class in architectures[0]", arguments: models)
    func headTotal(_ name: String) throws {
        let (_, _, totals) = try Self.built(name)
        #expect(totals.parameters == (try Self.expected(name)).total_params)
        // Parameters transformers builds frozen (`requires_grad` false: Whisper's sinusoidal
        // encoder positions), from scripts/hf_non_trainable.py.
        let frozen = try #require(try Self.nonTrainable[name], "\(name) is not in non-trainable.json")
        #expect(totals.nonTrainableParameters == frozen)
    }

    /// non-trainable.json: per fixture, the parameters transformers builds with `requires_grad` false.
    static var nonTrainable: [String: Int] {
        get throws {
            struct File: Decodable { let non_trainable: [String: Int] }
            return try JSONDecoder().decode(File.self, from: Data(contentsOf: directory.appendingPathComponent("non-trainable.json"))).non_trainable
        }
    }

    @Test("total of the base model (--base-model)", arguments: models)
    func baseTotal(_ name: String) throws {
        let (_, _, totals) = try Self.built(name, baseModel: true)
        #expect(totals.parameters == (try Self.expected(name)).base_total_params)
    }

    /// ALBERT's blocks are one shared group, named by group rather than by layer.
    @Test("per-block split", arguments: models.filter { !$0.hasPrefix("albert") })
    func perBlock(_ name: String) throws {
        let (architecture, results, _) = try Self.built(name)
        let expected = try Self.expected(name)
        #expect(!expected.per_layer.isEmpty)
        for block in expected.per_layer {
            let sum = zip(architecture.layers, results)
                .filter { $0.0.name.hasPrefix(block.layer + ".") }
                .reduce(0) { $0 + $1.1.parameters }
            #expect(sum == block.total, "\(block.layer)")
        }
    }

    /// Totals the model cards and the issue publish.
    @Test("published totals", arguments: [
        ("Meta-Llama-3-8B", 8_030_261_248), ("Llama-2-7b-hf", 6_738_415_616), ("Mistral-7B-v0.1", 7_241_732_096),
        ("Mixtral-8x7B-v0.1", 46_702_792_704), ("Qwen2.5-0.5B", 494_032_768), ("gpt2", 124_439_808),
        ("bert-base-uncased-model", 109_482_240), ("flan-t5-small", 76_961_152),
    ])
    func published(_ name: String, _ total: Int) throws {
        #expect(try Self.built(name).2.parameters == total)
    }

    @Test("Mixtral-8x7B active parameters per token, by hand") func mixtralActive() throws {
        let (_, _, totals) = try Self.built("Mixtral-8x7B-v0.1")
        // One expert: gate, up, down = 3·4096·14336 = 176,160,768; 6 of 8 idle in each of 32 layers.
        let idle = 32 * 6 * (3 * 4096 * 14336)
        #expect(idle == 33_822_867_456)
        #expect(totals.activeParameters == 46_702_792_704 - idle)
        #expect(totals.activeParameters == 12_879_925_248)
    }

    @Test("DeepSeek-V2-Lite active parameters per token, by hand") func deepseekActive() throws {
        let (_, _, totals) = try Self.built("DeepSeek-V2-Lite")
        // 27 layers, the first dense (first_k_dense_replace 1); 26 MoE layers route 6 of 64
        // experts of 3·2048·1408 = 8,650,752; the 2 shared experts always run.
        let idle = 26 * (64 - 6) * (3 * 2048 * 1408)
        #expect(totals.activeParameters == 15_706_484_224 - idle)
        #expect(totals.activeParameters == 2_661_150_208)
    }

    @Test("DeepSeek-V2 MLA block with q_lora_rank, by hand") func latentAttention() throws {
        let (architecture, results, _) = try Self.built("deepseek-v2-qlora-small")
        let index = try #require(architecture.layers.firstIndex { $0.name == "model.layers.0.self_attn" })
        // q_a 512·192 + q_a_layernorm 192 + q_b 192·8·(32+16) + kv_a 512·(128+16) + kv_a_layernorm 128
        // + kv_b 128·8·(32+32) + o 8·32·512
        let expected = 512 * 192 + 192 + 192 * 8 * 48 + 512 * 144 + 128 + 128 * 8 * 64 + 8 * 32 * 512
        #expect(results[index].parameters == expected)
    }

    @Test("tokens set the MACs; a dense model's active parameters are its total") func tokens() throws {
        let (_, results, totals) = try Self.built("Llama-2-7b-hf", inputShape: [16])
        #expect(results[0].outputShape == TensorShape([16]))
        #expect(totals.activeParameters == totals.parameters)
        // One attention block over T = 16: 4 projections 16·4096·4096 + QKᵀ and AV 2·32·16·16·128.
        let attention = results.first { $0.name == "model.layers.0.self_attn" }!
        #expect(attention.macs == 4 * 16 * 4096 * 4096 + 2 * 32 * 16 * 16 * 128)
        // The MLP: 16 tokens · 3·4096·11008.
        #expect(results.first { $0.name == "model.layers.0.mlp" }!.macs == 16 * 3 * 4096 * 11008)
    }

    @Test("an unsupported model_type names itself and the supported ones") func unsupported() {
        let data = Data(#"{"model_type": "mamba", "architectures": ["MambaForCausalLM"]}"#.utf8)
        #expect {
            try ArchitectureImporter.read(data, file: "mamba/config.json")
        } throws: { error in
            let text = "\(error)"
            return text.contains("mamba/config.json") && text.contains("'mamba'") && text.contains("llama")
        }
    }

    @Test("a missing key is named") func missingKey() {
        let data = Data(#"{"model_type": "deepseek_v2", "architectures": ["DeepseekV2ForCausalLM"], "num_hidden_layers": 2}"#.utf8)
        #expect {
            try ArchitectureImporter.read(data, file: "x/config.json")
        } throws: { error in "\(error)".contains("num_experts_per_tok") }
    }

    @Test("the checkpoint folder names the architecture") func naming() {
        #expect(HuggingFaceReader.checkpointName("models/Meta-Llama-3-8B/config.json") == "Meta-Llama-3-8B")
        #expect(HuggingFaceReader.checkpointName("gpt2.config.json") == "gpt2")
    }

    @Test("explain's formulas add up to the engine's numbers", arguments: ["Mixtral-8x7B-v0.1", "deepseek-v2-qlora-small", "t5-small", "bert-base-uncased", "phi-qk-layernorm-small", "deberta-v2-xlarge", "deberta-v2-unshared-small", "deberta-v2-p2c-token-small"])
    func explained(_ name: String) throws {
        let (architecture, results, _) = try Self.built(name, inputShape: [8])
        let explanations = Engine.explain(architecture, results: results)
        for (explanation, result) in zip(explanations, results) {
            #expect(explanation.parameterCount == result.parameters, "\(result.name)")
            if result.outputShapes.count == 1 { #expect(explanation.macCount == result.macs, "\(result.name)") }
        }
    }
}
