// Parsers for each layer family's hyperparameters (Keras config names).

/// Converts a Keras axis, which counts the batch axis, to a batch-free axis: `-1` stays `-1`,
/// `3` becomes `2`. Axis 0 (the batch) is not a valid layer axis.
func kerasAxis(_ axis: Int, key: String) throws(ConfigError) -> Int {
    if axis < 0 { return axis }
    guard axis > 0 else {
        throw .invalidValue(key: key, value: .int(axis), reason: "axis 0 is the batch axis")
    }
    return axis - 1
}

func parseInput(_ reader: inout ConfigReader) throws(ConfigError) -> LayerKind {
    var dims: [Int?]
    if let shape = reader.take("shape") {
        dims = try shapeDimensions(shape, key: "shape")
    } else if let shape = reader.take("batch_shape") ?? reader.take("batch_input_shape") {
        dims = try shapeDimensions(shape, key: "batch_shape")
        guard !dims.isEmpty else {
            throw .invalidValue(key: "batch_shape", value: shape, reason: "must include the batch axis")
        }
        dims.removeFirst()
        reader.record("shape", .array(dims.map { $0.map(ConfigValue.int) ?? .null }))
    } else {
        throw .missingKey("shape")
    }
    return .input(shape: TensorShape(dims))
}

/// A shape list: positive integers or null (unknown).
func shapeDimensions(_ value: ConfigValue, key: String) throws(ConfigError) -> [Int?] {
    if value.intValue != nil { return [try ConfigReader.integer(value, key: key, minimum: 1)] }
    guard let items = value.arrayValue else {
        throw .wrongType(key: key, expected: "a list of positive integers", found: value)
    }
    var dims: [Int?] = []
    for item in items {
        if item == .null { dims.append(nil); continue }
        dims.append(try ConfigReader.integer(item, key: key, minimum: 1))
    }
    return dims
}

/// `"valid"`, `"same"`, (`"causal"` where allowed), or PyTorch's explicit padding: an integer,
/// one integer per spatial axis, or `[before, after]` pairs per axis.
func parsePadding(
    _ reader: inout ConfigReader, rank: Int, allowsCausal: Bool = false
) throws(ConfigError) -> Padding {
    guard let value = reader.take("padding") else { return .valid }
    if let text = value.stringValue {
        switch text.lowercased() {
        case "valid": return .valid
        case "same": return .same
        case "causal" where allowsCausal: return .causal
        default:
            throw .invalidValue(
                key: "padding", value: value,
                reason: "expected 'valid', 'same'\(allowsCausal ? ", 'causal'" : ""), or explicit integers")
        }
    }
    return .explicit(try paddingAmounts(value, key: "padding", rank: rank))
}

/// Explicit per-axis padding: `p`, `[p1, p2]`, or `[[before, after], …]` (Keras ZeroPadding
/// and PyTorch accept all three).
func paddingAmounts(_ value: ConfigValue, key: String, rank: Int) throws(ConfigError) -> [PaddingAmount] {
    if value.intValue != nil {
        let amount = try ConfigReader.integer(value, key: key, minimum: 0)
        return Array(repeating: PaddingAmount(before: amount, after: amount), count: rank)
    }
    // Keras ZeroPadding1D / Cropping1D: a pair of integers is (before, after) of the one axis.
    if rank == 1, let items = value.arrayValue, items.count == 2, items.allSatisfy({ $0.intValue != nil }) {
        let pair = try ConfigReader.tuple(value, key: key, rank: 2, minimum: 0)
        return [PaddingAmount(before: pair[0], after: pair[1])]
    }
    guard let items = value.arrayValue, items.count == rank else {
        throw .wrongType(
            key: key, expected: "an integer, \(rank) integers, or \(rank) [before, after] pairs", found: value)
    }
    var amounts: [PaddingAmount] = []
    for item in items {
        if item.intValue != nil {
            let amount = try ConfigReader.integer(item, key: key, minimum: 0)
            amounts.append(PaddingAmount(before: amount, after: amount))
        } else {
            let pair = try ConfigReader.tuple(item, key: key, rank: 2, minimum: 0)
            amounts.append(PaddingAmount(before: pair[0], after: pair[1]))
        }
    }
    return amounts
}

func parseConvolution(
    _ reader: inout ConfigReader, rank: Int, options: ParseOptions
) throws(ConfigError) -> LayerKind {
    let filters = try reader.int("filters")
    let kernelSize = try reader.tuple("kernel_size", rank: rank)
    let strides = try reader.tuple("strides", rank: rank, default: Array(repeating: 1, count: rank))
    let padding = try parsePadding(&reader, rank: rank, allowsCausal: rank == 1)
    let dilation = try reader.tuple("dilation_rate", rank: rank, default: Array(repeating: 1, count: rank))
    let groups = try reader.int("groups", default: 1)
    guard filters % groups == 0 else {
        throw .invalidValue(key: "groups", value: .int(groups), reason: "filters \(filters) is not divisible by groups")
    }
    try requireUndilatedStrides(strides, dilation)
    return .convolution(Convolution(
        rank: rank, filters: filters, kernelSize: kernelSize, strides: strides, padding: padding,
        dilationRate: dilation, groups: groups, useBias: try reader.bool("use_bias", default: true),
        dataFormat: try reader.dataFormat(default: options.defaultDataFormat)))
}

