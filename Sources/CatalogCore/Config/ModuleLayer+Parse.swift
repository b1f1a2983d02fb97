// PyTorch constructor arguments (torch.nn docs and torch/nn/modules/*.py) and Keras Applications'
// own layer classes, registered next to the Keras names. A PyTorch module whose name Keras
// shares case-insensitively (Conv2d/Conv2D, Linear, LSTM, LayerNorm, MultiheadAttention, Flatten)
// is read with PyTorch's keywords when the config uses any of them, else with Keras'.

extension ConfigReader {
    /// An integer under PyTorch's `torch` key or Keras' `keras` key, never both.
    mutating func either(_ torch: String, _ keras: String) throws(ConfigError) -> Int? {
        if values[torch] != nil, values[keras] != nil, values[torch] != .null, values[keras] != .null {
            throw .invalidValue(
                key: torch, value: values[torch]!, reason: "give either PyTorch's '\(torch)' or Keras' '\(keras)', not both")
        }
        if let value = try optionalInt(torch) { return value }
        return try optionalInt(keras)
    }

    /// A tuple under PyTorch's or Keras' key (see ``either(_:_:)``).
    mutating func eitherTuple(_ torch: String, _ keras: String, rank: Int, default fallback: [Int]) throws(ConfigError) -> [Int] {
        if values[torch] != nil, values[keras] != nil {
            throw .invalidValue(
                key: torch, value: values[torch]!, reason: "give either PyTorch's '\(torch)' or Keras' '\(keras)', not both")
        }
        if values[torch] != nil { return try tuple(torch, rank: rank, default: fallback) }
        return try tuple(keras, rank: rank, default: fallback)
    }

    /// A boolean under PyTorch's or Keras' key.
    mutating func eitherBool(_ torch: String, _ keras: String, default fallback: Bool) throws(ConfigError) -> Bool {
        if values[torch] != nil, values[keras] != nil {
            throw .invalidValue(
                key: torch, value: values[torch]!, reason: "give either PyTorch's '\(torch)' or Keras' '\(keras)', not both")
        }
        if values[torch] != nil { return try bool(torch, default: fallback) }
        return try bool(keras, default: fallback)
    }

    /// Consumes keys that change values only (PyTorch's `eps`, `inplace`, `dropout`, `mode`, …):
    /// accepted, not stored.
    mutating func ignore(_ keys: [String]) {
        for key in keys {
            _ = take(key)
            forget(key)
        }
    }

    /// A PyTorch dim (counting the batch axis: 1 is the first batch-free axis, negative from the
    /// end) as a batch-free axis.
    static func torchDim(_ dim: Int, key: String) throws(ConfigError) -> Int {
        guard dim != 0 else { throw .invalidValue(key: key, value: .int(dim), reason: "dim 0 is the batch axis") }
        return dim < 0 ? dim : dim - 1
    }
}

