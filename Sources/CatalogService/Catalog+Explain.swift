import CatalogCore

extension Catalog {
    /// The worked formulas of an architecture's layers (see ``LayerExplanation``), recounted
    /// from the stored layers under the architecture's convention or `framework`.
    /// - Parameters:
    ///   - name: the architecture (case-insensitive).
    ///   - layer: one layer's name (exact, else case-insensitive), or `nil` for every layer.
    /// - Returns: one explanation per layer, in the architecture's order (one when `layer` is given).
    /// - Throws: ``ServiceError/notFound(name:suggestions:)`` for an unknown architecture,
    ///   ``ServiceError/layerNotFound(architecture:layer:suggestions:)`` (exit 66, with close
    ///   layer names) for an unknown layer, ``ServiceError/inferenceFailed(file:_:)``.
    public func explanation(
        named name: String, layer: String? = nil, framework: Framework? = nil
    ) throws(ServiceError) -> [LayerExplanation] {
        var architecture = try architecture(named: name)
        if let framework { architecture.framework = framework }
        var wanted: Int?
        if let layer {
            let names = architecture.layers.map(\.name)
            guard let index = names.firstIndex(of: layer)
                ?? names.firstIndex(where: { $0.lowercased() == layer.lowercased() }) else {
                throw .layerNotFound(
                    architecture: architecture.name, layer: layer,
                    suggestions: Suggestions.closeNames(to: layer, among: names))
            }
            wanted = index
        }
        let (results, _) = try Self.count(architecture, framework: architecture.framework)
        let explanations = Engine.explain(architecture, results: results)
        return wanted.map { [explanations[$0]] } ?? explanations
    }
}
