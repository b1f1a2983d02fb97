/// One ONNX node as a layer: what ``ONNXAnalysis`` computed for it, kept in the layer's config so
/// that a stored architecture is rebuilt without the file.
///
/// The layer's `type` is the node's `op_type` (`Conv`, `MatMul`); its config holds
/// `onnx_op_type` (which routes it here), the node's scalar attributes under `attributes`, and
/// the analysis's results: `onnx_output_shapes` (batch-free, `null` for a symbolic or unknown
/// dim), `onnx_output_dims` (the full symbolic dims as text, batch included: `[batch, seq,
/// 768]`), `trainable_params`, `non_trainable_params`, `macs` (`null` when unknown),
/// `macs_per_step` and `weights` (the initializers it owns).
public struct ONNXOperator: Hashable, Sendable {
    /// The operator (`Conv`, `Gemm`, …).
    public var opType: String
    /// Batch-free output shapes, one per output.
    public var outputs: [TensorShape]
    /// Trainable parameters the node owns (the float initializers it consumes first).
    public var trainableParameters: Int
    /// Non-trainable parameters (BatchNormalization's mean and variance).
    public var nonTrainableParameters: Int
    /// MACs per sample, or `nil` when unknown (an operator the catalog does not know, or an
    /// input of unknown rank): the layer is then not counted.
    public var macs: Int?

    public init(opType: String, outputs: [TensorShape], trainableParameters: Int, nonTrainableParameters: Int, macs: Int?) {
        self.opType = opType
        self.outputs = outputs
        self.trainableParameters = trainableParameters
        self.nonTrainableParameters = nonTrainableParameters
        self.macs = macs
    }

    /// The config key that marks an ONNX node's layer.
    public static let marker = "onnx_op_type"

    /// Reads the kind back from a stored config.
    /// - Throws: ``ConfigError`` when a key is missing or of the wrong type.
    public static func parse(type: String, config: [String: ConfigValue]) throws(ConfigError) -> ParsedLayer {
        guard let op = config[marker]?.stringValue else { throw .missingKey(marker) }
        func count(_ key: String) throws(ConfigError) -> Int {
            guard let value = config[key] else { throw .missingKey(key) }
            guard let v = value.intValue, v >= 0 else { throw .wrongType(key: key, expected: "a count", found: value) }
            return v
        }
        var shapes: [TensorShape] = []
        guard let list = config["onnx_output_shapes"]?.arrayValue else { throw .missingKey("onnx_output_shapes") }
        for shape in list {
            guard let dims = shape.arrayValue else {
                throw .wrongType(key: "onnx_output_shapes", expected: "a list of shapes", found: shape)
            }
            shapes.append(TensorShape(dims.map(\.intValue)))
        }
        let macs: Int? = config["macs"].flatMap { $0 == .null ? nil : $0.intValue }
        let kind = ONNXOperator(
            opType: op, outputs: shapes, trainableParameters: try count("trainable_params"),
            nonTrainableParameters: try count("non_trainable_params"), macs: macs)
        return ParsedLayer(type: type, config: config, kind: .onnxOperator(kind))
    }

    /// The evaluation the engine reports: the analysis's numbers as they are.
    func evaluation() -> LayerEvaluation {
        LayerEvaluation(
            outputs: outputs.isEmpty ? [TensorShape([])] : outputs, trainable: trainableParameters,
            nonTrainable: nonTrainableParameters, macs: macs ?? 0, isCounted: macs != nil)
    }

    /// Whether the operator adds one to the depth (a weight layer: convolution, matmul, recurrent).
    public var isWeightLayer: Bool {
        ["Conv", "ConvTranspose", "Gemm", "MatMul", "LSTM", "GRU", "RNN", "Einsum", "ConvInteger", "QLinearConv",
         "MatMulInteger", "QLinearMatMul"].contains(opType) && trainableParameters > 0
    }
}
