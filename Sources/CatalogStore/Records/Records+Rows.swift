internal import GRDB

// MARK: - Rows to records, records to arguments

extension ArchitectureRecord {
    /// The columns written by an insert, in the order of ``insertArguments``.
    static let insertColumns = [
        "name", "description", "source", "tags", "framework", "source_format", "source_version",
        "document", "input_shapes", "created_at", "updated_at", "name_key",
    ] + cachedColumns

    /// The cached columns, in the order of ``cachedArguments``.
    static let cachedColumns = [
        "output_shapes", "total_params", "trainable_params", "non_trainable_params", "macs",
        "layer_count", "depth", "parameter_bytes", "activation_elements", "compute_version",
        "computed_at", "is_complete", "uncounted_layers", "active_params",
    ]

    init(row: Row) {
        self.init(
            id: row["id"],
            name: row["name"],
            description: row["description"],
            source: row["source"],
            tags: row["tags"],
            framework: row["framework"],
            sourceFormat: row["source_format"],
            sourceVersion: row["source_version"],
            document: row["document"],
            inputShapes: row["input_shapes"],
            createdAt: row["created_at"],
            updatedAt: row["updated_at"],
            outputShapes: row["output_shapes"],
            totalParams: row["total_params"],
            trainableParams: row["trainable_params"],
            nonTrainableParams: row["non_trainable_params"],
            macs: row["macs"],
            layerCount: row["layer_count"],
            depth: row["depth"],
            parameterBytes: row["parameter_bytes"],
            activationElements: row["activation_elements"],
            computeVersion: row["compute_version"],
            computedAt: row["computed_at"],
            isComplete: row["is_complete"],
            uncountedLayers: row["uncounted_layers"],
            activeParams: row["active_params"])
    }

    var insertArguments: StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [
            name, description, source, tags, framework, sourceFormat, sourceVersion,
            document, inputShapes, createdAt, updatedAt, CatalogDatabase.nameKey(name),
        ]
        return StatementArguments(values) + cachedArguments
    }

    var cachedArguments: StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [
            outputShapes, totalParams, trainableParams, nonTrainableParams, macs,
            layerCount, depth, parameterBytes, activationElements, computeVersion, computedAt,
            isComplete, uncountedLayers, activeParams,
        ]
        return StatementArguments(values)
    }
}

extension LayerRecord {
    /// The columns written by an insert, in the order ``LayerRowInserter`` binds them.
    static let insertColumns = [
        "architecture_id", "position", "name", "type", "config", "inbound", "trainable",
    ] + cachedColumns

    /// The cached columns, in the order of ``cachedArguments``.
    static let cachedColumns = [
        "output_shapes", "params", "trainable_params", "non_trainable_params", "macs",
    ]

    init(row: Row) {
        self.init(
            id: row["id"],
            architectureID: row["architecture_id"],
            position: row["position"],
            name: row["name"],
            type: row["type"],
            config: row["config"],
            inbound: row["inbound"],
            trainable: row["trainable"],
            outputShapes: row["output_shapes"],
            params: row["params"],
            trainableParams: row["trainable_params"],
            nonTrainableParams: row["non_trainable_params"],
            macs: row["macs"])
    }

    var cachedArguments: StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [
            outputShapes, params, trainableParams, nonTrainableParams, macs,
        ]
        return StatementArguments(values)
    }
}
