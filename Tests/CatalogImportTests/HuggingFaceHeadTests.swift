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

    /// The one class of the families still refused says why (docs/HF_CLASSES.md).
    @Test("Wav2Vec2ForXVector is refused with its reason") func xvectorRefused() {
        let data = Data(#"{"model_type": "wav2vec2", "architectures": ["Wav2Vec2ForXVector"]}"#.utf8)
        #expect {
            try ArchitectureImporter.read(data, file: "xvector/config.json")
        } throws: { error in
            let text = "\(error)"
            return text.contains("xvector/config.json") && text.contains("AMSoftmaxLoss") && text.contains("--base-model")
        }
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
