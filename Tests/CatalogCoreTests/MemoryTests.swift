import Testing

@testable import CatalogCore

/// The worked examples of docs/MEMORY.md: profiles built from each model's published config.json,
/// expected bytes worked by hand in the comments.
@Suite struct MemoryTests {
    // Meta-Llama-3-8B config.json: num_hidden_layers 32, num_key_value_heads 8, head_dim
    // 4096 / 32 = 128, torch_dtype bfloat16; 8,030,261,248 parameters (the model card's 8.03B,
    // transformers' num_parameters()).
    static let llama3 = MemoryProfile(
        parameters: 8_030_261_248, declaredDType: "bfloat16",
        kvLayers: Array(repeating: .fullAttention(kvHeads: 8, headDim: 128), count: 32))

    @Test func gqaLlama3KVCache() throws {
        let answer = try Memory.breakdown(Self.llama3, MemoryRequest(context: 8192))
        // 2 · 32 layers · 8 kv_heads · 128 head_dim · 2 B = 131,072 B per token
        #expect(answer.kvCacheBytesPerToken == 131_072)
        // 131,072 · 8,192 = 1,073,741,824 = 1 GiB
        #expect(answer.kvCacheBytes == 1_073_741_824)
        // 8,030,261,248 · 2 B = 16,060,522,496
        #expect(answer.weightsBytes == 16_060_522_496)
        // no activation figure: not in the total
        #expect(answer.activationBytes == nil)
        #expect(answer.totalBytes == 16_060_522_496 + 1_073_741_824)
    }

    @Test func denseLlama2KVCache() throws {
        // Llama-2-7b: 32 layers, 32 heads (no GQA), head_dim 128; 6,738,415,616 parameters.
        let profile = MemoryProfile(
            parameters: 6_738_415_616, declaredDType: "float16",
            kvLayers: Array(repeating: .fullAttention(kvHeads: 32, headDim: 128), count: 32))
        let answer = try Memory.breakdown(profile, MemoryRequest(context: 4096, batch: 2))
        // 2 · 32 · 32 · 128 · 2 B = 524,288 B per token
        #expect(answer.kvCacheBytesPerToken == 524_288)
        // 524,288 · 4,096 tokens · 2 sequences = 4,294,967,296 (4 GiB)
        #expect(answer.kvCacheBytes == 4_294_967_296)
        // 6,738,415,616 · 2 B
        #expect(answer.weightsBytes == 13_476_831_232)
    }

    @Test func slidingWindowMistral() throws {
        // Mistral-7B-v0.1: 32 layers, 8 kv heads, head_dim 128, sliding_window 4096.
        let profile = MemoryProfile(
            parameters: 7_241_732_096, declaredDType: "bfloat16",
            kvLayers: Array(repeating: .slidingWindow(kvHeads: 8, headDim: 128, window: 4096), count: 32))
        let long = try Memory.breakdown(profile, MemoryRequest(context: 8192))
        // 131,072 B per token, at most 4,096 tokens: 131,072 · 4,096 = 536,870,912
        #expect(long.kvCacheBytesPerToken == 131_072)
        #expect(long.kvCacheBytes == 536_870_912)
        let short = try Memory.breakdown(profile, MemoryRequest(context: 2048))
        // under the window every token is kept: 131,072 · 2,048 = 268,435,456
        #expect(short.kvCacheBytes == 268_435_456)
    }

    @Test func alternatingGemma2() throws {
        // Gemma 2 9B: 42 layers alternating sliding (4,096) and global, 8 kv heads, head_dim 256.
        var layers: [KVCacheLayer] = []
        for index in 0..<42 {
            layers.append(index % 2 == 0
                ? .slidingWindow(kvHeads: 8, headDim: 256, window: 4096) : .fullAttention(kvHeads: 8, headDim: 256))
        }
        let profile = MemoryProfile(parameters: 9_241_705_984, declaredDType: "bfloat16", kvLayers: layers)
        let answer = try Memory.breakdown(profile, MemoryRequest(context: 8192))
        // per layer and token 2 · 8 · 256 · 2 B = 8,192 B; 21 global · 8,192 tokens + 21 local · 4,096
        // = 21 · 8,192 · 12,288 = 2,113,929,216
        #expect(answer.kvCacheBytes == 2_113_929_216)
        #expect(answer.kvCacheBytesPerToken == 42 * 8_192)
        #expect(answer.terms.filter { $0.name == "kv_cache" }.count == 2)
    }

