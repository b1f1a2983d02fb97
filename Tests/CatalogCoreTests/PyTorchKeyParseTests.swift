import Testing
@testable import CatalogCore

@Suite("PyTorch keywords: parsing, stored config, explanations")
struct PyTorchKeyParseTests {
    @Test(arguments: [
        ("BatchNorm2d", ["affine": ConfigValue.bool(false), "center": .bool(true)], ["affine", "center"]),
        ("BatchNorm2d", ["affine": .bool(true), "scale": .bool(false)], ["affine", "scale"]),
        ("BatchNorm2d", ["eps": .string("small")], ["eps", "number"]),
        ("BatchNorm2d", ["track_running_stats": .string("no")], ["track_running_stats", "true or false"]),
        ("BatchNorm2d", ["num_features": .int(0)], ["num_features", "at least 1"]),
        ("PReLU", ["num_parameters": .int(64), "shared_axes": .array([.int(2), .int(3)])], ["num_parameters", "shared_axes"]),
        ("PReLU", ["init": .string("kaiming")], ["init", "number"]),
        ("MaxPool2d", ["return_indices": .bool(true)], ["return_indices", "only false"]),
        ("AvgPool2d", ["count_include_pad": .int(1)], ["count_include_pad", "true or false"]),
        ("AvgPool2d", ["divisor_override": .int(0)], ["divisor_override", "at least 1"]),
        // Keys of one layer are not accepted on another.
        ("MaxPool2d", ["count_include_pad": .bool(true)], ["unknown key", "count_include_pad"]),
        ("AvgPool2d", ["return_indices": .bool(false)], ["unknown key", "return_indices"]),
    ])
    func invalidKeys(_ type: String, _ config: [String: ConfigValue], _ words: [String]) throws {
        let error = try #require(throws: ConfigError.self) {
            try LayerKind.parse(type: type, config: config, options: .strict)
        }
        for word in words { #expect(error.description.contains(word), "\(error)") }
    }

    @Test func affineIsStoredAsCenterAndScale() throws {
        let parsed = try LayerKind.parse(
            type: "BatchNorm2d",
            config: ["num_features": .int(64), "eps": .double(1e-5), "momentum": .double(0.1), "affine": .bool(false),
                     "track_running_stats": .bool(false)],
            options: ParseOptions(rejectsUnknownKeys: true, defaultDataFormat: .channelsFirst))
        #expect(parsed.type == "BatchNormalization")
        #expect(parsed.config == [
            "axis": .int(1), "num_features": .int(64), "center": .bool(false), "scale": .bool(false),
            "track_running_stats": .bool(false),
        ])
        #expect(parsed.kind == .batchNormalization(BatchNormalization(
            axis: [0], center: false, scale: false, tracksRunningStatistics: false, numFeatures: 64)))
        // Re-parsing the stored config gives the same layer.
        let again = try LayerKind.parse(type: parsed.type, config: parsed.config, options: .strict)
        #expect(again.kind == parsed.kind)
        // affine true stores nothing: the Keras defaults.
        let plain = try LayerKind.parse(type: "BatchNorm1d", config: ["affine": .bool(true)], options: .strict)
        #expect(plain.config.isEmpty)
        #expect(plain.kind == .batchNormalization(BatchNormalization(axis: [-1], center: true, scale: true)))
    }

    @Test func explanations() throws {
        func explain(_ type: String, _ config: [String: ConfigValue], input: [Int], framework: Framework = .keras) throws -> LayerExplanation {
            let architecture = Architecture(name: "t", framework: framework, layers: [
                try Layer(name: "in", type: "InputLayer", config: ["shape": .array(input.map { .int($0) })], calls: [[]]),
                try Layer(name: "x", type: type, config: config, calls: [[TensorReference(layer: "in")]]),
            ])
            return try Engine.explain(architecture)[1]
        }
        // BatchNorm2d(64, track_running_stats=False): γ, β = 2·64 = 128 under either convention.
        for framework in [Framework.keras, .pytorch] {
            let x = try explain("BatchNorm2d", ["axis": .int(1), "track_running_stats": .bool(false)], input: [64, 7, 7], framework: framework)
            #expect(x.parameters.hasPrefix("2·64 = 128 params"))
            #expect(x.parameters.contains("track_running_stats false: no running mean or variance"))
        }
        // BatchNorm2d(64, affine=False) under keras: 0 trainable + moving statistics 2·64 = 128.
        let noAffine = try explain("BatchNorm2d", ["axis": .int(1), "affine": .bool(false)], input: [64, 7, 7])
        #expect(noAffine.parameters.hasPrefix("2·64 = 128 params"))
        // PReLU(64) on (64, 7, 7): 64; PReLU() (num_parameters 1): 1.
        #expect(try explain("PReLU", ["num_parameters": .int(64)], input: [64, 7, 7]).parameters.hasPrefix("64 params"))
        #expect(try explain("PReLU", ["num_parameters": .int(1)], input: [64, 7, 7]).parameters
            .hasPrefix("1 params (num_parameters 1: one slope shared by every element)"))
    }
}
