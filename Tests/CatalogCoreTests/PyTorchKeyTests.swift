import Testing
@testable import CatalogCore

/// One BatchNorm configuration with PyTorch keywords and its counts, worked out by hand from the
/// PyTorch BatchNorm2d docs (weight γ and bias β of size C when `affine`; `running_mean` and
/// `running_var` buffers of size C when `track_running_stats`) and the Keras convention (the
/// moving statistics are non-trainable parameters).
struct BatchNormCase: Sendable, CustomTestStringConvertible {
    let label: String
    let type: String
    let config: [String: ConfigValue]
    let input: [Int?]
    let framework: Framework
    let trainable: Int
    let nonTrainable: Int
    var testDescription: String { label }
}

@Suite("PyTorch keywords in the native format")
struct PyTorchKeyTests {
    static let batchNorms: [BatchNormCase] = [
        // BatchNorm2d(64, eps=1e-5, momentum=0.1) on (64, 56, 56): γ, β = 2·64 = 128 trainable;
        // running_mean + running_var = 2·64 = 128 non-trainable under keras.
        BatchNormCase(label: "BatchNorm2d(64) keras", type: "BatchNorm2d",
                      config: ["axis": .int(1), "num_features": .int(64), "eps": .double(1e-5), "momentum": .double(0.1)],
                      input: [64, 56, 56], framework: .keras, trainable: 128, nonTrainable: 128),
        // Same under pytorch: the 128 statistics are buffers → 0 non-trainable.
        BatchNormCase(label: "BatchNorm2d(64) pytorch", type: "BatchNorm2d",
                      config: ["axis": .int(1), "num_features": .int(64)],
                      input: [64, 56, 56], framework: .pytorch, trainable: 128, nonTrainable: 0),
        // BatchNorm2d(64, affine=False): 0 parameters (PyTorch docs); keras keeps the 2·64 = 128 statistics.
        BatchNormCase(label: "affine false keras", type: "BatchNorm2d",
                      config: ["axis": .int(1), "affine": .bool(false)],
                      input: [64, 56, 56], framework: .keras, trainable: 0, nonTrainable: 128),
        // BatchNorm2d(64, affine=False) under pytorch: no weight, no bias, statistics are buffers → 0, 0.
        BatchNormCase(label: "affine false pytorch", type: "BatchNorm2d",
                      config: ["axis": .int(1), "affine": .bool(false)],
                      input: [64, 56, 56], framework: .pytorch, trainable: 0, nonTrainable: 0),
        // affine=True explicitly: γ, β = 2·64 = 128; statistics 2·64 = 128.
        BatchNormCase(label: "affine true keras", type: "BatchNorm2d",
                      config: ["axis": .int(1), "affine": .bool(true)],
                      input: [64, 56, 56], framework: .keras, trainable: 128, nonTrainable: 128),
        // track_running_stats=False: no running_mean/running_var → γ, β = 2·64 = 128, 0 non-trainable.
        BatchNormCase(label: "no running stats keras", type: "BatchNorm2d",
                      config: ["axis": .int(1), "track_running_stats": .bool(false)],
                      input: [64, 56, 56], framework: .keras, trainable: 128, nonTrainable: 0),
        BatchNormCase(label: "no running stats pytorch", type: "BatchNorm2d",
                      config: ["axis": .int(1), "track_running_stats": .bool(false)],
                      input: [64, 56, 56], framework: .pytorch, trainable: 128, nonTrainable: 0),
        // affine=False, track_running_stats=False (instance-norm-like): nothing at all, 0 and 0.
        BatchNormCase(label: "no affine, no running stats", type: "BatchNorm2d",
                      config: ["axis": .int(1), "affine": .bool(false), "track_running_stats": .bool(false)],
                      input: [64, 56, 56], framework: .keras, trainable: 0, nonTrainable: 0),
        // BatchNorm1d(10) on (10,): γ, β = 2·10 = 20; statistics 2·10 = 20.
        BatchNormCase(label: "BatchNorm1d(10)", type: "BatchNorm1d",
                      config: ["num_features": .int(10)],
                      input: [10], framework: .keras, trainable: 20, nonTrainable: 20),
        // BatchNorm3d(8, affine=False) on (8, 4, 4, 4): 0 trainable; statistics 2·8 = 16.
        BatchNormCase(label: "BatchNorm3d(8, affine=False)", type: "BatchNorm3d",
                      config: ["axis": .int(1), "num_features": .int(8), "affine": .bool(false)],
                      input: [8, 4, 4, 4], framework: .keras, trainable: 0, nonTrainable: 16),
    ]

    @Test(arguments: batchNorms)
    func batchNormCounts(_ c: BatchNormCase) throws {
        let result = try evaluate(c.type, c.config, input: c.input, framework: c.framework)
        #expect(result.trainableParameters == c.trainable)
        #expect(result.nonTrainableParameters == c.nonTrainable)
        #expect(result.outputShape == TensorShape(c.input))
        #expect(result.macs == 0)
    }

