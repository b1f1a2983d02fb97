import Testing
@testable import CatalogCore

/// `explain` texts for the fault classes of the engine, each worked out by hand beside it.
@Suite("Worked formulas")
struct ExplanationTests {
    func explanation(
        _ type: String, _ config: [String: ConfigValue], input: [Int?], framework: Framework = .keras
    ) throws -> LayerExplanation {
        let architecture = Architecture(name: "t", framework: framework, layers: [
            try Layer(name: "in", type: "InputLayer", config: ["shape": .array(input.map { $0.map(ConfigValue.int) ?? .null })], calls: [[]]),
            try Layer(name: "x", type: type, config: config, calls: [[TensorReference(layer: "in")]]),
        ])
        return try Engine.explain(architecture)[1]
    }

    @Test func vggBlock1Conv1() throws {
        let x = try explanation("Conv2D", ["filters": .int(64), "kernel_size": .int(3), "padding": .string("same")], input: [224, 224, 3])
        #expect(x.parameters.hasPrefix("(3·3·3 + 1)·64 = 1,792 params"))
        #expect(x.output == "output 224 = (224 + 2·1 − 3)/1 + 1 → (224, 224, 64)")
        #expect(x.macs.hasPrefix("224·224·64·(3·3·3) = 86,704,128"))
    }

    @Test func asymmetricSamePadding() throws {
        // 'same', stride 2 on 8: ⌈8/2⌉ = 4; TensorFlow pads (4 − 1)·2 + 3 − 8 = 1: 0 before, 1 after.
        let x = try explanation("Conv2D", ["filters": .int(1), "kernel_size": .int(3), "strides": .int(2), "padding": .string("same")], input: [8, 8, 1])
        #expect(x.output == "output 4 = (8 + 0 + 1 − 3)/2 + 1 → (4, 4, 1)")
        #expect(x.notes.contains("'same' pads 0 before and 1 after, so the output is ⌈8/2⌉"))
        // On 7: ⌈7/2⌉ = 4, pads 3·2 + 3 − 7 = 2: 1 and 1.
        let odd = try explanation("Conv2D", ["filters": .int(1), "kernel_size": .int(3), "strides": .int(2), "padding": .string("same")], input: [7, 7, 1])
        #expect(odd.output == "output 4 = (7 + 2·1 − 3)/2 + 1 → (4, 4, 1)")
    }

    @Test func ceilModeDropsTheLastWindow() throws {
        // ⌈(5 + 2·1 − 2)/2⌉ + 1 = 4, but window 4 would start at 3·2 = 6 ≥ 5 + 1: 3 (PyTorch).
        let x = try explanation("MaxPool2d", ["pool_size": .int(2), "strides": .int(2), "padding": .int(1), "ceil_mode": .bool(true)], input: [5, 5, 1])
        #expect(x.output == "output 3 = ⌈(5 + 2·1 − 2)/2⌉ + 1 − 1 → (3, 3, 1)")
        #expect(x.parameters == "no parameters")
    }

    @Test func transposedConvolutionWithOutputPadding() throws {
        // Keras: (4 − 1)·2 + 3 − 2·⌊3/2⌋ + 1 = 8; weights 3·3·3·2 + 2 biases = 56.
        let x = try explanation(
            "Conv2DTranspose",
            ["filters": .int(2), "kernel_size": .int(3), "strides": .int(2), "padding": .string("same"), "output_padding": .int(1)],
            input: [4, 4, 3])
        #expect(x.output == "output 8 = (4 − 1)·2 + 3 − 2·1 + 1 → (8, 8, 2)")
        #expect(x.parameters.hasPrefix("3·3·3·2 + 2 = 56 params"))
        // PyTorch explicit padding 1, output_padding 1: (4 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 8.
        let torch = try explanation(
            "ConvTranspose2d",
            ["filters": .int(2), "kernel_size": .int(3), "strides": .int(2), "padding": .int(1), "output_padding": .int(1)],
            input: [4, 4, 3])
        #expect(torch.output == "output 8 = (4 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 → (8, 8, 2)")
    }

    @Test func recurrentAndBatchNormalization() throws {
        let lstm = try explanation("LSTM", ["units": .int(8)], input: [10, 4])
        #expect(lstm.parameters.hasPrefix("4·(8·4 + 8·8 + 8) = 416 params"))
        #expect(lstm.macs.hasPrefix("10·4·8·(4 + 8) = 3,840"))
        let gru = try explanation("GRU", ["units": .int(8), "reset_after": .bool(false)], input: [10, 4])
        #expect(gru.parameters.hasPrefix("3·(8·4 + 8·8 + 8) = 312 params"))
        let keras = try explanation("BatchNormalization", [:], input: [7, 7, 32])
        #expect(keras.parameters.hasPrefix("4·32 = 128 params"))
        let torch = try explanation("BatchNormalization", [:], input: [7, 7, 32], framework: .pytorch)
        #expect(torch.parameters.hasPrefix("2·32 = 64 params"))
    }

    @Test func unknownLayerIsNotCounted() throws {
        let x = try explanation("Frobnicate", ["output_shape": ints(3)], input: [4])
        #expect(x.parameters.hasPrefix("not counted"))
        #expect(x.parameterCount == nil)
    }

    @Test func frozenSharedAndPerStepNotes() throws {
        let architecture = Architecture(name: "t", layers: [
            try Layer(name: "in", type: "InputLayer", config: ["shape": .array([.null, .int(4)])], calls: [[]]),
            try Layer(name: "d", type: "Dense", config: ["units": .int(4)],
                      calls: [[TensorReference(layer: "in")], [TensorReference(layer: "d")]], isTrainable: false),
        ])
        let x = try Engine.explain(architecture)[1]
        #expect(x.notes.contains("trainable: false, so all 20 parameters are non-trainable"))
        #expect(x.notes.contains { $0.hasPrefix("called 2 times (shared weights)") })
        #expect(x.notes.contains { $0.hasPrefix("MACs are per step") })
    }
}
