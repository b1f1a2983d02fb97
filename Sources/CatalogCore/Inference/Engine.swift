/// The shape, parameter and MAC engine: pure functions over ``Architecture`` values.
public enum Engine {
    /// Bumped whenever a formula changes; stored rows computed by an older version are recomputed.
    public static let computeVersion = 3

    /// Computes every layer's output shapes, trainable and non-trainable parameters and MACs.
    ///
    /// Layers are evaluated in dependency order (each call of a shared layer separately);
    /// parameters are counted at a layer's first call, MACs summed over its calls. Shapes exclude
    /// the batch axis. All arithmetic is checked 64-bit.
    /// - Returns: one result per layer, in the architecture's layer order.
    /// - Throws: ``InferenceError`` naming the layer: an impossible shape (a kernel larger than
    ///   the padded input, merging unequal shapes), a dangling input, a cycle, an overflow.
    public static func infer(_ architecture: Architecture) throws(InferenceError) -> [LayerResult] {
        let layers = architecture.layers
        var indexByName: [String: Int] = [:]
        indexByName.reserveCapacity(layers.count)
        for (index, layer) in layers.enumerated() {
            guard indexByName.updateValue(index, forKey: layer.name) == nil else {
                throw .duplicateName(layer.name)
            }
        }
        guard layers.contains(where: { if case .input = $0.kind { true } else { false } }) else {
            throw .noInput
        }

        // Nodes are (layer, call) pairs, numbered layer by layer.
        var firstNode: [Int] = []
        firstNode.reserveCapacity(layers.count + 1)
        var nodeCount = 0
        for layer in layers {
            firstNode.append(nodeCount)
            nodeCount += max(layer.calls.count, 1)
        }
        var nodeLayer = [Int](repeating: 0, count: nodeCount)
        var waiting = [Int](repeating: 0, count: nodeCount)
        var dependents = [[Int]](repeating: [], count: nodeCount)
        for (index, layer) in layers.enumerated() {
            for call in 0..<max(layer.calls.count, 1) {
                let node = firstNode[index] + call
                nodeLayer[node] = index
                if call > 0 {  // a shared layer is built by its first call
                    dependents[node - 1].append(node)
                    waiting[node] += 1
                }
                for reference in layer.calls.isEmpty ? [] : layer.calls[call] {
                    guard let producer = indexByName[reference.layer],
                          reference.node < max(layers[producer].calls.count, 1) else {
                        throw .danglingInput(index: index, name: layer.name, reference: reference)
                    }
                    dependents[firstNode[producer] + reference.node].append(node)
                    waiting[node] += 1
                }
            }
        }

        var outputs = [[TensorShape]?](repeating: nil, count: nodeCount)
        var evaluations = [LayerEvaluation?](repeating: nil, count: layers.count)
        var results = [LayerResult?](repeating: nil, count: layers.count)
        var ready = (0..<nodeCount).filter { waiting[$0] == 0 }
        var cursor = 0
        while cursor < ready.count {
            let node = ready[cursor]
            cursor += 1
            let index = nodeLayer[node]
            let layer = layers[index]
            let call = node - firstNode[index]
            let references = layer.calls.isEmpty ? [] : layer.calls[call]
            do throws(LayerFault) {
                var inputs: [TensorShape] = []
                inputs.reserveCapacity(references.count)
                for reference in references {
                    let produced = outputs[firstNode[indexByName[reference.layer]!] + reference.node]!
                    guard reference.tensor < produced.count else {
                        throw .other("input '\(reference)' refers to output \(reference.tensor), but '\(reference.layer)' has \(produced.count)")
                    }
                    inputs.append(produced[reference.tensor])
                }
                let evaluation = try evaluate(
                    layer.kind, inputs: inputs, framework: architecture.framework, callIndex: call)
                outputs[node] = evaluation.outputs
                if call == 0 {
                    var first = evaluation
                    if !layer.isTrainable {
                        first.nonTrainable = try sum(first.trainable, first.nonTrainable)
                        first.trainable = 0
                    }
                    evaluations[index] = first
                    results[index] = LayerResult(
                        name: layer.name, outputShapes: [evaluation.outputs],
                        trainableParameters: first.trainable, nonTrainableParameters: first.nonTrainable,
                        macs: evaluation.macs, isCounted: evaluation.isCounted, parts: evaluation.parts)
                } else {
                    results[index]!.outputShapes.append(evaluation.outputs)
                    results[index]!.macs = try sum(results[index]!.macs, evaluation.macs)
                }
                if evaluation.macs > 0, (inputs + evaluation.outputs).contains(where: { $0.dimensions.contains(nil) }) {
                    results[index]!.macsArePerStep = true
                }
                try accumulateOutputElements(of: evaluation, into: &results[index]!, firstCall: call == 0)
            } catch {
                throw .layer(index: index, name: layer.name, type: layer.type, fault: error)
            }
            for next in dependents[node] {
                waiting[next] -= 1
                if waiting[next] == 0 { ready.append(next) }
            }
        }
        guard cursor == nodeCount else {
            let stuck = (0..<nodeCount).filter { outputs[$0] == nil }.map { layers[nodeLayer[$0]].name }
            var seen = Set<String>()
            throw .cycle(stuck.filter { seen.insert($0).inserted })
        }
        return results.map { $0! }
    }

