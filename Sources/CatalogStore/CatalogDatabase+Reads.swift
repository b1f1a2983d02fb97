internal import GRDB

// MARK: - Reads

extension CatalogDatabase {
    /// The architecture with this name, compared case-insensitively (`VGG16` finds `vgg16`).
    /// - Parameter name: The name to look for.
    /// - Returns: The record, or `nil` if there is none.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architecture(named name: String) throws(StoreError) -> ArchitectureRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM architectures WHERE \(try Self.nameMatch(db))", arguments: [Self.nameKey(name), name])
                .map { row throws(StoreError) in try ArchitectureRecord(row: row) }
        }
    }

    /// The architecture with this id.
    /// - Parameter id: The row id.
    /// - Returns: The record, or `nil` if there is none.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architecture(id: Int64) throws(StoreError) -> ArchitectureRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM architectures WHERE id = ?", arguments: [id])
                .map { row throws(StoreError) in try ArchitectureRecord(row: row) }
        }
    }

    /// The layers of an architecture, ordered by position.
    /// - Parameter id: The architecture's id.
    /// - Returns: The layers; empty if the architecture has none or does not exist.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func layers(ofArchitecture id: Int64) throws(StoreError) -> [LayerRecord] {
        try read { db in
            // Columns read by position (LayerRecord.init(columnsOf:), SQLiteFastPaths.swift): why
            // in BENCHMARKS.md, "Fast paths kept".
            let statement = try db.cachedStatement(
                sql: "SELECT \(LayerRecord.selectedColumns) FROM layers WHERE architecture_id = ? ORDER BY position")
            let rows = try Row.fetchCursor(statement, arguments: [id])
            var layers: [LayerRecord] = []
            while try rows.next() != nil { layers.append(try LayerRecord(columnsOf: statement.sqliteStatement)) }
            return layers
        }
    }

    /// Every architecture name, sorted case-insensitively (for completion and "did you mean").
    /// - Returns: The names in their stored spelling.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architectureNames() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT name FROM architectures ORDER BY name")
        }
    }

    /// The ids of the architectures whose cached columns were computed by an engine older
    /// than `version`, or never computed, in id order. The service recomputes these.
    /// - Parameter version: The current engine's compute version.
    /// - Returns: The ids with `compute_version` NULL or lower than `version`.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architectureIDs(computedBefore version: Int) throws(StoreError) -> [Int64] {
        // Sorted here: with ORDER BY, SQLite scans the whole table instead of the two index
        // ranges (every command opening a catalog of 100,000 architectures read all of it).
        try read { db in
            try Int64.fetchAll(
                db,
                sql: "SELECT id FROM architectures WHERE compute_version IS NULL OR compute_version < ?",
                arguments: [version])
        }.sorted()
    }

    /// The number of architectures in the catalog.
    /// - Returns: The row count.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architectureCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM architectures") ?? 0 }
    }
}
