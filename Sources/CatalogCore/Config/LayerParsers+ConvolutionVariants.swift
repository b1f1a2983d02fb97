// Parsers for the transposed and separable convolutions (Keras config names).


extension LayerRegistry {
    /// Registers the parsers for the transposed and separable convolutions.
    static func registerConvolutionVariantsLayers(_ add: (String, [String], @escaping Parser) -> Void) {
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
    }
}
