import CatalogCore

/// Maps Keras 1 layer classes and config keys to today's names.
enum KerasLegacy {
    /// Keras 1 class names that changed.
    static func modernClassName(_ name: String) -> String {
        switch name {
        case "Convolution1D": "Conv1D"
        case "Convolution2D": "Conv2D"
        case "Convolution3D": "Conv3D"
        case "AtrousConvolution1D": "Conv1D"
        case "AtrousConvolution2D": "Conv2D"
        case "Deconvolution2D": "Conv2DTranspose"
        case "Deconvolution3D": "Conv3DTranspose"
        case "SeparableConvolution2D": "SeparableConv2D"
        default: name
        }
    }

    /// Renames Keras 1 keys (`nb_filter`, `nb_row`/`nb_col`, `subsample`, `border_mode`,
    /// `dim_ordering`, `output_dim`, `bias`, `p`, `atrous_rate`, `concat_axis`) to Keras 2+ keys.
    static func modernConfig(_ config: [String: ConfigValue], className: String) -> [String: ConfigValue] {
        var result = config
        func move(_ old: String, _ new: String) {
            if let value = result.removeValue(forKey: old), result[new] == nil { result[new] = value }
        }
        move("nb_filter", "filters")
        move("subsample", "strides")
        move("subsample_length", "strides")
        move("border_mode", "padding")
        move("atrous_rate", "dilation_rate")
        move("bias", "use_bias")
        move("p", "rate")
        move("concat_axis", "axis")
        if className != "Embedding" { move("output_dim", "units") }
        move("filter_length", "kernel_size")
        move("pool_length", "pool_size")
        move("stride", "strides")
        // Keras 1 recurrent keys (values only; renamed so they read as Keras 2's).
        move("dropout_W", "dropout")
        move("dropout_U", "recurrent_dropout")
        move("inner_activation", "recurrent_activation")
        move("consume_less", "implementation")
        if let rows = result.removeValue(forKey: "nb_row"), let cols = result.removeValue(forKey: "nb_col") {
            result["kernel_size"] = .array([rows, cols])
        }
        if let d1 = result.removeValue(forKey: "kernel_dim1"), let d2 = result.removeValue(forKey: "kernel_dim2"),
           let d3 = result.removeValue(forKey: "kernel_dim3") {
            result["kernel_size"] = .array([d1, d2, d3])
        }
        if let ordering = result.removeValue(forKey: "dim_ordering")?.stringValue {
            result["data_format"] = .string(ordering == "th" ? "channels_first" : "channels_last")
        }
        if case .string(let format)? = result["data_format"], format == "default" {
            result.removeValue(forKey: "data_format")
        }
        return result
    }
}
