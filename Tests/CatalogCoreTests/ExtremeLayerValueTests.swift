import Testing
@testable import CatalogCore

/// The extreme but well-formed values a tester found to crash `catalog add` (SIGILL: an
/// unchecked product or an `Int(Double)` of a value beyond 64 bits) or to run away (a loop over a
/// count from the file), and the range rules of the dropout and upsampling layers. Every case
/// is now an error naming the layer, or a result worked out by hand in the comment beside it.
@Suite("Extreme values in PyTorch modules and transformer layers")
struct ExtremeLayerValueTests {
    /// The fault of evaluating layer `x`, or nil when it evaluates.
    static func fault(
        _ type: String, _ config: [String: ConfigValue], input: [Int?], framework: Framework = .pytorch
    ) throws -> LayerFault? {
        do {
            _ = try evaluate(type, config, input: input, framework: framework)
            return nil
        } catch let error as InferenceError {
            guard case .layer(index: 1, name: "x", type: _, let fault) = error else {
                Issue.record("not a fault of layer 'x': \(error)")
                return nil
            }
            return fault
        }
    }

    // MARK: - The reported crashes: each an overflow error now

    @Test("the reported crash inputs are overflow errors", arguments: [
        // floor(8 · 1e300) and floor(8 · 9.3e18) = 7.44e19 exceed 2^63 − 1 ≈ 9.22e18.
        ("Upsample", ["scale_factor": .double(1e300)], [4, 8, 8]),
        ("Upsample", ["scale_factor": .double(9.3e18)], [4, 8, 8]),
        ("Upsample", ["scale_factor": .array([.double(1e300), .int(2)])], [4, 8, 8]),
        // An integer factor goes through the same floating-point product: 8 · (2^63 − 1).
        ("Upsample", ["scale_factor": .int(Int.max)], [4, 8, 8]),
        // 3,037,000,500² = 9,223,372,037,000,250,000 > 9,223,372,036,854,775,807.
        ("PixelShuffle", ["upscale_factor": .int(3_037_000_500)], [4, 8, 8]),
        ("PixelUnshuffle", ["downscale_factor": .int(3_037_000_500)], [4, 8, 8]),
        ("Unflatten", ["dim": .int(1), "unflattened_size": ints(3_037_000_500, 3_037_000_500)], [4, 8, 8]),
        ("Unflatten", ["dim": .int(1), "unflattened_size": ints(3_037_000_500, 3_037_000_500, -1)], [4, 8, 8]),
    ] as [(String, [String: ConfigValue], [Int?])])
    func reportedCrashes(_ type: String, _ config: [String: ConfigValue], _ input: [Int?]) throws {
        #expect(try Self.fault(type, config, input: input) == .overflow)
    }

    @Test("MultiLatentAttention with any head width at 2^63 − 1 is an overflow error",
          arguments: ["kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim"])
    func latentWidths(_ key: String) throws {
        var config: [String: ConfigValue] = [
            "hidden_size": .int(16), "num_attention_heads": .int(2), "kv_lora_rank": .int(4),
            "qk_nope_head_dim": .int(4), "qk_rope_head_dim": .int(4), "v_head_dim": .int(4),
        ]
        // The base evaluates: q 16·2·8 = 256, kv_a 16·(4 + 4) = 128, norm 4, kv_b 4·2·(4 + 4) = 64,
        // o 2·4·16 = 128; 256 + 128 + 4 + 64 + 128 = 580.
        #expect(try evaluate("MultiLatentAttention", config, input: [8, 16], framework: .pytorch).parameters == 580)
        config[key] = .int(Int.max)
        #expect(try Self.fault("MultiLatentAttention", config, input: [8, 16]) == .overflow)
    }