    @Test func moeMixtral() throws {
        // Mixtral-8x7B-v0.1: 32 layers, 8 kv heads, head_dim 128; every expert is resident:
        // 46,702,792,704 parameters.
        let profile = MemoryProfile(
            parameters: 46_702_792_704, declaredDType: "bfloat16",
            kvLayers: Array(repeating: .fullAttention(kvHeads: 8, headDim: 128), count: 32))
        let answer = try Memory.breakdown(profile, MemoryRequest(context: 32768))
        #expect(answer.weightsBytes == 93_405_585_408)  // 46,702,792,704 · 2
        #expect(answer.kvCacheBytes == 4_294_967_296)  // 131,072 · 32,768 = 4 GiB
    }

    @Test func mlaDeepSeekV2Lite() throws {
        // DeepSeek-V2-Lite: 27 layers, kv_lora_rank 512, qk_rope_head_dim 64.
        let profile = MemoryProfile(
            parameters: 15_706_484_224, declaredDType: "bfloat16",
            kvLayers: Array(repeating: .latent(kvLoraRank: 512, qkRopeHeadDim: 64), count: 27))
        let answer = try Memory.breakdown(profile, MemoryRequest(context: 1000))
        // 27 · (512 + 64) · 2 B = 31,104 B per token (coefficient 1: one latent, not K and V)
        #expect(answer.kvCacheBytesPerToken == 31_104)
        #expect(answer.kvCacheBytes == 31_104_000)
    }

    @Test func crossAttentionCachesTheEncoderLength() throws {
        // A Whisper-style decoder layer: self-attention plus cross-attention to 1,500 encoder frames,
        // 20 heads of 64.
        let profile = MemoryProfile(
            parameters: 1, kvLayers: [.fullAttention(kvHeads: 20, headDim: 64), .crossAttention(kvHeads: 20, headDim: 64, encoderLength: 1500), .none])
        let answer = try Memory.breakdown(profile, MemoryRequest(context: 100, kvType: try .named("f16")))
        // self: 2 · 20 · 64 · 2 B · 100 = 512,000; cross: 2 · 20 · 64 · 2 B · 1,500 = 7,680,000
        #expect(answer.kvCacheBytes == 512_000 + 7_680_000)
        #expect(answer.kvCacheBytesPerToken == 5_120)
    }

    @Test func quantizedTypesCarryBlockOverhead() throws {
        // q4_0: 32 weights in 18 bytes. 4,096 weights: 128 blocks · 18 = 2,304 (not 2,048).
        #expect(try StorageType.named("q4_0").bytes(parameters: 4096) == 2_304)
        // Q6_K: 256 in 210: 4,096 / 256 · 210 = 3,360
        #expect(try StorageType.named("Q6_K").bytes(parameters: 4096) == 3_360)
        // NF4 with double quantization: 16,384 in 8,192 + 256 + 4 = 8,452
        #expect(try StorageType.named("nf4").bytes(parameters: 16_384) == 8_452)
        // q4_k_m is priced as Q4_K (144 B / 256) and labelled an estimate
        let mix = try StorageType.named("q4_k_m")
        #expect(mix.isEstimate)
        #expect(try mix.bytes(parameters: 256) == 144)
        // Llama 3 8B KV in q8_0: a row of 8 · 128 = 1,024 values is 32 blocks · 34 B = 1,088 B;
        // K and V, 32 layers: 2 · 1,088 · 32 = 69,632 B per token
        let answer = try Memory.breakdown(Self.llama3, MemoryRequest(context: 1, kvType: try .named("q8_0")))
        #expect(answer.kvCacheBytesPerToken == 69_632)
        #expect(throws: MemoryError.self) { try StorageType.named("q7_x") }
    }

