import Testing
@testable import CatalogCore

/// Property test for the engine's promise of checked 64-bit arithmetic: every layer kind, with
/// every integer hyperparameter and every input dimension set to an extreme value (alone, and
/// in every pair), gives a result or a clean error, never a trap. A trap ends the test process,
/// so the test fails loudly; a result must hold no negative count and no wrapped shape.
///
/// The values are those an adversary writes into a file: 0, 1, 2, 2^31, 2^62, Int64.max / 2,
/// Int64.max − 1, Int64.max and a few negatives. Each base layer below is valid (it infers); the
/// mutations are made on its config's integer leaves (nested lists included, e.g. explicit
/// padding pairs) and on its input shape.
@Suite("Extreme integer values in every layer kind")
struct ExtremeValuePropertyTests {
    static let extremes: [Int] = [
        0, 1, 2, 1 << 31, 1 << 62, Int.max / 2, Int.max - 1, Int.max, -1, -(1 << 62), Int.min,
    ]

    /// A valid layer: its type, config and the shape it is given.
    struct Base: Sendable, CustomTestStringConvertible {
        var type: String
        var config: [String: ConfigValue]
        var inputs: [[Int?]]
        var testDescription: String { type }
    }

    static func base(_ type: String, _ config: [String: ConfigValue], _ inputs: [Int?]...) -> Base {
        Base(type: type, config: config, inputs: inputs)
    }

    static let kernel2: ConfigValue = ints(2, 2)
    static let recurrentInner: ConfigValue = .object(["class_name": .string("LSTM"), "config": .object(["units": .int(4)])])

