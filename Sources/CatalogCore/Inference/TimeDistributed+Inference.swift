extension Engine {
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
