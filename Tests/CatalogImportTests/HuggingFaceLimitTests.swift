import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

/// Counts a `config.json` gives that the builder would turn into that many layers or experts are
/// refused above ``TransformerLimits`` before anything is built, naming the file, the key, the
/// value and the limit; sizes derived from config values by a product are refused when they
/// exceed 64-bit integers instead of trapping.
@Suite("Hugging Face configs: limits on counts and derived sizes")
struct HuggingFaceLimitTests {
    /// The error text of reading `json` as `m/config.json`, or "" when it is read.
    static func message(_ json: String) -> String {
        do {
            _ = try ArchitectureImporter.read(Data(json.utf8), file: "m/config.json")
            return ""
        } catch { return "\(error)" }
    }

    static let layerLimit = "more than the 10,000 layers catalog builds"

    /// One row per key that sets how many layers a stack builds, each one over the limit.
    @Test(arguments: [
        (#"{"model_type": "llama", "num_hidden_layers": 9223372036854775807}"#, "'num_hidden_layers' is 9223372036854775807"),
        (#"{"model_type": "mixtral", "num_hidden_layers": 10001}"#, "'num_hidden_layers' is 10001"),
        (#"{"model_type": "qwen3", "num_hidden_layers": 10001}"#, "'num_hidden_layers' is 10001"),
        (#"{"model_type": "gpt2", "n_layer": 10001}"#, "'n_layer' is 10001"),
        (#"{"model_type": "gpt_neox", "num_hidden_layers": 10001}"#, "'num_hidden_layers' is 10001"),
        (#"{"model_type": "opt", "num_hidden_layers": 10001}"#, "'num_hidden_layers' is 10001"),
        (#"{"model_type": "bert", "num_hidden_layers": 10001}"#, "'num_hidden_layers' is 10001"),
        (#"{"model_type": "distilbert", "n_layers": 10001}"#, "'n_layers' is 10001"),
        (#"{"model_type": "deberta-v2", "num_hidden_layers": 10001}"#, "'num_hidden_layers' is 10001"),
        (#"{"model_type": "t5", "num_layers": 10001}"#, "'num_layers' is 10001"),
        (#"{"model_type": "t5", "num_layers": 6, "num_decoder_layers": 10001}"#, "'num_decoder_layers' is 10001"),
        (#"{"model_type": "bart", "encoder_layers": 10001}"#, "'encoder_layers' is 10001"),
        (#"{"model_type": "bart", "decoder_layers": 10001}"#, "'decoder_layers' is 10001"),
        (#"{"model_type": "whisper", "encoder_layers": 10001}"#, "'encoder_layers' is 10001"),
        (#"{"model_type": "whisper", "decoder_layers": 10001}"#, "'decoder_layers' is 10001"),
        (#"{"model_type": "vit", "num_hidden_layers": 10001}"#, "'num_hidden_layers' is 10001"),
        (#"{"model_type": "clip", "text_config": {"num_hidden_layers": 10001}}"#, "'text_config.num_hidden_layers' is 10001"),
        (#"{"model_type": "clip", "vision_config": {"num_hidden_layers": 10001}}"#, "'vision_config.num_hidden_layers' is 10001"),
        (#"{"model_type": "wav2vec2", "num_hidden_layers": 10001}"#, "'num_hidden_layers' is 10001"),
        (#"{"model_type": "wav2vec2", "add_adapter": true, "num_adapter_layers": 10001}"#, "'num_adapter_layers' is 10001"),
        (#"{"model_type": "albert", "num_hidden_groups": 10001}"#, "'num_hidden_groups' is 10001"),
        (#"{"model_type": "albert", "inner_group_num": 10001}"#, "'inner_group_num' is 10001"),
    ])
    func layerCountsOverTheLimit(json: String, named: String) {
        let text = Self.message(json)
        #expect(text.hasPrefix("m/config.json: " + named + ", " + Self.layerLimit), "\(text)")
        #expect(text.contains("the deepest released models have 100–200, the deepest trained 1,000"))
    }

    /// ALBERT runs `num_hidden_layers × inner_group_num` layers: 4,000 × 3 = 12,000 > 10,000.
    @Test func albertLayersRunAreCounted() {
        let text = Self.message(#"{"model_type": "albert", "num_hidden_layers": 4000, "inner_group_num": 3}"#)
        #expect(text.hasPrefix("m/config.json: 'num_hidden_layers' 4000 × 'inner_group_num' 3 is 12,000 layers, " + Self.layerLimit), "\(text)")
    }

    /// wav2vec2's feature encoder builds one convolution per `conv_dim` entry.
    @Test func wav2vec2ConvolutionListOverTheLimit() {
        let list = Array(repeating: "1", count: 10_001).joined(separator: ",")
        let json = #"{"model_type": "wav2vec2", "conv_dim": [\#(list)], "conv_kernel": [\#(list)], "conv_stride": [\#(list)]}"#
        let text = Self.message(json)
        #expect(text.hasPrefix("m/config.json: 'conv_dim' lists 10,001 convolution layers, more than the 10,000 layers catalog builds"), "\(text)")
    }

    /// The limit itself is a count catalog builds (building 10,000 layers takes seconds; the
    /// count is checked without building).
    @Test func theLimitsThemselvesAreAccepted() throws {
        let c = TransformerConfig(["num_hidden_layers": .int(10_000), "num_local_experts": .int(65_536)])
        #expect(try c.layerCount("num_hidden_layers") == 10_000)
        #expect(try c.expertCount("num_local_experts") == 65_536)
        // 262,144 = 65,536 × 4: exactly the model limit.
        try c.checkModelExperts(65_536, key: "num_local_experts", layers: 4, key: "num_hidden_layers")
        #expect(throws: TransformerConfigError.self) {
            try c.checkModelExperts(65_536, key: "num_local_experts", layers: 5, key: "num_hidden_layers")
        }
    }

    /// One row per key that sets the experts of a mixture-of-experts layer.
    @Test(arguments: [
        (#"{"model_type": "mixtral", "num_hidden_layers": 1, "num_local_experts": 2147483648}"#, "'num_local_experts' is 2147483648"),
        (#"{"model_type": "qwen2_moe", "num_hidden_layers": 1, "num_experts": 65537}"#, "'num_experts' is 65537"),
        (#"{"model_type": "qwen3_moe", "num_hidden_layers": 1, "num_experts": 65537}"#, "'num_experts' is 65537"),
        (#"{"model_type": "deepseek_v2", "num_hidden_layers": 1, "num_experts_per_tok": 2, "n_routed_experts": 65537}"#, "'n_routed_experts' is 65537"),
        (#"{"model_type": "deepseek_v2", "num_hidden_layers": 1, "num_experts_per_tok": 2, "n_shared_experts": 65537}"#, "'n_shared_experts' is 65537"),
    ])
    func expertCountsOverTheLimit(json: String, named: String) {
        let text = Self.message(json)
        #expect(text.hasPrefix("m/config.json: " + named + ", more than the 65,536 experts in a layer catalog builds (released models have 8 to 512)"), "\(text)")
    }

    /// 16 layers × 65,536 experts = 1,048,576 > 262,144, refused before the first layer is built.
    @Test func expertsOfTheWholeModel() {
        let text = Self.message(#"{"model_type": "mixtral", "num_hidden_layers": 16, "num_local_experts": 65536}"#)
        #expect(text == "m/config.json: 'num_local_experts' 65536 × 'num_hidden_layers' 16 is 1,048,576 experts, more than the 262,144 catalog builds in one model (released models have at most ~25,000); not a real model")
    }

    /// Sizes the builder derives by a product or sum of config values: past 64-bit integers
    /// they are an error, not a trap. 9223372036854775807 = Int.max.
    @Test(arguments: [
        (#"{"model_type": "gpt2", "n_embd": 9223372036854775807}"#, "GPT-2's default 'n_inner', 4 × 'n_embd' exceeds 64-bit integers"),
        (#"{"model_type": "opt", "max_position_embeddings": 9223372036854775807}"#, "'max_position_embeddings' + 2 (OPT's learned positions) exceeds 64-bit integers"),
        (#"{"model_type": "bart", "max_position_embeddings": 9223372036854775807}"#, "'max_position_embeddings' + 2 (BART's learned positions) exceeds 64-bit integers"),
        (#"{"model_type": "whisper", "max_source_positions": 9223372036854775807}"#, "the mel frames, 2 × 'max_source_positions' exceeds 64-bit integers"),
        (#"{"model_type": "deberta-v2", "relative_attention": true, "position_buckets": 9223372036854775807}"#, "'rel_embeddings' rows, 2 × the relative span exceeds 64-bit integers"),
        (#"{"model_type": "vit", "architectures": ["ViTForMaskedImageModeling"], "encoder_stride": 4294967296}"#, "'encoder_stride'² × 'num_channels' exceeds 64-bit integers"),
        (#"{"model_type": "wav2vec2", "architectures": ["Wav2Vec2ForPreTraining"], "num_codevector_groups": 2, "codevector_dim": 256, "num_codevectors_per_group": 9223372036854775807}"#, "'num_codevector_groups' × 'num_codevectors_per_group' exceeds 64-bit integers"),
        (#"{"model_type": "wav2vec2", "add_adapter": true, "output_hidden_size": 9223372036854775807}"#, "the adapter's 2 × 'output_hidden_size' channels exceeds 64-bit integers"),
        (#"{"model_type": "deepseek_v2", "num_hidden_layers": 1, "num_experts_per_tok": 2, "moe_intermediate_size": 9223372036854775807}"#, "'moe_intermediate_size' × 'n_shared_experts' (the shared experts' width) exceeds 64-bit integers"),
    ])
    func derivedSizesPastSixtyFourBits(json: String, expected: String) {
        #expect(Self.message(json) == "m/config.json: " + expected)
    }

    /// `rotary_dim = int(head_dim * partial_rotary_factor)`: a factor outside 0…1 is refused
    /// (1e300 made Int(_:) trap), naming the key it came from.
    @Test(arguments: [
        (#"{"model_type": "phi", "partial_rotary_factor": 1e300}"#, "'partial_rotary_factor' must be a fraction from 0 to 1 of the head dimension, found 1e+300"),
        (#"{"model_type": "gpt_neox", "rotary_pct": -0.5}"#, "'rotary_pct' must be a fraction from 0 to 1 of the head dimension, found -0.5"),
        (#"{"model_type": "qwen3", "rope_scaling": {"partial_rotary_factor": 2.5}}"#, "'rope_scaling.partial_rotary_factor' must be a fraction from 0 to 1 of the head dimension, found 2.5"),
    ])
    func rotaryFactorOutsideZeroToOne(json: String, expected: String) {
        #expect(Self.message(json) == "m/config.json: " + expected)
    }

    /// A whole head (factor 1) of Int.max dimensions: Double(Int.max) is 2^63, which Int(_:)
    /// refuses (a trap); the builder keeps the integer, rotary_dim = head_dim = Int.max.
    @Test func wholeHeadOfInt64MaxDoesNotTrap() throws {
        let json = #"{"model_type": "llama", "num_hidden_layers": 1, "head_dim": 9223372036854775807}"#
        let imported = try ArchitectureImporter.read(Data(json.utf8), file: "m/config.json")
        let attention = try #require(imported.architecture.layers.first { $0.name == "layers.0.self_attn" })
        #expect(attention.config["rotary_dim"] == .int(Int.max))
    }
}
