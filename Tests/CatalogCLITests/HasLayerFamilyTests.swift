import CatalogTestSupport
import Foundation
import Testing

/// `list --has-layer` finds a layer by the names users give it in Keras, PyTorch and Hugging Face
/// terms, not only by the spelling the file stored (README: `--has-layer`).
@Suite("CLI: --has-layer matches layer families")
struct HasLayerFamilyTests {
    /// Two layers of 2·3 + 3 = 9 parameters: Keras `Dense` in one file, `Linear` in the other.
    static let keras = #"{"name": "fam_keras", "input": [2], "layers": [{"type": "Dense", "units": 3}]}"#
    static let torch = #"{"name": "fam_torch", "framework": "pytorch", "input": [2], "layers": [{"type": "Linear", "in_features": 2, "out_features": 3}]}"#
    /// A 1-layer Llama config: stored as TransformerAttention / FeedForward / RMSNorm layers.
    static let llama = """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 16,
         "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2,
         "num_key_value_heads": 1, "vocab_size": 10}
        """

    @Test(
        "each word finds exactly the architectures holding its family",
        arguments: [
            ("Dense", ["fam_keras", "fam_torch"]),
            ("linear", ["fam_keras", "fam_torch"]),
            ("MultiHeadAttention", ["fam_llama"]),
            ("TransformerAttention", ["fam_llama"]),
            ("attention", ["fam_llama"]),
            ("AdditiveAttention", []),
            ("LSTM", []),
        ])
    func families(_ word: String, _ expected: [String]) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try FileManager.default.createDirectory(atPath: cli.path("fam_llama"), withIntermediateDirectories: true)
        try cli.write("fam_llama/config.json", Self.llama)
        let files = [try cli.write("fam_keras.json", Self.keras), try cli.write("fam_torch.json", Self.torch), cli.path("fam_llama")]
        let added = try cli.run(["add", "--quiet", "--input-shape", "4"] + files.suffix(1))
        #expect(added.status == 0, "\(added)")
        let addedNative = try cli.run(["add", "--quiet"] + files.prefix(2))
        #expect(addedNative.status == 0, "\(addedNative)")
        let listed = try cli.run(["list", "--has-layer", word, "--name", "fam_*", "--format", "csv", "--no-headers"])
        #expect(listed.status == 0, "\(listed)")
        let names = listed.stdout.split(separator: "\n").map { String($0.split(separator: ",")[0]) }
        #expect(names == expected, "\(word): \(listed.stdout)")
    }
}
