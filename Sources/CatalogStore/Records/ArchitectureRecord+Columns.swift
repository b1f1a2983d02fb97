internal import GRDB

// MARK: - The `architectures` columns, defined once

/// The columns of `architectures` that ``ArchitectureRecord`` reads and writes, in the
/// record's order. Every list of columns (the insert, the cached columns, the listing) and
/// every mapping between a column and a property (``ArchitectureRecord/value(of:)``,
/// ``ArchitectureRecord/read(_:from:)``) is derived from this enum; the exhaustive
/// `switch`es make a new case fail to compile until it is mapped both ways.
///
/// `name_key` (written with the row, from the name) and the weight columns of migration 0006
/// (written with the row from ``ArchitectureRecord/weights`` by
/// ``CatalogDatabase/insert(_:layers:replace:_:)``) are not record properties.
enum ArchitectureColumn: Int32, CaseIterable {
    case id, name, description, source, tags, framework, sourceFormat, sourceVersion, document
    case inputShapes, createdAt, updatedAt, declaredDType, maxPositionEmbeddings, ropeScaling
    // The cached columns (computed by the service).
    case outputShapes, totalParams, trainableParams, nonTrainableParams, macs, layerCount, depth
    case parameterBytes, activationElements, computeVersion, computedAt, isComplete
    case uncountedLayers, assumedLayers, activeParams, perStepMACLayers, defaultWeightsBytes, defaultWeightType

    /// The column's name in SQL.
    var sqlName: String {
        switch self {
        case .id: "id"
        case .name: "name"
        case .description: "description"
        case .source: "source"
        case .tags: "tags"
        case .framework: "framework"
        case .sourceFormat: "source_format"
        case .sourceVersion: "source_version"
        case .document: "document"
        case .inputShapes: "input_shapes"
        case .createdAt: "created_at"
        case .updatedAt: "updated_at"
        case .declaredDType: "declared_dtype"
        case .maxPositionEmbeddings: "max_position_embeddings"
        case .ropeScaling: "rope_scaling"
        case .outputShapes: "output_shapes"
        case .totalParams: "total_params"
        case .trainableParams: "trainable_params"
        case .nonTrainableParams: "non_trainable_params"
        case .macs: "macs"
        case .layerCount: "layer_count"
        case .depth: "depth"
        case .parameterBytes: "parameter_bytes"
        case .activationElements: "activation_elements"
        case .computeVersion: "compute_version"
        case .computedAt: "computed_at"
        case .isComplete: "is_complete"
        case .uncountedLayers: "uncounted_layers"
        case .assumedLayers: "assumed_layers"
        case .activeParams: "active_params"
        case .perStepMACLayers: "per_step_mac_layers"
        case .defaultWeightsBytes: "default_weights_bytes"
        case .defaultWeightType: "default_weight_type"
        }
    }

    /// The columns the compute service fills (`output_shapes` … `per_step_mac_layers`).
    static let cached = allCases.filter { $0.rawValue >= outputShapes.rawValue }

    /// The columns an insert writes besides `name_key`: all but the row id.
    static let inserted = allCases.filter { $0 != .id }

    /// The columns a listing reads (``CatalogDatabase/forEachArchitecture(matching:sortedBy:descending:limit:_:)``):
    /// not `document` (the original file), `source_version`, the timestamps, `compute_version`
    /// `declared_dtype`, or `is_complete` (`uncounted_layers` says it). Each string read costs more than SQLite's step.
    static let listed = allCases.filter {
        ![
            .document, .sourceVersion, .createdAt, .updatedAt, .declaredDType, .maxPositionEmbeddings, .ropeScaling,
            .computeVersion, .computedAt, .isComplete,
        ].contains($0)
    }

    /// `listed` as a select list.
    static let listedSQL = listed.map(\.sqlName).joined(separator: ", ")
}

/// Where a record's columns are read from: a GRDB `Row` by name, or a statement's current row
/// by position.
protocol ColumnSource {
    /// The text of `column` (`nil` for NULL).
    func text(_ column: ArchitectureColumn, at position: Int32) throws(StoreError) -> String?
    /// The integer of `column` (`nil` for NULL); throws naming the row and column for another type.
    func integer(_ column: ArchitectureColumn, at position: Int32) throws(StoreError) -> Int?
}

/// A row fetched by GRDB, read by column name (so `SELECT *` of an older schema reads too).
struct RowColumns: ColumnSource {
    let row: Row

    func text(_ column: ArchitectureColumn, at position: Int32) throws(StoreError) -> String? {
        try row.checked(column.sqlName, table: "architectures")
    }

    func integer(_ column: ArchitectureColumn, at position: Int32) throws(StoreError) -> Int? {
        try row.checked(column.sqlName, table: "architectures")
    }
}

/// The current row of a statement, read by position through SQLite's C API (GRDB's `Row`
/// subscripts cost more than the values).
struct StatementColumns: ColumnSource {
    let statement: OpaquePointer

    func text(_ column: ArchitectureColumn, at position: Int32) throws(StoreError) -> String? {
        columnText(statement, position)
    }

    func integer(_ column: ArchitectureColumn, at position: Int32) throws(StoreError) -> Int? {
        try columnInteger(statement, position, table: "architectures")
    }
}

