import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// The variant sweep (scripts/hf_sweep_configs.py): further hub configs of every family and each
/// architecture key at its edge values. Their totals and per-block splits are pinned to
/// transformers with every other fixture by HuggingFaceTests; here the small ones' MACs are pinned
/// to PyTorch's FLOP counter / 2 (Fixtures/hf/macs-sweep.json, scripts/hf_macs.py), and the
/// classes the sweep found wrong are checked by hand arithmetic.
@Suite("Hugging Face variant sweep")
struct HuggingFaceSweepTests {
    struct Measured: Decodable {
        struct Entry: Decodable {
            let input: [Int]?
            let macs: Int
        }
        let macs: [String: Entry]
    }

    static func layer(_ name: String, of model: String) throws -> LayerResult {
        let (_, results, _) = try HuggingFaceTests.built(model)
        return try #require(results.first { $0.name == name }, "\(model) has no layer \(name)")
    }

    @Test("MACs equal PyTorch's FLOP counter / 2")
    func macsMatchPyTorch() throws {
        let measured = try JSONDecoder().decode(
            Measured.self, from: Data(contentsOf: HuggingFaceTests.directory.appendingPathComponent("macs-sweep.json")))
        #expect(measured.macs.count >= 28)
        for (name, entry) in measured.macs.sorted(by: { $0.key < $1.key }) {
            let (_, _, totals) = try HuggingFaceTests.built(name, inputShape: entry.input)
            #expect(totals.macs == entry.macs, "\(name)")
        }
    }

    /// Untied, transformers 5 ties neither the decoder's weight nor its bias: BERT's
    /// `cls.predictions.bias`, RoBERTa's `lm_head.bias` and ALBERT's `predictions.bias` are a
    /// second vocab_size vector besides `decoder.bias`.
    @Test("untied MLM heads keep a separate bias") func untiedMaskedLMBias() throws {
        #expect(try Self.layer("cls.predictions.bias", of: "bert-type-vocab-odd-small").trainableParameters == 777)
        #expect(try Self.layer("lm_head.bias", of: "roberta-untied-small").trainableParameters == 333)
        #expect(try Self.layer("predictions.bias", of: "albert-untied-small").trainableParameters == 333)
        // Tied (the published configs), there is none.
        let (_, tied, _) = try HuggingFaceTests.built("bert-base-uncased")
        #expect(!tied.contains { $0.name == "cls.predictions.bias" })
    }

    /// Untied BART: `shared`, `encoder.embed_tokens`, `decoder.embed_tokens` and `lm_head` are
    /// four 300 × 96 tables.
    @Test("untied BART has three embeddings and a head") func untiedBART() throws {
        for name in ["model.shared", "model.encoder.embed_tokens", "model.decoder.embed_tokens", "lm_head"] {
            #expect(try Self.layer(name, of: "bart-scaled-untied-small").trainableParameters == 300 * 96, "\(name)")
        }
    }

    /// `add_adapter`: proj 96→64 with bias, LayerNorm(64), three `Conv1d(64, 128, 3, stride 2)`,
    /// and CTC's head reads 64 channels. `adapter_attn_dim` 12: per layer LayerNorm(96),
    /// Linear(96, 12), Linear(12, 96).
    @Test("wav2vec2 adapters, by hand") func adapters() throws {
        let m = "wav2vec2-adapter-small"
        #expect(try Self.layer("wav2vec2.adapter.proj", of: m).trainableParameters == 96 * 64 + 64)
        #expect(try Self.layer("wav2vec2.adapter.proj_layer_norm", of: m).trainableParameters == 2 * 64)
        for i in 0..<3 {
            #expect(try Self.layer("wav2vec2.adapter.layers.\(i).conv", of: m).trainableParameters == 64 * 128 * 3 + 128)
        }
        #expect(try Self.layer("lm_head", of: m).trainableParameters == 64 * 41 + 41)
        let a = "wav2vec2-attn-adapter-small", l = "wav2vec2.encoder.layers.1.adapter_layer."
        #expect(try Self.layer(l + "norm", of: a).trainableParameters == 2 * 96)
        #expect(try Self.layer(l + "linear_1", of: a).trainableParameters == 96 * 12 + 12)
        #expect(try Self.layer(l + "linear_2", of: a).trainableParameters == 12 * 96 + 96)
    }