extension LayerRegistry {
    /// Adds the PyTorch modules and Keras Applications' classes (see the file comment).
    static func registerModuleLayers(_ table: inout [String: Entry]) {
        func add(_ name: String, aliases: [String] = [], _ parse: @escaping Parser) {
            for key in [name] + aliases { table[key.lowercased()] = Entry(canonical: name, parse: parse) }
        }
        /// Reads `name` with `torch` when the config uses any of `keys` and the type is spelled
        /// as PyTorch spells it (`Conv2d`, `Linear`), or uses `strong` (a key only PyTorch has,
        /// which the torch reader always stores, so a stored config reads back the same way);
        /// else as before (a Keras spelling with `stride` gets "did you mean 'strides'?").
        func wrap(_ name: String, when keys: Set<String>, strong: Set<String> = [], _ torch: @escaping Parser) {
            guard let old = table[name.lowercased()] else { return }
            table[name.lowercased()] = Entry(canonical: old.canonical) { reader, options throws(ConfigError) in
                let present = Set(reader.values.keys)
                let torchSpelled = reader.spelledType != old.canonical
                let useTorch = !strong.isDisjoint(with: present) || (torchSpelled && !keys.isDisjoint(with: present))
                return useTorch ? try torch(&reader, options) : try old.parse(&reader, options)
            }
        }

        // Keras Applications (Keras 3 keras/src/applications/).
        add("LayerScale") { reader, _ throws(ConfigError) in
            reader.ignore(["init_values"])
            return .module(.layerScale(projectionDim: try reader.int("projection_dim")))
        }
        add("CustomScaleLayer") { reader, _ throws(ConfigError) in
            let value = reader.take("scale") ?? .double(1)
            let scale: Double = switch value { case .int(let i): Double(i); case .double(let d): d; default: .nan }
            guard !scale.isNaN else { throw .wrongType(key: "scale", expected: "a number", found: value) }
            return .module(.scaledSum(scale: scale))
        }
        add("Lambda") { reader, _ throws(ConfigError) in
            // Keras 2 writes a shape function as marshalled code ("output_shape_type": "function"):
            // only a raw list of sizes (batch excluded, Keras' Lambda docs) is a shape.
            let raw = reader.values["output_shape_type"].map { $0 == .null || $0.stringValue == "raw" } ?? true
            reader.ignore(["function", "function_type", "module", "arguments", "mask", "output_shape_type", "output_shape_module"])
            if raw, let value = reader.take("output_shape"), let items = value.arrayValue, !items.isEmpty,
               items.allSatisfy({ $0 == .null || $0.intValue != nil }) {
                return .module(.lambda(outputShape: TensorShape(try shapeDimensions(value, key: "output_shape"))))
            }
            reader.forget("output_shape")
            return .module(.lambda(outputShape: nil))
        }

        // Convolutions.
        let convolutionKeys: Set<String> = ["in_channels", "out_channels", "stride", "dilation", "bias", "padding_mode"]
        for rank in 1...3 {
            wrap("Conv\(rank)D", when: convolutionKeys, strong: ["in_channels", "out_channels"]) { reader, options throws(ConfigError) in
                try torchConvolution(&reader, rank: rank, transposed: false, options: options)
            }
            wrap("Conv\(rank)DTranspose", when: convolutionKeys, strong: ["in_channels", "out_channels"]) { reader, options throws(ConfigError) in
                try torchConvolution(&reader, rank: rank, transposed: true, options: options)
            }
            table["convtranspose\(rank)d"] = table["conv\(rank)dtranspose"]
        }
        wrap("Dense", when: ["in_features", "out_features", "bias"], strong: ["in_features", "out_features"]) { reader, _ throws(ConfigError) in
            guard let units = try reader.either("out_features", "units") else { throw .missingKey("out_features") }
            reader.forget("units")
            reader.record("out_features", .int(units))
            let kind = LayerKind.dense(Dense(units: units, useBias: try reader.eitherBool("bias", "use_bias", default: true)))
            guard let inFeatures = try reader.optionalInt("in_features") else { return kind }
            return .module(.checked(kind, key: "in_features", axes: [-1], sizes: [inFeatures]))
        }
        table["linear"] = table["dense"]
        add("Bilinear") { reader, _ throws(ConfigError) in
            .module(.bilinear(
                in1Features: try reader.int("in1_features"), in2Features: try reader.int("in2_features"),
                outFeatures: try reader.int("out_features"), bias: try reader.bool("bias", default: true)))
        }
        let embeddingIgnored = ["max_norm", "norm_type", "scale_grad_by_freq", "sparse", "_weight", "_freeze", "include_last_offset", "mode", "per_sample_weights"]
        wrap("Embedding", when: ["num_embeddings", "embedding_dim", "padding_idx"], strong: ["num_embeddings", "embedding_dim", "padding_idx"]) { reader, _ throws(ConfigError) in
            guard let count = try reader.either("num_embeddings", "input_dim") else { throw .missingKey("num_embeddings") }
            guard let dim = try reader.either("embedding_dim", "output_dim") else { throw .missingKey("embedding_dim") }
            try paddingIndex(&reader, count: count)
            reader.ignore(embeddingIgnored)
            return .embedding(inputDim: count, outputDim: dim)
        }
        add("EmbeddingBag") { reader, _ throws(ConfigError) in
            let count = try reader.int("num_embeddings")
            let dim = try reader.int("embedding_dim")
            try paddingIndex(&reader, count: count)
            reader.ignore(embeddingIgnored)
            return .module(.embeddingBag(numEmbeddings: count, embeddingDim: dim))
        }

        // Recurrent modules.
        let recurrentKeys: Set<String> = ["input_size", "hidden_size", "num_layers", "bidirectional", "proj_size", "batch_first"]
        for (name, cell) in [("SimpleRNN", RecurrentCell.simple), ("LSTM", .lstm), ("GRU", .gru)] {
            wrap(name, when: recurrentKeys, strong: recurrentKeys) { reader, _ throws(ConfigError) in
                try torchRecurrent(&reader, cell: cell)
            }
        }
        add("RNN") { reader, _ throws(ConfigError) in try torchRecurrent(&reader, cell: .simple) }

        // Normalization.
        wrap("LayerNormalization", when: ["normalized_shape", "elementwise_affine", "bias"], strong: ["normalized_shape", "elementwise_affine"]) { reader, _ throws(ConfigError) in
            guard let shape = try reader.intList("normalized_shape", minimum: 1), !shape.isEmpty else {
                throw .missingKey("normalized_shape")
            }
            reader.ignore(["eps"])
            let affine = try reader.bool("elementwise_affine", default: true)
            let bias = try reader.bool("bias", default: true)
            let axes = Array((-shape.count)...(-1))
            return .module(.checked(
                .layerNormalization(axis: axes, center: affine && bias, scale: affine),
                key: "normalized_shape", axes: axes, sizes: shape))
        }
        table["layernorm"] = table["layernormalization"]
        wrap("GroupNormalization", when: ["num_groups", "num_channels", "affine"], strong: ["num_groups", "num_channels", "affine"]) { reader, _ throws(ConfigError) in
            let groups = try reader.int("num_groups")
            let channels = try reader.int("num_channels")
            guard channels % groups == 0 else {
                throw .invalidValue(key: "num_groups", value: .int(groups), reason: "num_channels \(channels) is not divisible by num_groups")
            }
            reader.ignore(["eps"])
            let affine = try reader.bool("affine", default: true)
            return .module(.checked(
                .groupNormalization(groups: groups, axis: 0, center: affine, scale: affine),
                key: "num_channels", axes: [0], sizes: [channels]))
        }
        table["groupnorm"] = table["groupnormalization"]
        for rank in 1...3 {
            add("InstanceNorm\(rank)d") { reader, _ throws(ConfigError) in
                // PyTorch InstanceNorm2d: affine=False, track_running_stats=False by default.
                reader.ignore(["eps", "momentum"])
                let affine = try reader.bool("affine", default: false)
                return .batchNormalization(BatchNormalization(
                    axis: [0], center: affine, scale: affine,
                    tracksRunningStatistics: try reader.bool("track_running_stats", default: false),
                    numFeatures: try reader.int("num_features")))
            }
        }

        // Attention and transformer layers.
        wrap("MultiHeadAttention", when: ["embed_dim", "kdim", "vdim", "add_bias_kv", "bias"], strong: ["embed_dim", "kdim", "vdim", "add_bias_kv"]) { reader, _ throws(ConfigError) in
            let e = try reader.int("embed_dim")
            let heads = try reader.int("num_heads")
            guard e % heads == 0 else {
                throw .invalidValue(key: "num_heads", value: .int(heads), reason: "embed_dim \(e) is not divisible by num_heads")
            }
            reader.ignore(["dropout", "add_zero_attn", "batch_first"])
            return .module(.torchMultiheadAttention(TorchMultiheadAttention(
                embedDim: e, numHeads: heads, bias: try reader.bool("bias", default: true),
                addBiasKV: try reader.bool("add_bias_kv", default: false),
                kdim: try reader.optionalInt("kdim") ?? e, vdim: try reader.optionalInt("vdim") ?? e)))
        }
        for (name, decoder) in [("TransformerEncoderLayer", false), ("TransformerDecoderLayer", true)] {
            add(name) { reader, _ throws(ConfigError) in
                let d = try reader.int("d_model")
                let heads = try reader.int("nhead")
                guard d % heads == 0 else {
                    throw .invalidValue(key: "nhead", value: .int(heads), reason: "d_model \(d) is not divisible by nhead")
                }
                reader.ignore(["dropout", "activation", "layer_norm_eps", "batch_first", "norm_first"])
                return .module(.torchTransformerLayer(TorchTransformerLayer(
                    decoder: decoder, dModel: d, nhead: heads,
                    dimFeedforward: try reader.int("dim_feedforward", default: 2048),
                    bias: try reader.bool("bias", default: true))))
            }
        }

        // Shapes.
        wrap("Flatten", when: ["start_dim", "end_dim"], strong: ["start_dim", "end_dim"]) { reader, _ throws(ConfigError) in
            let start = try ConfigReader.torchDim(try reader.int("start_dim", default: 1, minimum: Int.min), key: "start_dim")
            let end = try ConfigReader.torchDim(try reader.int("end_dim", default: -1, minimum: Int.min), key: "end_dim")
            return start == 0 && end == -1 ? .flatten : .module(.flattenRange(start: start, end: end))
        }
        add("Unflatten") { reader, _ throws(ConfigError) in
            let dim = try ConfigReader.torchDim(try reader.int("dim", minimum: Int.min), key: "dim")
            guard let sizes = try reader.intList("unflattened_size", minimum: -1), !sizes.isEmpty,
                  !sizes.contains(0), sizes.filter({ $0 == -1 }).count <= 1 else {
                throw .missingKey("unflattened_size")
            }
            return .module(.unflatten(axis: dim, sizes: sizes))
        }
        add("Upsample", aliases: ["UpsamplingNearest2d", "UpsamplingBilinear2d"]) { reader, _ throws(ConfigError) in
            _ = try reader.string("mode", default: "nearest", allowed: ["nearest", "linear", "bilinear", "bicubic", "trilinear", "nearest-exact", "area"])
            reader.ignore(["align_corners", "recompute_scale_factor"])
            let size = try reader.intList("size", minimum: 1)
            var scale: [Double]?
            if let value = reader.take("scale_factor") {
                let items = value.arrayValue ?? [value]
                var factors: [Double] = []
                for item in items {
                    switch item {
                    case .int(let i) where i > 0: factors.append(Double(i))
                    // Finite: PyTorch takes floor(size · scale_factor) as an integer, which
                    // infinity has not (Python: "cannot convert float infinity to integer").
                    case .double(let d) where d > 0 && d.isFinite: factors.append(d)
                    default: throw .wrongType(key: "scale_factor", expected: "a positive finite number or a list of them", found: value)
                    }
                }
                scale = factors
            }
            guard (size == nil) != (scale == nil) else {
                throw .invalidValue(key: "size", value: .null, reason: "give exactly one of 'size' and 'scale_factor'")
            }
            return .module(.upsample(scale: scale, size: size))
        }
        add("PixelShuffle") { reader, _ throws(ConfigError) in
            .module(.pixelShuffle(factor: try reader.int("upscale_factor")))
        }
        add("PixelUnshuffle") { reader, _ throws(ConfigError) in
            .module(.pixelShuffle(factor: -(try reader.int("downscale_factor"))))
        }

        // Activations and dropout: element-wise, no parameters.
        let elementwise = [
            "GELU", "SiLU", "Mish", "ReLU6", "Hardswish", "Hardsigmoid", "SELU", "CELU", "Softplus", "LogSoftmax",
            "Hardtanh", "Softsign", "Tanhshrink", "Softmin", "LogSigmoid", "Hardshrink", "Softshrink",
            "Softmax", "LeakyReLU", "ELU", "Sigmoid", "Tanh", "ReLU", "Identity",
        ]
        for name in elementwise {
            add(name) { reader, _ throws(ConfigError) in
                if let dim = try reader.optionalInt("dim", minimum: Int.min) { _ = try ConfigReader.torchDim(dim, key: "dim") }
                _ = try reader.string("approximate", default: "none", allowed: ["none", "tanh"])
                reader.ignore(["inplace", "negative_slope", "alpha", "beta", "threshold", "lambd", "min_val", "max_val", "axis", "max_value", "theta"])
                return .passThrough
            }
        }
        for name in ["Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"] {
            add(name) { reader, _ throws(ConfigError) in
                _ = try reader.fraction("rate", alias: "p")
                reader.ignore(["inplace", "seed", "noise_shape"])
                return .passThrough
            }
        }
    }
}

