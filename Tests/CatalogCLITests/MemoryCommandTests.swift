import CatalogTestSupport
import Foundation
import Testing

/// `memory`, `fit` and `list --fits` end to end, on configs with the published config.json values
/// of each model (huggingface.co/<repo>/blob/main/config.json); every expected byte count is
/// worked by hand in the comment beside it (docs/MEMORY.md's worked examples).
@Suite("memory, fit and list --fits")
struct MemoryCommandTests {
    static let configs: [(name: String, json: String)] = [
        ("llama3", """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
             "intermediate_size": 14336, "num_attention_heads": 32, "num_hidden_layers": 32,
             "num_key_value_heads": 8, "max_position_embeddings": 8192, "rms_norm_eps": 1e-05,
             "rope_theta": 500000.0, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
             "hidden_act": "silu", "vocab_size": 128256}
            """),
        ("mistral", """
            {"architectures": ["MistralForCausalLM"], "model_type": "mistral", "hidden_size": 4096,
             "intermediate_size": 14336, "num_attention_heads": 32, "num_hidden_layers": 32,
             "num_key_value_heads": 8, "sliding_window": 4096, "max_position_embeddings": 32768,
             "rms_norm_eps": 1e-05, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
             "hidden_act": "silu", "vocab_size": 32000}
            """),
        ("dsv2lite", """
            {"architectures": ["DeepseekV2ForCausalLM"], "model_type": "deepseek_v2", "hidden_size": 2048,
             "intermediate_size": 10944, "moe_intermediate_size": 1408, "num_attention_heads": 16,
             "num_hidden_layers": 27, "num_key_value_heads": 16, "kv_lora_rank": 512, "q_lora_rank": null,
             "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128, "n_routed_experts": 64,
             "n_shared_experts": 2, "num_experts_per_tok": 6, "first_k_dense_replace": 1, "moe_layer_freq": 1,
             "max_position_embeddings": 163840, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
             "hidden_act": "silu", "vocab_size": 102400}
            """),
    ]

    /// A fresh seeded catalog with `configs` (Hugging Face config.json texts) added under their names.
    static func catalog(_ configs: [(name: String, json: String)] = configs) throws -> CLI {
        let cli = try CLI()
        for config in configs {
            let path = try cli.write("\(config.name).config.json", config.json)
            let result = try cli.run(["add", path, "--name", config.name])
            try #require(result.status == 0, "\(result)")
        }
        return cli
    }

    static func json(_ cli: CLI, _ arguments: [String]) throws -> [String: Any] {
        let result = try cli.run(arguments + ["--format", "json"])
        try #require(result.status == 0, "\(result)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
    }

