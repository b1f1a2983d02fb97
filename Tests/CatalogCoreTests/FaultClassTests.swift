import Testing
@testable import CatalogCore

/// One test per fault class of the layer engine. Every expected number is worked out by hand in the
/// comment beside it from the formula of the Keras or PyTorch documentation named there.
@Suite("Fault classes of the layer engine")
struct FaultClassTests {
    // MARK: - Asymmetric 'same' padding (Keras: output ⌈in/stride⌉, the odd padding after)

    @Test func asymmetricSamePadding() throws {
        // k3 s2 on 8: ⌈8/2⌉ = 4 (pads 0 before, 1 after); (3·3·1 + 1)·1 = 10; MACs 4·4·1·9 = 144.
        let even = try evaluate("Conv2D", ["filters": .int(1), "kernel_size": .int(3), "strides": .int(2), "padding": .string("same")], input: [8, 8, 1])
        #expect(even.outputShape == TensorShape([4, 4, 1]) && even.parameters == 10 && even.macs == 144)
        // k4 s1 on 5: 5 (pads 1 before, 2 after); (4·4·2 + 1)·3 = 99; MACs 5·5·3·32 = 2,400.
        let evenKernel = try evaluate("Conv2D", ["filters": .int(3), "kernel_size": .int(4), "padding": .string("same")], input: [5, 5, 2])
        #expect(evenKernel.outputShape == TensorShape([5, 5, 3]) && evenKernel.parameters == 99 && evenKernel.macs == 2_400)
        // Conv1D k2 s3 on 10: ⌈10/3⌉ = 4. MaxPooling2D 3/2 'same' on 7x9: ⌈7/2⌉ = 4, ⌈9/2⌉ = 5.
        #expect(try evaluate("Conv1D", ["filters": .int(1), "kernel_size": .int(2), "strides": .int(3), "padding": .string("same")], input: [10, 1]).outputShape == TensorShape([4, 1]))
        #expect(try evaluate("MaxPooling2D", ["pool_size": .int(3), "strides": .int(2), "padding": .string("same")], input: [7, 9, 2]).outputShape == TensorShape([4, 5, 2]))
    }

    // MARK: - ceil_mode's last window (PyTorch MaxPool2d: a window starting in the right padding is dropped)

    @Test(arguments: [
        // in, k, s, p, expected: ⌈(in + 2p − k)/s⌉ + 1, minus 1 when (out − 1)·s ≥ in + p
        (6, 3, 2, 0, 3),   // ⌈3/2⌉ + 1 = 3; last start 4 < 6: kept (floor mode: 2)
        (8, 3, 2, 0, 4),   // ⌈5/2⌉ + 1 = 4; last start 6 < 8: kept (floor mode: 3)
        (5, 2, 2, 1, 3),   // ⌈5/2⌉ + 1 = 4; last start 6 ≥ 5 + 1: dropped → 3
        (7, 2, 2, 0, 4),   // ⌈5/2⌉ + 1 = 4; last start 6 < 7: kept
        (112, 3, 2, 1, 57), // ⌈(112 + 2 − 3)/2⌉ + 1 = 57; last start 112 < 112 + 1: kept (floor mode: 56)
    ] as [(Int, Int, Int, Int, Int)])
    func ceilModeLastWindow(_ input: Int, _ k: Int, _ s: Int, _ p: Int, _ expected: Int) throws {
                var config: [String: ConfigValue] = ["pool_size": .int(k), "strides": .int(s), "ceil_mode": .bool(true)]
        if p > 0 { config["padding"] = .int(p) }
        #expect(try evaluate("MaxPool2d", config, input: [input, input, 1]).outputShape == TensorShape([expected, expected, 1]))
        #expect(try evaluate("AvgPool2d", config, input: [input, input, 1]).outputShape == TensorShape([expected, expected, 1]))
    }

    // MARK: - output_padding (Keras deconv_output_length; PyTorch ConvTranspose2d)

