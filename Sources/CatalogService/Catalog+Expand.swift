import CatalogCore

extension Catalog {
    /// One architecture's layers with every nested model (a Sequential or Functional used as a
    /// layer) followed by its own layers, named `outer/inner`, as Keras' `summary(expand_nested=True)`.
    ///
    /// The nested model's row keeps its totals (it is counted once); the rows after it show
    /// where those parameters sit. Inside a frozen nested model every parameter is
    /// non-trainable. Totals are unchanged. Counted under `framework` when given.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``, ``ServiceError/corruptRow(name:detail:)``,
    ///   or ``ServiceError/inferenceFailed(file:_:)``.
    public func expandedDetail(named name: String, framework: Framework?) throws(ServiceError) -> ArchitectureDetail {
        let base = try detail(named: name, framework: framework)
        var architecture = try architecture(named: name)
        if let framework { architecture.framework = framework }
        guard architecture.layers.contains(where: { if case .model = $0.kind { true } else { false } }) else {
            return base
        }
        let (results, _) = try Self.count(architecture, framework: architecture.framework)
        var rows: [LayerSummary] = []
        for (index, layer) in architecture.layers.enumerated() {
            rows.append(base.layers[index])
            if case .model(let model) = layer.kind {
                rows += try Self.nestedRows(
                    model, prefix: layer.name, inputs: Self.inputShapes(of: layer, layers: architecture.layers, results: results),
                    frozen: !layer.isTrainable, framework: architecture.framework, file: name)
            }
        }
        return ArchitectureDetail(summary: base.summary, layers: rows)
    }

    /// The shapes a layer's first call consumes.
    private static func inputShapes(of layer: Layer, layers: [Layer], results: [LayerResult]) -> [TensorShape] {
        let byName = Dictionary(uniqueKeysWithValues: zip(layers.map(\.name), results))
        return (layer.calls.first ?? []).compactMap { reference in
            guard let result = byName[reference.layer], reference.node < result.outputShapes.count,
                  reference.tensor < result.outputShapes[reference.node].count else { return nil }
            return result.outputShapes[reference.node][reference.tensor]
        }
    }

    private static func nestedRows(
        _ model: SubModel, prefix: String, inputs: [TensorShape], frozen: Bool, framework: Framework, file: String
    ) throws(ServiceError) -> [LayerSummary] {
        let (layers, results): ([Layer], [LayerResult])
        do throws(InferenceError) {
            (layers, results) = try Engine.infer(model, inputs: inputs, framework: framework)
        } catch {
            throw .inferenceFailed(file: file, error)
        }
        var rows: [LayerSummary] = []
        for (layer, result) in zip(layers, results) {
            let trainable = frozen ? 0 : result.trainableParameters
            let nonTrainable = frozen ? result.parameters : result.nonTrainableParameters
            rows.append(LayerSummary(
                name: "\(prefix)/\(layer.name)", type: layer.type, outputShapes: result.outputShapes,
                parameters: result.isCounted ? result.parameters : nil,
                trainableParameters: result.isCounted ? trainable : nil,
                nonTrainableParameters: result.isCounted ? nonTrainable : nil,
                macs: result.isCounted ? result.macs : nil,
                inbound: layer.calls.map { call in
                    call.map { TensorReference(layer: "\(prefix)/\($0.layer)", node: $0.node, tensor: $0.tensor) }
                }))
            if case .model(let inner) = layer.kind {
                rows += try nestedRows(
                    inner, prefix: "\(prefix)/\(layer.name)",
                    inputs: inputShapes(of: layer, layers: layers, results: results),
                    frozen: frozen || !layer.isTrainable, framework: framework, file: file)
            }
        }
        return rows
    }
}
