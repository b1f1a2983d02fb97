import Testing
@testable import CatalogCore

/// Layer families of the engine; every expected number is worked out by hand beside it
/// from the Keras source or documentation named in the comment.
@Suite("Recurrent convolutions, broadcasting merges, Keras None values")
struct LayerFamilyTests {
    @Test func convLSTM2DCountsFourGatesOfTwoConvolutions() throws {
        // keras/src/layers/rnn/conv_lstm.py: kernel (3, 3, 3, 4·8), recurrent kernel (3, 3, 8, 4·8),
        // bias (4·8,): 4·8·(9·3 + 9·8 + 1) = 32·100 = 3,200.
        // Output: valid 3x3 on 16 → 14; last step only → (14, 14, 8).
        // MACs per step: 14·14 positions · 32 · 9·(3 + 8) = 196·32·99 = 620,928; 5 steps → 3,104,640.
        let result = try evaluate("ConvLSTM2D", ["filters": .int(8), "kernel_size": .int(3)], input: [5, 16, 16, 3])
        #expect(result.outputShapes == [[TensorShape([14, 14, 8])]])
        #expect(result.trainableParameters == 3_200)
        #expect(result.macs == 3_104_640)
    }

    @Test func convLSTM1DWithSequencesAndStates() throws {
        // 4·6·(3·4 + 3·6 + 1) = 24·31 = 744; "same" keeps 20; sequences keep the unknown steps;
        // return_state adds h and c, each (20, 6).
        let result = try evaluate(
            "ConvLSTM1D",
            ["filters": .int(6), "kernel_size": .int(3), "padding": .string("same"),
             "return_sequences": .bool(true), "return_state": .bool(true)],
            input: [nil, 20, 4])
        #expect(result.outputShapes == [[TensorShape([nil, 20, 6]), TensorShape([20, 6]), TensorShape([20, 6])]])
        #expect(result.trainableParameters == 744)
        // Per step (steps unknown): 20·24·3·(4 + 6) = 14,400.
        #expect(result.macs == 14_400)
    }

    @Test func convLSTM3DChannelsFirstWithoutBias() throws {
        // (T, C, D, H, W) = (2, 1, 4, 4, 4), filters 2, kernel 2, no bias: 4·2·(8·1 + 8·2) = 8·24 = 192.
        // valid 2 on 4 → 3 per axis; channels first → (2, 3, 3, 3).
        let result = try evaluate(
            "ConvLSTM3D",
            ["filters": .int(2), "kernel_size": .int(2), "use_bias": .bool(false), "data_format": .string("channels_first")],
            input: [2, 1, 4, 4, 4])
        #expect(result.outputShape == TensorShape([2, 3, 3, 3]))
        #expect(result.trainableParameters == 192)
    }

    @Test func convLSTMRejectsExplicitPadding() {
        #expect(throws: ConfigError.self) {
            try LayerKind.parse(type: "ConvLSTM2D", config: ["filters": .int(1), "kernel_size": .int(3), "padding": .int(1)], options: .strict)
        }
    }

    @Test func activationKeysOfKeras2AndPyTorchAreAccepted() throws {
        // Keras 2's LeakyReLU and ELU take `alpha`; PyTorch's ReLU takes `inplace`.
        for (type, key) in [("LeakyReLU", "alpha"), ("ELU", "alpha"), ("ReLU", "inplace")] {
            let value: ConfigValue = key == "inplace" ? .bool(true) : .double(0.3)
            let result = try evaluate(type, [key: value], input: [4, 4])
            #expect(result.outputShape == TensorShape([4, 4]))
            #expect(result.parameters == 0)
        }
    }

    @Test func normalizationWithAxisNoneLearnsScalars() throws {
        // Keras Normalization(axis=None): mean and variance of shape () plus the count: 1 + 1 + 1 = 3.
        let scalar = try evaluate("Normalization", ["axis": .null], input: [10, 8])
        #expect(scalar.nonTrainableParameters == 3)
        #expect(scalar.trainableParameters == 0)
        // Default axis -1: 8 means + 8 variances + 1 count = 17.
        #expect(try evaluate("Normalization", [:], input: [10, 8]).nonTrainableParameters == 17)
        // The stored config re-parses to the same kind.
        let parsed = try LayerKind.parse(type: "Normalization", config: ["axis": .null], options: .strict)
        #expect(try LayerKind.parse(type: "Normalization", config: parsed.config, options: .strict).kind == parsed.kind)
    }

    @Test func bidirectionalMergeModeNoneReturnsBothDirections() throws {
        // GRU(4), reset_after (Keras default): 3·(4·8 + 4·4 + 2·4) = 3·56 = 168 per direction, 336 in all.
        let config: [String: ConfigValue] = [
            "layer": .object(["class_name": .string("GRU"), "config": .object(["units": .int(4)])]),
            "merge_mode": .null,
        ]
        let result = try evaluate("Bidirectional", config, input: [10, 8])
        #expect(result.outputShapes == [[TensorShape([4]), TensorShape([4])]])
        #expect(result.trainableParameters == 336)
        let parsed = try LayerKind.parse(type: "Bidirectional", config: config, options: .strict)
        #expect(try LayerKind.parse(type: "Bidirectional", config: parsed.config, options: .strict).kind == parsed.kind)
    }

    /// Keras `Merge._compute_elemwise_op_output_shape`: right-aligned, 1 broadcasts, None wins.
    @Test(arguments: [
        ([8, 1, 16], [16], [8, 1, 16] as [Int?]),
        ([4, 1], [1, 5], [4, 5]),
        ([1], [3, 7], [3, 7]),
        ([6, 6, 3], [6, 6, 3], [6, 6, 3]),
    ] as [([Int?], [Int?], [Int?])])
    func mergesBroadcastLikeKeras(_ a: [Int?], _ b: [Int?], _ expected: [Int?]) throws {
        #expect(try merged("Add", a, b).outputShape == TensorShape(expected))
        #expect(try merged("Multiply", b, a).outputShape == TensorShape(expected))
    }

    @Test func unknownSizeOnEitherSideStaysUnknown() throws {
        #expect(try merged("Add", [nil, 16], [10, 16]).outputShape == TensorShape([nil, 16]))
        #expect(try merged("Maximum", [10, 1], [nil, 16]).outputShape == TensorShape([nil, 16]))
    }

    @Test func sizesThatDoNotBroadcastAreErrors() {
        #expect(throws: InferenceError.self) { try merged("Add", [4, 5], [5, 4]) }
        #expect(throws: InferenceError.self) { try merged("Subtract", [3], [2]) }
    }

    private func merged(_ type: String, _ a: [Int?], _ b: [Int?]) throws -> LayerResult {
        func shape(_ dims: [Int?]) -> ConfigValue { .array(dims.map { $0.map(ConfigValue.int) ?? .null }) }
        let architecture = Architecture(name: "m", layers: [
            try Layer(name: "a", type: "Input", config: ["shape": shape(a)], calls: [[]]),
            try Layer(name: "b", type: "Input", config: ["shape": shape(b)], calls: [[]]),
            try Layer(name: "m", type: type, config: [:], calls: [[TensorReference(layer: "a"), TensorReference(layer: "b")]]),
        ])
        return try Engine.infer(architecture)[2]
    }
}
