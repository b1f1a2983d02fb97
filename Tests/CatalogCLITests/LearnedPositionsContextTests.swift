import CatalogTestSupport
import Foundation
import Testing

/// `memory`, `fit` and `list --fits` at a context beyond a model's learned (absolute) position
/// embeddings: GPT-2's `wpe` and BERT's `position_embeddings` have one row per position
/// (`n_positions`, `max_position_embeddings`), so a longer sequence cannot run. Small configs
/// with the published keys of each model type; every expected number is worked by hand beside it.
@Suite("context beyond learned positions")
struct LearnedPositionsContextTests {
    static let configs: [(name: String, json: String)] = [
        ("tinygpt2", """
            {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 64, "n_layer": 2,
             "n_head": 4, "n_positions": 64, "n_ctx": 64, "vocab_size": 100}
            """),
        ("tinybert", """
            {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 64, "num_hidden_layers": 2,
             "num_attention_heads": 4, "intermediate_size": 128, "max_position_embeddings": 32,
             "type_vocab_size": 2, "vocab_size": 100}
            """),
        ("tinyllama", """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64,
             "intermediate_size": 128, "num_attention_heads": 4, "num_hidden_layers": 2,
             "num_key_value_heads": 2, "max_position_embeddings": 64, "rms_norm_eps": 1e-05,
             "tie_word_embeddings": false, "hidden_act": "silu", "vocab_size": 100}
            """),
    ]

    static func catalog() throws -> CLI { try MemoryCommandTests.catalog(configs) }

    static func json(_ cli: CLI, _ arguments: [String]) throws -> [String: Any] {
        try MemoryCommandTests.json(cli, arguments)
    }

    @Test func anExplicitContextBeyondLearnedPositionsIsAnError() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        for (name, positions) in [("tinygpt2", 64), ("tinybert", 32)] {
            for command in [["memory", name], ["fit", name, "--budget", "1GiB"]] {
                let result = try cli.run(command + ["--context", "\(positions + 1)"])
                #expect(result.status == 65, "\(command) \(result)")
                #expect(result.stderr.contains(name), "\(result)")
                #expect(result.stderr.contains("\(positions) learned positions"), "\(result)")
                #expect(try cli.run(command + ["--context", "\(positions)"]).status == 0, "\(command)")
            }
        }
    }

    @Test func theDefaultContextIsCappedAtLearnedPositions() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        // GPT-2's KV cache: K and V, 2 layers · n_embd 64 values · 2 B (f16) = 512 B per token;
        // at its 64 positions (not the default 4,096): 512 · 64 = 32,768 B.
        let memory = try Self.json(cli, ["memory", "tinygpt2", "--kv-dtype", "f16"])
        #expect(memory["context"] as? Int == 64)
        #expect(memory["kv_cache_bytes_per_token"] as? Int == 512)
        #expect(memory["kv_cache_bytes"] as? Int == 32_768)
        let text = try cli.run(["memory", "tinygpt2"])
        #expect(text.stdout.contains("at context 64,"))
        #expect(text.stdout.contains("learned positions"))
        // fit: the context it answers at is the largest context it reports (no contradiction).
        let fit = try cli.run(["fit", "tinygpt2", "--budget", "1GiB"])
        try #require(fit.status == 0, "\(fit)")
        #expect(fit.stdout.contains("at context 64, batch 1"))
        #expect(fit.stdout.contains("largest context at batch 1: 64 tokens"))
        #expect(!fit.stdout.contains("4,096"))
        let fitJSON = try Self.json(cli, ["fit", "tinygpt2", "--budget", "1GiB"])
        #expect(fitJSON["context"] as? Int == 64)
        // A model without learned positions (RoPE) keeps the default 4,096.
        #expect(try Self.json(cli, ["memory", "tinyllama"])["context"] as? Int == 4096)
    }

    @Test func ropeModelsMayRunPastMaxPositionEmbeddings() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        // Llama: 2 layers · 2 kv_heads · head_dim 16 · 2 (K, V) · 2 B = 256 B per token · 128 = 32,768.
        let memory = try Self.json(cli, ["memory", "tinyllama", "--context", "128", "--kv-dtype", "f16"])
        #expect(memory["kv_cache_bytes"] as? Int == 32_768)
    }

    @Test func listFitsLeavesOutModelsWithFewerPositions() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        func names(_ context: Int) throws -> Set<String> {
            let result = try cli.run(["list", "--fits", "1TiB", "--context", "\(context)", "--format", "json"])
            try #require(result.status == 0, "\(result)")
            let rows = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
            // The seeded CNNs have no positions and always fit in 1 TiB: only the three configs matter.
            return Set(rows.compactMap { $0["name"] as? String }).intersection(Self.configs.map(\.name))
        }
        #expect(try names(32) == ["tinygpt2", "tinybert", "tinyllama"])
        #expect(try names(33) == ["tinygpt2", "tinyllama"])  // BERT has 32 positions
        #expect(try names(64) == ["tinygpt2", "tinyllama"])
        #expect(try names(65) == ["tinyllama"])  // GPT-2 has 64; Llama's RoPE has no rows per position
        let help = try cli.run(["list", "--help"])
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Models with learned position embeddings fewer than N"))
    }

    @Test("list --fits and rank --by memory name the models they leave out, on stderr")
    func leftOutModelsAreNamed() throws {
        // tiny80: one KV head of 80 values, so its K and V rows are 80 values: not whole q4_0
        // blocks of 32 (llama.cpp's ggml_row_size refuses them).
        let tiny80 = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 80,
             "intermediate_size": 160, "num_attention_heads": 1, "num_hidden_layers": 1,
             "num_key_value_heads": 1, "max_position_embeddings": 64, "vocab_size": 10}
            """
        let cli = try MemoryCommandTests.catalog(Self.configs + [("tiny80", tiny80)])
        defer { cli.cleanUp() }
        for command in [["list", "--fits", "1TiB", "--format", "csv"], ["rank", "--by", "memory", "--format", "csv"]] {
            let result = try cli.run(command + ["--context", "33", "--kv-dtype", "q4_0"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.contains("note: left out, fewer learned positions than the context 33: tinybert (32)\n"), "\(result)")
            #expect(result.stderr.contains("note: left out, KV rows that are not whole q4_0 blocks of 32: tiny80 (rows of 80 values)\n"), "\(result)")
            #expect(!result.stdout.contains("tinybert") && !result.stdout.contains("tiny80") && result.stdout.contains("tinygpt2"))
        }
        // Nothing left out, nothing said; a filter that excludes them excludes their notes.
        #expect(try cli.run(["list", "--fits", "1TiB", "--context", "32"]).stderr.isEmpty)
        #expect(try cli.run(["list", "--fits", "1TiB", "--context", "33", "--name", "tinygpt2"]).stderr.isEmpty)
    }
}