/// Keras convolutions (and ConvLSTM) refuse `strides > 1` together with `dilation_rate > 1`.
func requireUndilatedStrides(_ strides: [Int], _ dilation: [Int]) throws(ConfigError) {
    if strides.contains(where: { $0 > 1 }), dilation.contains(where: { $0 > 1 }) {
        throw .invalidValue(
            key: "dilation_rate", value: .array(dilation.map { .int($0) }),
            reason: "Keras does not allow dilation_rate > 1 together with strides > 1")
    }
}

func parseDepthwise(
    _ reader: inout ConfigReader, rank: Int, options: ParseOptions
) throws(ConfigError) -> LayerKind {
    .depthwiseConvolution(DepthwiseConvolution(
        rank: rank,
        kernelSize: try reader.tuple("kernel_size", rank: rank),
        strides: try reader.tuple("strides", rank: rank, default: Array(repeating: 1, count: rank)),
        padding: try parsePadding(&reader, rank: rank),
        dilationRate: try reader.tuple("dilation_rate", rank: rank, default: Array(repeating: 1, count: rank)),
        depthMultiplier: try reader.int("depth_multiplier", default: 1),
        useBias: try reader.bool("use_bias", default: true),
        dataFormat: try reader.dataFormat(default: options.defaultDataFormat)))
}

func parsePooling(
    _ reader: inout ConfigReader, mode: PoolingMode, rank: Int, options: ParseOptions
) throws(ConfigError) -> LayerKind {
    let poolSize = try reader.tuple("pool_size", rank: rank, default: Array(repeating: 2, count: rank))
    let strides = try reader.tuple("strides", rank: rank, default: poolSize)
    let padding = try parsePadding(&reader, rank: rank)
    if case .explicit(let amounts) = padding {
        // PyTorch: "pad should be at most half of effective kernel size".
        for (amount, size) in zip(amounts, poolSize) where max(amount.before, amount.after) > size / 2 {  // a·2 > size, without overflow
            throw .invalidValue(
                key: "padding", value: .int(max(amount.before, amount.after)),
                reason: "padding must be at most half of pool_size \(size) (PyTorch)")
        }
    }
    try parsePoolingValueKeys(&reader, mode: mode)
    return .pooling(Pooling(
        mode: mode, rank: rank, poolSize: poolSize, strides: strides, padding: padding,
        ceilMode: try reader.bool("ceil_mode", default: false),
        dataFormat: try reader.dataFormat(default: options.defaultDataFormat)))
}

func parseGlobalPooling(
    _ reader: inout ConfigReader, mode: PoolingMode, rank: Int, options: ParseOptions
) throws(ConfigError) -> LayerKind {
    .globalPooling(GlobalPooling(
        mode: mode, rank: rank, keepDims: try reader.bool("keepdims", default: false),
        dataFormat: try reader.dataFormat(default: options.defaultDataFormat)))
}

func parseZeroPadding(
    _ reader: inout ConfigReader, rank: Int, options: ParseOptions
) throws(ConfigError) -> LayerKind {
    let amounts: [PaddingAmount]
    if let value = reader.take("padding") {
        amounts = try paddingAmounts(value, key: "padding", rank: rank)
    } else {
        amounts = Array(repeating: PaddingAmount(before: 1, after: 1), count: rank)
    }
    return .zeroPadding(ZeroPadding(
        rank: rank, padding: amounts, dataFormat: try reader.dataFormat(default: options.defaultDataFormat)))
}

func parseBatchNormalization(
    _ reader: inout ConfigReader, options: ParseOptions
) throws(ConfigError) -> LayerKind {
    // Keras' default axis is -1; under channels_first the channel axis is 1 (batch counted).
    let fallback = options.defaultDataFormat == .channelsFirst ? 1 : -1
    var axes: [Int] = [fallback]
    if let value = reader.take("axis") {
        if value.intValue != nil {
            axes = [try ConfigReader.integer(value, key: "axis", minimum: Int.min)]
        } else if let items = value.arrayValue {
            axes = []
            for item in items { axes.append(try ConfigReader.integer(item, key: "axis", minimum: Int.min)) }
        } else {
            throw .wrongType(key: "axis", expected: "an integer or a list of integers", found: value)
        }
    } else if fallback != -1 {
        reader.record("axis", .int(fallback))
    }
    var converted: [Int] = []
    for axis in axes { converted.append(try kerasAxis(axis, key: "axis")) }
    let (center, scale) = try parseBatchNormalizationAffine(&reader)
    return .batchNormalization(BatchNormalization(
        axis: converted, center: center, scale: scale,
        tracksRunningStatistics: try reader.bool("track_running_stats", default: true),
        numFeatures: try reader.optionalInt("num_features")))
}
