/// Reads typed hyperparameters out of a config dictionary and remembers which keys it used, so
/// that unknown keys can be reported and the used subset stored.
struct ConfigReader {
    private(set) var values: [String: ConfigValue]
    private(set) var used: [String: ConfigValue] = [:]
    let type: String
    /// The type as the file spells it (`Conv2d` or `Conv2D`), for readers that differ by spelling.
    var spelledType = ""

    init(_ values: [String: ConfigValue], type: String) {
        self.values = values
        self.type = type
    }

    /// Keras config keys that never change shapes or counts; accepted everywhere and not stored.
    static let ignorableKeys: Set<String> = [
        "name", "trainable", "dtype", "activation", "recurrent_activation",
        "kernel_initializer", "bias_initializer", "depthwise_initializer", "pointwise_initializer",
        "recurrent_initializer", "embeddings_initializer", "beta_initializer", "gamma_initializer",
        "moving_mean_initializer", "moving_variance_initializer",
        "kernel_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_regularizer",
        "pointwise_regularizer", "recurrent_regularizer", "embeddings_regularizer",
        "beta_regularizer", "gamma_regularizer",
        "kernel_constraint", "bias_constraint", "depthwise_constraint", "pointwise_constraint",
        "recurrent_constraint", "embeddings_constraint", "beta_constraint", "gamma_constraint",
        "seed", "noise_shape", "momentum", "epsilon", "synchronized", "renorm", "renorm_clipping",
        "renorm_momentum", "fused", "virtual_batch_size", "adjustment", "lora_rank", "lora_alpha",
        "quantization_config", "build_config", "negative_slope", "max_value", "threshold",
        "unroll", "stateful", "go_backwards", "time_major", "dropout", "recurrent_dropout",
        "use_cudnn", "implementation", "mask_zero", "sparse", "ragged", "input_length", "inplace",
    ]

    mutating func take(_ key: String) -> ConfigValue? {
        guard let value = values.removeValue(forKey: key) else { return nil }
        if value != .null { used[key] = value }
        return value == .null ? nil : value
    }

    /// Whether `key` is present with an explicit `null` (Keras' `None`, which for some keys is not
    /// the default: Bidirectional's `merge_mode`, Normalization's `axis`); consumes the key then.
    mutating func takeNull(_ key: String) -> Bool {
        guard values[key] == .null else { return false }
        values.removeValue(forKey: key)
        return true
    }

    /// Records a normalized value under `key` in the stored config.
    mutating func record(_ key: String, _ value: ConfigValue) {
        used[key] = value
    }

    /// Removes `key` from the stored config (a value that was consumed into another key).
    mutating func forget(_ key: String) {
        used.removeValue(forKey: key)
    }

    /// Keys not read so far that are not ``ignorableKeys``, sorted.
    var unknownKeys: [String] {
        values.keys.filter { !Self.ignorableKeys.contains($0) }.sorted()
    }

    /// Fails on keys that were not read and are not ``ignorableKeys`` (strict mode only).
    func finish(strict: Bool) throws(ConfigError) {
        guard strict else { return }
        if let key = unknownKeys.first { throw .unknownKey(key, type: type, missing: nil) }
    }

    // MARK: - Typed readers

    mutating func int(_ key: String, default fallback: Int? = nil, minimum: Int = 1) throws(ConfigError) -> Int {
        guard let value = take(key) else {
            if let fallback { return fallback }
            throw .missingKey(key)
        }
        return try Self.integer(value, key: key, minimum: minimum)
    }

    mutating func optionalInt(_ key: String, minimum: Int = 1) throws(ConfigError) -> Int? {
        guard let value = take(key) else { return nil }
        return try Self.integer(value, key: key, minimum: minimum)
    }

    static func integer(_ value: ConfigValue, key: String, minimum: Int) throws(ConfigError) -> Int {
        guard let number = value.intValue else {
            throw .wrongType(key: key, expected: "an integer", found: value)
        }
        guard number >= minimum else {
            throw .invalidValue(key: key, value: value, reason: "must be at least \(minimum)")
        }
        return number
    }

    /// An integer or a list of `rank` integers (Keras accepts both for kernel sizes and strides).
    mutating func tuple(
        _ key: String, rank: Int, default fallback: [Int]? = nil, minimum: Int = 1
    ) throws(ConfigError) -> [Int] {
        guard let value = take(key) else {
            if let fallback { return fallback }
            throw .missingKey(key)
        }
        return try Self.tuple(value, key: key, rank: rank, minimum: minimum)
    }