    @Test func noRunningStatisticsMeansNoStatisticsLayer() throws {
        // One BatchNorm2d(64) keeps 2·64 = 128 statistics under keras; without them it is not a
        // layer with statistics under either convention (compare's attribution counts 0).
        let tracked = try evaluate("BatchNorm2d", ["axis": .int(1)], input: [64, 7, 7])
        #expect(tracked.parts.layersWithStatistics == 1)
        #expect(tracked.parts.statistics == 128)
        for framework in [Framework.keras, .pytorch] {
            let untracked = try evaluate(
                "BatchNorm2d", ["axis": .int(1), "track_running_stats": .bool(false)], input: [64, 7, 7], framework: framework)
            #expect(untracked.parts.layersWithStatistics == 0)
            #expect(untracked.parts.statistics == 0)
        }
    }

    @Test func numFeaturesMismatchNamesTheLayerAndBothNumbers() throws {
        // BatchNorm2d(32) on (64, 56, 56): PyTorch fails (32 running statistics for 64 channels).
        let error = try #require(throws: InferenceError.self) {
            try evaluate("BatchNorm2d", ["axis": .int(1), "num_features": .int(32)], input: [64, 56, 56])
        }
        #expect(error == .layer(index: 1, name: "x", type: "BatchNormalization", fault: .sizeMismatch(
            key: "num_features", given: 32, actual: 64,
            what: "the channel count (the normalized axis) of input (64, 56, 56)")))
        #expect(error.description.contains("layer 'x'"))
        // Channels last (axis -1) on (56, 56, 64): num_features 64 matches.
        #expect(try evaluate("BatchNorm2d", ["num_features": .int(64)], input: [56, 56, 64]).trainableParameters == 128)
    }

    /// PReLU (PyTorch PReLU docs: "num_parameters (int): number of a to learn. Although it takes
    /// an int as input, there is only two values are legitimate: 1, or the number of channels at input").
    @Test(arguments: [
        // PReLU() on (64, 56, 56): 1 parameter.
        (ConfigValue.int(1), [64, 56, 56] as [Int?], 1),
        // PReLU(64) on (64, 56, 56): 64 parameters (one per channel, dim 1).
        (.int(64), [64, 56, 56], 64),
        // PReLU(10) on (10,) (a Linear's output): 10.
        (.int(10), [10], 10),
        // PReLU(1) on (None, 16): 1; the unknown length does not matter.
        (.int(1), [nil, 16], 1),
    ])
    func preluNumParameters(_ count: ConfigValue, _ input: [Int?], _ expected: Int) throws {
        let result = try evaluate("PReLU", ["num_parameters": count, "init": .double(0.25)], input: input)
        #expect(result.trainableParameters == expected)
        #expect(result.nonTrainableParameters == 0)
        #expect(result.outputShape == TensorShape(input))
    }

    @Test func preluWrongNumParametersAndKerasDefault() throws {
        // PReLU(3) on (64, 56, 56): neither 1 nor 64.
        let error = try #require(throws: InferenceError.self) {
            try evaluate("PReLU", ["num_parameters": .int(3)], input: [64, 56, 56])
        }
        #expect(error.description.contains("layer 'x'"))
        #expect(error.description.contains("'num_parameters' = 3"))
        #expect(error.description.contains(", 64"))
        // Without num_parameters: Keras' PReLU, one slope per element, 64·56·56 = 200,704.
        #expect(try evaluate("PReLU", [:], input: [64, 56, 56]).trainableParameters == 200_704)
    }

    @Test(arguments: [
        ("AvgPool2d", ["count_include_pad": ConfigValue.bool(false)]),
        ("AvgPool2d", ["count_include_pad": .bool(true), "divisor_override": .int(3)]),
        ("AvgPool2d", ["divisor_override": .null]),
        ("MaxPool2d", ["return_indices": .bool(false)]),
    ])
    func poolingValueKeysChangeNothing(_ type: String, _ keys: [String: ConfigValue]) throws {
        // pool 2, stride 2 on (8, 8, 4): (8 − 2)/2 + 1 = 4 → (4, 4, 4); no parameters, no MACs.
        var config: [String: ConfigValue] = ["pool_size": .int(2)]
        config.merge(keys) { $1 }
        let result = try evaluate(type, config, input: [8, 8, 4])
        #expect(result.outputShape == TensorShape([4, 4, 4]))
        #expect(result.parameters == 0)
        #expect(result.macs == 0)
        // Not stored: the stored config is the one without them.
        let parsed = try LayerKind.parse(type: type, config: config, options: .strict)
        #expect(parsed.config == ["pool_size": .int(2)])
    }
}
