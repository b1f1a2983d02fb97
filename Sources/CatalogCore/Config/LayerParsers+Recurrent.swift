// Parsers for the layer families beyond plain CNNs (Keras config names).


extension LayerRegistry {
    static func registerMoreLayers(_ add: (String, [String], @escaping Parser) -> Void) {
        for rank in 1...3 {
            add("Conv\(rank)DTranspose", ["Convolution\(rank)DTranspose", "ConvTranspose\(rank)d"]) { reader, options throws(ConfigError) in
                let filters = try reader.int("filters")
                let kernel = try reader.tuple("kernel_size", rank: rank)
                let ones = Array(repeating: 1, count: rank)
                let padding = try parsePadding(&reader, rank: rank)
                var outputPadding: [Int]?
                if let value = reader.take("output_padding") {
                    outputPadding = try ConfigReader.tuple(value, key: "output_padding", rank: rank, minimum: 0)
                }
                return .transposedConvolution(TransposedConvolution(
                    rank: rank, filters: filters, kernelSize: kernel,
                    strides: try reader.tuple("strides", rank: rank, default: ones), padding: padding,
                    outputPadding: outputPadding,
                    dilationRate: try reader.tuple("dilation_rate", rank: rank, default: ones),
                    groups: try reader.int("groups", default: 1),
                    useBias: try reader.bool("use_bias", default: true),
                    dataFormat: try reader.dataFormat(default: options.defaultDataFormat)))
            }
            add("Cropping\(rank)D", []) { reader, options throws(ConfigError) in
                var amounts = Array(repeating: PaddingAmount(before: 0, after: 0), count: rank)
                if let value = reader.take("cropping") {
                    amounts = try paddingAmounts(value, key: "cropping", rank: rank)
                }
                return .cropping(ZeroPadding(
                    rank: rank, padding: amounts, dataFormat: try reader.dataFormat(default: options.defaultDataFormat)))
            }
            add("UpSampling\(rank)D", []) { reader, options throws(ConfigError) in
                _ = reader.take("interpolation")
                return .upSampling(
                    rank: rank, size: try reader.tuple("size", rank: rank, default: Array(repeating: 2, count: rank)),
                    dataFormat: try reader.dataFormat(default: options.defaultDataFormat))
            }
        }
        for rank in 1...3 {
            add("ConvLSTM\(rank)D", []) { reader, options throws(ConfigError) in
                try parseConvolutionalLSTM(&reader, rank: rank, options: options)
            }
        }
        for rank in 1...2 {
            add("SeparableConv\(rank)D", ["SeparableConvolution\(rank)D"]) { reader, options throws(ConfigError) in
                let ones = Array(repeating: 1, count: rank)
                return .separableConvolution(SeparableConvolution(
                    rank: rank, filters: try reader.int("filters"),
                    kernelSize: try reader.tuple("kernel_size", rank: rank),
                    strides: try reader.tuple("strides", rank: rank, default: ones),
                    padding: try parsePadding(&reader, rank: rank),
                    dilationRate: try reader.tuple("dilation_rate", rank: rank, default: ones),
                    depthMultiplier: try reader.int("depth_multiplier", default: 1),
                    useBias: try reader.bool("use_bias", default: true),
                    dataFormat: try reader.dataFormat(default: options.defaultDataFormat)))
            }
        }
        add("Embedding", []) { reader, _ throws(ConfigError) in
            .embedding(inputDim: try reader.int("input_dim"), outputDim: try reader.int("output_dim"))
        }
        add("LayerNormalization", ["LayerNorm"]) { reader, _ throws(ConfigError) in
            _ = reader.take("rms_scaling")
            return .layerNormalization(
                axis: try axes(&reader, default: [-1]), center: try reader.bool("center", default: true),
                scale: try reader.bool("scale", default: true))
        }
        add("GroupNormalization", ["GroupNorm"]) { reader, _ throws(ConfigError) in
            .groupNormalization(
                groups: try reader.int("groups", default: 32),
                axis: try axes(&reader, default: [-1])[0],
                center: try reader.bool("center", default: true), scale: try reader.bool("scale", default: true))
        }
        add("Normalization", []) { reader, _ throws(ConfigError) in
            let fixed = reader.take("mean") != nil
            for key in ["variance", "invert"] { _ = reader.take(key) }
            // `axis: None` keeps no axis: one scalar mean and variance (Keras Normalization docs).
            if reader.takeNull("axis") {
                reader.record("axis", .array([]))
                return .featureNormalization(axis: [], learnsStatistics: !fixed)
            }
            return .featureNormalization(axis: try axes(&reader, default: [-1]), learnsStatistics: !fixed)
        }
        for (name, cell) in [("SimpleRNN", RecurrentCell.simple), ("LSTM", .lstm), ("GRU", .gru)] {
            add(name, []) { reader, _ throws(ConfigError) in .recurrent(try recurrent(&reader, cell: cell)) }
        }
        add("Bidirectional", []) { reader, _ throws(ConfigError) in
            let value = reader.take("layer")
            let (className, innerConfig) = try wrappedLayer(value)
            guard let cell = ["simplernn": RecurrentCell.simple, "lstm": .lstm, "gru": .gru][className.lowercased()] else {
                throw .invalidValue(key: "layer", value: value ?? .null, reason: "Bidirectional needs a SimpleRNN, LSTM or GRU layer")
            }
            _ = reader.take("backward_layer")
            var innerReader = ConfigReader(innerConfig, type: className)
            let layer = try recurrent(&innerReader, cell: cell)
            // `merge_mode: None` returns the forward and backward outputs separately.
            var mode = "none"
            if reader.takeNull("merge_mode") {
                reader.record("merge_mode", .string(mode))
            } else {
                mode = try reader.string("merge_mode", default: "concat", allowed: ["concat", "sum", "mul", "ave", "none"])
            }
            return .bidirectional(Bidirectional(layer: layer, mergeMode: MergeMode(rawValue: mode) ?? .concat))
        }
        add("Dot", []) { reader, _ throws(ConfigError) in
            _ = reader.take("normalize")
            guard let value = reader.take("axes") else { throw .missingKey("axes") }
            let raw: [Int]
            if value.intValue != nil {
                let axis = try ConfigReader.integer(value, key: "axes", minimum: Int.min)
                raw = [axis, axis]
            } else {
                raw = try ConfigReader.tuple(value, key: "axes", rank: 2, minimum: Int.min)
            }
            return .dot(axes: [try kerasAxis(raw[0], key: "axes"), try kerasAxis(raw[1], key: "axes")])
        }
        add("MultiHeadAttention", []) { reader, _ throws(ConfigError) in
            for key in ["attention_axes", "use_gate", "sliding_window", "flash_attention"] { _ = reader.take(key) }
            let keyDim = try reader.int("key_dim")
            let valueDim = try reader.optionalInt("value_dim") ?? keyDim
            return .multiHeadAttention(MultiHeadAttention(
                numHeads: try reader.int("num_heads"), keyDim: keyDim, valueDim: valueDim,
                outputShape: try reader.intList("output_shape", minimum: 1),
                useBias: try reader.bool("use_bias", default: true)))
        }
        add("Attention", []) { reader, _ throws(ConfigError) in
            let mode = try reader.string("score_mode", default: "dot", allowed: ["dot", "concat"])
            return .attention(AttentionLayer(
                additive: false, useScale: try reader.bool("use_scale", default: false), concatScore: mode == "concat"))
        }
        add("AdditiveAttention", []) { reader, _ throws(ConfigError) in
            .attention(AttentionLayer(
                additive: true, useScale: try reader.bool("use_scale", default: true), concatScore: false))
        }
        add("Reshape", []) { reader, _ throws(ConfigError) in
            guard let target = try reader.intList("target_shape", minimum: -1) else { throw .missingKey("target_shape") }
            guard !target.contains(0), target.filter({ $0 == -1 }).count <= 1 else {
                throw .invalidValue(key: "target_shape", value: .array(target.map { .int($0) }), reason: "positive sizes and at most one -1")
            }
            return .reshape(targetShape: target)
        }
        add("Permute", []) { reader, _ throws(ConfigError) in
            guard let dims = try reader.intList("dims", minimum: 1) else { throw .missingKey("dims") }
            guard Set(dims) == Set(1...dims.count) else {
                throw .invalidValue(key: "dims", value: .array(dims.map { .int($0) }), reason: "must be a permutation of 1…\(dims.count)")
            }
            return .permute(dims: dims)
        }
        add("RepeatVector", []) { reader, _ throws(ConfigError) in .repeatVector(try reader.int("n")) }
        add("PReLU", []) { reader, _ throws(ConfigError) in
            for key in ["alpha_initializer", "alpha_regularizer", "alpha_constraint"] { _ = reader.take(key) }
            return try parsePReLU(&reader)
        }
        for name in ["Resizing", "CenterCrop"] {
            add(name, []) { reader, options throws(ConfigError) in
                for key in ["interpolation", "crop_to_aspect_ratio", "pad_to_aspect_ratio", "fill_mode", "fill_value", "antialias"] {
                    _ = reader.take(key)
                }
                return .resize(
                    height: try reader.int("height"), width: try reader.int("width"),
                    dataFormat: try reader.dataFormat(default: options.defaultDataFormat))
            }
        }
        add("TimeDistributed", []) { reader, options throws(ConfigError) in
            var (className, config) = try wrappedLayer(reader.take("layer"))
            config.removeValue(forKey: "name")
            config.removeValue(forKey: "trainable")
            let parsed = try LayerKind.parse(
                type: className, config: config,
                options: ParseOptions(rejectsUnknownKeys: false, defaultDataFormat: options.defaultDataFormat))
            return .timeDistributed(parsed.kind)
        }
    }
}

