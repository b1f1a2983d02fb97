/// The shape, parameter and MAC engine: pure functions over ``Architecture`` values.
public enum Engine {
    /// Bumped whenever a formula changes; stored rows computed by an older version are recomputed.
    public static let computeVersion = 8

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
        for index in layers.indices {
            guard indexByName.updateValue(index, forKey: layers[index].name) == nil else {
                throw .duplicateName(layers[index].name)
            }
        }
        guard layers.contains(where: { if case .input = $0.kind { true } else { false } }) else {
            throw .noInput
        }

        // Nodes are (layer, call) pairs, numbered layer by layer. Each reference is resolved to
        // its producing node once; inputs and dependents are flat lists with per-node offsets.
        var firstNode: [Int] = []
        firstNode.reserveCapacity(layers.count)
        var nodeCount = 0
        for index in layers.indices {
            firstNode.append(nodeCount)
            nodeCount += max(layers[index].calls.count, 1)
        }
        var nodeLayer = [Int](repeating: 0, count: nodeCount)
        var waiting = [Int](repeating: 0, count: nodeCount)
        var inputStart = [Int](repeating: 0, count: nodeCount + 1)
        var inputNode: [Int] = []
        var inputTensor: [Int] = []
        inputNode.reserveCapacity(nodeCount)
        inputTensor.reserveCapacity(nodeCount)
        var dependentStart = [Int](repeating: 0, count: nodeCount + 1)
        for index in layers.indices {
            let calls = layers[index].calls
            for call in 0..<max(calls.count, 1) {
                let node = firstNode[index] + call
                nodeLayer[node] = index
                inputStart[node] = inputNode.count
                if call > 0 {  // a shared layer is built by its first call
                    dependentStart[node - 1] += 1
                    waiting[node] += 1
                }
                guard !calls.isEmpty else { continue }
                for reference in calls[call] {
                    // Most inputs come from the layer just before: no hashing for those.
                    let producer = index > 0 && layers[index - 1].name == reference.layer
                        ? index - 1 : indexByName[reference.layer]
                    // A negative node or tensor index is dangling too (it would pick another call).
                    guard let producer, reference.node >= 0, reference.tensor >= 0,
                          reference.node < max(layers[producer].calls.count, 1) else {
                        throw .danglingInput(index: index, name: layers[index].name, reference: reference)
                    }
                    let producerNode = firstNode[producer] + reference.node
                    inputNode.append(producerNode)
                    inputTensor.append(reference.tensor)
                    dependentStart[producerNode] += 1
                    waiting[node] += 1
                }
            }
        }
        inputStart[nodeCount] = inputNode.count
        // Counts to offsets, then each node's dependents in the order the edges were listed.
        var offset = 0
        for node in 0...nodeCount {
            let count = dependentStart[node]
            dependentStart[node] = offset
            offset += count
        }
        var dependents = [Int](repeating: 0, count: offset)
        var filled = dependentStart
        for node in 0..<nodeCount {
            if node > 0, nodeLayer[node - 1] == nodeLayer[node] {
                dependents[filled[node - 1]] = node
                filled[node - 1] += 1
            }
            for input in inputStart[node]..<inputStart[node + 1] {
                dependents[filled[inputNode[input]]] = node
                filled[inputNode[input]] += 1
            }
        }

