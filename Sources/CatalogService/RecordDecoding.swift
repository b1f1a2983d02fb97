import CatalogCore
import CatalogStore
import CatalogImport

/// Turns stored rows back into values.
enum RecordDecoding {
    static func summary(of record: ArchitectureRecord) throws(ServiceError) -> ArchitectureSummary {
        var cache = JSONText.Cache()
        return try summary(of: record, cache: &cache)
    }

    /// ``summary(of:)`` for one of many rows, the JSON columns' values kept in `cache`.
    static func summary(
        of record: ArchitectureRecord, cache: inout JSONText.Cache
    ) throws(ServiceError) -> ArchitectureSummary {
        func shapes(_ text: String?, _ column: String) throws(ServiceError) -> [TensorShape] {
            guard let text, let dims = cache.decode([[Int?]].self, text) else {
                throw .corruptRow(name: record.name, detail: "column \(column) is not a list of shapes")
            }
            return dims.map(TensorShape.init)
        }
        guard let total = record.totalParams, let trainable = record.trainableParams,
              let nonTrainable = record.nonTrainableParams,
              let layerCount = record.layerCount,
              let bytes = record.parameterBytes else {
            throw .corruptRow(name: record.name, detail: "its numbers have not been computed")
        }
        // A weights-only architecture (WeightColumns) has no graph: MACs and depth are unknown.
        let graphless = WeightColumns.isWeightsOnly(record)
        guard let macs = record.macs ?? (graphless ? 0 : nil), let depth = record.depth ?? (graphless ? 0 : nil) else {
            throw .corruptRow(name: record.name, detail: "its numbers have not been computed")
        }
        var summary = ArchitectureSummary(
            name: record.name, description: record.description, source: record.source,
            tags: cache.decode([String].self, record.tags) ?? [], framework: record.framework,
            sourceFormat: record.sourceFormat, inputShapes: try shapes(record.inputShapes, "input_shapes"),
            outputShapes: try shapes(record.outputShapes, "output_shapes"), totalParameters: total,
            trainableParameters: trainable, nonTrainableParameters: nonTrainable, macs: macs,
            layerCount: layerCount, depth: depth, parameterBytes: bytes,
            activationElements: record.activationElements,
            activeParameters: record.activeParams ?? total,
            uncountedLayers: record.uncountedLayers.flatMap { cache.decode([String].self, $0) } ?? [],
            isWeightsOnly: graphless)
        summary.assumedShapeLayers = record.assumedLayers.flatMap { cache.decode([String].self, $0) } ?? []
        summary.perStepMACLayers = record.perStepMACLayers.flatMap { cache.decode([String].self, $0) } ?? []
        summary.defaultWeightsBytes = record.defaultWeightsBytes
        summary.defaultWeightType = record.defaultWeightType
        return summary
    }

    static func layerSummary(of row: LayerRecord, architecture: String) throws(ServiceError) -> LayerSummary {
        var cache = JSONText.Cache()
        return try layerSummary(of: row, architecture: architecture, cache: &cache)
    }

    /// What the next row may share with a row, so that it is not decoded again.
    struct PreviousLayer {
        /// The layer's name.
        var name: String
        /// The `inbound` text of a layer fed by this one alone
        /// (``CatalogDatabase/layersWithSuccessorInbound(ofArchitecture:)``).
        var successorInbound: String
        /// The layer's `output_shapes` text and its value.
        var outputShapesText: String?
        var outputShapes: [[TensorShape]]
    }

    /// ``layerSummary(of:architecture:)`` for one of many rows, output shapes kept in `cache`.
    ///
    /// When the row's `inbound` text is `previous.successorInbound`, the layer is fed by tensor
    /// 0 of node 0 of the previous layer alone, and the text is not parsed: equal texts hold
    /// equal values. Otherwise (an input layer, several inputs or calls, a name escaped
    /// differently) it is parsed. Output shapes written as the previous layer's are its value.
    static func layerSummary(
        of row: LayerRecord, architecture: String, cache: inout JSONText.Cache, previous: PreviousLayer? = nil
    ) throws(ServiceError) -> LayerSummary {
        let outputShapes: [[TensorShape]]
        if let previous, let text = row.outputShapes, text == previous.outputShapesText {
            outputShapes = previous.outputShapes
        } else if let text = row.outputShapes, let shapes = cache.decode([[[Int?]]].self, text) {
            outputShapes = shapes.map { $0.map(TensorShape.init) }
        } else {
            throw .corruptRow(name: architecture, detail: "layer '\(row.name)' has no computed output shape")
        }
        return LayerSummary(
            name: row.name, type: row.type, outputShapes: outputShapes, parameters: row.params,
            trainableParameters: row.trainableParams, nonTrainableParameters: row.nonTrainableParams,
            macs: row.macs,
            inbound: try inbound(of: row, architecture: architecture, previous: previous))
    }

    /// ``inbound(of:architecture:)``, without parsing when the layer is fed by `previous` alone.
    static func inbound(
        of row: LayerRecord, architecture: String, previous: PreviousLayer?
    ) throws(ServiceError) -> [[TensorReference]] {
        if let previous, row.inbound == previous.successorInbound {
            return [[TensorReference(layer: previous.name, node: 0, tensor: 0)]]
        }
        return try inbound(of: row, architecture: architecture)
    }

    static func inbound(of row: LayerRecord, architecture: String) throws(ServiceError) -> [[TensorReference]] {
        guard let calls = JSONText.decode([[InboundEntry]].self, row.inbound) else {
            throw .corruptRow(name: architecture, detail: "layer '\(row.name)' has unreadable inbound layers")
        }
        return calls.map { $0.map(\.reference) }
    }

    /// Rebuilds the engine's value from rows; configs are re-parsed by the engine's rules.
    static func architecture(
        of record: ArchitectureRecord, layers rows: [LayerRecord]
    ) throws(ServiceError) -> Architecture {
        guard !WeightColumns.isWeightsOnly(record) else {
            throw .importFailed(ImportError(
                file: record.name,
                problem: "holds weights only (read from a bare \(record.sourceFormat) file), not the model's layers, so there is nothing to compute from; adding its checkpoint folder (config.json beside the weights) gives the architecture. show and query list its modules and tensors"))
        }
        var layers: [Layer] = []
        layers.reserveCapacity(rows.count)
        for row in rows {
            guard let config = JSONText.decode([String: ConfigValue].self, row.config) else {
                throw .corruptRow(name: record.name, detail: "layer '\(row.name)' has an unreadable config")
            }
            let calls = try inbound(of: row, architecture: record.name)
            do throws(ConfigError) {
                layers.append(try Layer(
                    name: row.name, type: row.type, config: config,
                    calls: calls, isTrainable: row.trainable,
                    options: .lenient))
            } catch {
                throw .corruptRow(name: record.name, detail: "layer '\(row.name)': \(error)")
            }
        }
        var architecture = Architecture(
            name: record.name, description: record.description, source: record.source,
            tags: JSONText.decode([String].self, record.tags) ?? [],
            framework: Framework(rawValue: record.framework) ?? .keras, layers: layers,
            declaredDType: record.declaredDType)
        architecture.ropeContext = record.maxPositionEmbeddings.map {
            RoPEContext(maxPositionEmbeddings: $0, ropeScaling: record.ropeScaling)
        }
        return architecture
    }
}
