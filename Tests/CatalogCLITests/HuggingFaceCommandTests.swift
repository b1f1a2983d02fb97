import CatalogTestSupport
import Foundation
import Testing

/// `catalog add` of a Hugging Face checkpoint folder, end to end: the folder names the
/// architecture, `show --format json` has `active_params`, `--base-model` drops the head,
/// `rank --by active` and `--max-active-params` use the stored column, and an unsupported
/// model_type is refused with exit 65 and nothing stored.
@Suite("CLI: Hugging Face configs")
struct HuggingFaceCommandTests {
    /// A small Mixtral-style config: 2 layers, hidden 64, 4 experts of which 2 run per token.
    static let mixtral = """
        {"architectures": ["MixtralForCausalLM"], "model_type": "mixtral", "hidden_size": 64,
         "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
         "vocab_size": 100, "num_local_experts": 4, "num_experts_per_tok": 2, "tie_word_embeddings": false}
        """

    @Test("add a checkpoint folder; totals and active parameters by hand") func addFolder() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try FileManager.default.createDirectory(atPath: cli.path("tiny-mixtral"), withIntermediateDirectories: true)
        try cli.write("tiny-mixtral/config.json", Self.mixtral)
        let added = try cli.run(["add", cli.path("tiny-mixtral"), "--input-shape", "8"])
        #expect(added.status == 0, "\(added.stderr)")
        // Per layer: attention q 64·64 + k 64·32 + v 64·32 + o 64·64 = 12,288; router 64·4 = 256;
        // 4 experts of 3·64·128 = 24,576; 2 RMSNorms 128. Embedding and head 100·64 each, final norm 64.
        let layer = 12_288 + 256 + 4 * 24_576 + 128
        let total = 2 * layer + 2 * 6_400 + 64
        let shown = try cli.run(["show", "tiny-mixtral", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: shown.stdoutData) as? [String: Any])
        #expect(object["total_params"] as? Int == total)
        // Two of the four experts are idle in each layer (the base model, without its head, uses 6,400 fewer).
        #expect(object["active_params"] as? Int == total - 2 * 2 * 24_576)
        #expect(object["input_shapes"] as? [[Int]] == [[8]])

        let base = try cli.run(["add", cli.path("tiny-mixtral/config.json"), "--name", "base", "--base-model"])
        #expect(base.status == 0, "\(base.stderr)")
        let baseObject = try #require(try JSONSerialization.jsonObject(
            with: try cli.run(["show", "base", "--format", "json"]).stdoutData) as? [String: Any])
        #expect(baseObject["total_params"] as? Int == total - 6_400)

        let listed = try cli.run(["list", "--min-active-params", "\(total - 2 * 2 * 24_576)", "--tag", "transformer", "--format", "csv"])
        #expect(listed.stdout.contains("tiny-mixtral"))
        #expect(!listed.stdout.contains("\nbase"))

        // list --sort active shows what it sorts by, after the total: 2·110,976 + 12,864 = 234,816
        // and 234,816 − 98,304 = 136,512.
        #expect(total == 234_816)
        let table = try cli.run(["list", "--sort", "active", "--name", "tiny-mixtral", "--format", "markdown"])
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("| Name | Total params | Active params | Trainable |") == true, "\(table)")
        #expect(lines.count > 2 && lines[2].hasPrefix("| tiny-mixtral | 234,816 | 136,512 | 234,816 |"), "\(table)")
        #expect(!(try cli.run(["list", "--limit", "1"])).stdout.contains("Active params"))
    }

    @Test("an unsupported model_type: exit 65, the type and the supported ones named") func unsupported() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("mamba.config.json", #"{"model_type": "mamba", "architectures": ["MambaForCausalLM"]}"#)
        let result = try cli.run(["add", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("'mamba'") && result.stderr.contains("llama"))
        #expect(result.stdout.isEmpty)
    }
}
