import CatalogTestSupport
import Foundation
import Testing

/// llama.cpp's k-quant mixes priced tensor by tensor from the architecture's real shapes
/// (llama_tensor_get_type in llama.cpp's src/llama-quant.cpp); expected bytes worked by hand.
@Suite("memory --quant q4_k_m and the other llama.cpp mixes")
struct LlamaCppMixTests {
    static func json(_ cli: CLI, _ arguments: [String]) throws -> [String: Any] {
        let result = try cli.run(arguments + ["--format", "json"])
        try #require(result.status == 0, "\(result)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
    }

    @Test func llama3Q4KM() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let path = try cli.write("llama3.config.json", DeclaredDTypeCommandTests.llama3)
        try #require(try cli.run(["add", path, "--name", "llama3"]).status == 0)
        // Meta-Llama-3-8B: vocab 128,256, hidden 4,096, 32 layers, k/v 4,096 → 1,024, MLP 14,336.
        // Q4_K is 144 B per 256 values, Q6_K 210 B per 256.
        //   token_embd 525,336,576 values in Q4_K                    =   295,501,824
        //   output.weight 525,336,576 in Q6_K                        =   430,940,160
        //   per layer in Q4_K: attn_q and attn_output 16,777,216 each (9,437,184 B each), attn_k
        //   4,194,304 (2,359,296), ffn_gate and ffn_up 58,720,256 each (33,030,144 each), two
        //   norms 2 · 4,096 · 4 B = 32,768: 87,326,720 B;
        //   attn_v and ffn_down in Q6_K on the 16 layers use_more_bits picks (0–3, 28–31 and
        //   6, 9, …, 27): 3,440,640 + 48,168,960, else in Q4_K: 2,359,296 + 33,030,144;
        //   16 · (87,326,720 + 51,609,600) + 16 · (87,326,720 + 35,389,440)   = 4,186,439,680
        //   output_norm 4,096 · 4 B                                   =        16,384
        //                                                     total    4,912,898,048 B
        // bartowski/Meta-Llama-3-8B-Instruct-GGUF lists its Q4_K_M file at 4.92 GB: these tensor
        // bytes plus the metadata (the 128,256-token vocabulary and merges).
        let q4km = try Self.json(cli, ["memory", "llama3", "--quant", "q4_k_m"])
        #expect(q4km["weights_bytes"] as? Int == 4_912_898_048)
        let terms = try #require(q4km["terms"] as? [[String: Any]])
        let weights = try #require(terms.first { $0["name"] as? String == "weights" })
        #expect(weights["estimate"] as? Bool == true)
        #expect((weights["formula"] as? String)?.contains("llama.cpp") == true)
        // Q6_K: every matrix in Q6_K, 8,030,261,248 − 266,240 norm values = 8,029,995,008
        // / 256 · 210 = 6,587,105,280, + 266,240 · 4 B of F32 norms = 6,588,170,240.
        #expect(try Self.json(cli, ["memory", "llama3", "--quant", "q6_k"])["weights_bytes"] as? Int == 6_588_170_240)
        // A plain type is still priced parameter by parameter: ⌈8,030,261,248 / 32⌉ · 18 (q4_0).
        #expect(try Self.json(cli, ["memory", "llama3", "--quant", "q4_0"])["weights_bytes"] as? Int == 4_517_021_952)
    }
}
