// Parsers for the recurrent layers and their wrappers: Bidirectional, TimeDistributed, ConvLSTM (Keras config names).


extension LayerRegistry {
    /// Registers the parsers for the recurrent layers, Bidirectional, TimeDistributed and ConvLSTM.
    static func registerRecurrentLayers(_ add: (String, [String], @escaping Parser) -> Void) {
        for rank in 1...3 {
            add("ConvLSTM\(rank)D", []) { reader, options throws(ConfigError) in
                try parseConvolutionalLSTM(&reader, rank: rank, options: options)
            }
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
