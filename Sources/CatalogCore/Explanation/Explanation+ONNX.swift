extension Engine {
    /// An ONNX node: the weights it owns and the MAC rule of its operator (``ONNXAnalysis``).
    static func workONNX(_ node: ONNXOperator, _ inputs: [TensorShape], _ outputs: [TensorShape]) -> Worked {
        let parameters = node.trainableParameters + node.nonTrainableParameters
        let parameterText = parameters == 0
            ? "no parameters"
            : "\(parameters) params (the elements of the initializers it is the first to use"
                + (node.nonTrainableParameters > 0 ? "; \(node.nonTrainableParameters) non-trainable: running mean and variance)" : ")")
        let rule: String
        switch node.opType {
        case "Conv": rule = "output elements · (C_in/group) · kernel"
        case "ConvTranspose": rule = "input elements · (C_out/group) · kernel"
        case "Gemm", "MatMul": rule = "M·N·K (output elements · contracted size)"
        case "LSTM", "GRU", "RNN": rule = "sequence · directions · (elements of W + elements of R) per step"
        case "Einsum": rule = "the product of every index's size"
        default: rule = "element-wise or data movement, not counted (fvcore convention)"
        }
        let output = "output " + outputs.map(\.description).joined(separator: ", ") + " (ONNX shape inference over the graph)"
        guard let macs = node.macs else {
            return Worked(
                parameters: parameterText, parameterCount: parameters, output: output, macs: "not counted", macCount: nil,
                notes: ["operator \(node.opType) or an input's rank is unknown to the catalog, so the architecture's totals are lower bounds"])
        }
        return Worked(parameters: parameterText, parameterCount: parameters, output: output, macs: "\(macs) — \(rule)", macCount: macs)
    }
}