    /// 4000 samples through kernels 10/3/2 with strides 5/2/2: 799, 399, 199 frames. The positional
    /// convolution (kernel 12, padding 6, 8 groups) computes 199 + 1 positions before dropping one:
    /// 200 · 96 · 96/8 · 12 MACs.
    @Test("an even positional kernel computes one extra position") func positionalConvolution() throws {
        let (_, results, _) = try HuggingFaceTests.built("wav2vec2-group-bias-small", inputShape: [4000])
        let conv = try #require(results.first { $0.name == "wav2vec2.encoder.pos_conv_embed" })
        #expect(conv.macs == 200 * 96 * 12 * 12)
    }

    /// CLIP's `logit_scale` is one parameter applied elementwise: no MAC. ViT's pooler maps to
    /// `pooler_output_size` (40).
    @Test("CLIP logit_scale and ViT pooler_output_size") func clipAndViT() throws {
        let scale = try Self.layer("logit_scale", of: "clip-odd-small")
        #expect(scale.trainableParameters == 1 && scale.macs == 0)
        #expect(try Self.layer("pooler.dense", of: "vit-pooler-size-small").trainableParameters == 96 * 40 + 40)
    }

    /// Qwen1.5-MoE-A2.7B (qwen2_moe): 56 of 60 routed experts idle per token in each of 24 layers, one
    /// expert 3·2048·1408; the shared expert and its gate always run. The hub card says 2.7B active.
    @Test("Qwen1.5-MoE-A2.7B active parameters per token, by hand") func qwen2MoEActive() throws {
        let (_, _, totals) = try HuggingFaceTests.built("Qwen1.5-MoE-A2.7B")
        let idle = 24 * 56 * (3 * 2048 * 1408)
        #expect(idle == 11_626_610_688)
        #expect(totals.parameters == 14_315_784_192)
        #expect(totals.activeParameters == 14_315_784_192 - idle)
    }

    /// `decoder_sparse_step` 2 and `mlp_only_layers` [3]: layers 1 is sparse; 0, 2, 3, 4 dense
    /// (`Linear` 96→250 gated: 3·96·250). The sparse block: router 96·6, six experts 3·96·40, the
    /// shared expert 3·96·70 and its gate 96.
    @Test("Qwen2-MoE dense and sparse layers, by hand") func qwen2MoELayers() throws {
        let m = "qwen2-moe-dense-layers-small"
        for i in [0, 2, 3, 4] {
            #expect(try Self.layer("model.layers.\(i).mlp", of: m).trainableParameters == 3 * 96 * 250, "layer \(i)")
        }
        #expect(try Self.layer("model.layers.1.mlp", of: m).trainableParameters == 96 * 6 + 6 * 3 * 96 * 40 + 3 * 96 * 70 + 96)
    }

    /// `add_cross_attention` gives each block a cross-attention over an encoder's states (the
    /// decoder half of an encoder-decoder model): refused, never counted without it.
    @Test("add_cross_attention is refused", arguments: [
        #"{"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_embd": 64, "n_layer": 1, "n_head": 4, "add_cross_attention": true}"#,
        #"{"model_type": "bert", "architectures": ["BertLMHeadModel"], "hidden_size": 64, "num_hidden_layers": 1, "num_attention_heads": 4, "is_decoder": true, "add_cross_attention": true}"#,
    ])
    func crossAttentionRefused(_ json: String) throws {
        do {
            _ = try ArchitectureImporter.read(Data(json.utf8), file: "config.json")
            Issue.record("accepted a config with add_cross_attention")
        } catch {
            #expect("\(error)".contains("add_cross_attention"))
            #expect("\(error)".contains("config.json"))
        }
    }
}