    @Test func transposedConvolutionOutputPadding() throws {
        func size(_ config: [String: ConfigValue], _ n: Int) throws -> Int? {
            var full = config
            full["filters"] = full["filters"] ?? .int(1)
            return try evaluate("Conv2DTranspose", full, input: [n, n, 3]).outputShape.dimensions[0]
        }
        // valid, no output_padding: 4·2 + max(3 − 2, 0) = 9; same: 4·2 = 8.
        #expect(try size(["kernel_size": .int(3), "strides": .int(2)], 4) == 9)
        #expect(try size(["kernel_size": .int(3), "strides": .int(2), "padding": .string("same")], 4) == 8)
        // valid, output_padding 1: (4 − 1)·2 + 3 + 1 = 10; same: (4 − 1)·2 + 3 mod 2 + 1 = 8.
        #expect(try size(["kernel_size": .int(3), "strides": .int(2), "output_padding": .int(1)], 4) == 10)
        #expect(try size(["kernel_size": .int(3), "strides": .int(2), "padding": .string("same"), "output_padding": .int(1)], 4) == 8)
        // dilation 2, valid: k' = 2·(3 − 1) + 1 = 5; 4·1 + max(5 − 1, 0) = 8.
        #expect(try size(["kernel_size": .int(3), "dilation_rate": .int(2)], 4) == 8)
        // PyTorch DCGAN block: ConvTranspose2d(64, 32, 4, 2, 1) on 16: (16 − 1)·2 − 2·1 + (4 − 1) + 0 + 1 = 32.
        // Weights 4·4·64·32 = 32,768 + 32 biases = 32,800. MACs per input position: 16·16·64·32·16 = 8,388,608.
        let dcgan = try evaluate(
            "ConvTranspose2d",
            ["filters": .int(32), "kernel_size": .int(4), "strides": .int(2), "padding": .int(1), "data_format": .string("channels_first")],
            input: [64, 16, 16])
        #expect(dcgan.outputShape == TensorShape([32, 32, 32]))
        #expect(dcgan.parameters == 32_800)
        #expect(dcgan.macs == 8_388_608)
        // …and output_padding 1 adds one: 33.
        let padded = try evaluate(
            "ConvTranspose2d",
            ["filters": .int(32), "kernel_size": .int(4), "strides": .int(2), "padding": .int(1), "output_padding": .int(1), "data_format": .string("channels_first")],
            input: [64, 16, 16])
        #expect(padded.outputShape == TensorShape([32, 33, 33]))
    }

    // MARK: - GRU reset_after (Keras GRUCell bias (2, 3·units) with reset_after, (3·units,) without)

    @Test func gruResetAfter() throws {
        // GRU(16) on (20, 8): reset_after true 3·(16·8 + 16·16 + 2·16) = 3·416 = 1,248;
        // false 3·(128 + 256 + 16) = 1,200; PyTorch GRU always has bias_ih and bias_hh: 1,248.
        #expect(try evaluate("GRU", ["units": .int(16)], input: [20, 8]).parameters == 1_248)
        #expect(try evaluate("GRU", ["units": .int(16), "reset_after": .bool(false)], input: [20, 8]).parameters == 1_200)
        #expect(try evaluate("GRU", ["units": .int(16), "reset_after": .bool(false)], input: [20, 8], framework: .pytorch).parameters == 1_248)
        // MACs 20 steps · 3 · 16 · (8 + 16) = 23,040 either way.
        #expect(try evaluate("GRU", ["units": .int(16)], input: [20, 8]).macs == 23_040)
    }

    // MARK: - Bidirectional merge modes (Keras Bidirectional.compute_output_shape)

    @Test(arguments: [
        ("concat", [[6, 8]]), ("sum", [[6, 4]]), ("mul", [[6, 4]]), ("ave", [[6, 4]]), ("none", [[6, 4], [6, 4]]),
    ] as [(String, [[Int?]])])
    func bidirectionalMergeModes(_ mode: String, _ shapes: [[Int?]]) throws {
        // LSTM(4) on (6, 3): 4·(4·3 + 4·4 + 4) = 128 per direction, 256 in all, whatever the merge.
        let layer: ConfigValue = .object(["class_name": .string("LSTM"), "config": .object(["units": .int(4), "return_sequences": .bool(true)])])
        let result = try evaluate("Bidirectional", ["layer": layer, "merge_mode": .string(mode)], input: [6, 3])
        #expect(result.outputShapes == [shapes.map(TensorShape.init)])
        #expect(result.parameters == 256)
        // MACs 2 · 6 · 4 · 4 · (3 + 4) = 1,344.
        #expect(result.macs == 1_344)
    }

    @Test func bidirectionalReturnState() throws {
        // concat, last step: (2·4,), then forward h, c and backward h, c, each (4,).
        let layer: ConfigValue = .object(["class_name": .string("LSTM"), "config": .object(["units": .int(4), "return_state": .bool(true)])])
        let concat = try evaluate("Bidirectional", ["layer": layer], input: [6, 3])
        #expect(concat.outputShapes == [[[8], [4], [4], [4], [4]].map(TensorShape.init)])
        let separate = try evaluate("Bidirectional", ["layer": layer, "merge_mode": .null], input: [6, 3])
        #expect(separate.outputShapes == [Array(repeating: TensorShape([4]), count: 6)])
    }

