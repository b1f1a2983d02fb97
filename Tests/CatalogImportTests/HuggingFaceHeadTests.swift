import Foundation
import Testing
@testable import CatalogImport

/// Every head kind of the families: MACs over 48 tokens (one image, 30 s of audio, 4,000 audio
/// samples where the file says so) equal PyTorch's FLOP counter / 2 over the same forward pass
/// (Fixtures/hf/macs-heads.json, written by scripts/hf_macs.py): heads on one token (the first,
/// the EOS, the last) or a pooled vector count that one vector, heads on every token count every
/// token. Their parameters are pinned with every fixture by HuggingFaceTests.
@Suite("Hugging Face head classes: MACs match PyTorch")
struct HuggingFaceHeadTests {
    struct MACs: Decodable {
        let tokens: Int
        let macs: [String: Int]
        /// `--input-shape` where it is not `[tokens]` (wav2vec2's audio samples).
        let input_shapes: [String: [Int]]?
    }

    @Test("MACs equal PyTorch's FLOP counter / 2")
    func macsMatchPyTorch() throws {
        let measured = try JSONDecoder().decode(
            MACs.self, from: Data(contentsOf: HuggingFaceTests.directory.appendingPathComponent("macs-heads.json")))
        #expect(measured.macs.count >= 47)
        for (name, macs) in measured.macs.sorted(by: { $0.key < $1.key }) {
            let shape = measured.input_shapes?[name] ?? [measured.tokens]
            let (_, _, totals) = try HuggingFaceTests.built(name, inputShape: shape)
            #expect(totals.macs == macs, "\(name)")
        }
    }

    /// The MACs of one layer of `name` built over 48 tokens (4,000 samples for wav2vec2).
    func macs(_ name: String, _ layer: String, inputShape: [Int?] = [48]) throws -> Int? {
        let (architecture, results, _) = try HuggingFaceTests.built(name, inputShape: inputShape)
        return zip(architecture.layers, results).first { $0.0.name == layer }?.1.macs
    }

    /// Heads that read one token count it once: 128·128 for RoBERTa's `classifier.dense` (not
    /// 48·128·128), 128·3 for its `out_proj`; DistilBERT's `pre_classifier` the same; BART's and
    /// T5's classification heads on the EOS state; GPT-2's multiple-choice summary 128·1 on the
    /// last token. Decoders' `score` runs on all 48 tokens (48·128·3) before one row is picked.
    @Test("one-token heads, by hand") func oneTokenHeads() throws {
        #expect(try macs("roberta-sequence-small", "classifier.dense") == 128 * 128)
        #expect(try macs("roberta-sequence-small", "classifier.out_proj") == 128 * 3)
        #expect(try macs("electra-sequence-small", "classifier.out_proj") == 128 * 4)
        #expect(try macs("distilbert-sequence-small", "pre_classifier") == 128 * 128)
        #expect(try macs("bart-sequence-small", "classification_head.dense") == 128 * 128)
        #expect(try macs("t5-sequence-classification-small", "classification_head.out_proj") == 128 * 3)
        #expect(try macs("gpt2-double-heads-small", "multiple_choice_head.summary") == 128)
        #expect(try macs("llama-sequence-small", "score") == 48 * 128 * 3)
        // wav2vec2: 4,000 samples → (4000 − 10)/5 + 1 = 799 → (799 − 3)/2 + 1 = 399 frames; the
        // projector on each, the classifier on their mean.
        #expect(try macs("wav2vec2-sequence-small", "projector", inputShape: [4000]) == 399 * 128 * 48)
        #expect(try macs("wav2vec2-sequence-small", "classifier", inputShape: [4000]) == 48 * 4)
        // Its positional conv (kernel 16, even) computes 399 + 1 frames, the last then dropped:
        // 400 · 128 · (128/4) · 16.
        #expect(try macs("wav2vec2-sequence-small", "wav2vec2.encoder.pos_conv_embed", inputShape: [4000]) == 400 * 128 * 32 * 16)
        // CLIP's logit_scale is a scale (no MACs); the similarity is one projection_dim dot product.
        #expect(try macs("clip-model-small", "logit_scale") == 0)
        #expect(try macs("clip-model-small", "similarity") == 64)
    }

