/// One layer's parameters, output shape and MACs worked out as a student writes them, with the
/// layer's own numbers put in:
///
/// ```
/// block1_conv1 Conv2D: (3·3·3 + 1)·64 = 1,792 params; output 224 = (224 + 2·1 − 3)/1 + 1 → (224, 224, 64)
///   MACs: 224·224·64·(3·3·3) = 86,704,128 (output positions · filters · weights per filter)
/// ```
///
/// Every layer type gets an explanation: a formula, or an honest "no parameters" / "not
/// counted" with the reason. The formulas are the engine's (see each family's inference
/// function for its source); the numbers after `=` are computed from the terms shown.
public struct LayerExplanation: Hashable, Sendable {
    /// The layer's name.
    public var name: String
    /// The layer's type (Keras class name).
    public var type: String
    /// The parameter formula with its total, e.g. `(3·3·3 + 1)·64 = 1,792 params`, or
    /// `no parameters`, or why the layer is not counted.
    public var parameters: String
    /// The output size worked out, e.g. `output 224 = (224 + 2·1 − 3)/1 + 1 → (224, 224, 64)`.
    public var output: String
    /// The MAC formula with its total, or `not counted` with the reason.
    public var macs: String
    /// Further remarks: padding, conventions, frozen weights, shared calls, per-step MACs.
    public var notes: [String]
    /// The parameters the formula adds up to (`nil` when unknown); equals the engine's count.
    public var parameterCount: Int?
    /// The MACs of one call the formula adds up to (`nil` when unknown).
    public var macCount: Int?

    /// Plain text for a terminal: the layer's line, then indented MACs and notes.
    public var text: String {
        (["\(name) \(type): \(parameters); \(output)", "  MACs: \(macs)"] + notes.map { "  " + $0 })
            .joined(separator: "\n")
    }
}

/// What a family's explainer works out for one call of one layer.
struct Worked {
    var parameters: String
    var parameterCount: Int?
    var output: String
    var macs: String
    var macCount: Int?
    var notes: [String] = []

    /// A layer without parameters or MACs; `why` says why MACs are not counted.
    static func free(output: String, macsWhy: String = "element-wise or data movement, not counted (fvcore convention)", notes: [String] = []) -> Worked {
        Worked(parameters: "no parameters", parameterCount: 0, output: output, macs: "0 — \(macsWhy)", macCount: 0, notes: notes)
    }

    /// A layer with the parameters `parameters` (`what` says what they are) whose MACs are not
    /// counted; `macsWhy` says why (a table lookup, a normalisation).
    static func uncounted(
        _ parameters: Formula, _ what: String, output: String, macsWhy: String, notes: [String] = []
    ) -> Worked {
        Worked(
            parameters: parameters.parameters(what), parameterCount: parameters.value, output: output,
            macs: "0 — \(macsWhy)", macCount: 0, notes: notes)
    }
}

extension Formula {
    /// `… = 1,792 params (what)`.
    func parameters(_ what: String? = nil) -> String {
        equation + " params" + (what.map { " (\($0))" } ?? "")
    }

    /// `… = 86,704,128 (what)`.
    func macs(_ what: String? = nil) -> String {
        equation + (what.map { " (\($0))" } ?? "")
    }
}

extension Engine {
    /// Explains every layer of `architecture` (see ``LayerExplanation``), counted under its
    /// convention.
    /// - Throws: ``InferenceError`` as ``infer(_:)``.
    public static func explain(_ architecture: Architecture) throws(InferenceError) -> [LayerExplanation] {
        explain(architecture, results: try infer(architecture))
    }

    /// Explains every layer given ``infer(_:)``'s results for `architecture`.
    public static func explain(_ architecture: Architecture, results: [LayerResult]) -> [LayerExplanation] {
        let byName = Dictionary(zip(results.map(\.name), results), uniquingKeysWith: { first, _ in first })
        return zip(architecture.layers, results).map { layer, result in
            var inputs: [TensorShape] = []
            for reference in layer.calls.first ?? [] {
                guard let producer = byName[reference.layer], reference.node < producer.outputShapes.count,
                      reference.tensor < producer.outputShapes[reference.node].count else { continue }
                inputs.append(producer.outputShapes[reference.node][reference.tensor])
            }
            var worked = work(layer.kind, inputs: inputs, outputs: result.outputShapes[0], framework: architecture.framework)
            if !layer.isTrainable, result.parameters > 0 {
                worked.notes.append("trainable: false, so all \(decimal(result.parameters)) parameters are non-trainable")
            }
            if result.outputShapes.count > 1 {
                worked.notes.append("called \(result.outputShapes.count) times (shared weights): parameters counted once, MACs summed over the calls: \(decimal(result.macs))")
            }
            if result.macsArePerStep {
                worked.notes.append("MACs are per step: a length is unknown (None) and counted as 1; multiply by the real length")
            }
            return LayerExplanation(
                name: layer.name, type: layer.type, parameters: worked.parameters, output: worked.output,
                macs: worked.macs, notes: worked.notes, parameterCount: worked.parameterCount, macCount: worked.macCount)
        }
    }

