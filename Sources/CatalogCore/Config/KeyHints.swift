// "Did you mean" hints for unknown keys and layer types in the native format.

/// Hints for a key or type the parser does not take.
enum KeyHints {
    /// PyTorch's constructor keyword → Keras' config key, and the reverse, for the layers that
    /// name one thing differently (PyTorch docs vs Keras docs).
    static let counterparts: [String: String] = [
        "out_channels": "PyTorch's out_channels is Keras' filters",
        "stride": "did you mean 'strides'? (PyTorch's stride is Keras' strides)",
        "dilation": "PyTorch's dilation is Keras' dilation_rate",
        "bias": "PyTorch's bias is Keras' use_bias",
        "out_features": "PyTorch's out_features is Keras' units",
        "in_features": "PyTorch's in_features is checked on Linear; Keras' Dense takes units",
        "num_embeddings": "PyTorch's num_embeddings is Keras' input_dim",
        "embedding_dim": "PyTorch's embedding_dim is Keras' output_dim",
        "hidden_size": "PyTorch's hidden_size is Keras' units",
        "p": "PyTorch's p is Keras' rate",
        "dim": "PyTorch's dim is Keras' axis",
        "filters": "Keras' filters is PyTorch's out_channels",
        "strides": "Keras' strides is PyTorch's stride",
        "use_bias": "Keras' use_bias is PyTorch's bias",
        "units": "Keras' units is PyTorch's out_features (Linear) or hidden_size (LSTM)",
        "rate": "Keras' rate is PyTorch's p",
        "kernel": "did you mean 'kernel_size'?",
        "activation_fn": "did you mean 'activation'?",
    ]

    /// Every key some layer type reads, for edit-distance suggestions.
    static let vocabulary: [String] = [
        "filters", "kernel_size", "strides", "padding", "dilation_rate", "groups", "use_bias", "data_format",
        "units", "activation", "rate", "pool_size", "axis", "center", "scale", "epsilon", "momentum",
        "return_sequences", "return_state", "reset_after", "input_dim", "output_dim", "depth_multiplier",
        "num_heads", "key_dim", "value_dim", "output_shape", "target_shape", "dims", "size", "cropping",
        "output_padding", "keepdims", "ceil_mode", "merge_mode", "shared_axes", "n", "height", "width",
        "in_channels", "out_channels", "stride", "dilation", "bias", "padding_mode", "in_features",
        "out_features", "num_embeddings", "embedding_dim", "padding_idx", "input_size", "hidden_size",
        "num_layers", "bidirectional", "proj_size", "batch_first", "normalized_shape", "elementwise_affine",
        "num_groups", "num_channels", "affine", "num_features", "track_running_stats", "embed_dim", "kdim",
        "vdim", "add_bias_kv", "d_model", "nhead", "dim_feedforward", "norm_first", "start_dim", "end_dim",
        "unflattened_size", "scale_factor", "mode", "upscale_factor", "downscale_factor", "params",
        "trainable_params", "non_trainable_params", "num_parameters", "projection_dim",
    ]

    /// A hint for `key` on a layer of type `type`, or nil.
    static func forKey(_ key: String) -> String? {
        if let hint = counterparts[key] { return hint }
        let close = closeNames(to: key, among: vocabulary)
        return close.isEmpty ? nil : "did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?"
    }

    /// A hint for an unknown layer type, or nil.
    static func forType(_ type: String) -> String? {
        let close = closeNames(to: type, among: LayerKind.knownTypes)
        return close.isEmpty ? nil : "did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?"
    }

    /// Up to two names within a small edit distance of `name` (case-insensitive), closest first.
    static func closeNames(to name: String, among names: [String]) -> [String] {
        let target = Array(name.lowercased())
        let threshold = max(1, target.count / 4)
        let scored = names.compactMap { candidate -> (String, Int)? in
            let distance = editDistance(target, Array(candidate.lowercased()))
            return distance <= threshold && distance > 0 ? (candidate, distance) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(2).map(\.0)
    }

    /// Levenshtein distance (``levenshteinDistance(_:_:)``).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int { levenshteinDistance(a, b) }
}

/// The Levenshtein distance between two strings of Characters: the fewest single-Character
/// insertions, deletions and substitutions that turn `a` into `b` (Levenshtein 1966), for the
/// "did you mean" hints of the readers and the service.
public func levenshteinDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
