import Testing
@testable import CatalogCore

/// Counting conventions, parameter differences, memory and per-step MACs; each expected number
/// is worked out by hand in the comment beside it.
@Suite("Conventions, parameter differences and memory")
struct ConventionAndMemoryTests {
    /// (3, 8, 8) → Conv 16 3x3 pad 1 (bias?) → BatchNorm → ReLU → Flatten → Linear 10.
    static func network(name: String, framework: Framework, convolutionBias: Bool) throws -> Architecture {
        func call(_ name: String) -> [[TensorReference]] { [[TensorReference(layer: name)]] }
        let options = ParseOptions(rejectsUnknownKeys: true, defaultDataFormat: .channelsFirst)
        return Architecture(name: name, framework: framework, layers: [
            try Layer(name: "in", type: "Input", config: ["shape": ints(3, 8, 8)], calls: [[]], options: options),
            try Layer(name: "conv", type: "Conv2d",
                      config: ["filters": .int(16), "kernel_size": .int(3), "padding": .int(1), "use_bias": .bool(convolutionBias)],
                      calls: call("in"), options: options),
            try Layer(name: "bn", type: "BatchNorm2d", config: [:], calls: call("conv"), options: options),
            try Layer(name: "relu", type: "ReLU", config: [:], calls: call("bn"), options: options),
            try Layer(name: "flatten", type: "Flatten", config: [:], calls: call("relu"), options: options),
            try Layer(name: "fc", type: "Linear", config: ["units": .int(10)], calls: call("flatten"), options: options),
        ])
    }

    @Test func recountUnderTheOtherConvention() throws {
        // conv 3·3·3·16 = 432 (no bias); BN γ, β 2·16 = 32; fc (16·8·8 + 1)·10 = 10,250.
        // PyTorch: 432 + 32 + 10,250 = 10,714, all trainable.
        let torch = try Self.network(name: "a", framework: .pytorch, convolutionBias: false)
        let own = try Engine.totals(of: torch, results: Engine.infer(torch))
        #expect(own.parameters == 10_714)
        #expect(own.nonTrainableParameters == 0)
        // Keras counts the moving mean and variance too: + 2·16 = 32 non-trainable → 10,746.
        var keras = torch
        keras.framework = .keras
        let recounted = try Engine.totals(of: keras, results: Engine.infer(torch, framework: .keras))
        #expect(recounted.parameters == 10_746)
        #expect(recounted.nonTrainableParameters == 32)
        #expect(recounted.parts.statistics == 32)
        #expect(recounted.parts.layersWithStatistics == 1)
        #expect(own.parts.statistics == 0)
        #expect(own.parts.layersWithStatistics == 1)
    }

    @Test func differenceIsConvolutionBiasesAndStatistics() throws {
        // B (keras, conv bias): 448 + 64 + 10,250 = 10,762; A (pytorch, no bias): 10,714.
        // 10,762 − 10,714 = 48 = 16 conv biases + 32 BN statistics, nothing else.
        let a = try ParameterAccount(Self.network(name: "a", framework: .pytorch, convolutionBias: false))
        let b = try ParameterAccount(Self.network(name: "b", framework: .keras, convolutionBias: true))
        let difference = ParameterDifference(from: a, to: b)
        #expect(difference.difference == 48)
        #expect(difference.attributions.map(\.cause) == [.convolutionBiases, .statistics])
        #expect(difference.attributions.map(\.amount) == [16, 32])
        #expect(difference.isFullyAttributed)
        #expect(b.parts.convolutions == 1 && b.parts.convolutionsWithBias == 1 && a.parts.convolutionsWithBias == 0)
        #expect(difference.text.contains("+16 convolution biases"))
        #expect(difference.text.contains("+32 batch-norm statistics"))
        // Under one convention for both, only the biases remain.
        let same = ParameterDifference(
            from: try ParameterAccount(Self.network(name: "a", framework: .pytorch, convolutionBias: false), framework: .keras),
            to: b)
        #expect(same.attributions.map(\.amount) == [16])
    }

