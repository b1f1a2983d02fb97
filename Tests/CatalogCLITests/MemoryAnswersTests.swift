import CatalogTestSupport
import Foundation
import Testing

/// Memory answers without silent approximations: `list`'s Memory column by `memory`'s weights
/// rule, a note for RoPE models past `max_position_embeddings`, `compare --context` refusing past
/// learned positions as `memory` does, and `list --fits --quant q4_k_m` priced tensor by tensor.
/// Every expected number is worked by hand beside it.
@Suite("memory answers: list's Memory, RoPE notes, compare --context, list --fits mixes")
struct MemoryAnswersTests {
    /// Llama, hidden 64, 2 layers, 4 heads of 16, 2 kv heads, intermediate 128, vocab 100, untied:
    /// embed 100·64 = 6,400; per layer q 64·64 + k 64·32 + v 64·32 + o 64·64 = 12,288, MLP
    /// 3·64·128 = 24,576, 2 norms 128 → 36,992 · 2 = 73,984; final norm 64; lm_head 6,400:
    /// 86,848 parameters (transformers' LlamaForCausalLM on the meta device: 86,848).
    static func llama(dtype: String?, ropeScaling: String? = nil) -> String {
        var extra = ""
        if let dtype { extra += ", \"torch_dtype\": \"\(dtype)\"" }
        if let ropeScaling { extra += ", \"rope_scaling\": \(ropeScaling)" }
        return """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64,
             "intermediate_size": 128, "num_attention_heads": 4, "num_hidden_layers": 2,
             "num_key_value_heads": 2, "max_position_embeddings": 64, "rms_norm_eps": 1e-05,
             "tie_word_embeddings": false, "hidden_act": "silu", "vocab_size": 100\(extra)}
            """
    }

    static let llama31Scaling = """
        {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 16, "rope_type": "llama3"}
        """

    static let gpt2 = """
        {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 64, "n_layer": 2,
         "n_head": 4, "n_positions": 64, "n_ctx": 64, "vocab_size": 100}
        """

    /// Llama with every row a whole number of 256-value K-quant blocks: hidden 256, 2 layers,
    /// 2 heads of 128, 1 kv head, intermediate 512, vocab 256, untied: 1,312,000 parameters
    /// (transformers on the meta device: 1,312,000).
    static let blockLlama = """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 256,
         "intermediate_size": 512, "num_attention_heads": 2, "num_hidden_layers": 2,
         "num_key_value_heads": 1, "max_position_embeddings": 4096, "rms_norm_eps": 1e-05,
         "tie_word_embeddings": false, "hidden_act": "silu", "vocab_size": 256}
        """

    /// blockllama as Qwen3 (same sizes; head_dim 128 = 256 / 2): each layer adds `q_norm` and
    /// `k_norm`, RMSNorm weights of head_dim values (transformers' Qwen3Attention).
    static let blockQwen3 = """
        {"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "hidden_size": 256,
         "intermediate_size": 512, "num_attention_heads": 2, "num_hidden_layers": 2, "head_dim": 128,
         "num_key_value_heads": 1, "max_position_embeddings": 4096, "rms_norm_eps": 1e-06,
         "tie_word_embeddings": false, "hidden_act": "silu", "vocab_size": 256}
        """

    /// openai/whisper-tiny's config.json (its architecture keys).
    static let whisperTiny = """
        {"architectures": ["WhisperForConditionalGeneration"], "model_type": "whisper", "d_model": 384,
         "encoder_layers": 4, "decoder_layers": 4, "encoder_attention_heads": 6, "decoder_attention_heads": 6,
         "encoder_ffn_dim": 1536, "decoder_ffn_dim": 1536, "vocab_size": 51865, "num_mel_bins": 80,
         "max_source_positions": 1500, "max_target_positions": 448}
        """

    static func catalog() throws -> CLI {
        try MemoryCommandTests.catalog([
            ("bf16llama", llama(dtype: "bfloat16")), ("f32llama", llama(dtype: nil)),
            ("scaledllama", llama(dtype: "bfloat16", ropeScaling: llama31Scaling)), ("tinygpt2", gpt2),
            ("blockllama", blockLlama), ("blockqwen3", blockQwen3), ("whispertiny", whisperTiny),
        ])
    }

    static func rows(_ cli: CLI, _ arguments: [String]) throws -> [[String: Any]] {
        let result = try cli.run(arguments + ["--format", "json"])
        try #require(result.status == 0, "\(result)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
    }

    // MARK: 1. list's Memory column

