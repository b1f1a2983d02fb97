import CatalogTestSupport
import Foundation
import Testing

/// The declared dtype (config.json's `torch_dtype` / `dtype`) as `memory`'s, `fit`'s and
/// `list --fits`' default weight type, stored and exported; sliding-window layers of different
/// windows in `list --fits`. Expected bytes are worked by hand beside each check.
@Suite("declared dtype and per-layer windows in memory and list --fits")
struct DeclaredDTypeCommandTests {
    /// Meta-Llama-3-8B's published config.json (huggingface.co/meta-llama/Meta-Llama-3-8B).
    static let llama3 = """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
         "intermediate_size": 14336, "num_attention_heads": 32, "num_hidden_layers": 32,
         "num_key_value_heads": 8, "max_position_embeddings": 8192, "rms_norm_eps": 1e-05,
         "rope_theta": 500000.0, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
         "hidden_act": "silu", "vocab_size": 128256}
        """

    /// Three attention layers of 2 kv heads · 64 head_dim (2 · 2 · 64 = 256 KV values per token):
    /// windows 512 and 1,024 and one full layer, declared float16.
    static let windows = """
        {"name": "windows", "framework": "pytorch", "dtype": "float16", "input": [128], "layers": [
          {"type": "TokenEmbedding", "name": "embed", "vocab_size": 1000, "hidden_size": 512},
          {"type": "TransformerAttention", "name": "l0", "hidden_size": 512, "num_attention_heads": 8, "num_key_value_heads": 2, "sliding_window": 512},
          {"type": "TransformerAttention", "name": "l1", "hidden_size": 512, "num_attention_heads": 8, "num_key_value_heads": 2, "sliding_window": 1024},
          {"type": "TransformerAttention", "name": "l2", "hidden_size": 512, "num_attention_heads": 8, "num_key_value_heads": 2}
        ]}
        """

    static func json(_ cli: CLI, _ arguments: [String]) throws -> [String: Any] {
        let result = try cli.run(arguments + ["--format", "json"])
        try #require(result.status == 0, "\(result)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
    }

