/// Padding of one spatial axis, as the window arithmetic needs it.
enum AxisPadding {
    case valid, same, causal
    case explicit(before: Int, after: Int)

    static func axes(_ padding: Padding, rank: Int) -> [AxisPadding] {
        switch padding {
        case .valid: Array(repeating: .valid, count: rank)
        case .same: Array(repeating: .same, count: rank)
        case .causal: Array(repeating: .causal, count: rank)
        case .explicit(let amounts): amounts.map { .explicit(before: $0.before, after: $0.after) }
        }
    }
}

extension Padding {
    /// Short text for messages: `valid`, `same`, `causal`, `(1, 1)`.
    var text: String {
        switch self {
        case .valid: "'valid'"
        case .same: "'same'"
        case .causal: "'causal'"
        case .explicit(let amounts):
            amounts.map { "(\($0.before), \($0.after))" }.joined(separator: ", ")
        }
    }
}

/// Output length of a sliding window (convolution kernel or pooling window) along one axis.
///
/// With effective window `w = dilation · (window − 1) + 1`:
/// - "valid": `floor((in − w) / stride) + 1`, and `in ≥ w` (Keras Conv and Pooling docs);
/// - "same" and "causal": `ceil(in / stride)` (Keras pads as needed; for "same" more after than
///   before when the total is odd);
/// - explicit `(before, after)`: `floor((in + before + after − w) / stride) + 1` (PyTorch
///   Conv2d/MaxPool2d docs); with `ceilMode` the division rounds up, and the last window is
///   dropped when it would start past `in + before` (PyTorch's pooling rule).
/// - Returns: the output length (`nil` when `input` is unknown) and whether the window fits;
///   `fits` is false when the (padded) input is shorter than the effective window.
/// - Throws: ``LayerFault/overflow`` when a step (the effective window, the padded length,
///   `in + stride − 1`) exceeds 64 bits: every step is checked, none wraps or traps.
func windowOutputLength(
    input: Int?, window: Int, stride: Int, dilation: Int, padding: AxisPadding, ceilMode: Bool = false
) throws(LayerFault) -> (length: Int?, fits: Bool) {
    guard let input else { return (nil, true) }
    guard stride > 0 else { throw .other("stride \(stride) is not positive") }
    let effective = try sum(product(dilation, difference(window, 1)), 1)
    switch padding {
    case .same, .causal:
        return (try sum(input, stride - 1) / stride, true)
    case .valid where ceilMode:
        // PyTorch ceil_mode with padding 0: the explicit rule with no padding.
        return try windowOutputLength(
            input: input, window: window, stride: stride, dilation: dilation,
            padding: .explicit(before: 0, after: 0), ceilMode: true)
    case .valid:
        guard input >= effective else { return (nil, false) }
        return (try difference(input, effective) / stride + 1, true)
    case .explicit(let before, let after):
        let padded = try sum(input, before, after)
        guard padded >= effective else { return (nil, false) }
        let span = try difference(padded, effective)
        if !ceilMode { return (span / stride + 1, true) }
        var length = try sum(span, stride - 1) / stride + 1
        if try product(length - 1, stride) >= sum(input, before) { length -= 1 }
        return (length, true)
    }
}

/// Splits a channels-last or channels-first shape of `rank` spatial axes.
/// - Throws: ``LayerFault/wrongRank(expected:found:)`` unless the input has `rank + 1` axes.
func splitChannels(
    _ input: TensorShape, rank: Int, format: DataFormat
) throws(LayerFault) -> (spatial: [Int?], channels: Int?) {
    guard input.rank == rank + 1 else {
        let layout = rank == 1 ? "(steps, channels)" : rank == 2 ? "(height, width, channels)" : "(depth, height, width, channels)"
        throw .wrongRank(expected: "a rank-\(rank + 1) input \(layout) without batch", found: input)
    }
    switch format {
    case .channelsLast: return (Array(input.dimensions.dropLast()), input.dimensions.last!)
    case .channelsFirst: return (Array(input.dimensions.dropFirst()), input.dimensions.first!)
    }
}

/// The inverse of ``splitChannels(_:rank:format:)``.
func joinChannels(_ spatial: [Int?], channels: Int?, format: DataFormat) -> TensorShape {
    switch format {
    case .channelsLast: TensorShape(spatial + [channels])
    case .channelsFirst: TensorShape([channels] + spatial)
    }
}

/// Output spatial lengths of a window over every axis.
/// - Throws: ``LayerFault/windowDoesNotFit(window:input:padding:)`` when an axis is too small.
func windowOutputSpatial(
    _ spatial: [Int?], input: TensorShape, window: [Int], strides: [Int], dilation: [Int],
    padding: Padding, ceilMode: Bool = false
) throws(LayerFault) -> [Int?] {
    let paddings = AxisPadding.axes(padding, rank: window.count)
    var result: [Int?] = []
    for axis in 0..<window.count {
        let (length, fits) = try windowOutputLength(
            input: spatial[axis], window: window[axis], stride: strides[axis], dilation: dilation[axis],
            padding: paddings[axis], ceilMode: ceilMode)
        guard fits else {
            var effective: [Int] = []
            for (k, d) in zip(window, dilation) { effective.append(try sum(product(d, difference(k, 1)), 1)) }
            throw .windowDoesNotFit(window: effective, input: input, padding: padding.text)
        }
        result.append(length)
    }
    return result
}
