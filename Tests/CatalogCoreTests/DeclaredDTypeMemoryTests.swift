import Testing

@testable import CatalogCore

/// The declared dtype as memory's default weight type, and sliding-window layers of different
/// windows in the stored figures; every expected number is worked by hand in the comment beside it.
@Suite struct DeclaredDTypeMemoryTests {
    static let llamaLayers: [KVCacheLayer] = Array(repeating: .fullAttention(kvHeads: 8, headDim: 128), count: 32)

    @Test func configDTypeIsTheDefaultWeightType() throws {
        // Meta-Llama-3-8B, config.json "torch_dtype": "bfloat16", 8,030,261,248 parameters (model
        // card): 8,030,261,248 · 2 B = 16,060,522,496 B without --dtype.
        let profile = MemoryProfile(parameters: 8_030_261_248, declaredDType: "bfloat16", kvLayers: Self.llamaLayers)
        let answer = try Memory.breakdown(profile, MemoryRequest(context: 8192))
        #expect(answer.weightsBytes == 16_060_522_496)
        #expect(answer.weightType == "bf16")
        #expect(answer.term("weights")?.formula.contains("declared in config.json: bfloat16") == true)
        // KV in the declared type (vLLM's "auto"): 2 · 32 · 8 · 128 · 2 B = 131,072 B per token.
        #expect(answer.kvCacheBytesPerToken == 131_072)
        #expect(answer.kvType == "bf16")
        // float32 declared: 8,030,261,248 · 4 = 32,121,044,992; KV 2 · 32 · 8 · 128 · 4 = 262,144.
        let f32 = try Memory.breakdown(
            MemoryProfile(parameters: 8_030_261_248, declaredDType: "float32", kvLayers: Self.llamaLayers),
            MemoryRequest(context: 1))
        #expect(f32.weightsBytes == 32_121_044_992)
        #expect(f32.kvCacheBytesPerToken == 262_144)
        // none declared: float32, and the formula says it is the default.
        let none = try Memory.breakdown(
            MemoryProfile(parameters: 8_030_261_248, kvLayers: Self.llamaLayers), MemoryRequest(context: 1))
        #expect(none.weightsBytes == 32_121_044_992)
        #expect(none.term("weights")?.formula.contains("no dtype declared") == true)
        // An asked type wins over the declared one: 8,030,261,248 · 1 B (fp8).
        let asked = try Memory.breakdown(profile, MemoryRequest(context: 1, weightType: try StorageType.named("fp8")))
        #expect(asked.weightsBytes == 8_030_261_248)
        #expect(asked.term("weights")?.formula.contains("declared") == false)
    }

    @Test func ggufFileTypeIsPricedButTheCacheStaysF16() throws {
        // general.file_type 0 (ALL_F32): weights 4 B each, but llama.cpp's KV cache is f16
        // (--cache-type-k f16): 2 · 32 · 8 · 128 · 2 = 131,072 B per token.
        #expect(StorageType.ggufFileTypes[0] == "ALL_F32")
        #expect(StorageType.ggufFileTypes[15] == "MOSTLY_Q4_K_M")
        #expect(StorageType.ggufFileTypes[32] == "MOSTLY_BF16")
        let f32 = try Memory.breakdown(
            MemoryProfile(parameters: 1_000, declaredDType: "ALL_F32", kvLayers: Self.llamaLayers), MemoryRequest(context: 1))
        #expect(f32.weightsBytes == 4_000)
        #expect(f32.kvCacheBytesPerToken == 131_072)
        #expect(f32.term("weights")?.formula.contains("declared in general.file_type: ALL_F32") == true)
        // MOSTLY_Q8_0: ⌈1,000 / 32⌉ = 32 blocks · 34 B = 1,088.
        let q8 = try Memory.breakdown(
            MemoryProfile(parameters: 1_000, declaredDType: "MOSTLY_Q8_0", kvLayers: Self.llamaLayers), MemoryRequest(context: 1))
        #expect(q8.weightsBytes == 1_088)
        #expect(q8.kvType == "f16")
        #expect(StorageType.declared("MOSTLY_FOO") == nil)
        #expect(StorageType.declared("float64") == nil)
    }

    @Test func storedFiguresFollowTheDeclaredType() {
        let bf16 = MemoryProfile(parameters: 10, declaredDType: "bfloat16", kvLayers: Self.llamaLayers).figures
        #expect(bf16.declaredBytesPerParam == 2)
        #expect(bf16.kvDefaultBytes == 2)
        let gguf = MemoryProfile(parameters: 10, declaredDType: "ALL_F32", kvLayers: Self.llamaLayers).figures
        #expect(gguf.declaredBytesPerParam == 4)
        #expect(gguf.kvDefaultBytes == 2)
    }

    @Test func differentWindowsAreKeptApart() throws {
        // 4 layers with window 512, 4 with window 1,024 and 4 full, each 2 · 8 · 128 = 2,048 values
        // per token. At 4,096 tokens in bf16:
        //   512-window:   4 · 2,048 · 512   · 2 B =  8,388,608
        //   1,024-window: 4 · 2,048 · 1,024 · 2 B = 16,777,216
        //   full:         4 · 2,048 · 4,096 · 2 B = 67,108,864      total 92,274,688
        // (the largest window for every sliding layer would give 100,663,296).
        var layers: [KVCacheLayer] = []
        for index in 0..<12 {
            switch index % 3 {
            case 0: layers.append(.slidingWindow(kvHeads: 8, headDim: 128, window: 512))
            case 1: layers.append(.slidingWindow(kvHeads: 8, headDim: 128, window: 1024))
            default: layers.append(.fullAttention(kvHeads: 8, headDim: 128))
            }
        }
        let profile = MemoryProfile(parameters: 1_000, declaredDType: "bfloat16", kvLayers: layers)
        let answer = try Memory.breakdown(profile, MemoryRequest(context: 4096))
        #expect(answer.kvCacheBytes == 92_274_688)
        let figures = profile.figures
        #expect(figures.kvValuesPerToken == 4 * 2_048)
        #expect(figures.kvWindowValuesPerToken == 0)
        #expect(figures.kvWindow == nil)
        #expect(figures.kvWindows == [
            .init(window: 512, valuesPerToken: 8_192), .init(window: 1024, valuesPerToken: 8_192),
        ])
        #expect(figures.isExact)
        // One window: the single columns, no list.
        let one = MemoryProfile(parameters: 1, kvLayers: [.slidingWindow(kvHeads: 8, headDim: 128, window: 4096)]).figures
        #expect(one.kvWindow == 4096)
        #expect(one.kvWindowValuesPerToken == 2_048)
        #expect(one.kvWindows.isEmpty)
    }
}
