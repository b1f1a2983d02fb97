import CatalogCore
internal import GRDB

// MARK: - Reads by position (SQLiteFastPaths.swift): listing row by row, a layer table

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
        try read { db in
            try Self.forEachListedRow(
                db, filter: filter, sort: sort, descending: descending, limit: limit,
                columns: ArchitectureColumn.listedSQL
            ) { _, statement in
                // The cursor's row is a view of the statement: its columns are read directly.
                try body(try ArchitectureRecord(listedColumnsOf: statement.sqliteStatement))
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
                    try LayerRecord(columnsOf: sqliteStatement),
                    columnText(sqliteStatement, LayerRecord.selectedColumnCount) ?? ""))
            }
            return layers
        }
    }
}