/// An `axis` that is an integer or a list (Keras counts the batch axis), converted batch-free.
private func axes(_ reader: inout ConfigReader, default fallback: [Int]) throws(ConfigError) -> [Int] {
    guard let value = reader.take("axis") else { return fallback }
    var raw: [Int] = []
    if value.intValue != nil {
        raw = [try ConfigReader.integer(value, key: "axis", minimum: Int.min)]
    } else if let items = value.arrayValue {
        for item in items { raw.append(try ConfigReader.integer(item, key: "axis", minimum: Int.min)) }
    } else {
        throw .wrongType(key: "axis", expected: "an integer or a list of integers", found: value)
    }
    var converted: [Int] = []
    for axis in raw { converted.append(try kerasAxis(axis, key: "axis")) }
    return converted
}

private func recurrent(_ reader: inout ConfigReader, cell: RecurrentCell) throws(ConfigError) -> Recurrent {
    for key in ["unit_forget_bias", "zero_output_for_mask", "seed"] { _ = reader.take(key) }
    return Recurrent(
        cell: cell, units: try reader.int("units"), useBias: try reader.bool("use_bias", default: true),
        returnSequences: try reader.bool("return_sequences", default: false),
        returnState: try reader.bool("return_state", default: false),
        resetAfter: cell == .gru ? try reader.bool("reset_after", default: true) : false)
}

