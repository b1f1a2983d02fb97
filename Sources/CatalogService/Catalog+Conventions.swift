import CatalogCore
import CatalogImport

/// Recounting under another convention, attributing parameter differences, memory figures.
extension Catalog {
    /// One architecture with its layers' numbers, counted under `framework`.
    ///
    /// With `framework` `nil` or the architecture's own convention this is ``detail(named:)``
    /// (the cached numbers). Otherwise the stored layers are recounted on the fly (nothing is
    /// written): torchvision's ResNet-50 seed, 25,557,032 parameters under its own "pytorch"
    /// convention, has 25,610,152 under "keras", 53,120 of them non-trainable batch-norm
    /// statistics. The summary's `framework` names the convention the numbers follow.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``, ``ServiceError/corruptRow(name:detail:)``,
    ///   or ``ServiceError/inferenceFailed(file:_:)`` if the recount fails (an overflow).
    public func detail(named name: String, framework: Framework?) throws(ServiceError) -> ArchitectureDetail {
        let stored = try detail(named: name)
        guard let framework, framework.rawValue != stored.summary.framework else { return stored }
        let architecture = try architecture(named: name)
        let (results, totals) = try Self.count(architecture, framework: framework)
        var summary = stored.summary
        summary.framework = framework.rawValue
        summary.totalParameters = totals.parameters
        summary.trainableParameters = totals.trainableParameters
        summary.nonTrainableParameters = totals.nonTrainableParameters
        summary.macs = totals.macs
        summary.depth = totals.depth
        summary.parameterBytes = totals.parameterBytes()
        if summary.defaultWeightType != "stored" {
            // The recounted parameters in the declared dtype (stored bytes do not change).
            let weights = Memory.defaultWeights(MemoryProfile(parameters: totals.parameters, declaredDType: architecture.declaredDType))
            (summary.defaultWeightsBytes, summary.defaultWeightType) = (weights?.bytes, weights?.type)
        }
        summary.activationElements = totals.activationElements
        summary.uncountedLayers = totals.uncountedLayers
        summary.assumedShapeLayers = totals.assumedShapeLayers
        summary.perStepMACLayers = totals.perStepMACLayers
        var layers = stored.layers
        for (index, result) in zip(layers.indices, results) {
            layers[index].outputShapes = result.outputShapes
            layers[index].parameters = result.isCounted ? result.parameters : nil
            layers[index].trainableParameters = result.isCounted ? result.trainableParameters : nil
            layers[index].nonTrainableParameters = result.isCounted ? result.nonTrainableParameters : nil
            layers[index].macs = result.isCounted ? result.macs : nil
        }
        return ArchitectureDetail(summary: summary, layers: layers)
    }

    /// Why `second`'s parameter count differs from `first`'s: the difference attributed to
    /// convolution biases, running statistics counted as parameters, second recurrent biases
    /// and the rest (see ``ParameterDifference``).
    ///
    /// Each architecture is recounted from its stored layers, under its own convention, or
    /// under `framework` for both when it is given (which leaves only the networks' own
    /// differences). torchvision's ResNet-50 (pytorch, 25,557,032) against Keras' ResNet50
    /// (keras, 25,636,712): +26,560 convolution biases and +53,120 batch-norm statistics, nothing else.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)`` for either name, or
    ///   ``ServiceError/inferenceFailed(file:_:)``.
    public func parameterDifference(
        from first: String, to second: String, framework: Framework? = nil
    ) throws(ServiceError) -> ParameterDifference {
        let a = try architecture(named: first), b = try architecture(named: second)
        do throws(InferenceError) {
            return ParameterDifference(
                from: try ParameterAccount(a, framework: framework), to: try ParameterAccount(b, framework: framework))
        } catch {
            throw .inferenceFailed(file: first + ", " + second, error)
        }
    }

    /// Parameter and activation memory of one architecture (see ``MemoryEstimate``), counted
    /// under its own convention or `framework`.
    /// - Parameters:
    ///   - elementType: float32 (4 bytes, default), float16 or bfloat16 (2), int8 (1).
    ///   - batchSize: samples per forward pass, ≥ 1; scales input and activation memory.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``, or
    ///   ``ServiceError/inferenceFailed(file:_:)`` for an overflow or a batch size below 1.
    public func memory(
        named name: String, elementType: ElementType = .float32, batchSize: Int = 1, framework: Framework? = nil
    ) throws(ServiceError) -> MemoryEstimate {
        var architecture = try architecture(named: name)
        if let framework { architecture.framework = framework }
        let (results, _) = try Self.count(architecture, framework: architecture.framework)
        do throws(InferenceError) {
            return try Engine.memory(of: architecture, results: results, elementType: elementType, batchSize: batchSize)
        } catch {
            // An overflow that only the batch size causes is the batch size's fault, not the
            // layer's at which the running sum happened to pass 64 bits.
            if case .layer(_, _, _, .overflow) = error, batchSize > 1,
               (try? Engine.memory(of: architecture, results: results, elementType: elementType, batchSize: 1)) != nil {
                throw .importFailed(ImportError(
                    file: architecture.name,
                    problem: "at batch size \(batchSize) the memory in bytes exceeds 64-bit integers (9,223,372,036,854,775,807); give a smaller batch size"))
            }
            throw .inferenceFailed(file: architecture.name, error)
        }
    }

    /// Runs the engine under `framework`.
    static func count(
        _ architecture: Architecture, framework: Framework
    ) throws(ServiceError) -> ([LayerResult], ArchitectureTotals) {
        var counted = architecture
        counted.framework = framework
        do throws(InferenceError) {
            let results = try Engine.infer(counted)
            return (results, try Engine.totals(of: counted, results: results))
        } catch {
            throw .inferenceFailed(file: architecture.name, error)
        }
    }
}

extension ArchitectureDetail {
    /// Layers whose MACs are per step of an unknown (`None`) length — a recurrent layer over a
    /// sequence of unknown length, a Dense or Conv1D on such a sequence: an input or output has
    /// an unknown dimension, counted as 1 (see ``LayerResult/macsArePerStep``). When not empty
    /// the total MACs are per step too.
    public var perStepMACLayers: [String] {
        func unknown(_ shape: TensorShape) -> Bool { shape.dimensions.contains(nil) }
        // A layer is over an unknown length only if some layer's output has an unknown size
        // (its own or its input's): otherwise there is nothing to look up.
        guard layers.contains(where: { $0.outputShapes.contains { $0.contains(where: unknown) } }) else { return [] }
        var shapes: [String: [[TensorShape]]] = [:]
        shapes.reserveCapacity(layers.count)
        for layer in layers { shapes[layer.name] = layer.outputShapes }
        return layers.filter { layer in
            guard let macs = layer.macs, macs > 0 else { return false }
            if layer.outputShapes.joined().contains(where: unknown) { return true }
            return layer.inbound.joined().contains { reference in
                guard let calls = shapes[reference.layer], reference.node < calls.count,
                      reference.tensor < calls[reference.node].count else { return false }
                return unknown(calls[reference.node][reference.tensor])
            }
        }.map(\.name)
    }
}
