// Parsers for the layers that crop, upsample, reshape, permute, repeat or resize (Keras config names).


extension LayerRegistry {
    /// Registers the parsers for the layers that crop, upsample, reshape, permute, repeat or resize.
    static func registerShapeLayersLayers(_ add: (String, [String], @escaping Parser) -> Void) {
        for rank in 1...3 {
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
    }
}
