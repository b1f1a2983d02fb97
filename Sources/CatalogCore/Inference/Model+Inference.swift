extension Engine {
    /// A nested model: its input layers take the call's input shapes in order, its layers are
    /// inferred as an architecture, and its outputs are the shapes of ``SubModel/outputs``.
    /// Parameters and MACs are the sums over its layers (Keras counts a nested model once).
    static func evaluateModel(
        _ model: SubModel, inputs: [TensorShape], framework: Framework
    ) throws(LayerFault) -> LayerEvaluation {
        let (layers, results) = try inferNested(model, inputs: inputs, framework: framework)
        return try evaluation(of: model, layers: layers, results: results)
    }

    /// The per-layer results inside a nested model called on `inputs` (for `show --expand`):
    /// its input layers take the given shapes, in order. Frozen layers are non-trainable as
    /// usual; a frozen *nested model* is applied by the caller.
    /// - Returns: the nested layers (inputs bound) and their results, in order.
    /// - Throws: ``InferenceError`` naming the nested layer at fault.
    public static func infer(
        _ model: SubModel, inputs: [TensorShape], framework: Framework
    ) throws(InferenceError) -> (layers: [Layer], results: [LayerResult]) {
        do throws(LayerFault) {
            return try inferNested(model, inputs: inputs, framework: framework)
        } catch {
            throw .layer(index: 0, name: "nested model", type: "Functional", fault: error)
        }
    }

    private static func inferNested(
        _ model: SubModel, inputs: [TensorShape], framework: Framework
    ) throws(LayerFault) -> ([Layer], [LayerResult]) {
        let inputNames = model.inputs.isEmpty
            ? model.layers.filter { if case .input = $0.kind { true } else { false } }.map(\.name)
            : model.inputs
        guard inputNames.count == inputs.count else {
            throw .wrongInputCount(expected: "\(inputNames.count) input(s)", found: inputs.count)
        }
        var layers = model.layers
        for (name, shape) in zip(inputNames, inputs) {
            guard let index = layers.firstIndex(where: { $0.name == name }) else {
                throw .other("nested input '\(name)' is not one of its layers")
            }
            layers[index].kind = .input(shape: shape)
        }
        let architecture = Architecture(name: "nested", framework: framework, layers: layers)
        do throws(InferenceError) {
            return (layers, try infer(architecture))
        } catch {
            throw .other("inside: \(error)")
        }
    }

    private static func evaluation(
        of model: SubModel, layers: [Layer], results: [LayerResult]
    ) throws(LayerFault) -> LayerEvaluation {
        var evaluation = LayerEvaluation(outputs: [])
        for result in results {
            if !result.isCounted { evaluation.isCounted = false }
            evaluation.trainable = try sum(evaluation.trainable, result.trainableParameters)
            evaluation.nonTrainable = try sum(evaluation.nonTrainable, result.nonTrainableParameters)
            evaluation.macs = try sum(evaluation.macs, result.macs)
            evaluation.parts = try evaluation.parts.adding(result.parts)
        }
        var leaves = OutputElements.zero
        for (layer, result) in zip(layers, results) {
            if case .input = layer.kind { continue }
            leaves = try leaves.adding(OutputElements(
                all: result.outputElements, ofLayersWithParameters: result.outputElementsOfLayersWithParameters))
        }
        evaluation.leafOutputs = leaves
        let byName = Dictionary(uniqueKeysWithValues: zip(layers.map(\.name), results))
        for reference in model.outputs {
            guard let result = byName[reference.layer], reference.node < result.outputShapes.count,
                  reference.tensor < result.outputShapes[reference.node].count else {
                throw .other("nested output '\(reference)' does not exist")
            }
            evaluation.outputs.append(result.outputShapes[reference.node][reference.tensor])
        }
        return evaluation
    }
}
