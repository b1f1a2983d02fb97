extension Engine {
    /// PReLU: one learned slope per input element, shared (size 1) along `shared_axes` (Keras
    /// PReLU docs). With PyTorch's `num_parameters` (PyTorch PReLU docs) the layer has that many
    /// slopes, which must be 1 or the channel count: the size of the first non-batch axis (1 when
    /// the input has no axis besides the batch).
    /// - Throws: ``LayerFault/sizeMismatch(key:given:actual:what:)`` for another `num_parameters`.
    static func parametricReLU(
        sharedAxes: [Int], numParameters: Int?, _ input: TensorShape
    ) throws(LayerFault) -> LayerEvaluation {
        if let numParameters {
            guard numParameters != 1 else { return LayerEvaluation(outputs: [input], trainable: 1) }
            let channels = input.rank == 0 ? 1 : input.dimensions[0]
            guard let channels else { throw .unknownDimension("channel count (axis 1)", input) }
            guard numParameters == channels else {
                throw .sizeMismatch(
                    key: "num_parameters", given: numParameters, actual: channels,
                    what: "1 or the channel count (the first non-batch axis) of input \(input)")
            }
            return LayerEvaluation(outputs: [input], trainable: channels)
        }
        var count = 1
        for (index, dimension) in input.dimensions.enumerated() where !sharedAxes.contains(index + 1) {
            guard let dimension else { throw .unknownDimension("axis \(index + 1)", input) }
            count = try product(count, dimension)
        }
        return LayerEvaluation(outputs: [input], trainable: count)
    }
}
