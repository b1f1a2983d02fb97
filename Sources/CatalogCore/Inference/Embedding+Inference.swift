extension Engine {
    /// Embedding: integer indices of any shape, each replaced by an `output_dim` vector.
    /// Parameters `input_dim · output_dim` (Keras Embedding docs). MACs 0 (a lookup).
    static func embed(inputDim: Int, outputDim: Int, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        LayerEvaluation(
            outputs: [TensorShape(input.dimensions + [outputDim])],
            trainable: try product(inputDim, outputDim))
    }
}