    /// One or more valid configurations of every kind the engine computes.
    static let bases: [Base] = [
        base("Conv1D", ["filters": .int(4), "kernel_size": .int(3), "strides": .int(2), "padding": .string("same")], [9, 3]),
        base("Conv1D", ["filters": .int(4), "kernel_size": .int(3), "padding": .array([ints(1, 1)])], [9, 3]),
        base("Conv1D", ["filters": .int(4), "kernel_size": .int(3), "padding": .string("causal"), "dilation_rate": .int(2)], [9, 3]),
        base("Conv2D", ["filters": .int(4), "kernel_size": .int(3), "strides": .int(2), "dilation_rate": .int(1), "groups": .int(1),
                        "padding": .array([ints(1, 1), ints(1, 1)])], [9, 9, 2]),
        base("Conv2D", ["filters": .int(4), "kernel_size": .int(3), "dilation_rate": .int(2), "padding": .string("valid")], [9, 9, 2]),
        base("Conv3D", ["filters": .int(4), "kernel_size": .int(2), "strides": .int(1), "padding": .string("same")], [4, 4, 4, 2]),
        base("MaxPooling1D", ["pool_size": .int(2), "strides": .int(2)], [8, 3]),
        base("MaxPooling2D", ["pool_size": .int(2), "strides": .int(2), "padding": .array([ints(1, 1), ints(1, 1)]),
                              "ceil_mode": .bool(true)], [8, 8, 3]),
        base("AveragePooling2D", ["pool_size": .int(3), "strides": .int(1), "padding": .string("same")], [8, 8, 3]),
        base("AveragePooling3D", ["pool_size": .int(2)], [4, 4, 4, 3]),
        base("GlobalAveragePooling2D", [:], [8, 8, 3]),
        base("GlobalMaxPooling1D", [:], [8, 3]),
        base("ZeroPadding1D", ["padding": .int(1)], [8, 3]),
        base("ZeroPadding2D", ["padding": .array([ints(1, 2), ints(3, 4)])], [8, 8, 3]),
        base("ZeroPadding3D", ["padding": .int(1)], [4, 4, 4, 3]),
        base("DepthwiseConv1D", ["kernel_size": .int(3), "depth_multiplier": .int(2)], [8, 3]),
        base("DepthwiseConv2D", ["kernel_size": .int(3), "strides": .int(2), "depth_multiplier": .int(2), "padding": .string("same")], [8, 8, 3]),
        base("Conv1DTranspose", ["filters": .int(4), "kernel_size": .int(3), "strides": .int(4)], [8, 3]),
        base("Conv2DTranspose", ["filters": .int(4), "kernel_size": .int(3), "strides": .int(2), "padding": .string("same"),
                                 "output_padding": .int(1), "dilation_rate": .int(1)], [8, 8, 3]),
        base("Conv2DTranspose", ["filters": .int(4), "kernel_size": .int(3), "strides": .int(2),
                                 "padding": .array([ints(1, 1), ints(1, 1)]), "output_padding": .int(1)], [8, 8, 3]),
        base("Conv3DTranspose", ["filters": .int(4), "kernel_size": .int(2), "strides": .int(2), "padding": .string("valid")], [4, 4, 4, 3]),
        base("SeparableConv1D", ["filters": .int(4), "kernel_size": .int(3), "depth_multiplier": .int(2)], [8, 3]),
        base("SeparableConv2D", ["filters": .int(4), "kernel_size": .int(3), "strides": .int(2), "dilation_rate": .int(1)], [8, 8, 3]),
        base("ConvLSTM1D", ["filters": .int(4), "kernel_size": .int(3), "strides": .int(1), "return_sequences": .bool(true)], [5, 8, 3]),
        base("ConvLSTM2D", ["filters": .int(4), "kernel_size": .int(3), "strides": .int(2)], [5, 8, 8, 3]),
        base("Dense", ["units": .int(5)], [7]),
        base("Dense", ["units": .int(5)], [4, 7]),
        base("Embedding", ["input_dim": .int(100), "output_dim": .int(8)], [10]),
        base("Flatten", [:], [4, 5, 6]),
        base("BatchNormalization", [:], [8, 8, 3]),
        base("LayerNormalization", ["axis": .int(-1)], [4, 6]),
        base("GroupNormalization", ["groups": .int(2)], [8, 4]),
        base("Normalization", ["axis": .int(-1)], [4, 6]),
        base("SimpleRNN", ["units": .int(4)], [5, 3]),
        base("LSTM", ["units": .int(4), "return_sequences": .bool(true), "return_state": .bool(true)], [5, 3]),
        base("GRU", ["units": .int(4)], [5, 3]),
        base("Bidirectional", ["layer": recurrentInner], [5, 3]),
        base("Cropping1D", ["cropping": ints(1, 1)], [8, 3]),
        base("Cropping2D", ["cropping": .array([ints(1, 2), ints(3, 1)])], [8, 8, 3]),
        base("Cropping3D", ["cropping": .int(1)], [4, 4, 4, 3]),
        base("UpSampling1D", ["size": .int(2)], [8, 3]),
        base("UpSampling2D", ["size": kernel2], [8, 8, 3]),
        base("UpSampling3D", ["size": .int(2)], [4, 4, 4, 3]),
        base("Reshape", ["target_shape": ints(2, -1)], [4, 6]),
        base("Reshape", ["target_shape": ints(3, 8)], [4, 6]),
        base("Permute", ["dims": ints(2, 1)], [4, 6]),
        base("RepeatVector", ["n": .int(3)], [6]),
        base("PReLU", [:], [4, 6]),
        base("Resizing", ["height": .int(4), "width": .int(5)], [8, 8, 3]),
        base("CenterCrop", ["height": .int(4), "width": .int(5)], [8, 8, 3]),
        base("TimeDistributed", ["layer": .object(["class_name": .string("Dense"), "config": .object(["units": .int(3)])])], [5, 4]),
        base("TimeDistributed", ["layer": .object(["class_name": .string("Conv2D"), "config": .object(
            ["filters": .int(2), "kernel_size": .int(3), "strides": .int(2)])])], [5, 8, 8, 3]),
        base("Dropout", ["rate": .double(0.5)], [4, 6]),
        base("Activation", ["activation": .string("relu")], [4, 6]),
        base("Add", [:], [4, 6], [4, 6]),
        base("Multiply", [:], [1, 6], [4, 6]),
        base("Concatenate", ["axis": .int(-1)], [4, 6], [4, 2]),
        base("Dot", ["axes": .int(1)], [6], [6]),
        base("MultiHeadAttention", ["num_heads": .int(2), "key_dim": .int(4), "value_dim": .int(3)], [5, 8], [6, 8]),
        base("MultiHeadAttention", ["num_heads": .int(2), "key_dim": .int(4), "output_shape": ints(7)], [5, 8], [6, 8]),
        base("Attention", [:], [5, 8], [6, 8]),
        base("AdditiveAttention", [:], [5, 8], [6, 8]),
        base("MysteryLayer", ["output_shape": ints(4, 6), "size": .int(3)], [4, 6]),
        base("MysteryLayer", ["output_shape": ints(4, 6), "params": .int(10), "trainable_params": .int(4),
                              "non_trainable_params": .int(6)], [4, 6]),
        // PyTorch modules (batch-free shapes, channels first).
        base("Upsample", ["size": ints(4, 5)], [3, 8, 8]),
        base("Upsample", ["scale_factor": .int(2)], [3, 8, 8]),
        base("Upsample", ["scale_factor": ints(2, 3)], [3, 8, 8]),
        base("PixelShuffle", ["upscale_factor": .int(2)], [8, 4, 4]),
        base("PixelUnshuffle", ["downscale_factor": .int(2)], [2, 4, 4]),
        base("Unflatten", ["dim": .int(1), "unflattened_size": ints(2, 3)], [6, 4]),
        base("Unflatten", ["dim": .int(-1), "unflattened_size": ints(-1, 2)], [3, 8]),
        base("Flatten", ["start_dim": .int(1), "end_dim": .int(2)], [3, 4, 5]),
        base("Linear", ["in_features": .int(6), "out_features": .int(3)], [6]),
        base("Conv2d", ["in_channels": .int(3), "out_channels": .int(4), "kernel_size": .int(3), "stride": .int(1),
                        "padding": .int(1), "dilation": .int(1), "groups": .int(1)], [8, 8, 3]),
        base("LSTM", ["input_size": .int(3), "hidden_size": .int(4), "num_layers": .int(2), "proj_size": .int(2),
                      "bidirectional": .bool(true)], [5, 3]),
        base("GRU", ["input_size": .int(3), "hidden_size": .int(4), "num_layers": .int(2)], [5, 3]),
        base("MultiheadAttention", ["embed_dim": .int(8), "num_heads": .int(2)], [5, 8]),
        base("TransformerEncoderLayer", ["d_model": .int(8), "nhead": .int(2), "dim_feedforward": .int(16)], [5, 8]),
        base("Bilinear", ["in1_features": .int(3), "in2_features": .int(4), "out_features": .int(5)], [3], [4]),
        base("EmbeddingBag", ["num_embeddings": .int(10), "embedding_dim": .int(4)], [6]),
        // The transformer kinds (native format).
        base("TokenEmbedding", ["vocab_size": .int(10), "hidden_size": .int(8)], [5]),
        base("PositionEmbedding", ["num_embeddings": .int(10), "embedding_dim": .int(8)], [5, 8]),
        base("TransformerAttention", ["hidden_size": .int(8), "num_attention_heads": .int(2), "num_key_value_heads": .int(1),
                                      "head_dim": .int(4), "sliding_window": .int(4)], [5, 8]),
        base("MultiLatentAttention", ["hidden_size": .int(8), "num_attention_heads": .int(2), "q_lora_rank": .int(4),
                                      "kv_lora_rank": .int(4), "qk_nope_head_dim": .int(2), "qk_rope_head_dim": .int(2),
                                      "v_head_dim": .int(2), "attention_bias": .bool(true)], [5, 8]),
        base("DisentangledAttention", ["hidden_size": .int(8), "num_attention_heads": .int(2), "head_dim": .int(4),
                                       "pos_att_type": .array([.string("c2p"), .string("p2c")])], [5, 8], [6, 8]),
        base("RelativePositionEmbedding", ["num_embeddings": .int(6), "hidden_size": .int(8)], [5, 8]),
        base("RMSNorm", ["hidden_size": .int(8)], [5, 8]),
        base("FeedForward", ["hidden_size": .int(8), "intermediate_size": .int(16), "gated": .bool(true),
                             "mlp_bias": .bool(true)], [5, 8]),
        base("MixtureOfExperts", ["hidden_size": .int(8), "num_experts": .int(4), "num_experts_per_tok": .int(2),
                                  "moe_intermediate_size": .int(4), "shared_intermediate_size": .int(4)], [5, 8]),
        base("PatchEmbedding", ["num_channels": .int(3), "patch_size": .int(4), "hidden_size": .int(8)], [3, 8, 8]),
        base("PositionalConvolution", ["hidden_size": .int(8), "kernel_size": .int(4), "groups": .int(2)], [5, 8]),
        base("Pooler", ["hidden_size": .int(8)], [5, 8]),
        base("LMHead", ["hidden_size": .int(8), "vocab_size": .int(10), "bias": .bool(true)], [5, 8]),
    ]