/// PyTorch Embedding's `padding_idx`: within `[-num_embeddings, num_embeddings)` (PyTorch
/// Embedding docs); it changes values only.
private func paddingIndex(_ reader: inout ConfigReader, count: Int) throws(ConfigError) {
    guard let index = try reader.optionalInt("padding_idx", minimum: Int.min) else { return }
    guard index >= -count, index < count else {
        throw .invalidValue(key: "padding_idx", value: .int(index), reason: "must be within num_embeddings \(count)")
    }
}

/// Conv1d/2d/3d and ConvTranspose1d/2d/3d with PyTorch's arguments (torch.nn.Conv2d docs:
/// `in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
/// bias=True, padding_mode='zeros'`; ConvTranspose2d adds `output_padding=0`). Keras' names are
/// accepted too. `padding` is an integer, a tuple, `"valid"` or `"same"` (stride 1 only, as
/// PyTorch); the padding mode changes values only. `in_channels` is checked against the input.
private func torchConvolution(
    _ reader: inout ConfigReader, rank: Int, transposed: Bool, options: ParseOptions
) throws(ConfigError) -> LayerKind {
    guard let filters = try reader.either("out_channels", "filters") else { throw .missingKey("out_channels") }
    reader.forget("filters")
    reader.record("out_channels", .int(filters))
    let ones = Array(repeating: 1, count: rank)
    let kernel = try reader.tuple("kernel_size", rank: rank)
    let strides = try reader.eitherTuple("stride", "strides", rank: rank, default: ones)
    var padding = Padding.explicit(Array(repeating: PaddingAmount(before: 0, after: 0), count: rank))
    if reader.values["padding"] != nil { padding = try parsePadding(&reader, rank: rank) }
    if case .same = padding, strides.contains(where: { $0 > 1 }) {
        throw .invalidValue(key: "padding", value: .string("same"), reason: "PyTorch does not support padding 'same' with a stride above 1")
    }
    let dilation = try reader.eitherTuple("dilation", "dilation_rate", rank: rank, default: ones)
    let groups = try reader.int("groups", default: 1)
    let bias = try reader.eitherBool("bias", "use_bias", default: true)
    _ = try reader.string("padding_mode", default: "zeros", allowed: ["zeros", "reflect", "replicate", "circular"])
    let inChannels = try reader.optionalInt("in_channels")
    guard filters % groups == 0 else {
        throw .invalidValue(key: "groups", value: .int(groups), reason: "out_channels \(filters) is not divisible by groups")
    }
    if let inChannels, inChannels % groups != 0 {
        throw .invalidValue(key: "groups", value: .int(groups), reason: "in_channels \(inChannels) is not divisible by groups")
    }
    let format = try reader.dataFormat(default: options.defaultDataFormat)
    let kind: LayerKind
    if transposed {
        var outputPadding: [Int]?
        if let value = reader.take("output_padding") {
            outputPadding = try ConfigReader.tuple(value, key: "output_padding", rank: rank, minimum: 0)
        }
        guard case .explicit = padding else {
            throw .invalidValue(key: "padding", value: reader.used["padding"] ?? .null, reason: "ConvTranspose takes integer padding (PyTorch)")
        }
        kind = .transposedConvolution(TransposedConvolution(
            rank: rank, filters: filters, kernelSize: kernel, strides: strides, padding: padding,
            outputPadding: outputPadding ?? ones.map { _ in 0 }, dilationRate: dilation, groups: groups,
            useBias: bias, dataFormat: format))
    } else {
        kind = .convolution(Convolution(
            rank: rank, filters: filters, kernelSize: kernel, strides: strides, padding: padding,
            dilationRate: dilation, groups: groups, useBias: bias, dataFormat: format))
    }
    guard let inChannels else { return kind }
    return .module(.checked(kind, key: "in_channels", axes: [format == .channelsFirst ? 0 : -1], sizes: [inChannels]))
}