    /// ``infer(_:)`` under another counting convention than the architecture's own: the same
    /// layers counted as `framework` counts them (for example torchvision's ResNet-50, 25,557,032
    /// parameters under "pytorch", has 25,610,152 under "keras", 53,120 of them non-trainable
    /// batch-norm statistics).
    /// - Throws: as ``infer(_:)``.
    public static func infer(_ architecture: Architecture, framework: Framework) throws(InferenceError) -> [LayerResult] {
        var recounted = architecture
        recounted.framework = framework
        return try infer(recounted)
    }

    /// Sums the layers' counts and measures depth and activation size.
    /// - Parameters:
    ///   - results: ``infer(_:)``'s output for `architecture`.
    /// - Throws: ``InferenceError/layer(index:name:type:fault:)`` with ``LayerFault/overflow`` naming
    ///   the layer at which a total (or its float32 bytes) would exceed 64 bits.
    public static func totals(
        of architecture: Architecture, results: [LayerResult]
    ) throws(InferenceError) -> ArchitectureTotals {
        var totals = ArchitectureTotals(
            trainableParameters: 0, nonTrainableParameters: 0, macs: 0, depth: 0, activationElements: 0)
        var depthAt: [String: Int] = [:]
        for (index, (layer, result)) in zip(architecture.layers, results).enumerated() {
            do throws(LayerFault) {
                totals.trainableParameters = try sum(totals.trainableParameters, result.trainableParameters)
                totals.nonTrainableParameters = try sum(totals.nonTrainableParameters, result.nonTrainableParameters)
                totals.macs = try sum(totals.macs, result.macs)
                _ = try product(sum(totals.trainableParameters, totals.nonTrainableParameters), 8)
                if !result.isCounted { totals.uncountedLayers.append(result.name) }
                if result.macsArePerStep { totals.perStepMACLayers.append(result.name) }
                totals.parts = try totals.parts.adding(result.parts)
                if case .input = layer.kind { continue }
                if let elements = result.outputElements, let running = totals.activationElements {
                    totals.activationElements = try sum(running, elements)
                } else {
                    totals.activationElements = nil
                }
            } catch {
                throw .layer(index: index, name: result.name, type: layer.type, fault: error)
            }
        }
        // Longest path in weight layers; layers are evaluated in dependency order, so a second
        // pass in topological order is not needed when every input precedes its consumer. A
        // consumer listed before its producer (a shared layer) is revisited until stable.
        var changed = true
        var passes = 0
        while changed && passes < 4 {
            changed = false
            passes += 1
            for layer in architecture.layers {
                let own: Int
                switch layer.kind {
                case .convolution, .depthwiseConvolution, .transposedConvolution, .separableConvolution,
                     .dense, .recurrent, .bidirectional, .multiHeadAttention, .convolutionalLSTM:
                    own = 1
                default: own = 0
                }
                let inbound = layer.calls.joined().map { depthAt[$0.layer] ?? 0 }.max() ?? 0
                let depth = inbound + own
                if depthAt[layer.name] != depth { depthAt[layer.name] = depth; changed = true }
            }
        }
        totals.depth = depthAt.values.max() ?? 0
        return totals
    }

