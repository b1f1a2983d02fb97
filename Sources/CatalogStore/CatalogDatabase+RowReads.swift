internal import GRDB
internal import GRDBSQLite

// MARK: - Reads by position through SQLite's C API: listing row by row, a layer table

extension CatalogDatabase {
    /// ``architectures(matching:sortedBy:descending:limit:)`` one record at a time, in the same
    /// order, as SQLite produces them: memory does not grow with the number of rows, and the
    /// first row is handed over before the last is read.
    ///
    /// The records carry what a listing shows: not `document` (the original file), nor
    /// `source_version`, the timestamps, `compute_version` or `is_complete` (`uncounted_layers`
    /// says it), which are left `nil` or empty. Each string read costs more than SQLite's step.
    /// - Parameters:
    ///   - body: Called with each record; an error it throws stops the listing and is rethrown
    ///     as ``StoreError/underlying(_:)`` unless it is a ``StoreError``.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func forEachArchitecture(
        matching filter: ArchitectureFilter = .all,
        sortedBy sort: ArchitectureSort = .name,
        descending: Bool = false,
        limit: Int? = nil,
        _ body: (ArchitectureRecord) throws -> Void
    ) throws(StoreError) {
        let statements = Self.listingSQL(
            filter: filter, sort: sort, descending: descending, limit: limit,
            columns: ArchitectureRecord.listedColumns.joined(separator: ", "))
        try read { db in
            var count = 0
            for (sql, values) in statements {
                var arguments = StatementArguments(values)
                if let limit {
                    if count >= limit { break }
                    arguments += [limit - count]
                }
                let statement = try db.cachedStatement(sql: sql)
                let rows = try Row.fetchCursor(statement, arguments: arguments)
                while try rows.next() != nil {
                    // The cursor's row is a view of the statement: its columns are read directly.
                    try body(ArchitectureRecord(listedColumnsOf: statement.sqliteStatement))
                    count += 1
                }
            }
        }
    }
}

extension CatalogDatabase {
    /// ``layers(ofArchitecture:)`` with, for each layer, the `inbound` text SQLite writes for a
    /// layer fed by that one alone: `json_array(json_array(json_array(name, 0, 0)))`, e.g.
    /// `[[["conv1",0,0]]]` for `conv1`.
    ///
    /// Most layers are fed by the layer before them alone, and their stored `inbound` is then
    /// usually this very text: a reader comparing the two texts knows such a layer's inbound
    /// tensors without parsing JSON. When the texts differ (several inputs, another node or
    /// tensor, a name the writers escape differently), the reader parses `inbound` as usual.
    /// - Parameter id: The architecture's id.
    /// - Returns: The layers ordered by position, each with its successor's text.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func layersWithSuccessorInbound(
        ofArchitecture id: Int64
    ) throws(StoreError) -> [(layer: LayerRecord, successorInbound: String)] {
        try read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT \(LayerRecord.selectedColumns), json_array(json_array(json_array(name, 0, 0)))
                FROM layers WHERE architecture_id = ? ORDER BY position
                """)
            let rows = try Row.fetchCursor(statement, arguments: [id])
            var layers: [(layer: LayerRecord, successorInbound: String)] = []
            while try rows.next() != nil {
                let sqliteStatement = statement.sqliteStatement
                layers.append((
                    LayerRecord(columnsOf: sqliteStatement),
                    columnText(sqliteStatement, LayerRecord.selectedColumnCount) ?? ""))
            }
            return layers
        }
    }
}

extension ArchitectureRecord {
    /// The columns ``CatalogDatabase/forEachArchitecture(matching:sortedBy:descending:limit:_:)``
    /// selects, in the order ``init(listedColumnsOf:)`` reads them.
    static let listedColumns = [
        "id", "name", "description", "source", "tags", "framework", "source_format", "input_shapes",
        "output_shapes", "total_params", "trainable_params", "non_trainable_params", "macs",
        "layer_count", "depth", "parameter_bytes", "activation_elements", "uncounted_layers", "active_params",
    ]

    /// A record from the current row of a statement selecting ``listedColumns``, read by
    /// position through SQLite's C API (GRDB's `Row` subscripts cost more than the values).
    init(listedColumnsOf statement: OpaquePointer) {
        let text = { (column: Int32) in columnText(statement, column) }
        let integer = { (column: Int32) in columnInteger(statement, column) }
        self.init(
            id: Int64(integer(0) ?? 0), name: text(1) ?? "", description: text(2), source: text(3),
            tags: text(4) ?? "[]", framework: text(5) ?? "", sourceFormat: text(6) ?? "",
            inputShapes: text(7) ?? "[]", createdAt: "", updatedAt: "", outputShapes: text(8),
            totalParams: integer(9), trainableParams: integer(10), nonTrainableParams: integer(11),
            macs: integer(12), layerCount: integer(13), depth: integer(14), parameterBytes: integer(15),
            activationElements: integer(16), uncountedLayers: text(17), activeParams: integer(18))
    }
}

extension LayerRecord {
    /// Every column of `layers`, in the order ``init(columnsOf:)`` reads them.
    static let selectedColumns = (["id", "architecture_id"] + insertColumns.dropFirst()).joined(separator: ", ")

    /// The number of columns in ``selectedColumns``.
    static let selectedColumnCount = Int32(insertColumns.count + 1)

    /// A record from the current row of a statement selecting ``selectedColumns``, read by
    /// position through SQLite's C API.
    init(columnsOf statement: OpaquePointer) {
        self.init(
            id: columnInteger(statement, 0).map(Int64.init), architectureID: columnInteger(statement, 1).map(Int64.init),
            position: columnInteger(statement, 2) ?? 0, name: columnText(statement, 3) ?? "",
            type: columnText(statement, 4) ?? "", config: columnText(statement, 5) ?? "{}",
            inbound: columnText(statement, 6) ?? "[]", trainable: columnInteger(statement, 7) != 0,
            outputShapes: columnText(statement, 8), params: columnInteger(statement, 9),
            trainableParams: columnInteger(statement, 10), nonTrainableParams: columnInteger(statement, 11),
            macs: columnInteger(statement, 12))
    }
}

/// A text column of the statement's current row; `nil` for NULL.
private func columnText(_ statement: OpaquePointer, _ column: Int32) -> String? {
    guard let characters = sqlite3_column_text(statement, column) else { return nil }
    let count = Int(sqlite3_column_bytes(statement, column))
    return String(decoding: UnsafeBufferPointer(start: characters, count: count), as: UTF8.self)
}

/// An integer column of the statement's current row; `nil` for NULL.
private func columnInteger(_ statement: OpaquePointer, _ column: Int32) -> Int? {
    sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(statement, column))
}