        var outputs = [[TensorShape]?](repeating: nil, count: nodeCount)
        var results = [LayerResult?](repeating: nil, count: layers.count)
        var ready = (0..<nodeCount).filter { waiting[$0] == 0 }
        ready.reserveCapacity(nodeCount)
        var cursor = 0
        while cursor < ready.count {
            let node = ready[cursor]
            cursor += 1
            let index = nodeLayer[node]
            let call = node - firstNode[index]
            do throws(LayerFault) {
                var inputs: [TensorShape] = []
                inputs.reserveCapacity(inputStart[node + 1] - inputStart[node])
                for input in inputStart[node]..<inputStart[node + 1] {
                    let produced = outputs[inputNode[input]]!
                    guard inputTensor[input] < produced.count else {
                        let reference = layers[index].calls[call][input - inputStart[node]]
                        throw .other("input '\(reference)' refers to output \(reference.tensor), but '\(reference.layer)' has \(produced.count)")
                    }
                    inputs.append(produced[inputTensor[input]])
                }
                let evaluation = try evaluate(
                    layers[index].kind, inputs: inputs, framework: architecture.framework, callIndex: call)
                try checkElementCounts(evaluation.outputs)
                outputs[node] = evaluation.outputs
                if call == 0 {
                    var (trainable, nonTrainable) = (evaluation.trainable, evaluation.nonTrainable)
                    _ = try sum(trainable, nonTrainable)  // so that LayerResult.parameters fits
                    if !layers[index].isTrainable {
                        (trainable, nonTrainable) = (0, try sum(trainable, nonTrainable))
                    }
                    results[index] = LayerResult(
                        name: layers[index].name, outputShapes: [evaluation.outputs],
                        trainableParameters: trainable, nonTrainableParameters: nonTrainable,
                        macs: evaluation.macs, isCounted: evaluation.isCounted, parts: evaluation.parts)
                } else {
                    results[index]!.outputShapes.append(evaluation.outputs)
                    results[index]!.macs = try sum(results[index]!.macs, evaluation.macs)
                }
                if evaluation.macs > 0, inputs.contains(where: { $0.dimensions.contains(nil) })
                    || evaluation.outputs.contains(where: { $0.dimensions.contains(nil) }) {
                    results[index]!.macsArePerStep = true
                }
                try accumulateOutputElements(of: evaluation, into: &results[index]!, firstCall: call == 0)
            } catch {
                throw .layer(index: index, name: layers[index].name, type: layers[index].type, fault: error)
            }
            for dependent in dependentStart[node]..<dependentStart[node + 1] {
                let next = dependents[dependent]
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
        let layers = architecture.layers
        for index in 0..<min(layers.count, results.count) {
            do throws(LayerFault) {
                totals.trainableParameters = try sum(totals.trainableParameters, results[index].trainableParameters)
                totals.nonTrainableParameters = try sum(totals.nonTrainableParameters, results[index].nonTrainableParameters)
                totals.macs = try sum(totals.macs, results[index].macs)
                _ = try product(sum(totals.trainableParameters, totals.nonTrainableParameters), 8)
                if !results[index].isCounted { totals.uncountedLayers.append(results[index].name) }
                if case .module(.lambda(nil)) = layers[index].kind { totals.assumedShapeLayers.append(layers[index].name) }
                if results[index].macsArePerStep { totals.perStepMACLayers.append(results[index].name) }
                totals.parts = try totals.parts.adding(results[index].parts)
                if case .input = layers[index].kind { continue }
                if let elements = results[index].outputElements, let running = totals.activationElements {
                    totals.activationElements = try sum(running, elements)
                } else {
                    totals.activationElements = nil
                }
            } catch {
                throw .layer(index: index, name: results[index].name, type: layers[index].type, fault: error)
            }
        }
        totals.depth = depth(of: layers)
        return totals
    }

    /// Refuses an output of more than 2^63 − 1 elements (RepeatVector, Resizing, UpSampling of
    /// huge sizes), as Flatten does, instead of leaving its activation count unknown.
    /// - Throws: ``LayerFault/overflow``.
    static func checkElementCounts(_ shapes: [TensorShape]) throws(LayerFault) {
        for shape in shapes where !shape.dimensions.contains(nil) {
            _ = try knownProduct(shape.dimensions)
        }
    }

    /// The longest path counted in weight layers (convolutions, dense, recurrent, attention).
    ///
    /// Layers are listed in dependency order, so one pass in list order is final when every
    /// input precedes its consumer. A consumer listed before its producer (a shared layer) is
    /// revisited until stable, at most four passes.
    static func depth(of layers: [Layer]) -> Int {
        var indexByName: [String: Int] = [:]
        indexByName.reserveCapacity(layers.count)
        for index in layers.indices {
            // Depths are kept by name: two layers of one name (which infer refuses) share one.
            guard indexByName.updateValue(index, forKey: layers[index].name) == nil else {
                return depthByName(of: layers)
            }
        }
        // Each layer's producers as indices (-1 for a name no layer has: depth 0).
        var producerStart = [Int](repeating: 0, count: layers.count + 1)
        var producers: [Int] = []
        producers.reserveCapacity(layers.count)
        var inputsPrecede = true
        for index in layers.indices {
            producerStart[index] = producers.count
            for call in layers[index].calls {
                for reference in call {
                    let producer = index > 0 && layers[index - 1].name == reference.layer
                        ? index - 1 : indexByName[reference.layer] ?? -1
                    if producer >= index { inputsPrecede = false }
                    producers.append(producer)
                }
            }
        }
        producerStart[layers.count] = producers.count
        let own = layers.map { hasWeights($0.kind) ? 1 : 0 }
        var depths = [Int](repeating: 0, count: layers.count)
        var assigned = [Bool](repeating: false, count: layers.count)
        var changed = true
        var passes = 0
        while changed && passes < 4 {
            changed = false
            passes += 1
            for index in layers.indices {
                var inbound = 0
                for producer in producers[producerStart[index]..<producerStart[index + 1]] where producer >= 0 {
                    inbound = max(inbound, depths[producer])
                }
                let depth = inbound + own[index]
                if !assigned[index] || depths[index] != depth {
                    depths[index] = depth
                    assigned[index] = true
                    changed = true
                }
            }
            // With every input before its consumer, another pass would change nothing.
            if inputsPrecede { break }
        }
        return depths.max() ?? 0
    }

    /// ``depth(of:)`` for layers whose names are not unique: depths kept by name.
    private static func depthByName(of layers: [Layer]) -> Int {
        var depthAt: [String: Int] = [:]
        var changed = true
        var passes = 0
        while changed && passes < 4 {
            changed = false
            passes += 1
            for layer in layers {
                let inbound = layer.calls.joined().map { depthAt[$0.layer] ?? 0 }.max() ?? 0
                let depth = inbound + (hasWeights(layer.kind) ? 1 : 0)
                if depthAt[layer.name] != depth { depthAt[layer.name] = depth; changed = true }
            }
        }
        return depthAt.values.max() ?? 0
    }

    /// Whether a layer adds one to the depth.
    private static func hasWeights(_ kind: LayerKind) -> Bool {
        switch kind {
        case .convolution, .depthwiseConvolution, .transposedConvolution, .separableConvolution,
             .dense, .recurrent, .bidirectional, .multiHeadAttention, .convolutionalLSTM,
             .transformerAttention, .multiLatentAttention, .disentangledAttention, .feedForward, .mixtureOfExperts:
            true
        case .module(let module): module.hasWeightLayer
        case .onnxOperator(let node): node.isWeightLayer
        default: false
        }
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
        if case .onnxOperator(let node) = kind { return node.evaluation() }
        if case .merge(let operation) = kind { return try merge(operation, inputs) }
        if case .concatenate(let axis) = kind { return try concatenate(axis: axis, inputs) }
        switch kind {
        case .model(let model): return try evaluateModel(model, inputs: inputs, framework: framework)
        case .module(let module): return try evaluateModule(module, inputs, framework: framework)
        case .multiHeadAttention(let mha): return try attendMultiHead(mha, inputs)
        case .attention(let attention): return try attend(attention, inputs)
        case .dot(let axes): return try dotProduct(axes: axes, inputs)
        case .transformerAttention(let attention): return try attendTransformer(attention, inputs)
        case .disentangledAttention(let attention): return try attendDisentangled(attention, inputs)
        default: break
        }
        guard inputs.count == 1 else {
            throw .wrongInputCount(expected: "exactly one input", found: inputs.count)
        }
        let input = inputs[0]
        switch kind {
        case .input, .unsupported, .merge, .concatenate, .model, .multiHeadAttention, .attention, .dot, .module, .onnxOperator,
             .transformerAttention, .disentangledAttention:
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
        case .prelu(let shared, let count): return try parametricReLU(sharedAxes: shared, numParameters: count, input)
        case .resize(let height, let width, let format): return try resize(height: height, width: width, format: format, input)
        case .timeDistributed(let inner): return try distributeOverTime(inner, input, framework: framework)
        case .tokenEmbedding(let embedding): return try embedTokens(embedding, input)
        case .positionEmbedding(let embedding): return try addPositions(embedding, input)
        case .multiLatentAttention(let attention): return try attendLatent(attention, input)
        case .relativePositionEmbedding(let table): return try relativePositions(table, input)
        case .rmsNormalization(let norm): return try rmsNormalize(norm, input)
        case .feedForward(let mlp): return try feedForward(mlp, input)
        case .mixtureOfExperts(let moe): return try mixExperts(moe, input)
        case .patchEmbedding(let patches): return try embedPatches(patches, input)
        case .positionalConvolution(let conv): return try convolvePositions(conv, input)
        case .pooler(let hiddenSize): return try pool(hiddenSize: hiddenSize, input)
        case .languageModelHead(let head): return try projectToVocabulary(head, input)
        }
    }
}
