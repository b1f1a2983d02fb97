import CatalogCore
import CatalogStore
import Foundation

/// Runs the engine and fills the cached columns of architecture and layer records.
enum ComputeColumns {
    /// Computes `architecture` and builds its rows, cached columns filled. Config, inbound and
    /// output shape texts are written by ``JSONText``.
    /// - Throws: ``ServiceError/inferenceFailed(file:_:)`` naming the layer at fault.
    static func records(
        for architecture: Architecture, file: String, sourceFormat: String, sourceVersion: String?,
        now: Date = Date()
    ) throws(ServiceError) -> (ArchitectureRecord, [LayerRecord]) {
        let (results, totals) = try compute(architecture, file: file)
        let timestamp = Timestamp.iso8601(now)
        var record = ArchitectureRecord(
            name: architecture.name, description: architecture.description, source: architecture.source,
            tags: JSONText.encode(architecture.tags), framework: architecture.framework.rawValue,
            sourceFormat: sourceFormat, sourceVersion: sourceVersion,
            inputShapes: JSONText.encode(architecture.inputShapes.map(\.dimensions)),
            createdAt: timestamp, updatedAt: timestamp, declaredDType: architecture.declaredDType)
        record.maxPositionEmbeddings = architecture.ropeContext?.maxPositionEmbeddings
        record.ropeScaling = architecture.ropeContext?.ropeScaling
        fill(&record, architecture: architecture, results: results, totals: totals, now: now)
        var layers: [LayerRecord] = []
        layers.reserveCapacity(architecture.layers.count)
        for (position, (layer, result)) in zip(architecture.layers, results).enumerated() {
            var row = LayerRecord(
                position: position, name: layer.name, type: layer.type,
                config: JSONText.encode(layer.config), inbound: JSONText.encode(layer.calls),
                trainable: layer.isTrainable)
            fill(&row, result: result)
            layers.append(row)
        }
        return (record, layers)
    }

    /// Recomputes every architecture whose numbers come from an older engine version.
    /// - Returns: one warning per architecture that could not be recomputed (its numbers are kept).
    /// - Throws: ``ServiceError/store(_:)``.
    static func recomputeOutdated(in database: CatalogDatabase) throws(ServiceError) -> [String] {
        var warnings: [String] = []
        do throws(StoreError) {
            for id in try database.architectureIDs(computedBefore: Engine.computeVersion) {
                guard var record = try database.architecture(id: id) else { continue }
                var layers = try database.layers(ofArchitecture: id)
                // `list`'s Memory is the stored tensors' bytes when the catalog has them.
                let storedBytes = try database.weights(ofArchitecture: id)?.weightBytes
                if WeightColumns.isWeightsOnly(record) {
                    // No graph to compute: its numbers are the stored tensors'.
                    setDefaultWeights(&record, profile: nil, storedBytes: storedBytes)
                    record.computeVersion = Engine.computeVersion
                    try database.updateCachedColumns(architecture: record, layers: layers)
                    continue
                }
                do throws(ServiceError) {
                    let architecture = try RecordDecoding.architecture(of: record, layers: layers)
                    let (results, totals) = try compute(architecture, file: record.name)
                    fill(&record, architecture: architecture, results: results, totals: totals, now: Date())
                    if storedBytes != nil { setDefaultWeights(&record, profile: nil, storedBytes: storedBytes) }
                    for index in layers.indices { fill(&layers[index], result: results[index]) }
                    do {
                        try database.updateCachedColumns(architecture: record, layers: layers)
                    } catch {
                        throw ServiceError.store(error)
                    }
                } catch {
                    warnings.append("could not recompute '\(record.name)': \(error) (its stored numbers are kept; add it again with --replace or remove it with 'catalog remove')")
                }
            }
        } catch {
            throw .store(error)
        }
        return warnings
    }

    private static func compute(
        _ architecture: Architecture, file: String
    ) throws(ServiceError) -> ([LayerResult], ArchitectureTotals) {
        do throws(InferenceError) {
            let results = try Engine.infer(architecture)
            return (results, try Engine.totals(of: architecture, results: results))
        } catch {
            throw .inferenceFailed(file: file, error)
        }
    }

    private static func fill(
        _ record: inout ArchitectureRecord, architecture: Architecture, results: [LayerResult],
        totals: ArchitectureTotals, now: Date
    ) {
        // The model's outputs: tensors no layer consumes.
        let consumed = Set(architecture.layers.flatMap { $0.calls.joined().map(\.layer) })
        let outputs = zip(architecture.layers, results)
            .filter { !consumed.contains($0.0.name) }
            .flatMap { $0.1.outputShapes.joined().map(\.dimensions) }
        record.outputShapes = JSONText.encode(outputs)
        record.totalParams = totals.parameters
        record.trainableParams = totals.trainableParameters
        record.nonTrainableParams = totals.nonTrainableParameters
        record.macs = totals.macs
        record.layerCount = architecture.layers.count
        record.depth = totals.depth
        record.parameterBytes = totals.parameterBytes()
        record.activeParams = totals.activeParameters
        record.activationElements = totals.activationElements
        record.isComplete = totals.isComplete
        record.uncountedLayers = JSONText.encode(totals.uncountedLayers)
        record.assumedLayers = JSONText.encode(totals.assumedShapeLayers)
        record.perStepMACLayers = JSONText.encode(totals.perStepMACLayers)
        record.computeVersion = Engine.computeVersion
        record.computedAt = Timestamp.iso8601(now)
        let profile = MemoryProfile(architecture: architecture, results: results, totals: totals)
        record.memoryFigures = MemoryFiguresRecord(profile.figures)
        setDefaultWeights(&record, profile: profile, storedBytes: nil)
    }

    /// Sets `list`'s Memory (`default_weights_bytes`, `default_weight_type`): the weights term of
    /// `catalog memory` without a type asked (``Memory/defaultWeights(_:)``) — the stored
    /// tensors' bytes when given, else `profile`'s declared dtype (without a profile: the
    /// record's parameters in its declared dtype, else float32).
    static func setDefaultWeights(_ record: inout ArchitectureRecord, profile: MemoryProfile?, storedBytes: Int?) {
        if let storedBytes {
            (record.defaultWeightsBytes, record.defaultWeightType) = (storedBytes, "stored")
            return
        }
        guard let profile = profile ?? record.totalParams.map({ MemoryProfile(parameters: $0, declaredDType: record.declaredDType) }),
              let weights = Memory.defaultWeights(profile) else {
            (record.defaultWeightsBytes, record.defaultWeightType) = (nil, nil)
            return
        }
        (record.defaultWeightsBytes, record.defaultWeightType) = (weights.bytes, weights.type)
    }

    private static func fill(_ row: inout LayerRecord, result: LayerResult) {
        row.outputShapes = JSONText.encode(result.outputShapes)
        guard result.isCounted else {
            // Unknown numbers stay NULL: never stored as 0.
            (row.params, row.trainableParams, row.nonTrainableParams, row.macs) = (nil, nil, nil, nil)
            return
        }
        row.params = result.parameters
        row.trainableParams = result.trainableParameters
        row.nonTrainableParams = result.nonTrainableParameters
        row.macs = result.macs
    }
}

/// One inbound tensor as stored: `["layer", node, tensor]` (Keras' form).
struct InboundEntry: Codable {
    var reference: TensorReference

    init(_ reference: TensorReference) { self.reference = reference }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        reference = TensorReference(
            layer: try container.decode(String.self), node: try container.decode(Int.self),
            tensor: try container.decode(Int.self))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(reference.layer)
        try container.encode(reference.node)
        try container.encode(reference.tensor)
    }
}