    /// The explanation of one call of a layer of kind `kind`.
    static func work(_ kind: LayerKind, inputs: [TensorShape], outputs: [TensorShape], framework: Framework) -> Worked {
        let input = inputs.first ?? TensorShape([])
        let output = outputs.first ?? TensorShape([])
        switch kind {
        case .input(let shape):
            return .free(output: "output \(shape): the input, without the batch axis", macsWhy: "an input")
        case .unsupported:
            return Worked(
                parameters: "not counted: the engine does not know this layer type", parameterCount: nil,
                output: "output " + outputs.map(\.description).joined(separator: ", ") + " as the file records it",
                macs: "not counted", macCount: nil,
                notes: ["its numbers are unknown, so the architecture's totals are lower bounds"])
        case .convolution(let conv): return workConvolution(conv, input, output)
        case .depthwiseConvolution(let conv): return workDepthwise(conv, input, output)
        case .separableConvolution(let conv): return workSeparable(conv, input, output)
        case .transposedConvolution(let conv): return workTransposed(conv, input, output)
        case .convolutionalLSTM(let layer): return workConvolutionalLSTM(layer, input, outputs)
        case .pooling(let pooling): return workPooling(pooling, input, output)
        case .globalPooling(let pooling): return workGlobalPooling(pooling, input, output)
        case .dense(let dense): return workDense(dense, input, output)
        case .batchNormalization(let normalization): return workBatchNormalization(normalization, input, framework: framework)
        case .layerNormalization(let axis, let center, let scale):
            return workLayerNormalization(axis: axis, center: center, scale: scale, input)
        case .groupNormalization(let groups, let axis, let center, let scale):
            return workGroupNormalization(groups: groups, axis: axis, center: center, scale: scale, input)
        case .featureNormalization(let axis, let learns):
            return workFeatureNormalization(axis: axis, learnsStatistics: learns, input, framework: framework)
        case .embedding(let inputDim, let outputDim): return workEmbedding(inputDim: inputDim, outputDim: outputDim, output)
        case .recurrent(let layer): return workRecurrent(layer, input, outputs, framework: framework)
        case .bidirectional(let wrapper): return workBidirectional(wrapper, input, outputs, framework: framework)
        case .multiHeadAttention(let mha): return workMultiHeadAttention(mha, inputs, output)
        case .attention(let attention): return workAttention(attention, inputs, output)
        case .dot(let axes): return workDot(axes: axes, inputs, output)
        case .merge(let operation): return workMerge(operation, inputs, output)
        case .concatenate(let axis): return workConcatenate(axis: axis, inputs, output)
        case .flatten: return workFlatten(input, output)
        case .zeroPadding(let padding): return workPadding(padding, cropping: false, input, output)
        case .cropping(let cropping): return workPadding(cropping, cropping: true, input, output)
        case .upSampling(let rank, let size, let format): return workUpSampling(rank: rank, size: size, format: format, input, output)
        case .reshape(let target): return workReshape(target, input, output)
        case .permute(let dims):
            return .free(output: "output \(output): input axes in the order \(dims.map(String.init).joined(separator: ", "))")
        case .repeatVector(let n):
            return .free(output: "output \(output): the \(input) vector repeated \(n) times")
        case .prelu(let shared, let count): return workPReLU(sharedAxes: shared, numParameters: count, input)
        case .resize(let height, let width, _):
            return .free(output: "output \(output): height and width set to \(height)×\(width)", macsWhy: "resampling, not counted")
        case .passThrough:
            return .free(output: "output \(output) = the input shape (element-wise)")
        case .timeDistributed(let inner): return workTimeDistributed(inner, input, outputs, framework: framework)
        case .model(let model): return workModel(model, inputs: inputs, outputs: outputs, framework: framework)
        case .module(let module): return workModule(module, inputs: inputs, outputs: outputs, framework: framework)
        case .tokenEmbedding, .positionEmbedding, .transformerAttention, .multiLatentAttention, .rmsNormalization,
             .feedForward, .mixtureOfExperts, .patchEmbedding, .positionalConvolution, .pooler, .languageModelHead:
            return workTransformer(kind, inputs: inputs, output: output)!
        case .disentangledAttention, .relativePositionEmbedding:
            return workDisentangled(kind, inputs: inputs, output: output)!
        case .onnxOperator(let node): return workONNX(node, inputs, outputs)
        }
    }
}