    @Test("KV cache types are llama.cpp's kv_cache_types (common/arg.cpp) and vLLM's fp8")
    func kvCacheTypes() throws {
        // llama.cpp: F32, F16, BF16, Q8_0, Q4_0, Q4_1, IQ4_NL, Q5_0, Q5_1; vLLM adds fp8.
        for name in ["f32", "F16", "bf16", "bfloat16", "fp16", "fp8", "fp8_e5m2", "q8_0", "Q4_0", "q4_1", "iq4_nl", "q5_0", "q5_1"] {
            #expect(throws: Never.self) { try StorageType.kvCache(named: name) }
        }
        // q8_0 in the cache as in the weights: 34 B / 32.
        #expect(try StorageType.kvCache(named: "q8_0").bytes(parameters: 1_024) == 32 * 34)
        // Weight-only formats: GPTQ/AWQ int4, bitsandbytes nf4 and int8, the K-quants, llama.cpp's mixes.
        for name in ["int4", "nf4", "int8", "q4_k", "q6_k", "q4_k_m", "q5_k_s", "q8_k", "q7_x"] {
            #expect(throws: MemoryError.self) { try StorageType.kvCache(named: name) }
        }
    }

    @Test func partialBlocksAreRefused() {
        // head_dim 80 · 1 head: 80 values are not whole q4_0 blocks of 32.
        let profile = MemoryProfile(parameters: 1, kvLayers: [.fullAttention(kvHeads: 1, headDim: 80)])
        #expect(throws: MemoryError.self) {
            try Memory.breakdown(profile, MemoryRequest(context: 1, kvType: try .named("q4_0")))
        }
    }

    @Test func storedWeightsWinUnlessATypeIsAsked() throws {
        var profile = Self.llama3
        profile.storedWeights = .init(bytes: 4_920_000_000, elementsByDType: [("Q4_K", 7_000_000_000), ("Q6_K", 1_030_261_248)])
        let stored = try Memory.breakdown(profile, MemoryRequest(context: 1))
        #expect(stored.weightsBytes == 4_920_000_000)
        let asked = try Memory.breakdown(profile, MemoryRequest(context: 1, weightType: try .named("f16")))
        #expect(asked.weightsBytes == 16_060_522_496)
    }

    @Test func fullTrainingMixedAdamW() throws {
        // ZeRO §3.1: 2 + 2 + 12 = 16 B per parameter.
        let answer = try Memory.breakdown(Self.llama3, MemoryRequest(context: 1, training: .full))
        let p = 8_030_261_248
        #expect(answer.weightsBytes == 2 * p)
        #expect(answer.term("gradients")?.bytes == 2 * p)
        #expect(answer.term("optimizer_states")?.bytes == 12 * p)
        #expect(answer.totalBytes == 16 * p)
        #expect(answer.kvCacheBytes == 0)
    }

    @Test func loraAdaptersFromTheModulesShapes() throws {
        // Llama 3 8B, r 16 on q_proj (4,096 → 4,096) and v_proj (4,096 → 1,024) in 32 layers:
        // 16 · (4,096 + 4,096) + 16 · (4,096 + 1,024) = 131,072 + 81,920 = 212,992 per layer;
        // · 32 = 6,815,744 (what PEFT's print_trainable_parameters reports for this setup).
        var profile = Self.llama3
        for layer in 0..<32 {
            let prefix = "model.layers.\(layer).self_attn."
            profile.linearModules += [
                LinearModule(name: prefix + "q_proj", inFeatures: 4096, outFeatures: 4096),
                LinearModule(name: prefix + "k_proj", inFeatures: 4096, outFeatures: 1024),
                LinearModule(name: prefix + "v_proj", inFeatures: 4096, outFeatures: 1024),
            ]
        }
        let answer = try Memory.breakdown(
            profile, MemoryRequest(context: 1, training: .lora, loraRank: 16, loraTargets: ["q_proj", "v_proj"]))
        // 6,815,744 · (4 + 4 + 8) B
        #expect(answer.term("lora_adapters")?.bytes == 6_815_744 * 16)
        #expect(answer.term("gradients") == nil)
        #expect(throws: MemoryError.self) {
            try Memory.breakdown(profile, MemoryRequest(context: 1, training: .lora, loraTargets: ["gate_proj"]))
        }
    }

    @Test func korthikantiActivations() throws {
        // GPT-3 175B's shape in Korthikanti et al. Table 3: s 2,048, h 12,288, a 96, L 96, b 1.
        // 5 · a · s / h = 5 · 96 · 2,048 / 12,288 = 80; per layer s·b·h·(34 + 80) = 2,048 · 12,288 · 114
        // = 2,868,903,936 B; 96 layers: 275,414,777,856.
        let profile = MemoryProfile(
            parameters: 1, declaredDType: "bf16",
            transformer: .init(layers: 96, hiddenSize: 12_288, attentionHeads: 96))
        let plain = try Memory.breakdown(profile, MemoryRequest(context: 2048, training: .full))
        #expect(plain.activationBytes == 275_414_777_856)
        // full recomputation: 2 · s · b · h · L + one layer = 2 · 2,048 · 12,288 · 96 + 2,868,903,936
        // = 4,831,838,208 + 2,868,903,936 = 7,700,742,144
        let checkpointed = try Memory.breakdown(profile, MemoryRequest(context: 2048, training: .full, checkpointing: true))
        #expect(checkpointed.activationBytes == 7_700_742_144)
    }

    @Test func fitFindsTheLargestContext() throws {
        // 24 GiB = 25,769,803,776 B; minus 16,060,522,496 of weights = 9,709,281,280 left;
        // / 131,072 B per token = 74,075.7: 74,075 tokens fit, 74,076 do not.
        let budget = 25_769_803_776
        #expect(try Memory.largestContext(Self.llama3, MemoryRequest(), budget: budget, limit: 1 << 20) == 74_075)
        // at 8,192 tokens each sequence needs 1 GiB: 9,709,281,280 / 1,073,741,824 = 9.04 → 9
        #expect(try Memory.largestBatch(Self.llama3, MemoryRequest(context: 8192), budget: budget) == 9)
        // 16 GB (SI) at 8,192: bf16 (16,060,522,496 + 1 GiB = 17,134,264,320) does not fit; fp8 weights
        // 8,030,261,248 + 1 GiB (KV f16) = 9,104,003,072 do.
        let best = try Memory.highestPrecisionType(Self.llama3, MemoryRequest(context: 8192), budget: 16_000_000_000)
        #expect(best?.type.name == "fp8")
        #expect(best?.totalBytes == 9_104_003_072)
    }

    @Test(arguments: [
        ("24GiB", 25_769_803_776, false), ("24G", 25_769_803_776, true), ("8000MB", 8_000_000_000, false),
        ("1.5GiB", 1_610_612_736, false), ("24GB", 24_000_000_000, false), ("512", 512, false),
    ])
    func budgets(text: String, bytes: Int, shorthand: Bool) {
        let parsed = ByteCount(parsing: text)
        #expect(parsed?.bytes == bytes)
        #expect(parsed?.isBinaryShorthand == shorthand)
    }

    @Test func badBudgetsAreRefused() {
        #expect(ByteCount(parsing: "24XB") == nil)
        #expect(ByteCount(parsing: "GiB") == nil)
        #expect(ByteCount.iec(1_073_741_824) == "1.00 GiB")
        #expect(ByteCount.iec(512) == "512 B")
    }
}
