// PyTorch constructor keywords accepted in the native format where PyTorch's meaning maps exactly
// onto the engine (PyTorch docs: BatchNorm2d, PReLU, AvgPool2d, MaxPool2d).

extension ConfigReader {
    /// Reads a key that changes values only, never shapes or counts (PyTorch's `eps`, PReLU's
    /// `init`): it must be a number (or null) and is left out of the stored config.
    mutating func valueOnlyNumber(_ key: String) throws(ConfigError) {
        guard let value = take(key) else { return }
        forget(key)
        switch value {
        case .int, .double: return
        default: throw .wrongType(key: key, expected: "a number", found: value)
        }
    }

    /// Reads a boolean key that changes values only (AvgPool's `count_include_pad`); it is left
    /// out of the stored config.
    mutating func valueOnlyBool(_ key: String) throws(ConfigError) {
        _ = try bool(key, default: false)
        forget(key)
    }
}

/// BatchNorm1d/2d/3d's PyTorch keywords besides `num_features` (PyTorch BatchNorm2d docs:
/// `eps=1e-05, momentum=0.1, affine=True, track_running_stats=True`).
///
/// `eps` is checked to be a number (`momentum` is ignorable everywhere, as in Keras' config) and
/// not stored. `affine: false` means no weight γ and no bias β: it is stored as Keras'
/// `center: false, scale: false`, and giving it together with `center` or `scale` is an error.
/// - Returns: `center` and `scale`.
func parseBatchNormalizationAffine(_ reader: inout ConfigReader) throws(ConfigError) -> (center: Bool, scale: Bool) {
    try reader.valueOnlyNumber("eps")
    guard reader.values["affine"] != nil else {
        return (try reader.bool("center", default: true), try reader.bool("scale", default: true))
    }
    let affine = try reader.bool("affine", default: true)
    reader.forget("affine")
    for key in ["center", "scale"] where reader.values[key] != nil {
        throw .invalidValue(
            key: "affine", value: .bool(affine),
            reason: "give either PyTorch's 'affine' or Keras' '\(key)', not both")
    }
    if !affine {
        reader.record("center", .bool(false))
        reader.record("scale", .bool(false))
    }
    return (affine, affine)
}

/// PReLU's keys: Keras' `shared_axes`, or PyTorch's `num_parameters` (PyTorch PReLU docs:
/// `num_parameters=1, init=0.25`; "1 or the number of channels at input"), never both. `init`
/// is accepted and ignored. Without either key the layer is Keras' PReLU: one slope per element.
func parsePReLU(_ reader: inout ConfigReader) throws(ConfigError) -> LayerKind {
    try reader.valueOnlyNumber("init")
    let count = try reader.optionalInt("num_parameters")
    let shared = try reader.intList("shared_axes", minimum: 1)
    if let count, shared != nil {
        throw .invalidValue(
            key: "num_parameters", value: .int(count),
            reason: "give either PyTorch's 'num_parameters' or Keras' 'shared_axes', not both")
    }
    return .prelu(sharedAxes: shared ?? [], numParameters: count)
}

/// MaxPool's and AvgPool's PyTorch keywords that change values only (PyTorch AvgPool2d docs:
/// `count_include_pad=True, divisor_override=None`; MaxPool2d docs: `return_indices=False`).
///
/// AvgPool's are accepted and not stored. MaxPool's `return_indices: true` makes the layer
/// return the indices as a second output, which the engine does not model: an error.
func parsePoolingValueKeys(_ reader: inout ConfigReader, mode: PoolingMode) throws(ConfigError) {
    switch mode {
    case .average:
        try reader.valueOnlyBool("count_include_pad")
        _ = try reader.optionalInt("divisor_override")
        reader.forget("divisor_override")
    case .max:
        if try reader.bool("return_indices", default: false) {
            throw .invalidValue(
                key: "return_indices", value: .bool(true),
                reason: "the indices are a second output, which is not supported (only false is accepted)")
        }
        reader.forget("return_indices")
    }
}
