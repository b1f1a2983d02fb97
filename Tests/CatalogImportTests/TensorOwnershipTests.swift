import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// Checkpoint folders (Fixtures/checkpoints, written by scripts/make_checkpoint_folders.py): a
/// config.json and a header-only model.safetensors whose tensor names and shapes are the state
/// dict transformers itself gives on the meta device. Every tensor must link to the layer that
/// owns it, and the elements linked to each layer must be the parameters the engine counts for
/// it: the file's shapes (transformers) and the engine's formulas are two independent sources.
@Suite("Checkpoint tensors link to the layers that own them")
struct TensorOwnershipTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/checkpoints")

    static var folders: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasSuffix(".json") }.sorted()
    }

    static var expected: [String: Any] {
        let data = (try? Data(contentsOf: directory.appendingPathComponent("expected.json"))) ?? Data()
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    /// Layers whose stored elements differ from their parameters for a reason transformers gives:
    /// BART's `final_logits_bias` is a buffer (`register_buffer` in `modeling_bart.py`) of
    /// vocab_size = 50,265 elements beside the head, whose weight is tied (0 parameters).
    static let buffersBesideParameters: [String: [String: Int]] = ["bart-base": ["lm_head": 50_265]]

    @Test("the fixtures are there") func fixturesPresent() {
        #expect(Self.folders.count >= 25)
    }

    @Test("every tensor is linked and each layer's linked elements are its parameters", arguments: folders)
    func linksEveryTensor(_ folder: String) throws {
        let imported = try ArchitectureImporter.read(contentsOf: Self.directory.appendingPathComponent(folder).path)
        let expected = try #require(Self.expected[folder] as? [String: Any])
        #expect(imported.tensors.count == expected["tensors"] as? Int)
        #expect(imported.tensors.reduce(0) { $0 + $1.elements } == expected["total_elements"] as? Int)
        let unlinked = imported.tensors.filter { $0.layer == nil }.map(\.name)
        #expect(unlinked.isEmpty, "\(folder): unlinked \(unlinked.prefix(5))")

        let results = try Engine.infer(imported.architecture)
        var linked: [String: Int] = [:]
        for tensor in imported.tensors { if let layer = tensor.layer { linked[layer, default: 0] += tensor.elements } }
        let extra = Self.buffersBesideParameters[folder] ?? [:]
        for result in results {
            let parameters = result.trainableParameters + result.nonTrainableParameters
            #expect(linked[result.name, default: 0] == parameters + (extra[result.name] ?? 0), "\(folder): layer \(result.name)")
        }
    }

    /// Links written out from the modules of transformers' sources.
    @Test(arguments: [
        // LlamaAttention holds q_proj … o_proj (modeling_llama.py); the builder's attention layer.
        ("Llama-3.2-3B", "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn"),
        ("Llama-3.2-3B", "model.norm.weight", "model.norm"),
        ("Llama-3.2-3B", "model.embed_tokens.weight", "model.embed_tokens"),
        ("Mistral-7B-v0.1", "lm_head.weight", "lm_head"),
        ("Mistral-7B-v0.1", "model.layers.31.mlp.down_proj.weight", "model.layers.31.mlp"),
        // The published gpt2 checkpoint has GPT2Model's names, without `transformer.`.
        ("gpt2-hub-names", "h.0.attn.c_attn.weight", "transformer.h.0.attn"),
        ("gpt2-hub-names", "wte.weight", "transformer.wte"),
        ("gpt2", "transformer.h.11.mlp.c_proj.bias", "transformer.h.11.mlp"),
        // BertOutput.dense is the feed-forward's second matrix (modeling_bert.py).
        ("bert-base-uncased", "bert.encoder.layer.0.output.dense.weight", "bert.encoder.layer.0.intermediate"),
        ("bert-base-uncased", "bert.encoder.layer.0.attention.output.dense.weight", "bert.encoder.layer.0.attention"),
        ("bert-base-uncased", "bert.encoder.layer.0.output.LayerNorm.weight", "bert.encoder.layer.0.output.LayerNorm"),
        ("t5-small", "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", "encoder.block.0.layer.0.SelfAttention"),
        ("flan-t5-small", "lm_head.weight", "lm_head"),
        ("bart-base", "model.encoder.layers.0.fc2.weight", "model.encoder.layers.0.fc"),
        ("Mixtral-8x7B-v0.1", "model.layers.0.mlp.gate.weight", "model.layers.0.block_sparse_moe"),
    ])
    func knownLink(folder: String, tensor: String, layer: String) throws {
        let imported = try ArchitectureImporter.read(contentsOf: Self.directory.appendingPathComponent(folder).path)
        let match = try #require(imported.tensors.first { $0.name == tensor })
        #expect(match.layer == layer)
    }

    /// GGUF names (llama.cpp's `blk.N.attn_q`, `token_embd`, `output_norm`) link to the layers of
    /// the architecture built from the file's metadata; the tiny Llama of gguf-py has 2 blocks.
    @Test(arguments: ["tiny-llama-f16.gguf", "tiny-llama-q4_0.gguf"])
    func ggufTensorsLink(_ name: String) throws {
        let imported = try ArchitectureImporter.read(contentsOf: WeightFixtures.path("shared/" + name))
        #expect(!imported.architecture.layers.isEmpty)
        let byName = Dictionary(uniqueKeysWithValues: imported.tensors.map { ($0.name, $0.layer) })
        #expect(byName["token_embd.weight"] == "model.embed_tokens")
        #expect(byName["output_norm.weight"] == "model.norm")
        #expect(byName["blk.1.attn_q.weight"] == "model.layers.1.self_attn")
        #expect(byName["blk.1.attn_output.weight"] == "model.layers.1.self_attn")
        #expect(byName["blk.0.attn_norm.weight"] == "model.layers.0.input_layernorm")
        #expect(byName["blk.0.ffn_norm.weight"] == "model.layers.0.post_attention_layernorm")
        #expect(byName["blk.0.ffn_down.weight"] == "model.layers.0.mlp")
        let unlinked = imported.tensors.filter { $0.layer == nil }.map(\.name)
        #expect(unlinked.isEmpty, "\(name): unlinked \(unlinked)")
    }

    /// The rules alone, on names the fixtures do not hold.
    @Test func rulesOnBareNames() {
        let layers = ["model.embed_tokens", "model.layers.0.self_attn", "model.layers.0.input_layernorm",
                      "model.layers.0.pre_feedforward_layernorm", "model.layers.0.post_attention_layernorm", "model.layers.0.mlp", "lm_head"]
        let owners = TensorOwnership.owners(
            of: ["blk.0.ffn_norm.weight", "blk.0.post_attention_norm.weight", "output.weight", "rope_freqs.weight", "model.layers.0.self_attn"],
            layerNames: layers)
        // Gemma 2 (gguf-py tensor_mapping.py): ffn_norm is pre_feedforward_layernorm, post_attention_norm
        // is post_attention_layernorm.
        #expect(owners == ["model.layers.0.pre_feedforward_layernorm", "model.layers.0.post_attention_layernorm", "lm_head", nil,
                           "model.layers.0.self_attn"])
    }
}