    @Test func declaredBFloat16IsTheDefault() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let path = try cli.write("llama3.config.json", Self.llama3)
        try #require(try cli.run(["add", path, "--name", "llama3"]).status == 0)
        // 8,030,261,248 params (model card) · 2 B = 16,060,522,496 without --dtype; KV in bf16:
        // 2 · 32 · 8 · 128 · 2 B = 131,072 B per token, · 8,192 = 1,073,741,824.
        let memory = try Self.json(cli, ["memory", "llama3", "--context", "8192"])
        #expect(memory["weights_bytes"] as? Int == 16_060_522_496)
        #expect(memory["weight_type"] as? String == "bf16")
        #expect(memory["kv_cache_bytes"] as? Int == 1_073_741_824)
        let table = try cli.run(["memory", "llama3", "--context", "8192"])
        #expect(table.stdout.contains("declared in config.json: bfloat16"), "\(table.stdout)")
        // list --fits takes the same default from the stored figures.
        let listed = try cli.run(["list", "--fits", "1TiB", "--context", "8192", "--format", "json"])
        try #require(listed.status == 0, "\(listed)")
        let rows = try #require(try JSONSerialization.jsonObject(with: listed.stdoutData) as? [[String: Any]])
        let row = rows.first { $0["name"] as? String == "llama3" }
        #expect(row?["total_bytes"] as? Int == memory["total_bytes"] as? Int)
        // 16 GiB = 17,179,869,184 B: the bf16 weights (16,060,522,496) + 1 GiB of KV do not fit
        // at 8,192 tokens; at f32 (32,121,044,992 B) the weights alone would not.
        let tight = try cli.run(["list", "--fits", "16GiB", "--context", "8192", "--format", "csv", "--no-headers"])
        #expect(tight.status == 0)
        #expect(!tight.stdout.contains("llama3"))
        let roomy = try cli.run(["list", "--fits", "17GiB", "--context", "1", "--format", "csv", "--no-headers"])
        #expect(roomy.stdout.contains("llama3"), "bf16 weights fit in 17 GiB, f32 would not")
        // export writes the declared dtype, and add reads it back.
        let exported = try cli.run(["export", "llama3"])
        let document = try #require(try JSONSerialization.jsonObject(with: exported.stdoutData) as? [String: Any])
        #expect(document["dtype"] as? String == "bfloat16")
        let copy = try cli.write("copy.json", exported.stdout)
        try #require(try cli.run(["add", copy, "--name", "llama3-copy"]).status == 0)
        #expect(try Self.json(cli, ["memory", "llama3-copy"])["weights_bytes"] as? Int == 16_060_522_496)
    }

    @Test func ggufFileTypeInMemoryAndListFits() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // general.file_type 2 (MOSTLY_Q4_0, as gguf-py reads the fixture): weights as stored,
        // the KV cache in f16 (llama.cpp's default), activations at 2 B, in both commands.
        let file = CLI.packageRoot.appendingPathComponent("Tests/CatalogImportTests/Fixtures/weights/shared/tiny-llama-q4_0.gguf")
        try #require(try cli.run(["add", file.path]).status == 0)
        let memory = try Self.json(cli, ["memory", "tiny-llama-q4_0", "--context", "100"])
        #expect(memory["kv_type"] as? String == "f16")
        // 2 layers · 2 · 2 kv_heads · 16 head_dim · 2 B · 100 tokens = 25,600
        #expect(memory["kv_cache_bytes"] as? Int == 25_600)
        let listed = try cli.run(["list", "--fits", "1GiB", "--context", "100", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: listed.stdoutData) as? [[String: Any]])
        let row = try #require(rows.first { $0["name"] as? String == "tiny-llama-q4_0" })
        #expect(row["total_bytes"] as? Int == memory["total_bytes"] as? Int)
        #expect(row["activation_bytes"] as? Int == memory["activation_bytes"] as? Int)
    }

    @Test func newerDTypeKeyAndUnknownValues() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // transformers ≥ 4.56 writes "dtype": float16 → 8,030,261,248 · 2 B.
        let newer = Self.llama3.replacingOccurrences(of: "\"torch_dtype\": \"bfloat16\"", with: "\"dtype\": \"float16\"")
        try #require(try cli.run(["add", try cli.write("a.config.json", newer), "--name", "newer"]).status == 0)
        let memory = try Self.json(cli, ["memory", "newer"])
        #expect(memory["weights_bytes"] as? Int == 16_060_522_496)
        #expect(memory["weight_type"] as? String == "f16")
        // float64 is not priced: a warning, and float32 (8,030,261,248 · 4 = 32,121,044,992).
        let odd = Self.llama3.replacingOccurrences(of: "\"bfloat16\"", with: "\"float64\"")
        let added = try cli.run(["add", try cli.write("b.config.json", odd), "--name", "odd"])
        #expect(added.status == 0)
        #expect(added.stderr.contains("float64"))
        // The path once, as every warning names it: "warning: <path>: 'torch_dtype' …".
        #expect(added.stderr.components(separatedBy: "b.config.json").count == 2, "\(added.stderr)")
        #expect(try Self.json(cli, ["memory", "odd"])["weights_bytes"] as? Int == 32_121_044_992)
        // A native file with an unknown dtype is bad input.
        let bad = Self.windows.replacingOccurrences(of: "\"float16\"", with: "\"float7\"")
        let refused = try cli.run(["add", try cli.write("bad.json", bad)])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("float7"))
    }

    @Test func differentWindowsInListFits() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try #require(try cli.run(["add", try cli.write("windows.json", Self.windows)]).status == 0)
        // At 4,096 tokens, f16 (declared): 256 values · 2 B = 512 B per token and layer;
        // 512 · 512 + 512 · 1,024 + 512 · 4,096 = 262,144 + 524,288 + 2,097,152 = 2,883,584 B
        // (the largest window for both sliding layers would give 3,145,728).
        let memory = try Self.json(cli, ["memory", "windows", "--context", "4096"])
        #expect(memory["kv_cache_bytes"] as? Int == 2_883_584)
        for extra in [[String](), ["--kv-dtype", "q8_0"], ["--batch", "3", "--dtype", "bf16"]] {
            let arguments = ["--context", "4096"] + extra
            let listed = try cli.run(["list", "--fits", "1GiB", "--format", "json"] + arguments)
            try #require(listed.status == 0, "\(listed)")
            let rows = try #require(try JSONSerialization.jsonObject(with: listed.stdoutData) as? [[String: Any]])
            let expected = try Self.json(cli, ["memory", "windows"] + arguments)
            let row = try #require(rows.first { $0["name"] as? String == "windows" })
            #expect(row["kv_cache_bytes"] as? Int == expected["kv_cache_bytes"] as? Int, "\(extra)")
            #expect(row["total_bytes"] as? Int == expected["total_bytes"] as? Int, "\(extra)")
        }
        // q8_0: 256 · (512 + 1,024 + 4,096) = 1,441,792 values / 32 · 34 B = 1,531,904.
        #expect(try Self.json(cli, ["memory", "windows", "--context", "4096", "--kv-dtype", "q8_0"])["kv_cache_bytes"] as? Int
            == 1_531_904)
    }

    @Test func qwen2LayerTypesWithoutUseSlidingWindowAttendToEveryToken() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // Qwen2Config sets sliding_window to None unless use_sliding_window (transformers'
        // configuration_qwen2.py), so "sliding_attention" layers see every token.
        let config = """
            {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 512,
             "intermediate_size": 1024, "num_attention_heads": 8, "num_hidden_layers": 2,
             "num_key_value_heads": 2, "vocab_size": 1000, "sliding_window": 256,
             "use_sliding_window": false, "max_window_layers": 0, "torch_dtype": "bfloat16",
             "layer_types": ["sliding_attention", "sliding_attention"]}
            """
        try #require(try cli.run(["add", try cli.write("q.config.json", config), "--name", "q"]).status == 0)
        // 2 layers · 2 · 2 kv heads · 64 head_dim · 2 B = 1,024 B per token, · 1,024 tokens.
        #expect(try Self.json(cli, ["memory", "q", "--context", "1024"])["kv_cache_bytes"] as? Int == 1_048_576)
        let on = config.replacingOccurrences(of: "\"use_sliding_window\": false", with: "\"use_sliding_window\": true")
        try #require(try cli.run(["add", try cli.write("r.config.json", on), "--name", "r"]).status == 0)
        // with use_sliding_window: at most 256 tokens: 1,024 · 256 = 262,144.
        #expect(try Self.json(cli, ["memory", "r", "--context", "1024"])["kv_cache_bytes"] as? Int == 262_144)
    }
}
