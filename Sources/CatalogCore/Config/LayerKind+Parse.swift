extension LayerKind {
    /// Parses a layer type (a Keras class name, matched case-insensitively, or a PyTorch module
    /// name where the semantics match) and its hyperparameters under Keras' config key names.
    ///
    /// An integer is accepted wherever Keras accepts an integer or a tuple. Keras axes count the
    /// batch axis (`axis: 3` is the channel axis of `(None, H, W, C)`); they are converted here to
    /// batch-free axes.
    /// - Returns: the canonical Keras class name, the keys that were used (normalized) and the kind.
    /// - Throws: ``ConfigError`` for an unknown type, an unknown key (when
    ///   ``ParseOptions/rejectsUnknownKeys``), a missing key or a value of the wrong type or range.
    public static func parse(
        type: String, config: [String: ConfigValue], options: ParseOptions
    ) throws(ConfigError) -> ParsedLayer {
        if config[ONNXOperator.marker] != nil { return try ONNXOperator.parse(type: type, config: config) }
        guard let entry = LayerRegistry.entries[type.lowercased()] else {
            guard options.acceptsUnknownTypes else { throw .unknownTypeStrict(type) }
            return try unsupported(type: type, config: config)
        }
        var reader = ConfigReader(config, type: entry.canonical)
        reader.spelledType = type
        let kind: LayerKind
        do throws(ConfigError) {
            kind = try entry.parse(&reader, options)
        } catch {
            // A required key given as null is a value of the wrong type, not a missing key.
            if case .missingKey(let key) = error, config[key] == .null {
                throw .wrongType(key: key, expected: "a value (it is required)", found: .null)
            }
            // A missing key next to an unknown one is most likely a typo: name both.
            if case .missingKey(let key) = error, options.rejectsUnknownKeys,
               let unknown = reader.unknownKeys.first {
                throw .unknownKey(unknown, type: entry.canonical, missing: key)
            }
            throw error
        }
        try reader.finish(strict: options.rejectsUnknownKeys)
        return ParsedLayer(type: entry.canonical, config: reader.used, kind: kind)
    }

    /// An unknown type is accepted only with its output shape: `"output_shape": [dims]` (the
    /// first call's single output, batch excluded) or `"output_shapes": [[[dims], …], …]` (per
    /// call, per output). Its numbers stay unknown; it is never counted as zero.
    private static func unsupported(type: String, config: [String: ConfigValue]) throws(ConfigError) -> ParsedLayer {
        var calls: [[TensorShape]] = []
        if let value = config["output_shapes"] {
            for call in value.arrayValue ?? [] {
                var shapes: [TensorShape] = []
                for shape in call.arrayValue ?? [] {
                    shapes.append(TensorShape(try shapeDimensions(shape, key: "output_shapes")))
                }
                calls.append(shapes)
            }
        } else if let value = config["output_shape"] {
            calls = [[TensorShape(try shapeDimensions(value, key: "output_shape"))]]
        } else {
            throw .unknownType(type)
        }
        guard !calls.isEmpty, calls.allSatisfy({ !$0.isEmpty }) else {
            throw .invalidValue(key: "output_shapes", value: config["output_shapes"] ?? .null, reason: "no shapes")
        }
        if let declared = try declaredCounts(config, calls: calls) {
            return ParsedLayer(type: type, config: config, kind: declared)
        }
        let stored = ConfigValue.array(calls.map { .array($0.map { shape in
            .array(shape.dimensions.map { $0.map(ConfigValue.int) ?? .null }) }) })
        // The layer's own keys are kept (for export), its shapes normalized to "output_shapes".
        var kept = config
        kept.removeValue(forKey: "output_shape")
        kept["output_shapes"] = stored
        return ParsedLayer(type: type, config: kept, kind: .unsupported(recordedOutputs: calls))
    }

    /// Whether `type` names a layer the engine knows (case-insensitive, aliases included).
    public static func isKnownType(_ type: String) -> Bool {
        LayerRegistry.entries[type.lowercased()] != nil
    }

    /// The names (lower-cased) the engine reads as the same layer as `type`: its canonical Keras
    /// class and every alias (`Dense` and `Linear`); empty for a type it does not know.
    public static func typeAliases(of type: String) -> [String] {
        guard let canonical = LayerRegistry.entries[type.lowercased()]?.canonical else { return [] }
        return LayerRegistry.entries.filter { $0.value.canonical == canonical }.map(\.key).sorted()
    }

    /// The canonical Keras class names the engine knows, sorted.
    public static var knownTypes: [String] {
        Array(Set(LayerRegistry.entries.values.map(\.canonical))).sorted()
    }
}

/// The table from lower-cased type names to parsers.
enum LayerRegistry {
    typealias Parser = @Sendable (inout ConfigReader, ParseOptions) throws(ConfigError) -> LayerKind

    struct Entry: Sendable {
        let canonical: String
        let parse: Parser
    }