    @Test("other unchecked sums of the transformer kinds are overflow errors")
    func transformerSums() throws {
        // LM head with a bias: vocab·hidden + vocab = (2^63 − 1)·1 + (2^63 − 1).
        #expect(try Self.fault("LMHead", ["hidden_size": .int(1), "vocab_size": .int(Int.max), "bias": .bool(true)],
                               input: [1, 1]) == .overflow)
        // wav2vec2's positional convolution with an even kernel computes T + 1 frames: 2^63.
        #expect(try Self.fault("PositionalConvolution", ["hidden_size": .int(1), "kernel_size": .int(2)],
                               input: [Int.max, 1]) == .overflow)
    }

    @Test("declared counts that add up past 64 bits are a config error, not a trap")
    func declaredCountsOverflow() {
        #expect(throws: ConfigError.self) {
            try Layer(name: "x", type: "MysteryLayer",
                      config: ["output_shape": ints(4), "params": .int(5), "trainable_params": .int(Int.max),
                               "non_trainable_params": .int(Int.max)],
                      calls: [[TensorReference(layer: "in")]])
        }
    }

    // MARK: - Upsample's zero-size output (torch: "Input and output sizes should be greater than 0")

    @Test("Upsample refuses a scale_factor that leaves an axis empty")
    func upsampleZeroSize() throws {
        // floor(9 · 0.1) = floor(0.9) = 0 on both spatial axes.
        let fault = try #require(try Self.fault("Upsample", ["scale_factor": .double(0.1)], input: [1, 9, 9]))
        #expect("\(fault)".contains("output size of 0"), "\(fault)")
        #expect("\(fault)".contains("greater than 0"), "\(fault)")
        // 9 · 0.1111111111111111 rounds to exactly 1.0 in doubles (Python: `9 * 0.1111111111111111`
        // prints 1.0), so floor gives 1: kept.
        #expect(try evaluate("Upsample", ["scale_factor": .double(0.1111111111111111)], input: [1, 9, 9],
                             framework: .pytorch).outputShape == TensorShape([1, 1, 1]))
        // Only one axis empty: (1, 9, 1) · [0.5, 0.5] gives floor(4.5) = 4 and floor(0.5) = 0.
        #expect(try Self.fault("Upsample", ["scale_factor": .array([.double(0.5), .double(0.5)])], input: [1, 9, 1]) != nil)
        // Still allowed: floor(9 · 0.5) = 4, floor(9 · 0.25) = 2.
        let kept = try evaluate("Upsample", ["scale_factor": .array([.double(0.5), .double(0.25)])], input: [1, 9, 9],
                                framework: .pytorch)
        #expect(kept.outputShape == TensorShape([1, 4, 2]))
    }

    @Test("Upsample refuses a scale_factor that is not finite")
    func upsampleInfinity() {
        for value: ConfigValue in [.double(.infinity), .array([.double(.infinity), .int(2)])] {
            #expect(throws: ConfigError.self, "\(value)") {
                try LayerKind.parse(type: "Upsample", config: ["scale_factor": value], options: .strict)
            }
        }
    }

    // MARK: - Counts the engine loops over (EngineLimits)

    @Test("an LSTM's num_layers above the limit is refused before any work; the limit itself is computed")
    func stackedLayerLimit() throws {
        let config: [String: ConfigValue] = ["input_size": .int(3), "hidden_size": .int(1)]
        var absurd = config
        absurd["num_layers"] = .int(4_611_686_018_427_387_904)
        #expect(try Self.fault("LSTM", absurd, input: [5, 3])
                == .tooMany(key: "num_layers", count: 4_611_686_018_427_387_904, limit: 100_000, what: "stacked layers"))
        var atLimit = config
        atLimit["num_layers"] = .int(100_000)
        // Layer 0: 4·1·3 + 4·1·1 + 2·4·1 = 24; each further layer 4·1·1 + 4·1·1 + 8 = 16:
        // 24 + 99,999·16 = 1,600,008.
        #expect(try evaluate("LSTM", atLimit, input: [5, 3], framework: .pytorch).parameters == 1_600_008)
        #expect(EngineLimits.maximumStackedLayers == 100_000)
    }

    @Test("a mixture of more experts than the limit is refused; the limit itself is computed")
    func expertLimit() throws {
        var config: [String: ConfigValue] = [
            "hidden_size": .int(1), "num_experts": .int(2_147_483_648), "num_experts_per_tok": .int(1),
            "moe_intermediate_size": .int(1),
        ]
        #expect(try Self.fault("MixtureOfExperts", config, input: [4, 1])
                == .tooMany(key: "num_experts", count: 2_147_483_648, limit: 65_536, what: "experts"))
        config["num_experts"] = .int(65_536)
        // Router 1·65,536; each gated expert 2·1·1 + 1·1 = 3, so 65,536·3 = 196,608; total 262,144.
        #expect(try evaluate("MixtureOfExperts", config, input: [4, 1], framework: .pytorch).parameters == 262_144)
        let message = "\(LayerFault.tooMany(key: "num_experts", count: 2_147_483_648, limit: 65_536, what: "experts"))"
        #expect(message == "'num_experts' = 2,147,483,648 exceeds the limit of 65,536 experts, far above any published model")
    }

    // MARK: - Dropout rates: [0, 1] in both frameworks

    /// Keras 3 (`0 <= rate <= 1`, keras/src/layers/regularization/) and PyTorch (`_DropoutNd`,
    /// `0 <= p <= 1`): the type and the key it spells the rate with.
    static let dropouts: [(String, String)] = [
        ("Dropout", "rate"), ("SpatialDropout1D", "rate"), ("SpatialDropout2D", "rate"), ("SpatialDropout3D", "rate"),
        ("GaussianDropout", "rate"), ("AlphaDropout", "rate"),
        ("Dropout", "p"), ("Dropout1d", "p"), ("Dropout2d", "p"), ("Dropout3d", "p"), ("AlphaDropout", "p"),
        ("FeatureAlphaDropout", "p"),
    ]

    @Test("every dropout layer takes a rate of 0 and of 1 and refuses one outside [0, 1]", arguments: dropouts)
    func dropoutRange(_ type: String, _ key: String) throws {
        for rate: ConfigValue in [.int(0), .double(1.0), .int(1), .double(0.5)] {
            #expect(throws: Never.self, "\(rate)") { try LayerKind.parse(type: type, config: [key: rate], options: .strict) }
        }
        for rate: ConfigValue in [.double(1.0000001), .double(-0.1), .int(2)] {
            #expect(throws: ConfigError.invalidValue(key: key, value: rate, reason: "must be in [0, 1]"), "\(rate)") {
                try LayerKind.parse(type: type, config: [key: rate], options: .strict)
            }
        }
        // NaN compares false with both ends: refused too.
        #expect(throws: ConfigError.self) { try LayerKind.parse(type: type, config: [key: .double(.nan)], options: .strict) }
    }
}
