internal import GRDB

// MARK: - Rows to records, records to arguments

extension ArchitectureRecord {
    /// The columns written by an insert, in the order of ``insertArguments``.
    static let insertColumns = [
        "name", "description", "source", "tags", "framework", "source_format", "source_version",
        "document", "input_shapes", "created_at", "updated_at", "name_key", "declared_dtype",
    ] + cachedColumns

    /// The cached columns, in the order of ``cachedArguments``.
    static let cachedColumns = [
        "output_shapes", "total_params", "trainable_params", "non_trainable_params", "macs",
        "layer_count", "depth", "parameter_bytes", "activation_elements", "compute_version",
        "computed_at", "is_complete", "uncounted_layers", "assumed_layers",
        "active_params",
    ]

    /// - Throws: ``StoreError/underlying(_:)`` naming the row and column of a value of the wrong
    ///   type (a hand-edited database), instead of GRDB's trap.
    init(row: Row) throws(StoreError) {
        let table = "architectures"
        try self.init(
            id: row.checked("id", table: table),
            name: row.checked("name", table: table),
            description: row.checked("description", table: table),
            source: row.checked("source", table: table),
            tags: row.checked("tags", table: table),
            framework: row.checked("framework", table: table),
            sourceFormat: row.checked("source_format", table: table),
            sourceVersion: row.checked("source_version", table: table),
            document: row.checked("document", table: table),
            inputShapes: row.checked("input_shapes", table: table),
            createdAt: row.checked("created_at", table: table),
            updatedAt: row.checked("updated_at", table: table),
            outputShapes: row.checked("output_shapes", table: table),
            totalParams: row.checked("total_params", table: table),
            trainableParams: row.checked("trainable_params", table: table),
            nonTrainableParams: row.checked("non_trainable_params", table: table),
            macs: row.checked("macs", table: table),
            layerCount: row.checked("layer_count", table: table),
            depth: row.checked("depth", table: table),
            parameterBytes: row.checked("parameter_bytes", table: table),
            activationElements: row.checked("activation_elements", table: table),
            computeVersion: row.checked("compute_version", table: table),
            computedAt: row.checked("computed_at", table: table),
            isComplete: row.checked("is_complete", table: table),
            uncountedLayers: row.checked("uncounted_layers", table: table),
            assumedLayers: row.checked("assumed_layers", table: table),
            activeParams: row.checked("active_params", table: table),
            declaredDType: row.checked("declared_dtype", table: table))
    }

    var insertArguments: StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [
            name, description, source, tags, framework, sourceFormat, sourceVersion,
            document, inputShapes, createdAt, updatedAt, CatalogDatabase.nameKey(name), declaredDType,
        ]
        return StatementArguments(values) + cachedArguments
    }

    var cachedArguments: StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [
            outputShapes, totalParams, trainableParams, nonTrainableParams, macs,
            layerCount, depth, parameterBytes, activationElements, computeVersion, computedAt,
            isComplete, uncountedLayers, assumedLayers, activeParams,
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

    /// - Throws: as ``ArchitectureRecord/init(row:)``.
    init(row: Row) throws(StoreError) {
        let table = "layers"
        try self.init(
            id: row.checked("id", table: table),
            architectureID: row.checked("architecture_id", table: table),
            position: row.checked("position", table: table),
            name: row.checked("name", table: table),
            type: row.checked("type", table: table),
            config: row.checked("config", table: table),
            inbound: row.checked("inbound", table: table),
            trainable: row.checked("trainable", table: table),
            outputShapes: row.checked("output_shapes", table: table),
            params: row.checked("params", table: table),
            trainableParams: row.checked("trainable_params", table: table),
            nonTrainableParams: row.checked("non_trainable_params", table: table),
            macs: row.checked("macs", table: table))
    }

    var cachedArguments: StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [
            outputShapes, params, trainableParams, nonTrainableParams, macs,
        ]
        return StatementArguments(values)
    }
}

extension Row {
    /// The value of `column` as `Value`, or a ``StoreError`` naming the table, the row's id and
    /// the column when the stored value has another type (GRDB's subscript would trap).
    func checked<Value: DatabaseValueConvertible>(_ column: String, table: String) throws(StoreError) -> Value {
        do {
            return try decode(Value.self, forColumn: column)
        } catch {
            let id = (self["id"] as DatabaseValue).storage.value.map { "\($0)" } ?? "?"
            let raw = self[column] as DatabaseValue
            throw CatalogDatabase.notAnInteger(table: table, id: id, column: column, value: raw.isNull ? "NULL" : "\(raw)")
        }
    }
}

extension CatalogDatabase {
    /// The error for a stored value of the wrong type: names the table, row and column and says
    /// what to do (the database was changed outside catalog).
    static func notAnInteger(table: String, id: String, column: String, value: String) -> StoreError {
        let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
        let remedy = table == "layers"
            ? "remove its architecture with 'catalog remove' and add it again"
            : "set it right with sqlite3, or remove the architecture with 'catalog remove'"
        return .underlying("table \(table), row id \(id), column \(column): the stored value \(shown) is not of the column's type (the database was edited outside catalog); \(remedy)")
    }
}