    @Test func differentNetworksLeaveAnUnexplainedRest() throws {
        var wider = try Self.network(name: "w", framework: .pytorch, convolutionBias: false)
        wider.layers[5] = try Layer(name: "fc", type: "Linear", config: ["units": .int(11)], calls: [[TensorReference(layer: "flatten")]])
        // fc (1024 + 1)·11 = 11,275 instead of 10,250: +1,025 other parameters.
        let difference = ParameterDifference(
            from: try ParameterAccount(Self.network(name: "a", framework: .pytorch, convolutionBias: false)),
            to: try ParameterAccount(wider))
        #expect(difference.unexplained == 1_025)
        #expect(!difference.isFullyAttributed)
    }

    @Test func pytorchRecurrentLayersHaveASecondBias() throws {
        // LSTM(8) on (10, 4). Keras: 4·(8·4 + 8·8 + 8) = 416; PyTorch bias_ih and bias_hh:
        // 4·(32 + 64 + 2·8) = 448; the second bias is 4·8 = 32.
        let keras = try evaluate("LSTM", ["units": .int(8)], input: [10, 4])
        let torch = try evaluate("LSTM", ["units": .int(8)], input: [10, 4], framework: .pytorch)
        #expect(keras.parameters == 416 && keras.parts.recurrentBiases == 0)
        #expect(torch.parameters == 448 && torch.parts.recurrentBiases == 32)
        // Keras GRU with reset_after (default) has it too: 3·8 = 24 of 3·(32 + 64 + 16) = 336.
        let gru = try evaluate("GRU", ["units": .int(8)], input: [10, 4])
        #expect(gru.parameters == 336 && gru.parts.recurrentBiases == 24)
        // Bidirectional doubles everything: 2·24 = 48.
        let both = try evaluate(
            "Bidirectional", ["layer": .object(["class_name": .string("GRU"), "config": .object(["units": .int(8)])])],
            input: [10, 4])
        #expect(both.parts.recurrentBiases == 48)
    }

    @Test func normalizationStatisticsAreBuffersUnderPyTorch() throws {
        // Keras: 8 + 8 + 1 = 17 non-trainable; PyTorch keeps running statistics as buffers: 0.
        #expect(try evaluate("Normalization", [:], input: [10, 8]).parts.statistics == 17)
        let torch = try evaluate("Normalization", [:], input: [10, 8], framework: .pytorch)
        #expect(torch.parameters == 0)
        #expect(torch.parts.layersWithStatistics == 1)
    }

    @Test func depthwiseAndSeparableBiasesAreConvolutionBiases() throws {
        // Depthwise 3x3, multiplier 2 on 16 channels: biases 16·2 = 32; separable: filters 24.
        #expect(try evaluate("DepthwiseConv2D", ["kernel_size": .int(3), "depth_multiplier": .int(2)], input: [8, 8, 16]).parts.convolutionBiases == 32)
        #expect(try evaluate("SeparableConv2D", ["filters": .int(24), "kernel_size": .int(3)], input: [8, 8, 16]).parts.convolutionBiases == 24)
        #expect(try evaluate("Conv2DTranspose", ["filters": .int(5), "kernel_size": .int(3)], input: [8, 8, 16]).parts.convolutionBiases == 5)
        #expect(try evaluate("Conv2D", ["filters": .int(5), "kernel_size": .int(3), "use_bias": .bool(false)], input: [8, 8, 16]).parts.convolutionBiases == 0)
    }