    // MARK: - Shared layers (Keras and torchinfo count a layer called twice once)

    @Test func sharedLayerCountedOnceWithEachCallsShape() throws {
        // Conv2D(2, 3x3) on (5, 5, 1) and (7, 7, 1): (3·3·1 + 1)·2 = 20 parameters once;
        // outputs (3, 3, 2) and (5, 5, 2); MACs 3·3·2·9 + 5·5·2·9 = 162 + 450 = 612.
        let architecture = Architecture(name: "s", layers: [
            try Layer(name: "a", type: "Input", config: ["shape": ints(5, 5, 1)], calls: [[]]),
            try Layer(name: "b", type: "Input", config: ["shape": ints(7, 7, 1)], calls: [[]]),
            try Layer(name: "conv", type: "Conv2D", config: ["filters": .int(2), "kernel_size": .int(3)],
                      calls: [[TensorReference(layer: "a")], [TensorReference(layer: "b")]]),
        ])
        let results = try Engine.infer(architecture)
        #expect(results[2].parameters == 20)
        #expect(results[2].outputShapes == [[TensorShape([3, 3, 2])], [TensorShape([5, 5, 2])]])
        #expect(results[2].macs == 612)
        #expect(try Engine.totals(of: architecture, results: results).parameters == 20)
    }

    // MARK: - Frozen nested models (trainable: false on a model makes everything inside non-trainable)

    static func nested(frozen: Bool) throws -> Architecture {
        let inner: [String: ConfigValue] = [
            "layers": .array([
                .object(["name": .string("i"), "type": .string("InputLayer"), "config": .object(["shape": ints(4)])]),
                .object(["name": .string("d"), "type": .string("Dense"), "config": .object(["units": .int(3)]),
                         "inbound": .array([.array([.array([.string("i"), .int(0), .int(0)])])])]),
                .object(["name": .string("bn"), "type": .string("BatchNormalization"), "config": .object([:]),
                         "inbound": .array([.array([.array([.string("d"), .int(0), .int(0)])])])]),
            ]),
            "inputs": .array([.string("i")]),
            "outputs": .array([.array([.string("bn"), .int(0), .int(0)])]),
        ]
        return Architecture(name: "n", layers: [
            try Layer(name: "in", type: "Input", config: ["shape": ints(4)], calls: [[]]),
            try Layer(name: "base", type: "Functional", config: inner, calls: [[TensorReference(layer: "in")]], isTrainable: !frozen),
            try Layer(name: "head", type: "Dense", config: ["units": .int(2)], calls: [[TensorReference(layer: "base")]]),
        ])
    }

    @Test func frozenNestedModel() throws {
        // Inside: Dense (4 + 1)·3 = 15, BatchNormalization on 3 features 4·3 = 12 (γ, β 6
        // trainable; moving statistics 6 non-trainable): 27. Head (3 + 1)·2 = 8.
        let open = try Engine.infer(Self.nested(frozen: false))
        #expect(open[1].trainableParameters == 21 && open[1].nonTrainableParameters == 6)
        // Frozen: all 27 non-trainable; the head stays trainable.
        let frozen = try Engine.infer(Self.nested(frozen: true))
        #expect(frozen[1].trainableParameters == 0 && frozen[1].nonTrainableParameters == 27)
        let totals = try Engine.totals(of: Self.nested(frozen: true), results: frozen)
        #expect(totals.trainableParameters == 8 && totals.nonTrainableParameters == 27)
    }

    // MARK: - Grouped and dilated convolutions