    /// One call of one layer.
    static func evaluate(
        _ kind: LayerKind, inputs: [TensorShape], framework: Framework, callIndex: Int = 0
    ) throws(LayerFault) -> LayerEvaluation {
        if case .input(let shape) = kind {
            return LayerEvaluation(outputs: [shape])
        }
        if case .unsupported(let recorded) = kind {
            // The file's recorded shapes, call by call (the last one again for further calls).
            guard let shapes = recorded.isEmpty ? nil : recorded[min(callIndex, recorded.count - 1)] else {
                throw .other("unknown layer type and no recorded output shape")
            }
            return LayerEvaluation(outputs: shapes, isCounted: false)
        }
        if case .merge(let operation) = kind { return try merge(operation, inputs) }
        if case .concatenate(let axis) = kind { return try concatenate(axis: axis, inputs) }
        switch kind {
        case .model(let model): return try evaluateModel(model, inputs: inputs, framework: framework)
        case .multiHeadAttention(let mha): return try attendMultiHead(mha, inputs)
        case .attention(let attention): return try attend(attention, inputs)
        case .dot(let axes): return try dotProduct(axes: axes, inputs)
        default: break
        }
        guard inputs.count == 1 else {
            throw .wrongInputCount(expected: "exactly one input", found: inputs.count)
        }
        let input = inputs[0]
        switch kind {
        case .input, .unsupported, .merge, .concatenate, .model, .multiHeadAttention, .attention, .dot:
            preconditionFailure("handled above")
        case .convolution(let convolution): return try convolve(convolution, input)
        case .depthwiseConvolution(let depthwise): return try convolveDepthwise(depthwise, input)
        case .dense(let dense): return try denseLayer(dense, input)
        case .pooling(let pooling): return try pool(pooling, input)
        case .globalPooling(let pooling): return try poolGlobally(pooling, input)
        case .flatten: return try flatten(input)
        case .batchNormalization(let normalization):
            return try batchNormalize(normalization, input, framework: framework)
        case .zeroPadding(let padding): return try zeroPad(padding, input)
        case .passThrough: return LayerEvaluation(outputs: [input])
        case .transposedConvolution(let conv): return try convolveTransposed(conv, input)
        case .separableConvolution(let conv): return try convolveSeparable(conv, input)
        case .embedding(let inputDim, let outputDim): return try embed(inputDim: inputDim, outputDim: outputDim, input)
        case .layerNormalization(let axis, let center, let scale):
            return try layerNormalize(axis: axis, center: center, scale: scale, input)
        case .groupNormalization(let groups, let axis, let center, let scale):
            return try groupNormalize(groups: groups, axis: axis, center: center, scale: scale, input)
        case .featureNormalization(let axis, let learns):
            return try normalizeFeatures(axis: axis, learnsStatistics: learns, input, framework: framework)
        case .recurrent(let layer): return try recur(layer, input, framework: framework)
        case .bidirectional(let wrapper): return try recurBothWays(wrapper, input, framework: framework)
        case .convolutionalLSTM(let layer): return try convolveRecurrently(layer, input)
        case .cropping(let cropping): return try crop(cropping, input)
        case .upSampling(let rank, let size, let format): return try upSample(rank: rank, size: size, format: format, input)
        case .reshape(let target): return try reshape(target, input)
        case .permute(let dims): return try permute(dims, input)
        case .repeatVector(let n): return try repeatVector(n, input)
        case .prelu(let shared): return try parametricReLU(sharedAxes: shared, input)
        case .resize(let height, let width, let format): return try resize(height: height, width: width, format: format, input)
        case .timeDistributed(let inner): return try distributeOverTime(inner, input, framework: framework)
        }
    }
}
