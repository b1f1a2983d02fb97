// Parsers for the layer, group and feature normalization (Keras config names).


extension LayerRegistry {
    /// Registers the parsers for the layer, group and feature normalization.
    static func registerNormalizationLayers(_ add: (String, [String], @escaping Parser) -> Void) {
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
