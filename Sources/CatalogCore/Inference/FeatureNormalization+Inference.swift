extension Engine {
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
}
