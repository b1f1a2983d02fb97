/// Why one layer's output cannot be computed.
public enum LayerFault: Error, Hashable, Sendable, CustomStringConvertible {
    /// The window (kernel or pool) is larger than the padded input along an axis.
    case windowDoesNotFit(window: [Int], input: TensorShape, padding: String)
    /// The input rank is not what the layer takes.
    case wrongRank(expected: String, found: TensorShape)
    /// The layer got the wrong number of inputs.
    case wrongInputCount(expected: String, found: Int)
    /// Inputs whose shapes cannot be combined (merge, concatenate).
    case incompatibleShapes([TensorShape], reason: String)
    /// A dimension the layer needs (channels, features) is unknown.
    case unknownDimension(String, TensorShape)
    /// An axis outside the input's rank.
    case invalidAxis(Int, TensorShape)
    /// The channel count does not divide by `groups`.
    case groupsMismatch(channels: Int, groups: Int)
    /// A size the layer's config states (`key`, e.g. PyTorch's `num_features`) differs from the
    /// input's: `given` in the config, `actual` the input's `what`.
    case sizeMismatch(key: String, given: Int, actual: Int, what: String)
    /// A count does not fit in a signed 64-bit integer.
    case overflow
    /// A config count (`key` = `count`) above one of ``EngineLimits``: `limit` `what` at most.
    case tooMany(key: String, count: Int, limit: Int, what: String)
    /// Anything else, in words.
    case other(String)

    public var description: String {
        switch self {
        case .windowDoesNotFit(let window, let input, let padding):
            "window \(window.map(String.init).joined(separator: "x")) does not fit input \(input) (padding \(padding))"
        case .wrongRank(let expected, let found):
            "expects \(expected), got shape \(found)"
        case .wrongInputCount(let expected, let found):
            "expects \(expected), got \(found)"
        case .incompatibleShapes(let shapes, let reason):
            "incompatible input shapes \(shapes.map(\.description).joined(separator: ", ")): \(reason)"
        case .unknownDimension(let what, let shape):
            "the \(what) of input \(shape) is unknown"
        case .invalidAxis(let axis, let shape):
            "axis \(axis) is out of range for shape \(shape)"
        case .groupsMismatch(let channels, let groups):
            "input channels \(channels) are not divisible by groups \(groups)"
        case .sizeMismatch(let key, let given, let actual, let what):
            "'\(key)' = \(given) does not match \(what), \(actual)"
        case .overflow:
            "a count exceeds 64-bit integers (9,223,372,036,854,775,807)"
        case .tooMany(let key, let count, let limit, let what):
            "'\(key)' = \(decimal(count)) exceeds the limit of \(decimal(limit)) \(what), far above any published model"
        case .other(let text):
            text
        }
    }
}

/// An error of ``Engine/infer(_:)``, naming the layer it happened at.
public enum InferenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A layer's computation failed; `index` is the layer's 0-based position in the architecture.
    case layer(index: Int, name: String, type: String, fault: LayerFault)
    /// A layer consumes a tensor that no layer produces.
    case danglingInput(index: Int, name: String, reference: TensorReference)
    /// Two layers share a name.
    case duplicateName(String)
    /// The graph has a cycle through these layers.
    case cycle([String])
    /// No input layer.
    case noInput

    public var description: String {
        switch self {
        case .layer(_, let name, let type, let fault):
            "layer '\(name)' (\(type)): \(fault)"
        case .danglingInput(_, let name, let reference):
            "layer '\(name)': input '\(reference)' does not exist"
        case .duplicateName(let name):
            "two layers are named '\(name)'"
        case .cycle(let names):
            "the layer graph has a cycle through " + names.map { "'\($0)'" }.joined(separator: ", ")
        case .noInput:
            "the architecture has no input layer"
        }
    }
}
