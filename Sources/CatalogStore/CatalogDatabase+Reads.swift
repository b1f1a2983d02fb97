internal import GRDB

// MARK: - Reads

extension CatalogDatabase {
    /// The architecture with this name, compared case-insensitively (`VGG16` finds `vgg16`).
    /// - Parameter name: The name to look for.
    /// - Returns: The record, or `nil` if there is none.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architecture(named name: String) throws(StoreError) -> ArchitectureRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM architectures WHERE name = ?", arguments: [name])
                .map(ArchitectureRecord.init(row:))
        }
    }

    /// The architecture with this id.
    /// - Parameter id: The row id.
    /// - Returns: The record, or `nil` if there is none.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architecture(id: Int64) throws(StoreError) -> ArchitectureRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM architectures WHERE id = ?", arguments: [id])
                .map(ArchitectureRecord.init(row:))
        }
    }

    /// The layers of an architecture, ordered by position.
    /// - Parameter id: The architecture's id.
    /// - Returns: The layers; empty if the architecture has none or does not exist.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func layers(ofArchitecture id: Int64) throws(StoreError) -> [LayerRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM layers WHERE architecture_id = ? ORDER BY position",
                arguments: [id]
            ).map(LayerRecord.init(row:))
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

    /// The architectures that pass `filter`, in the order `sort` gives, at most `limit` of them.
    ///
    /// Ties are broken by name (ascending, case-insensitive); rows whose sort value is not
    /// computed yet come last in either direction. The parameter bounds are a range scan of
    /// the `total_params` index.
    /// - Parameters:
    ///   - filter: Inclusive bounds on `total_params`; ``ArchitectureFilter/all`` keeps every row.
    ///   - sort: The column to order by.
    ///   - descending: Largest (or last name) first.
    ///   - limit: The most rows returned; `nil` for all. Must not be negative.
    /// - Returns: The records.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architectures(
        matching filter: ArchitectureFilter = .all,
        sortedBy sort: ArchitectureSort = .name,
        descending: Bool = false,
        limit: Int? = nil
    ) throws(StoreError) -> [ArchitectureRecord] {
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if let minParams = filter.minParams {
            conditions.append("total_params >= ?")
            values.append(minParams)
        }
        if let maxParams = filter.maxParams {
            conditions.append("total_params <= ?")
            values.append(maxParams)
        }
        let direction = descending ? "DESC" : "ASC"
        let order: String
        switch sort {
        case .name: order = "name \(direction)"
        case .params: order = "total_params \(direction) NULLS LAST, name ASC"
        case .macs: order = "macs \(direction) NULLS LAST, name ASC"
        case .layers: order = "layer_count \(direction) NULLS LAST, name ASC"
        }
        var sql = "SELECT * FROM architectures"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY " + order
        if let limit {
            sql += " LIMIT ?"
            values.append(max(limit, 0))
        }
        let arguments = StatementArguments(values)
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(ArchitectureRecord.init(row:))
        }
    }

    /// The ids of the architectures whose cached columns were computed by an engine older
    /// than `version`, or never computed, in id order. The service recomputes these.
    /// - Parameter version: The current engine's compute version.
    /// - Returns: The ids with `compute_version` NULL or lower than `version`.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architectureIDs(computedBefore version: Int) throws(StoreError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                db,
                sql: "SELECT id FROM architectures WHERE compute_version IS NULL OR compute_version < ? ORDER BY id",
                arguments: [version])
        }
    }

    /// The number of architectures in the catalog.
    /// - Returns: The row count.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architectureCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM architectures") ?? 0 }
    }
}
