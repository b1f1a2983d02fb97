import Foundation
import Testing
@testable import CatalogImport

/// The task heads added to the families (multiple choice, ELECTRA's causal LM, OPT's QA, T5's token
/// classifier, BERT's next-sentence head): MACs over 48 tokens equal PyTorch's FLOP counter / 2
/// (Fixtures/hf/macs-heads.json, written by scripts/hf_macs.py); their parameters are pinned
/// with every fixture by HuggingFaceTests.
@Suite("Hugging Face head classes: MACs match PyTorch")
struct HuggingFaceHeadTests {
    struct MACs: Decodable {
        let tokens: Int
        let macs: [String: Int]
    }

    @Test("MACs equal PyTorch's FLOP counter / 2")
    func macsMatchPyTorch() throws {
        let measured = try JSONDecoder().decode(
            MACs.self, from: Data(contentsOf: HuggingFaceTests.directory.appendingPathComponent("macs-heads.json")))
        #expect(measured.macs.count >= 9)
        for (name, macs) in measured.macs.sorted(by: { $0.key < $1.key }) {
            let (_, _, totals) = try HuggingFaceTests.built(name, inputShape: [measured.tokens])
            #expect(totals.macs == macs, "\(name)")
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
