extension Engine {
    /// Dense (PyTorch Linear), acting on the last axis.
    ///
    /// Input `(…, in)`, output `(…, units)`. Parameters `in · units + units` (bias when
    /// `use_bias`) (Keras Dense docs: "kernel … (input_dim, units)"). MACs
    /// `(product of the leading axes) · in · units`; an unknown leading axis counts once (per step).
    static func denseLayer(_ dense: Dense, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        guard input.rank >= 1 else {
            throw .wrongRank(expected: "an input with at least one axis", found: input)
        }
        guard let features = input.dimensions.last! else {
            throw .unknownDimension("last axis", input)
        }
        let weights = try product(features, dense.units)
        let parameters = try sum(weights, dense.useBias ? dense.units : 0)
        let macs = try product(knownProduct(Array(input.dimensions.dropLast())), weights)
        return LayerEvaluation(
            outputs: [TensorShape(input.dimensions.dropLast() + [dense.units])],
            trainable: parameters, macs: macs)
    }
}