    @Test func kvCachePerLayerType() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        // Meta-Llama-3-8B in bf16: 2 · 32 layers · 8 kv_heads · 128 head_dim · 2 B = 131,072 B per
        // token; · 8,192 = 1,073,741,824 (1 GiB). Weights: 8,030,261,248 params (the model card) · 2 B.
        let llama = try Self.json(cli, ["memory", "llama3", "--context", "8192", "--dtype", "bf16"])
        #expect(llama["kv_cache_bytes_per_token"] as? Int == 131_072)
        #expect(llama["kv_cache_bytes"] as? Int == 1_073_741_824)
        #expect(llama["weights_bytes"] as? Int == 16_060_522_496)
        // Activations (estimate): the MLP's peak 4,096 + 2 · 14,336 + 4,096 = 36,864 values per
        // token · 2 B · 8,192 tokens = 603,979,776.
        #expect(llama["activation_bytes"] as? Int == 603_979_776)
        #expect(llama["total_bytes"] as? Int == 16_060_522_496 + 1_073_741_824 + 603_979_776)
        // Mistral-7B-v0.1: the same 131,072 B per token, but at most sliding_window 4,096 tokens:
        // 131,072 · 4,096 = 536,870,912 at 8,192 tokens.
        let mistral = try Self.json(cli, ["memory", "mistral", "--context", "8192", "--dtype", "bf16"])
        #expect(mistral["kv_cache_bytes"] as? Int == 536_870_912)
        // DeepSeek-V2-Lite: 27 layers · (512 + 64) · 2 B = 31,104 B per token.
        let deepseek = try Self.json(cli, ["memory", "dsv2lite", "--context", "1000", "--dtype", "bf16"])
        #expect(deepseek["kv_cache_bytes_per_token"] as? Int == 31_104)
        #expect(deepseek["kv_cache_bytes"] as? Int == 31_104_000)
        // q8_0 KV: a row of 8 · 128 = 1,024 values is 32 blocks of 34 B = 1,088; K and V, 32
        // layers: 69,632 B per token.
        let quantized = try Self.json(cli, ["memory", "llama3", "--context", "1", "--kv-dtype", "q8_0"])
        #expect(quantized["kv_cache_bytes_per_token"] as? Int == 69_632)
    }

    @Test("--kv-dtype takes a KV cache type only: weight-only formats are a usage error (exit 64)")
    func kvCacheTypeRefusals() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        for (command, extra) in [("memory", [String]()), ("fit", ["--budget", "24GiB"])] {
            for type in ["q4_k_m", "nf4", "int4"] {
                let result = try cli.run([command, "llama3", "--kv-dtype", type] + extra)
                #expect(result.status == 64, "\(result)")
                #expect(result.stderr.contains("'\(type)'") && result.stderr.contains("iq4_nl"), "\(result)")
                #expect(result.stdout.isEmpty)
            }
        }
        let fits = try cli.run(["list", "--fits", "24GiB", "--kv-dtype", "q4_k_m"])
        #expect(fits.status == 64, "\(fits)")
        let compare = try cli.run(["compare", "llama3", "mistral", "--context", "8192", "--kv-dtype", "nf4"])
        #expect(compare.status == 64, "\(compare)")
        // Upper case is the same type: 69,632 B per token, as q8_0 above.
        let upper = try Self.json(cli, ["memory", "llama3", "--context", "1", "--kv-dtype", "Q8_0"])
        #expect(upper["kv_cache_bytes_per_token"] as? Int == 69_632)
    }

    @Test func listFitsAgreesWithMemory() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        let arguments = ["--context", "8192", "--batch", "2", "--dtype", "q4_0", "--kv-dtype", "q8_0"]
        let result = try cli.run(["list", "--fits", "24GiB", "--format", "json"] + arguments)
        try #require(result.status == 0, "\(result)")
        let rows = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
        #expect(rows.contains { $0["name"] as? String == "llama3" })
        var previousRoom = Int.max
        for row in rows {
            let name = try #require(row["name"] as? String)
            let memory = try Self.json(cli, ["memory", name] + arguments)
            #expect(row["total_bytes"] as? Int == memory["total_bytes"] as? Int, "\(name)")
            #expect(row["kv_cache_bytes"] as? Int == memory["kv_cache_bytes"] as? Int, "\(name)")
            let room = try #require(row["room_left_bytes"] as? Int)
            #expect(room == 25_769_803_776 - (row["total_bytes"] as? Int ?? 0))
            #expect(room <= previousRoom, "most room first")
            previousRoom = room
        }
        // The default types: stored or declared (f32 here, no tensors), KV in the weights' type.
        let plain = try cli.run(["list", "--fits", "1TiB", "--context", "4096", "--format", "csv", "--name", "mistral"])
        try #require(plain.status == 0, "\(plain)")
        let memory = try Self.json(cli, ["memory", "mistral", "--context", "4096"])
        #expect(plain.stdout.contains(",\(memory["total_bytes"] as? Int ?? -1),"))
    }

    @Test func fitFindsContextBatchAndType() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        // 24 GiB = 25,769,803,776 B − 16,060,522,496 B of bf16 weights = 9,709,281,280 B left;
        // each token needs 131,072 B of KV + 73,728 B of activations (36,864 values · 2 B) = 204,800:
        // 9,709,281,280 / 204,800 = 47,408.6 → 47,408 tokens.
        let fit = try Self.json(cli, ["fit", "llama3", "--budget", "24GiB", "--dtype", "bf16", "--context", "8192"])
        #expect(fit["largest_context"] as? Int == 47_408)
        // at 8,192 tokens a sequence needs 8,192 · 204,800 = 1,677,721,600: 9,709,281,280 / that = 5.8 → 5
        #expect(fit["largest_batch"] as? Int == 5)
        // 24G is GiB, said on stderr
        let shorthand = try cli.run(["fit", "llama3", "--budget", "24G"])
        #expect(shorthand.status == 0)
        #expect(shorthand.stderr.contains("GiB"))
    }

    @Test func compareHasAMemorySectionAtAStatedContext() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        let object = try Self.json(cli, ["compare", "llama3", "mistral", "--context", "8192", "--quant", "bf16"])
        let memory = try #require(object["memory"] as? [String: Any])
        let rows = try #require(memory["architectures"] as? [[String: Any]])
        // the full-attention 1 GiB against the sliding window's 131,072 · 4,096 = 536,870,912
        #expect(rows.map { $0["kv_cache_bytes"] as? Int } == [1_073_741_824, 536_870_912])
        let table = try cli.run(["compare", "llama3", "mistral", "--context", "8192", "--quant", "bf16"])
        #expect(table.stdout.contains("Memory at context 8,192, batch 1"))
        #expect(table.stdout.contains("512.00 MiB"))
        // without --context, no section (the output of earlier versions)
        #expect(try Self.json(cli, ["compare", "llama3", "mistral"])["memory"] == nil)
    }

    @Test func badInputIsRefused() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        #expect(try cli.run(["memory", "llama3", "--quant", "q7_x"]).status == 64)
        #expect(try cli.run(["fit", "llama3", "--budget", "lots"]).status == 64)
        #expect(try cli.run(["memory", "nope"]).status == 66)
        let targets = try cli.run(["memory", "llama3", "--training", "lora", "--lora-targets", "c_attn"])
        #expect(targets.status == 65)
        #expect(targets.stderr.contains("llama3"))
    }

    @Test func loraCountsTheTargetShapes() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        // r 16 on q_proj (4,096 → 4,096) and v_proj (4,096 → 1,024) in 32 layers:
        // 32 · 16 · (8,192 + 5,120) = 6,815,744 adapter params (PEFT's print_trainable_parameters
        // for this setup), · 16 B (fp32 weights, gradients and two AdamW moments) = 109,051,904.
        let lora = try Self.json(
            cli, ["memory", "llama3", "--training", "lora", "--lora-targets", "q_proj,v_proj", "--lora-rank", "16"])
        let terms = try #require(lora["terms"] as? [[String: Any]])
        let adapters = try #require(terms.first { $0["name"] as? String == "lora_adapters" })
        #expect(adapters["bytes"] as? Int == 109_051_904)
    }
}
