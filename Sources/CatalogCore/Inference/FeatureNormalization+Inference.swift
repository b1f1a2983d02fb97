extension Engine {
    /// Embedding: integer indices of any shape, each replaced by an `output_dim` vector.
    /// Parameters `input_dim · output_dim` (Keras Embedding docs). MACs 0 (a lookup).
    static func embed(inputDim: Int, outputDim: Int, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        LayerEvaluation(
            outputs: [TensorShape(input.dimensions + [outputDim])],
            trainable: try product(inputDim, outputDim))
    }

    /// The product of the sizes of `axes`, which must be known.
    static func featureCount(_ axes: [Int], _ input: TensorShape) throws(LayerFault) -> Int {
        var count = 1
        for axis in axes {
            guard let resolved = input.normalizedAxis(axis) else { throw .invalidAxis(axis, input) }
            guard let size = input.dimensions[resolved] else { throw .unknownDimension("normalized axis", input) }
            count = try product(count, size)
        }
        return count
    }

    /// LayerNormalization: γ and β over the `axis` features (each when `scale` / `center`),
    /// trainable (Keras LayerNormalization docs). Output shape = input shape.
    static func layerNormalize(
        axis: [Int], center: Bool, scale: Bool, _ input: TensorShape
    ) throws(LayerFault) -> LayerEvaluation {
        let features = try featureCount(axis, input)
        return LayerEvaluation(
            outputs: [input], trainable: try product((center ? 1 : 0) + (scale ? 1 : 0), features))
    }

    /// GroupNormalization: γ and β per channel; the channels must divide into `groups`.
    static func groupNormalize(
        groups: Int, axis: Int, center: Bool, scale: Bool, _ input: TensorShape
    ) throws(LayerFault) -> LayerEvaluation {
        let channels = try featureCount([axis], input)
        guard channels % groups == 0 else { throw .groupsMismatch(channels: channels, groups: groups) }
        return LayerEvaluation(
            outputs: [input], trainable: try product((center ? 1 : 0) + (scale ? 1 : 0), channels))
    }

    /// Keras' Normalization preprocessing layer: when it learns its statistics (`adapt`), a
    /// mean and a variance per kept feature plus one count, all non-trainable (Keras 3 source,
    /// keras/src/layers/preprocessing/normalization.py: weights `mean`, `variance`, `count`);
    /// `2·F + 1` with `F` the product of the `axis` sizes (1 for `axis: None`). None when `mean`
    /// and `variance` are given. Under the PyTorch convention running statistics are buffers,
    /// as BatchNorm's are, and count 0.
    static func normalizeFeatures(
        axis: [Int], learnsStatistics: Bool, _ input: TensorShape, framework: Framework
    ) throws(LayerFault) -> LayerEvaluation {
        guard learnsStatistics else { return LayerEvaluation(outputs: [input]) }
        let features = try featureCount(axis, input)
        let statistics = framework == .pytorch ? 0 : try sum(product(2, features), 1)
        return LayerEvaluation(outputs: [input], nonTrainable: statistics, parts: .statistics(statistics))
    }

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

    /// TimeDistributed: the inner layer on each step of axis 1; parameters once, MACs × steps.
    static func distributeOverTime(
        _ inner: LayerKind, _ input: TensorShape, framework: Framework
    ) throws(LayerFault) -> LayerEvaluation {
        guard input.rank >= 2 else { throw .wrongRank(expected: "an input (steps, …)", found: input) }
        let step = TensorShape(Array(input.dimensions.dropFirst()))
        var evaluation = try evaluate(inner, inputs: [step], framework: framework)
        evaluation.outputs = evaluation.outputs.map { TensorShape([input.dimensions[0]] + $0.dimensions) }
        evaluation.macs = try product(evaluation.macs, input.dimensions[0] ?? 1)
        return evaluation
    }
}