/// ConvLSTM1D/2D/3D: Keras allows padding "valid" or "same" and not strides and dilation both > 1.
private func parseConvolutionalLSTM(
    _ reader: inout ConfigReader, rank: Int, options: ParseOptions
) throws(ConfigError) -> LayerKind {
    for key in ["unit_forget_bias", "seed"] { _ = reader.take(key) }
    let ones = Array(repeating: 1, count: rank)
    let filters = try reader.int("filters")
    let kernel = try reader.tuple("kernel_size", rank: rank)
    let strides = try reader.tuple("strides", rank: rank, default: ones)
    let padding = try parsePadding(&reader, rank: rank)
    if case .explicit = padding {
        throw .invalidValue(key: "padding", value: reader.used["padding"] ?? .null, reason: "ConvLSTM takes 'valid' or 'same'")
    }
    let dilation = try reader.tuple("dilation_rate", rank: rank, default: ones)
    try requireUndilatedStrides(strides, dilation)
    return .convolutionalLSTM(ConvolutionalLSTM(
        rank: rank, filters: filters, kernelSize: kernel, strides: strides, padding: padding,
        dilationRate: dilation, useBias: try reader.bool("use_bias", default: true),
        returnSequences: try reader.bool("return_sequences", default: false),
        returnState: try reader.bool("return_state", default: false),
        dataFormat: try reader.dataFormat(default: options.defaultDataFormat)))
}