    /// Every path to an integer leaf of a config value.
    enum Step: Hashable, Sendable { case key(String), index(Int) }

    static func integerPaths(_ value: ConfigValue, prefix: [Step] = []) -> [[Step]] {
        switch value {
        case .int: [prefix]
        case .array(let items): items.indices.flatMap { integerPaths(items[$0], prefix: prefix + [.index($0)]) }
        case .object(let object): object.keys.sorted().flatMap { integerPaths(object[$0]!, prefix: prefix + [.key($0)]) }
        default: []
        }
    }

    static func replacing(_ value: ConfigValue, at path: ArraySlice<Step>, with new: Int) -> ConfigValue {
        guard let step = path.first else { return .int(new) }
        switch (step, value) {
        case (.key(let key), .object(var object)):
            object[key] = replacing(object[key]!, at: path.dropFirst(), with: new)
            return .object(object)
        case (.index(let index), .array(var items)):
            items[index] = replacing(items[index], at: path.dropFirst(), with: new)
            return .array(items)
        default:
            return value
        }
    }

    /// The architecture of `base` with `config` and `inputs`, or nil when it does not parse
    /// (a parser refusing the value cleanly is a pass).
    static func architecture(_ base: Base, config: [String: ConfigValue], inputs: [[Int?]]) -> Architecture? {
        var layers: [Layer] = []
        for (index, shape) in inputs.enumerated() {
            guard let layer = try? Layer(
                name: "in\(index)", type: "InputLayer",
                config: ["shape": .array(shape.map { $0.map(ConfigValue.int) ?? .null })], calls: [[]])
            else { return nil }
            layers.append(layer)
        }
        let references = inputs.indices.map { TensorReference(layer: "in\($0)") }
        guard let layer = try? Layer(name: "x", type: base.type, config: config, calls: [references]) else { return nil }
        layers.append(layer)
        return Architecture(name: "extreme", framework: .keras, layers: layers)
    }