/// RNN / LSTM / GRU with PyTorch's arguments (torch.nn.LSTM docs: `input_size, hidden_size,
/// num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0`;
/// RNN adds `nonlinearity`). `batch_first` only moves the batch axis, which shapes here exclude.
private func torchRecurrent(_ reader: inout ConfigReader, cell: RecurrentCell) throws(ConfigError) -> LayerKind {
    reader.ignore(["batch_first", "dropout", "nonlinearity"])
    guard let hidden = try reader.either("hidden_size", "units") else { throw .missingKey("hidden_size") }
    reader.forget("units")
    reader.record("hidden_size", .int(hidden))
    let projection = try reader.int("proj_size", default: 0, minimum: 0)
    if projection > 0 {
        guard cell == .lstm else {
            throw .invalidValue(key: "proj_size", value: .int(projection), reason: "only LSTM takes proj_size (PyTorch)")
        }
        guard projection < hidden else {
            throw .invalidValue(key: "proj_size", value: .int(projection), reason: "must be smaller than hidden_size \(hidden) (PyTorch)")
        }
    }
    return .module(.torchRecurrent(TorchRecurrent(
        cell: cell, inputSize: try reader.optionalInt("input_size"), hiddenSize: hidden,
        numLayers: try reader.int("num_layers", default: 1), bias: try reader.eitherBool("bias", "use_bias", default: true),
        bidirectional: try reader.bool("bidirectional", default: false), projSize: projection)))
}