    @Test func groupedAndDilatedConvolutions() throws {
        // groups 4, 8 → 8 channels, 3x3 valid on 6: (3·3·(8/4) + 1)·8 = 152; out 4; MACs 4·4·8·18 = 2,304.
        let grouped = try evaluate("Conv2D", ["filters": .int(8), "kernel_size": .int(3), "groups": .int(4)], input: [6, 6, 8])
        #expect(grouped.outputShape == TensorShape([4, 4, 8]) && grouped.parameters == 152 && grouped.macs == 2_304)
        // PyTorch depthwise form: groups = in = out = 32, 3x3 pad 1: 3·3·1·32 + 32 = 320.
        let depthwise = try evaluate(
            "Conv2d", ["filters": .int(32), "kernel_size": .int(3), "groups": .int(32), "padding": .int(1), "data_format": .string("channels_first")],
            input: [32, 14, 14])
        #expect(depthwise.outputShape == TensorShape([32, 14, 14]) && depthwise.parameters == 320)
        // dilation 3, 3x3 valid on 12: effective 3·(3 − 1) + 1 = 7, 12 − 7 + 1 = 6.
        #expect(try evaluate("Conv2D", ["filters": .int(1), "kernel_size": .int(3), "dilation_rate": .int(3)], input: [12, 12, 1]).outputShape == TensorShape([6, 6, 1]))
        // PyTorch dilation 2, padding 2 on 10: (10 + 4 − 2·2 − 1)/1 + 1 = 10.
        #expect(try evaluate("Conv2d", ["filters": .int(1), "kernel_size": .int(3), "dilation_rate": .int(2), "padding": .int(2)], input: [10, 10, 1]).outputShape == TensorShape([10, 10, 1]))
        // Conv1D causal, dilation 4, k 2 on 16: left pad 4, length 16.
        #expect(try evaluate("Conv1D", ["filters": .int(1), "kernel_size": .int(2), "dilation_rate": .int(4), "padding": .string("causal")], input: [16, 1]).outputShape == TensorShape([16, 1]))
        // Channels not divisible by groups is an error.
        #expect(throws: InferenceError.self) {
            try evaluate("Conv2D", ["filters": .int(6), "kernel_size": .int(1), "groups": .int(3)], input: [4, 4, 4])
        }
    }

    // MARK: - Attention with unequal query, key and value widths

    func attention(_ type: String, _ config: [String: ConfigValue], query: [Int], value: [Int], key: [Int]?) throws -> LayerResult {
        var layers = [
            try Layer(name: "q", type: "Input", config: ["shape": .array(query.map { .int($0) })], calls: [[]]),
            try Layer(name: "v", type: "Input", config: ["shape": .array(value.map { .int($0) })], calls: [[]]),
        ]
        var inputs = [TensorReference(layer: "q"), TensorReference(layer: "v")]
        if let key {
            layers.append(try Layer(name: "k", type: "Input", config: ["shape": .array(key.map { .int($0) })], calls: [[]]))
            inputs.append(TensorReference(layer: "k"))
        }
        layers.append(try Layer(name: "att", type: type, config: config, calls: [inputs]))
        return try Engine.infer(Architecture(name: "a", layers: layers)).last!
    }

    @Test func multiHeadAttentionWithUnequalWidths() throws {
        // 2 heads, key_dim 3, value_dim 5; query (4, 6), value (7, 10), key (7, 8).
        // query 6·2·3 + 6 = 42, key 8·2·3 + 6 = 54, value 10·2·5 + 10 = 110, output 2·5·6 + 6 = 66: 272.
        let mha = try attention("MultiHeadAttention", ["num_heads": .int(2), "key_dim": .int(3), "value_dim": .int(5)],
                                query: [4, 6], value: [7, 10], key: [7, 8])
        #expect(mha.outputShape == TensorShape([4, 6]))
        #expect(mha.parameters == 272)
        // MACs: 4·6·6 + 7·8·6 + 7·10·10 + 2·4·7·3 + 2·4·7·5 + 4·2·5·6 = 144 + 336 + 700 + 168 + 280 + 240 = 1,868.
        #expect(mha.macs == 1_868)
        // output_shape 9: output projection 2·5·9 + 9 = 99 instead of 66 → 305; output (4, 9).
        let shaped = try attention("MultiHeadAttention", ["num_heads": .int(2), "key_dim": .int(3), "value_dim": .int(5), "output_shape": .int(9)],
                                   query: [4, 6], value: [7, 10], key: [7, 8])
        #expect(shaped.outputShape == TensorShape([4, 9]) && shaped.parameters == 305)
        // No bias: 36 + 48 + 100 + 60 = 244.
        let unbiased = try attention("MultiHeadAttention", ["num_heads": .int(2), "key_dim": .int(3), "value_dim": .int(5), "use_bias": .bool(false)],
                                     query: [4, 6], value: [7, 10], key: [7, 8])
        #expect(unbiased.parameters == 244)
    }

    @Test func dotProductAndAdditiveAttention() throws {
        // Attention(use_scale, score_mode concat): 1 scale + 1 concat weight = 2; output (T_q, d_v) = (4, 6).
        let luong = try attention("Attention", ["use_scale": .bool(true), "score_mode": .string("concat")], query: [4, 6], value: [7, 6], key: nil)
        #expect(luong.outputShape == TensorShape([4, 6]) && luong.parameters == 2)
        // AdditiveAttention: a scale vector over the query's 6 features.
        let bahdanau = try attention("AdditiveAttention", [:], query: [4, 6], value: [7, 6], key: nil)
        #expect(bahdanau.parameters == 6)
        // MACs 4·7·6 + 4·7·6 = 336.
        #expect(bahdanau.macs == 336)
    }
}
