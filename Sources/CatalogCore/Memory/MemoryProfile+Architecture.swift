extension MemoryProfile {
    /// The profile of an architecture from the engine's results: its parameters, its declared
    /// dtype (``Architecture/declaredDType``), every layer
    /// output of one forward pass as the per-sample activation figure (``MemoryEstimate``'s
    /// `activationBytes` in values), and its Dense layers as the linear modules LoRA can adapt
    /// (`in_features` = the kernel's rows, from the layer's parameters: `(in + 1) · units` with
    /// a bias, `in · units` without).
    ///
    /// Transformers (the layer kinds of Hyperparameters+Transformer.swift) get their KV layers,
    /// per-token activation peak, dimensions and projections from
    /// ``transformerParts(_:results:)``. Other kinds (CNNs, RNNs, Keras' MultiHeadAttention, which
    /// recomputes keys and values at every call) keep no KV cache.
    /// - Parameters:
    ///   - results: ``Engine/infer(_:)``'s output for `architecture`.
    ///   - totals: ``Engine/totals(of:results:)``'s output (parameters and activation elements).
    public init(architecture: Architecture, results: [LayerResult], totals: ArchitectureTotals) {
        var modules: [LinearModule] = []
        var linear = 0
        for (layer, result) in zip(architecture.layers, results) {
            guard case .dense(let dense) = layer.kind, dense.units > 0 else { continue }
            let kernel = result.parameters - (dense.useBias ? dense.units : 0)
            guard kernel > 0, kernel % dense.units == 0 else { continue }
            modules.append(LinearModule(name: layer.name, inFeatures: kernel / dense.units, outFeatures: dense.units))
            linear += result.parameters
        }
        let transformer = Self.transformerParts(architecture, results: results)
        if transformer.hasTransformerLayers {
            self.init(
                parameters: totals.parameters, declaredDType: architecture.declaredDType, kvLayers: transformer.kvLayers,
                activations: transformer.peakValuesPerToken > 0 ? .perToken(peakValues: transformer.peakValuesPerToken) : .unknown,
                transformer: transformer.shapes.first, linearParameters: linear + transformer.linearParameters,
                linearModules: modules + transformer.modules, maxContext: transformer.maxContext)
            towers = Array(transformer.shapes.dropFirst())
            llamaCppModel = Self.llamaCppModel(architecture, results: results, parameters: totals.parameters)
            ropeContext = architecture.ropeContext
            return
        }
        self.init(
            parameters: totals.parameters, declaredDType: architecture.declaredDType,
            activations: totals.activationElements.map { .perSample(values: $0) } ?? .unknown,
            linearParameters: linear, linearModules: modules)
    }
}