    /// One layer's parameters and MACs of `name` built over `inputShape`.
    func layer(_ name: String, _ layer: String, inputShape: [Int?] = [4000]) throws -> (parameters: Int, macs: Int)? {
        let (architecture, results, _) = try HuggingFaceTests.built(name, inputShape: inputShape)
        return zip(architecture.layers, results).first { $0.0.name == layer }.map { ($0.1.parameters, $0.1.macs) }
    }

    /// `use_weighted_layer_sum`: `layer_weights` holds `num_hidden_layers + 1` values (2 + 1 for
    /// wav2vec2, Whisper's 3 encoder layers + 1) and the softmax-weighted sum is elementwise (no
    /// MACs); the projector still reads 399 frames of 128 (4,000 samples, as in oneTokenHeads).
    /// superb/wav2vec2-base-superb-ks: wav2vec2-base's 94,371,712 (its Wav2Vec2Model, pinned by
    /// HuggingFaceTests) + 13 layer weights + projector 768·256 + 256 + classifier 256·12 + 12.
    @Test("weighted layer sum, by hand") func weightedLayerSum() throws {
        #expect(try layer("wav2vec2-sequence-weighted-small", "layer_weights")! == (3, 0))
        #expect(try layer("wav2vec2-frame-weighted-stable-small", "layer_weights")! == (4, 0))
        #expect(try layer("whisper-audio-weighted-small", "layer_weights", inputShape: [48])! == (4, 0))
        #expect(try layer("wav2vec2-sequence-weighted-small", "projector")!.macs == 399 * 128 * 48)
        let (_, _, ks) = try HuggingFaceTests.built("wav2vec2-base-superb-ks")
        #expect(ks.parameters == 94_371_712 + 13 + (768 * 256 + 256) + (256 * 12 + 12))
    }

    /// Wav2Vec2ForXVector over 4,000 samples (399 frames of 128): projector 128→64; TDNN kernel 5
    /// dilation 1 → 395 frames (5·64·64 + 64 parameters), kernel 3 dilation 2 → 391, kernel 1 →
    /// 391 frames of 96; mean and std pooled (2·96), feature_extractor 192→40, classifier 40→40,
    /// objective 40 × 7 parameters only the loss reads (no MACs).
    @Test("XVector head, by hand") func xvector() throws {
        let n = "wav2vec2-xvector-small"
        #expect(try layer(n, "projector")! == (128 * 64 + 64, 399 * 128 * 64))
        #expect(try layer(n, "tdnn.0.kernel")! == (5 * 64 * 64 + 64, 395 * 5 * 64 * 64))
        #expect(try layer(n, "tdnn.1.kernel")! == (3 * 64 * 64 + 64, 391 * 3 * 64 * 64))
        #expect(try layer(n, "tdnn.2.kernel")! == (64 * 96 + 96, 391 * 64 * 96))
        #expect(try layer(n, "feature_extractor")! == (192 * 40 + 40, 192 * 40))
        #expect(try layer(n, "classifier")! == (40 * 40 + 40, 40 * 40))
        #expect(try layer(n, "objective")! == (40 * 7, 0))
    }

    /// A QA head is `Linear(hidden, num_labels)` in the BERT family (3 labels: 3·128 + 3), but OPT's
    /// and BART's are always 2 wide; GPT2DoubleHeadsModel adds `Linear(768, 1)` to gpt2's 124,439,808.
    @Test("head widths, by hand") func widths() throws {
        let (_, roberta, _) = try HuggingFaceTests.built("roberta-qa-three-labels-small")
        #expect(roberta.last?.parameters == 3 * 128 + 3)
        let (_, opt, _) = try HuggingFaceTests.built("opt-qa-small")
        #expect(opt.last?.parameters == 2 * 64 + 2)
        let (_, _, doubleHeads) = try HuggingFaceTests.built("openai-gpt2-double-heads")
        #expect(doubleHeads.parameters == 124_439_808 + 768 + 1)
    }
}