    @Test func memoryFollowsTorchinfo() throws {
        // PyTorch network a: input 3·8·8 = 192 elements; outputs conv 1,024, bn 1,024, relu
        // 1,024, flatten 1,024, fc 10 = 4,106; of layers with parameters (conv, bn, fc) 2,058.
        let a = try Self.network(name: "a", framework: .pytorch, convolutionBias: false)
        let results = try Engine.infer(a)
        let float32 = try Engine.memory(of: a, results: results)
        #expect(float32.parameterBytes == 42_856)           // 10,714 · 4
        #expect(float32.inputBytes == 768)                   // 192 · 4
        #expect(float32.activationBytes == 16_424)           // 4,106 · 4
        #expect(float32.forwardBackwardBytes == 16_464)      // 2 · 2,058 · 4
        #expect(float32.totalBytes == 60_088)                // 768 + 16,464 + 42,856
        let half = try Engine.memory(of: a, results: results, elementType: .float16, batchSize: 8)
        #expect(half.parameterBytes == 21_428)               // 10,714 · 2, independent of the batch
        #expect(half.inputBytes == 3_072)                    // 192 · 8 · 2
        #expect(half.activationBytes == 65_696)              // 4,106 · 8 · 2
        #expect(half.forwardBackwardBytes == 65_856)         // 2 · 2,058 · 8 · 2
        #expect(try Engine.memory(of: a, results: results, elementType: .bfloat16).parameterBytes == 21_428)
        #expect(try Engine.memory(of: a, results: results, elementType: .int8).parameterBytes == 10_714)
        #expect(throws: InferenceError.self) { try Engine.memory(of: a, results: results, batchSize: 0) }
    }

    @Test func nestedModelActivationsAreItsLayersOutputs() throws {
        // Outer input (4,) → nested [input (4,) → Dense 3 → Dense 2]: the nested model's
        // activations are 3 + 2 = 5 elements (its own input excluded), not just its output 2.
        let inner: ConfigValue = .object([
            "layers": .array([
                .object(["name": .string("i"), "type": .string("InputLayer"), "config": .object(["shape": ints(4)])]),
                .object(["name": .string("d1"), "type": .string("Dense"), "config": .object(["units": .int(3)]),
                         "inbound": .array([.array([.array([.string("i"), .int(0), .int(0)])])])]),
                .object(["name": .string("d2"), "type": .string("Dense"), "config": .object(["units": .int(2)]),
                         "inbound": .array([.array([.array([.string("d1"), .int(0), .int(0)])])])]),
            ]),
            "inputs": .array([.string("i")]),
            "outputs": .array([.array([.string("d2"), .int(0), .int(0)])]),
        ])
        let architecture = Architecture(name: "n", layers: [
            try Layer(name: "in", type: "Input", config: ["shape": ints(4)], calls: [[]]),
            try Layer(name: "sub", type: "Sequential", config: inner.objectValue!, calls: [[TensorReference(layer: "in")]]),
        ])
        let results = try Engine.infer(architecture)
        #expect(results[1].outputElements == 5)
        #expect(try Engine.totals(of: architecture, results: results).activationElements == 5)
        // (4 + 1)·3 + (3 + 1)·2 = 23 parameters; forward/backward 2·5·4 = 40 bytes.
        #expect(results[1].parameters == 23)
        #expect(try Engine.memory(of: architecture, results: results).forwardBackwardBytes == 40)
    }

    @Test func macsOfUnknownLengthsArePerStep() throws {
        // LSTM(8) on (None, 4): per step 4·8·(4 + 8) = 384 MACs, flagged; 10 known steps: 3,840, not flagged.
        let unknown = try evaluate("LSTM", ["units": .int(8)], input: [nil, 4])
        #expect(unknown.macs == 384)
        #expect(unknown.macsArePerStep)
        let known = try evaluate("LSTM", ["units": .int(8)], input: [10, 4])
        #expect(known.macs == 3_840)
        #expect(!known.macsArePerStep)
        // A lookup has no MACs, so nothing is per step.
        #expect(!(try evaluate("Embedding", ["input_dim": .int(100), "output_dim": .int(4)], input: [nil]).macsArePerStep))
    }
}