extension ArchitectureRecord {
    /// The value bound for `column` when writing the record.
    func value(of column: ArchitectureColumn) -> (any DatabaseValueConvertible)? {
        switch column {
        case .id: id
        case .name: name
        case .description: description
        case .source: source
        case .tags: tags
        case .framework: framework
        case .sourceFormat: sourceFormat
        case .sourceVersion: sourceVersion
        case .document: document
        case .inputShapes: inputShapes
        case .createdAt: createdAt
        case .updatedAt: updatedAt
        case .declaredDType: declaredDType
        case .maxPositionEmbeddings: maxPositionEmbeddings
        case .ropeScaling: ropeScaling
        case .outputShapes: outputShapes
        case .totalParams: totalParams
        case .trainableParams: trainableParams
        case .nonTrainableParams: nonTrainableParams
        case .macs: macs
        case .layerCount: layerCount
        case .depth: depth
        case .parameterBytes: parameterBytes
        case .activationElements: activationElements
        case .computeVersion: computeVersion
        case .computedAt: computedAt
        case .isComplete: isComplete
        case .uncountedLayers: uncountedLayers
        case .assumedLayers: assumedLayers
        case .activeParams: activeParams
        case .perStepMACLayers: perStepMACLayers
        case .defaultWeightsBytes: defaultWeightsBytes
        case .defaultWeightType: defaultWeightType
        }
    }

    /// Sets the property of `column` from `source`. A NULL in a column the schema declares
    /// NOT NULL reads as the property's default (empty text, `[]`).
    mutating func read(_ column: ArchitectureColumn, at position: Int32, from reader: some ColumnSource) throws(StoreError) {
        func text() throws(StoreError) -> String? { try reader.text(column, at: position) }
        func integer() throws(StoreError) -> Int? { try reader.integer(column, at: position) }
        switch column {
        case .id: id = try integer().map(Int64.init)
        case .name: name = try text() ?? ""
        case .description: description = try text()
        case .source: source = try text()
        case .tags: tags = try text() ?? "[]"
        case .framework: framework = try text() ?? ""
        case .sourceFormat: sourceFormat = try text() ?? ""
        case .sourceVersion: sourceVersion = try text()
        case .document: document = try text()
        case .inputShapes: inputShapes = try text() ?? "[]"
        case .createdAt: createdAt = try text() ?? ""
        case .updatedAt: updatedAt = try text() ?? ""
        case .declaredDType: declaredDType = try text()
        case .maxPositionEmbeddings: maxPositionEmbeddings = try integer()
        case .ropeScaling: ropeScaling = try text()
        case .outputShapes: outputShapes = try text()
        case .totalParams: totalParams = try integer()
        case .trainableParams: trainableParams = try integer()
        case .nonTrainableParams: nonTrainableParams = try integer()
        case .macs: macs = try integer()
        case .layerCount: layerCount = try integer()
        case .depth: depth = try integer()
        case .parameterBytes: parameterBytes = try integer()
        case .activationElements: activationElements = try integer()
        case .computeVersion: computeVersion = try integer()
        case .computedAt: computedAt = try text()
        case .isComplete: isComplete = try integer().map { $0 != 0 }
        case .uncountedLayers: uncountedLayers = try text()
        case .assumedLayers: assumedLayers = try text()
        case .activeParams: activeParams = try integer()
        case .perStepMACLayers: perStepMACLayers = try text()
        case .defaultWeightsBytes: defaultWeightsBytes = try integer()
        case .defaultWeightType: defaultWeightType = try text()
        }
    }

    /// A record with every property empty, for ``read(_:at:from:)`` to fill.
    private static var empty: ArchitectureRecord {
        ArchitectureRecord(name: "", tags: "[]", framework: "", sourceFormat: "", inputShapes: "[]", createdAt: "", updatedAt: "")
    }

    /// A record from a row of `SELECT *` (or any select naming the columns), read by name.
    /// - Throws: ``StoreError/underlying(_:)`` naming the row and column of a value of the wrong
    ///   type (a hand-edited database), instead of GRDB's trap.
    init(row: Row) throws(StoreError) {
        self = Self.empty
        let source = RowColumns(row: row)
        for column in ArchitectureColumn.allCases { try read(column, at: column.rawValue, from: source) }
    }

    /// A record from the current row of a statement selecting ``ArchitectureColumn/listedSQL``,
    /// read by position; the columns not listed are left empty or `nil`.
    /// - Throws: ``StoreError/underlying(_:)`` naming the table, row and column of a count that
    ///   is not an integer (a hand-edited database).
    init(listedColumnsOf statement: OpaquePointer) throws(StoreError) {
        self = Self.empty
        let source = StatementColumns(statement: statement)
        for (position, column) in ArchitectureColumn.listed.enumerated() {
            try read(column, at: Int32(position), from: source)
        }
    }

    /// The columns written by an insert, in the order of ``insertArguments``.
    static let insertColumns = ArchitectureColumn.inserted.map(\.sqlName) + ["name_key"]

    /// The values of ``insertColumns``.
    var insertArguments: StatementArguments {
        StatementArguments(ArchitectureColumn.inserted.map(value(of:)) + [CatalogDatabase.nameKey(name)])
    }

    /// The cached columns, in the order of ``cachedArguments``.
    static let cachedColumns = ArchitectureColumn.cached.map(\.sqlName)

    /// The values of ``cachedColumns``.
    var cachedArguments: StatementArguments {
        StatementArguments(ArchitectureColumn.cached.map(value(of:)))
    }
}