    static let entries: [String: Entry] = {
        var table: [String: Entry] = [:]
        func add(_ canonical: String, aliases: [String] = [], _ parse: @escaping Parser) {
            let entry = Entry(canonical: canonical, parse: parse)
            for name in [canonical] + aliases { table[name.lowercased()] = entry }
        }
        /// A PyTorch name whose parse differs from the Keras class it becomes.
        func add(_ name: String, canonical: String, _ parse: @escaping Parser) {
            table[name.lowercased()] = Entry(canonical: canonical, parse: parse)
        }
        func addMore(_ canonical: String, _ aliases: [String], _ parse: @escaping Parser) {
            add(canonical, aliases: aliases, parse)
        }
        add("InputLayer", aliases: ["Input"]) { reader, _ throws(ConfigError) in try parseInput(&reader) }
        for rank in 1...3 {
            add("Conv\(rank)D", aliases: ["Convolution\(rank)D"]) { reader, options throws(ConfigError) in
                try parseConvolution(&reader, rank: rank, options: options)
            }
            add("MaxPooling\(rank)D", aliases: ["MaxPool\(rank)D"]) { reader, options throws(ConfigError) in
                try parsePooling(&reader, mode: .max, rank: rank, options: options)
            }
            add("AveragePooling\(rank)D", aliases: ["AvgPool\(rank)D"]) { reader, options throws(ConfigError) in
                try parsePooling(&reader, mode: .average, rank: rank, options: options)
            }
            add("GlobalMaxPooling\(rank)D", aliases: ["GlobalMaxPool\(rank)D"]) { reader, options throws(ConfigError) in
                try parseGlobalPooling(&reader, mode: .max, rank: rank, options: options)
            }
            add("GlobalAveragePooling\(rank)D", aliases: ["GlobalAvgPool\(rank)D"]) { reader, options throws(ConfigError) in
                try parseGlobalPooling(&reader, mode: .average, rank: rank, options: options)
            }
            add("ZeroPadding\(rank)D") { reader, options throws(ConfigError) in
                try parseZeroPadding(&reader, rank: rank, options: options)
            }
        }
        for rank in 1...2 {
            add("DepthwiseConv\(rank)D") { reader, options throws(ConfigError) in
                try parseDepthwise(&reader, rank: rank, options: options)
            }
        }
        add("AdaptiveAvgPool2d", canonical: "GlobalAveragePooling2D") { reader, options throws(ConfigError) in
            // PyTorch AdaptiveAvgPool2d(1): a global average keeping the 1x1 spatial axes.
            let size = try reader.tuple("output_size", rank: 2, default: [1, 1])
            guard size == [1, 1] else {
                throw .invalidValue(
                    key: "output_size", value: .array(size.map { .int($0) }),
                    reason: "only output_size 1 is supported")
            }
            reader.forget("output_size")
            reader.record("keepdims", .bool(true))
            return .globalPooling(GlobalPooling(
                mode: .average, rank: 2, keepDims: true,
                dataFormat: try reader.dataFormat(default: options.defaultDataFormat)))
        }
        registerConvolutionVariantsLayers(addMore)
        registerShapeLayersLayers(addMore)
        registerNormalizationLayers(addMore)
        registerAttentionLayers(addMore)
        registerRecurrentLayers(addMore)
        registerMergeLayers(addMore)
        registerEmbeddingLayers(addMore)
        registerActivationLayers(addMore)
        registerTransformerLayers(addMore)
        for name in ["Functional", "Sequential", "Model"] {
            add(name) { reader, options throws(ConfigError) in try parseModel(&reader, options: options) }
        }
        add("Dense", aliases: ["Linear"]) { reader, _ throws(ConfigError) in
            .dense(Dense(units: try reader.int("units"), useBias: try reader.bool("use_bias", default: true)))
        }
        add("Flatten") { reader, options throws(ConfigError) in
            _ = try reader.dataFormat(default: options.defaultDataFormat)
            return .flatten
        }
        add("BatchNormalization", aliases: ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d"]) { reader, options throws(ConfigError) in
            try parseBatchNormalization(&reader, options: options)
        }
        for (name, operation) in [
            ("Add", MergeOperation.add), ("Subtract", .subtract), ("Multiply", .multiply),
            ("Average", .average), ("Maximum", .maximum), ("Minimum", .minimum),
        ] {
            add(name) { _, _ throws(ConfigError) in .merge(operation) }
        }
        add("Concatenate", aliases: ["Concat"]) { reader, _ throws(ConfigError) in
            .concatenate(axis: try kerasAxis(try reader.int("axis", default: -1, minimum: Int.min), key: "axis"))
        }
        // Keras 3's dropout layers all take a rate in [0, 1] (see ``ConfigReader/fraction(_:alias:)``).
        for name in ["Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout", "AlphaDropout"] {
            add(name) { reader, _ throws(ConfigError) in
                _ = try reader.fraction("rate", alias: "p")
                return .passThrough
            }
        }
        for name in [
            "Activation", "ReLU", "Softmax", "LeakyReLU", "ELU", "Sigmoid", "Tanh", "ThresholdedReLU",
            "GaussianNoise", "ActivityRegularization", "Masking", "Identity", "Rescaling", "UnitNormalization",
        ] {
            add(name) { reader, _ throws(ConfigError) in
                for key in ["axis", "rate", "stddev", "l1", "l2", "mask_value", "scale", "offset", "theta", "alpha"] {
                    _ = reader.take(key)
                }
                return .passThrough
            }
        }
        registerModuleLayers(&table)
        return table
    }()
}