    @Test func listMemoryIsMemorysDefaultWeightsWithTheirType() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        let rows = try Self.rows(cli, ["list", "--name", "*llama"])
        func row(_ name: String) -> [String: Any]? { rows.first { $0["name"] as? String == name } }
        // Declared bfloat16: 86,848 · 2 B = 173,696 B; nothing declared: float32, 86,848 · 4 = 347,392.
        #expect(row("bf16llama")?["weights_memory_bytes"] as? Int == 173_696)
        #expect(row("bf16llama")?["weights_memory_type"] as? String == "bf16")
        #expect(row("f32llama")?["weights_memory_bytes"] as? Int == 347_392)
        #expect(row("f32llama")?["weights_memory_type"] as? String == "f32")
        // parameter_bytes keeps its float32 meaning (4 B a parameter).
        #expect(row("bf16llama")?["parameter_bytes"] as? Int == 347_392)
        // The same figure as `memory`'s weights term without --dtype.
        let memory = try MemoryCommandTests.json(cli, ["memory", "bf16llama"])
        #expect(memory["weights_bytes"] as? Int == 173_696)
        // The table labels it: 173,696 / 1,024 = 169.625 KiB, as `memory` prints it.
        let table = try cli.run(["list", "--name", "bf16llama"])
        #expect(table.stdout.contains("169.63 KiB bf16"), "\(table.stdout)")
        #expect(try cli.run(["memory", "bf16llama"]).stdout.contains("169.63 KiB"))
        let csv = try cli.run(["list", "--name", "f32llama", "--format", "csv"])
        #expect(csv.stdout.contains(",347392,f32,false\n"), "\(csv.stdout)")
        // --sort memory orders by it: the bf16 twin (173,696) before the f32 one (347,392).
        let sorted = try Self.rows(cli, ["list", "--name", "*llama", "--sort", "memory"]).compactMap { $0["name"] as? String }
        let bf16 = try #require(sorted.firstIndex(of: "bf16llama"))
        let f32 = try #require(sorted.firstIndex(of: "f32llama"))
        #expect(bf16 < f32)
    }

    @Test func listMemoryOfAFileWithTensorsIsAsStored() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // gguf-py: the 21 tensors of the fixture hold 69,376 B (total_tensor_bytes in
        // tiny-llama-q4_0.gguf.expected.json); 69,376 / 1,024 = 67.75 KiB.
        let file = CLI.packageRoot.appendingPathComponent("Tests/CatalogImportTests/Fixtures/weights/shared/tiny-llama-q4_0.gguf")
        try #require(try cli.run(["add", file.path]).status == 0)
        let row = try #require(try Self.rows(cli, ["list", "--name", "tiny-llama-q4_0"]).first)
        #expect(row["weights_memory_bytes"] as? Int == 69_376)
        #expect(row["weights_memory_type"] as? String == "stored")
        #expect(try cli.run(["list", "--name", "tiny-llama-q4_0"]).stdout.contains("67.75 KiB stored"))
        // Its llama.context_length is 2,048 (gguf-py, the same file): past it, a RoPE note.
        let memory = try cli.run(["memory", "tiny-llama-q4_0", "--context", "4096"])
        #expect(memory.status == 0)
        #expect(memory.stdout.contains("max_position_embeddings 2,048"), "\(memory.stdout)")
    }

    // MARK: 2. RoPE past max_position_embeddings

    @Test func ropeModelsPastMaxPositionEmbeddingsGetANote() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        // Not refused: KV 2 layers · 2 · 2 kv_heads · 16 head_dim · 2 B (bf16) = 256 B a token, · 128.
        let memory = try cli.run(["memory", "bf16llama", "--context", "128"])
        #expect(memory.status == 0, "\(memory)")
        #expect(memory.stdout.contains("32,768 B"), "\(memory.stdout)")
        #expect(memory.stdout.contains("exceeds the model's max_position_embeddings 64"), "\(memory.stdout)")
        #expect(memory.stdout.contains("no rope_scaling"), "\(memory.stdout)")
        // Within the trained context, no note.
        #expect(!(try cli.run(["memory", "bf16llama", "--context", "64"]).stdout.contains("max_position_embeddings")))
        // The scaling is named as config.json states it.
        let scaled = try cli.run(["memory", "scaledllama", "--context", "128"])
        #expect(scaled.stdout.contains("rope_scaling: factor 8.0"), "\(scaled.stdout)")
        #expect(scaled.stdout.contains("original_max_position_embeddings 16"), "\(scaled.stdout)")
        #expect(scaled.stdout.contains("rope_type llama3"), "\(scaled.stdout)")
        // JSON carries it among the notes; fit says it too.
        let json = try MemoryCommandTests.json(cli, ["memory", "scaledllama", "--context", "128"])
        let notes = try #require(json["notes"] as? [String])
        #expect(notes.contains { $0.contains("max_position_embeddings 64") })
        let fit = try cli.run(["fit", "scaledllama", "--budget", "1GiB", "--context", "128"])
        #expect(fit.status == 0)
        #expect(fit.stdout.contains("max_position_embeddings 64"), "\(fit.stdout)")
        // fit's largest context past the trained one is noted too (1 GiB holds far more than 64 tokens).
        let largest = try cli.run(["fit", "bf16llama", "--budget", "1GiB", "--context", "32"])
        #expect(largest.status == 0)
        #expect(largest.stdout.contains("max_position_embeddings 64"), "\(largest.stdout)")
        // export keeps the trained context and scaling; the copy gives the same note.
        let exported = try cli.run(["export", "scaledllama"])
        let document = try #require(try JSONSerialization.jsonObject(with: exported.stdoutData) as? [String: Any])
        #expect(document["max_position_embeddings"] as? Int == 64)
        try #require(try cli.run(["add", try cli.write("copy.json", exported.stdout), "--name", "copy"]).status == 0)
        #expect(try cli.run(["memory", "copy", "--context", "128"]).stdout.contains("rope_type llama3"))
        // A learned-position model is still refused, not noted.
        #expect(try cli.run(["memory", "tinygpt2", "--context", "128"]).status == 65)
    }

    // MARK: 3. compare --context

    @Test func compareContextRefusesPastLearnedPositionsAsMemoryDoes() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        let refused = try cli.run(["compare", "bf16llama", "tinygpt2", "--context", "65"])
        #expect(refused.status == 65, "\(refused)")
        #expect(refused.stderr.contains("tinygpt2"), "\(refused)")
        #expect(refused.stderr.contains("64 learned positions"), "\(refused)")
        #expect(refused.stdout.isEmpty)
        // At the positions it answers; GPT-2's KV: 2 layers · 2 · 64 values · 2 B (f16) = 512 B a token · 64.
        let object = try MemoryCommandTests.json(cli, ["compare", "bf16llama", "tinygpt2", "--context", "64"])
        let rows = try #require((object["memory"] as? [String: Any])?["architectures"] as? [[String: Any]])
        #expect(rows.last?["kv_cache_bytes"] as? Int == 32_768)
        // A RoPE model past its trained context: answered, with memory's note.
        let noted = try cli.run(["compare", "bf16llama", "scaledllama", "--context", "128"])
        #expect(noted.status == 0)
        #expect(noted.stdout.contains("'scaledllama': context 128 tokens exceeds"), "\(noted.stdout)")
    }

    // MARK: 4. list --fits with a llama.cpp mix

    @Test func listFitsPricesLlamaCppMixesTensorByTensor() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        // q4_k_m on blockllama (Q4_K 144 B / 256 values, Q6_K 210 B / 256; llama.cpp's rules in
        // docs/MEMORY.md): token_embd 65,536 values Q4_K = 256 blocks · 144 = 36,864; output
        // Q6_K 256 · 210 = 53,760; per layer attn_q 36,864 + attn_k (256·128) 18,432 +
        // attn_output 36,864 + ffn_gate 73,728 + ffn_up 73,728 + 2 norms 2·256·4 = 2,048 →
        // 241,664 · 2 = 483,328; use_more_bits(i, 2) is true for layer 1 only (i ≥ 7·2/8 = 1):
        // layer 0 attn_v Q4_K 18,432 + ffn_down Q4_K 73,728 = 92,160, layer 1 attn_v Q6_K
        // 128 · 210 = 26,880 + ffn_down 512 · 210 = 107,520 = 134,400; output_norm 1,024.
        // Σ 36,864 + 53,760 + 483,328 + 92,160 + 134,400 + 1,024 = 801,536 B.
        let memory = try MemoryCommandTests.json(cli, ["memory", "blockllama", "--quant", "q4_k_m", "--context", "16"])
        #expect(memory["weights_bytes"] as? Int == 801_536)
        let rows = try Self.rows(cli, ["list", "--fits", "1TiB", "--quant", "q4_k_m", "--context", "16", "--name", "blockllama"])
        let row = try #require(rows.first)
        #expect(row["weights_bytes"] as? Int == 801_536)
        #expect(row["total_bytes"] as? Int == memory["total_bytes"] as? Int)
        // The base type alone would be ⌈1,312,000 / 256⌉ = 5,125 blocks · 144 = 738,000 B.
        #expect(row["weights_bytes"] as? Int != 738_000)
        // A family llama.cpp's rules are not applied to (GPT-2) keeps the base type in both:
        // GPT-2 2 layers of n_embd 64, vocab 100, 64 positions: wte 6,400 + wpe 4,096 + per layer
        // (ln_1 128 + c_attn 64·192 + 192 + c_proj 64·64 + 64 + ln_2 128 + c_fc 64·256 + 256 +
        // c_proj 256·64 + 64 = 49,984) · 2 + ln_f 128 = 110,592 params (lm_head tied; transformers'
        // GPT2LMHeadModel on the meta device: 110,592);
        // 110,592 / 256 = 432 blocks · 144 = 62,208 B.
        let gpt2 = try #require(try Self.rows(cli, ["list", "--fits", "1TiB", "--quant", "q4_k_m", "--context", "16", "--name", "tinygpt2"]).first)
        #expect(gpt2["weights_bytes"] as? Int == 62_208)
        let note = try cli.run(["list", "--fits", "1TiB", "--quant", "q4_k_m", "--context", "16"])
        #expect(note.stderr.contains("estimate of llama.cpp's mix"), "\(note.stderr)")
    }

    @Test func qwen3IsPricedTensorByTensorLikeLlama() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        // blockllama's 801,536 B (above) plus Qwen3's q_norm and k_norm: 1-D, kept F32 by
        // llama.cpp, 2 · 128 values · 4 B = 1,024 B a layer, 2 layers: 801,536 + 2,048 = 803,584 B.
        let memory = try MemoryCommandTests.json(cli, ["memory", "blockqwen3", "--quant", "q4_k_m", "--context", "16"])
        #expect(memory["weights_bytes"] as? Int == 803_584)
        let row = try #require(try Self.rows(cli, ["list", "--fits", "1TiB", "--quant", "q4_k_m", "--context", "16", "--name", "blockqwen3"]).first)
        #expect(row["weights_bytes"] as? Int == 803_584)
    }

    // MARK: 5. Training activations per tower

    @Test func trainingActivationsTakeEachTowersLength() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        // Korthikanti et al. 2022: s·b·h·34 + 5·a·s²·b a layer. Whisper's encoder always runs over
        // 1,500 frames (30 s of audio), the decoder over the context (448, its learned positions):
        // encoder 1,500·384·34 = 19,584,000 + 5·6·1,500² = 67,500,000 → 87,084,000 · 4 = 348,336,000;
        // decoder 448·384·34 = 5,849,088 + 5·6·448² = 6,021,120 → 11,870,208 · 4 = 47,480,832.
        // Σ 395,816,832 B (the old single shape counted the encoder at 448 too: 94,961,664).
        let full = try MemoryCommandTests.json(cli, ["memory", "whispertiny", "--training", "full"])
        let terms = try #require(full["terms"] as? [[String: Any]])
        let activations = try #require(terms.first { $0["name"] as? String == "activations" })
        #expect(activations["bytes"] as? Int == 395_816_832)
        // With full recomputation: each layer's input, 2·s·h: 2·1,500·384·4 = 4,608,000 +
        // 2·448·384·4 = 1,376,256, plus the largest layer's full activations 87,084,000 = 93,068,256 B.
        let recomputed = try MemoryCommandTests.json(cli, ["memory", "whispertiny", "--training", "full", "--checkpointing"])
        let recomputedTerms = try #require(recomputed["terms"] as? [[String: Any]])
        #expect(recomputedTerms.first { $0["name"] as? String == "activations" }?["bytes"] as? Int == 93_068_256)
    }

    // MARK: 6. torchinfo's input size: token ids are int64

    @Test func tokenIDsCountEightBytesInTorchinfosInputSize() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        // torchinfo sums its input tensors' storage; PyTorch holds token ids as int64 (8 B) whatever
        // the model's dtype: 2 samples · 2,048 tokens · 8 B = 32,768 B (was 2 · 2,048 · 2 B = 8,192 in bf16).
        let result = try cli.run(["show", "blockllama", "--batch", "2", "--dtype", "bfloat16", "--format", "json"])
        try #require(result.status == 0, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect((object["memory"] as? [String: Any])?["input_bytes"] as? Int == 32_768)
        let table = try cli.run(["show", "blockllama", "--batch", "2", "--dtype", "bfloat16"])
        #expect(table.stdout.contains("torchinfo: Input size (MB): 0.03"), "\(table.stdout)")
    }
}