/// A wrapper's `layer` (Bidirectional, TimeDistributed): Keras' `{"class_name", "config"}` or the
/// native form `{"type": …, keys…}`.
/// - Throws: ``ConfigError/invalidValue(key:value:reason:)`` quoting the value it rejects.
func wrappedLayer(_ value: ConfigValue?) throws(ConfigError) -> (type: String, config: [String: ConfigValue]) {
    guard let value else { throw .missingKey("layer") }
    guard let object = value.objectValue else {
        throw .invalidValue(key: "layer", value: value, reason: "expected a layer object")
    }
    if let type = object["class_name"]?.stringValue {
        return (type, object["config"]?.objectValue ?? [:])
    }
    if let type = object["type"]?.stringValue {
        var config = object
        config.removeValue(forKey: "type")
        return (type, config)
    }
    throw .invalidValue(
        key: "layer", value: value,
        reason: "expected {\"type\": …} (native) or {\"class_name\": …, \"config\": {…}} (Keras)")
}

/// Declared counts of a layer of unknown type: `params` and optionally `trainable_params` and
/// `non_trainable_params` (each at least 0; they must add up). Without `params` nil (the layer
/// stays uncounted). With only `params` every parameter is trainable.
/// - Throws: ``ConfigError`` for a count that is not a non-negative integer or totals that
///   disagree.
func declaredCounts(_ config: [String: ConfigValue], calls: [[TensorShape]]) throws(ConfigError) -> LayerKind? {
    guard config["params"] != nil || config["trainable_params"] != nil || config["non_trainable_params"] != nil else {
        return nil
    }
    func count(_ key: String) throws(ConfigError) -> Int? {
        guard let value = config[key], value != .null else { return nil }
        return try ConfigReader.integer(value, key: key, minimum: 0)
    }
    let total = try count("params")
    let trainable = try count("trainable_params")
    let nonTrainable = try count("non_trainable_params")
    let resolvedTrainable: Int
    let resolvedNonTrainable: Int
    switch (total, trainable, nonTrainable) {
    case (let t?, nil, nil): (resolvedTrainable, resolvedNonTrainable) = (t, 0)
    case (let t?, let a?, nil): (resolvedTrainable, resolvedNonTrainable) = (a, t - a)
    case (let t?, nil, let b?): (resolvedTrainable, resolvedNonTrainable) = (t - b, b)
    case (nil, let a?, let b?): (resolvedTrainable, resolvedNonTrainable) = (a, b)
    case (let t?, let a?, let b?):
        // Checked: two counts near 2^63 must not trap when added.
        let (parts, overflow) = a.addingReportingOverflow(b)
        guard !overflow, parts == t else {
            throw .invalidValue(key: "params", value: .int(t), reason: "trainable_params \(a) + non_trainable_params \(b) is not params")
        }
        (resolvedTrainable, resolvedNonTrainable) = (a, b)
    default: throw .missingKey("params")
    }
    guard resolvedTrainable >= 0, resolvedNonTrainable >= 0 else {
        throw .invalidValue(key: "params", value: .int(total ?? 0), reason: "smaller than the declared part")
    }
    return .module(.declared(recordedOutputs: calls, trainable: resolvedTrainable, nonTrainable: resolvedNonTrainable))
}