    /// Runs everything the commands run on an architecture; returns a problem, if any.
    static func exercise(_ architecture: Architecture) -> String? {
        for framework in [Framework.keras, .pytorch] {
            guard let results = try? Engine.infer(architecture, framework: framework) else { continue }
            for result in results {
                if result.trainableParameters < 0 || result.nonTrainableParameters < 0 || result.macs < 0 {
                    return "negative count \(result)"
                }
                for call in result.outputShapes {
                    for shape in call where shape.dimensions.contains(where: { ($0 ?? 1) <= 0 }) {
                        return "non-positive output dimension \(shape)"
                    }
                }
                _ = result.parameters
            }
            if let totals = try? Engine.totals(of: architecture, results: results) {
                _ = totals.parameters
                _ = totals.parameterBytes()
            }
            for batch in [1, 2, Int.max] {
                _ = (try? Engine.memory(of: architecture, results: results, batchSize: batch))?.totalBytes
            }
            _ = Engine.explain(architecture, results: results).map(\.text)
        }
        return nil
    }

    @Test("every integer leaf and input dimension at an extreme value, alone and in pairs", arguments: bases)
    func extremes(_ base: Base) throws {
        let original = try #require(Self.architecture(base, config: base.config, inputs: base.inputs),
                                    "the base config of \(base.type) must parse")
        #expect(throws: Never.self) { try Engine.infer(original) }
        // Leaves: config paths, then input dimensions as (input, axis).
        enum Leaf: Hashable { case config([Step]), input(Int, Int) }
        var leaves = Self.integerPaths(.object(base.config)).map(Leaf.config)
        for (input, shape) in base.inputs.enumerated() {
            leaves += shape.indices.map { Leaf.input(input, $0) }
        }
        func mutate(_ leaf: Leaf, _ value: Int, config: inout [String: ConfigValue], inputs: inout [[Int?]]) {
            switch leaf {
            case .config(let path):
                config = Self.replacing(.object(config), at: path[...], with: value).objectValue ?? config
            case .input(let input, let axis):
                inputs[input][axis] = value
            }
        }
        var problems: [String] = []
        var tried = 0
        for (i, first) in leaves.enumerated() {
            for a in Self.extremes {
                var config = base.config, inputs = base.inputs
                mutate(first, a, config: &config, inputs: &inputs)
                if let architecture = Self.architecture(base, config: config, inputs: inputs) {
                    tried += 1
                    if let problem = Self.exercise(architecture) { problems.append("\(first)=\(a): \(problem)") }
                }
                for second in leaves[(i + 1)...] {
                    for b in Self.extremes where b != 0 && b > -2 {
                        var config = config, inputs = inputs
                        mutate(second, b, config: &config, inputs: &inputs)
                        guard let architecture = Self.architecture(base, config: config, inputs: inputs) else { continue }
                        tried += 1
                        if let problem = Self.exercise(architecture) {
                            problems.append("\(first)=\(a), \(second)=\(b): \(problem)")
                        }
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(tried > 0)
    }

    /// The four files of the adversarial pass, by hand: each is a clean overflow error.
    @Test("the reported cases are overflow errors naming the layer")
    func reported() throws {
        let big = Int.max
        let cases: [(String, [String: ConfigValue], [Int?])] = [
            ("Conv1D", ["filters": .int(4), "kernel_size": .int(3), "strides": .int(2), "padding": .string("same")], [big, 1]),
            ("Conv1D", ["filters": .int(4), "kernel_size": .int(3), "padding": .array([ints(big, 1)])], [big, 1]),
            ("Conv1DTranspose", ["filters": .int(4), "kernel_size": .int(3), "strides": .int(4)], [1 << 62, 1]),
            ("RepeatVector", ["n": .int(1 << 62)], [4]),
            ("Resizing", ["height": .int(1 << 62), "width": .int(1 << 62)], [8, 8, 3]),
        ]
        for (type, config, input) in cases {
            #expect(throws: InferenceError.layer(index: 1, name: "x", type: type, fault: .overflow)) {
                try evaluate(type, config, input: input)
            }
        }
        // An input of Int64.max · 3 elements is refused at the input layer itself.
        #expect(throws: InferenceError.layer(index: 0, name: "in", type: "InputLayer", fault: .overflow)) {
            try evaluate("Dense", ["units": .int(2)], input: [big, 3])
        }
        // Cropping both sides by Int64.max leaves nothing: refused, not wrapped.
        #expect(throws: InferenceError.self) {
            try evaluate("Cropping1D", ["cropping": ints(big, big)], input: [8, 3])
        }
    }

    /// Negative node or tensor indices are dangling references, never another call's output.
    @Test("a negative node or tensor index is refused, not rewired")
    func negativeIndices() throws {
        let layers: (TensorReference) throws -> Architecture = { reference in
            Architecture(name: "n", framework: .keras, layers: [
                try Layer(name: "a", type: "InputLayer", config: ["shape": ints(100)], calls: [[]]),
                try Layer(name: "b", type: "InputLayer", config: ["shape": ints(7)], calls: [[]]),
                try Layer(name: "d", type: "Dense", config: ["units": .int(2)], calls: [[reference]]),
            ])
        }
        for reference in [TensorReference(layer: "b", node: -1), TensorReference(layer: "b", tensor: -1),
                          TensorReference(layer: "b", node: Int.min)] {
            #expect(throws: InferenceError.danglingInput(index: 2, name: "d", reference: reference)) {
                try Engine.infer(layers(reference))
            }
        }
        // Fed by b (7 features): 7·2 + 2 = 16 parameters.
        #expect(try Engine.infer(layers(TensorReference(layer: "b")))[2].parameters == 16)
    }
}