    static func tuple(_ value: ConfigValue, key: String, rank: Int, minimum: Int) throws(ConfigError) -> [Int] {
        if value.intValue != nil {
            return Array(repeating: try integer(value, key: key, minimum: minimum), count: rank)
        }
        guard let items = value.arrayValue else {
            throw .wrongType(key: key, expected: "an integer or a list of \(rank) integers", found: value)
        }
        guard items.count == rank else {
            throw .invalidValue(key: key, value: value, reason: "expected \(rank) values, found \(items.count)")
        }
        var result: [Int] = []
        for item in items {
            guard item.intValue != nil else {
                throw .wrongType(key: key, expected: "an integer or a list of \(rank) integers", found: value)
            }
            result.append(try integer(item, key: key, minimum: minimum))
        }
        return result
    }

    mutating func bool(_ key: String, default fallback: Bool) throws(ConfigError) -> Bool {
        guard let value = take(key) else { return fallback }
        guard let flag = value.boolValue else {
            throw .wrongType(key: key, expected: "true or false", found: value)
        }
        return flag
    }

    mutating func string(_ key: String, default fallback: String?, allowed: [String]) throws(ConfigError) -> String {
        guard let value = take(key) else {
            if let fallback { return fallback }
            throw .missingKey(key)
        }
        guard let text = value.stringValue else {
            throw .wrongType(key: key, expected: "a string", found: value)
        }
        let lowered = text.lowercased()
        guard allowed.contains(lowered) else {
            throw .invalidValue(
                key: key, value: value,
                reason: "expected one of " + allowed.map { "'\($0)'" }.joined(separator: ", "))
        }
        return lowered
    }

    /// A list of integers of any length (shapes, axes).
    mutating func intList(_ key: String, minimum: Int) throws(ConfigError) -> [Int]? {
        guard let value = take(key) else { return nil }
        if value.intValue != nil { return [try Self.integer(value, key: key, minimum: minimum)] }
        guard let items = value.arrayValue else {
            throw .wrongType(key: key, expected: "a list of integers", found: value)
        }
        var result: [Int] = []
        for item in items { result.append(try Self.integer(item, key: key, minimum: minimum)) }
        return result
    }

    mutating func dataFormat(default fallback: DataFormat) throws(ConfigError) -> DataFormat {
        let text = try string(
            "data_format", default: fallback.rawValue, allowed: ["channels_last", "channels_first"])
        let format = DataFormat(rawValue: text) ?? fallback
        // Recorded when it differs from Keras' default, so a stored config re-parses the same.
        if format == .channelsFirst { record("data_format", .string(format.rawValue)) }
        return format
    }
}

extension ConfigReader {
    /// A number in [0, 1] (a dropout rate), also accepted under `alias` (PyTorch's `p`).
    ///
    /// Both ends are allowed, as the frameworks allow them: Keras 3 refuses `not 0 <= rate <= 1`
    /// in `Dropout` (and so `SpatialDropout1D`–`3D`), `AlphaDropout` and `GaussianDropout`
    /// (keras/src/layers/regularization/); PyTorch's `_DropoutNd` refuses `p < 0 or p > 1`
    /// (torch/nn/modules/dropout.py, the base of `Dropout`, `Dropout1d`–`3d`, `AlphaDropout` and
    /// `FeatureAlphaDropout`).
    /// - Throws: ``ConfigError/wrongType(key:expected:found:)`` for a value that is not a number,
    ///   ``ConfigError/invalidValue(key:value:reason:)`` for one outside [0, 1] (NaN included).
    mutating func fraction(_ key: String, alias: String) throws(ConfigError) -> Double? {
        // The error names the key the file spelled (`p` in a PyTorch config, `rate` in Keras').
        let spelled = values[key] == nil && values[alias] != nil ? alias : key
        guard let value = take(key) ?? take(alias) else { return nil }
        let number: Double? = switch value {
        case .int(let integer): Double(integer)
        case .double(let double): double
        default: nil
        }
        guard let number else { throw .wrongType(key: spelled, expected: "a number", found: value) }
        guard number >= 0, number <= 1 else {
            throw .invalidValue(key: spelled, value: value, reason: "must be in [0, 1]")
        }
        return number
    }
}
