extension Engine {
    /// BatchNormalization over the `axis` features `C` (the product of the sizes of the axes).
    ///
    /// Output shape = input shape. Parameters (Keras BatchNormalization docs): γ (`C`, when
    /// `scale`) and β (`C`, when `center`) trainable; the moving mean and variance (`2·C`)
    /// non-trainable — `4·C` in all by default. Under the PyTorch convention the running
    /// statistics are buffers, not parameters (PyTorch BatchNorm2d docs), so only γ and β count.
    /// Without `track_running_stats` (PyTorch BatchNorm2d docs: "this module does not track
    /// such statistics") there are none under either convention: `(γ + β)·C` in all.
    /// MACs 0 (normalisation is not counted).
    /// - Throws: ``LayerFault/sizeMismatch(key:given:actual:what:)`` when PyTorch's
    ///   `num_features` is not `C`.
    static func batchNormalize(
        _ normalization: BatchNormalization, _ input: TensorShape, framework: Framework
    ) throws(LayerFault) -> LayerEvaluation {
        var features = 1
        for axis in normalization.axis {
            guard let resolved = input.normalizedAxis(axis) else { throw .invalidAxis(axis, input) }
            guard let size = input.dimensions[resolved] else {
                throw .unknownDimension("normalized axis", input)
            }
            features = try product(features, size)
        }
        if let expected = normalization.numFeatures, expected != features {
            throw .sizeMismatch(
                key: "num_features", given: expected, actual: features,
                what: "the channel count (the normalized axis) of input \(input)")
        }
        let learned = (normalization.scale ? 1 : 0) + (normalization.center ? 1 : 0)
        let trainable = try product(learned, features)
        guard normalization.tracksRunningStatistics else {
            return LayerEvaluation(outputs: [input], trainable: trainable)
        }
        let statistics = framework == .pytorch ? 0 : try product(2, features)
        return LayerEvaluation(
            outputs: [input], trainable: trainable, nonTrainable: statistics,
            parts: .statistics(statistics))
    }
}
