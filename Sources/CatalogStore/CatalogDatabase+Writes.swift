internal import GRDB

// MARK: - Writes

extension CatalogDatabase {
    /// Inserts an architecture and its layers, cached columns included, in one transaction,
    /// so no reader ever sees it without its numbers.
    ///
    /// The records' `id` and `architectureID` are ignored: the row gets a new id and the
    /// layers point to it. With `replace`, an existing architecture of the same name (compared
    /// case-insensitively) is deleted with its layers in the same transaction.
    /// - Parameters:
    ///   - architecture: The architecture row.
    ///   - layers: Its layers; positions and names must be unique.
    ///   - replace: Whether an existing architecture of the same name is replaced.
    /// - Returns: The new architecture id.
    /// - Throws: ``StoreError/duplicateName(_:)`` (with the stored name) if the name exists
    ///   and `replace` is false; ``StoreError/constraint(_:)`` for duplicate layer names or
    ///   positions, a negative count or invalid JSON; nothing is written then.
    @discardableResult
    public func saveArchitecture(
        _ architecture: ArchitectureRecord, layers: [LayerRecord], replace: Bool
    ) throws(StoreError) -> Int64 {
        try write { db in try Self.insert(architecture, layers: layers, replace: replace, db) }
    }

    /// Inserts many architectures with their layers in one transaction (for seeding):
    /// either all are saved or none.
    /// - Parameters:
    ///   - items: Each architecture with its layers.
    ///   - replace: Whether an existing architecture of the same name is replaced; a later
    ///     item also replaces an earlier one of the same name.
    /// - Returns: The new ids, in the order of `items`.
    /// - Throws: As ``saveArchitecture(_:layers:replace:)``, for the first item that fails.
    @discardableResult
    public func saveArchitectures(
        _ items: [(ArchitectureRecord, [LayerRecord])], replace: Bool
    ) throws(StoreError) -> [Int64] {
        try write { db in
            try items.map { architecture, layers in
                try Self.insert(architecture, layers: layers, replace: replace, db)
            }
        }
    }

    /// Deletes an architecture (name compared case-insensitively) and, by cascade, its layers.
    /// - Parameter name: The architecture's name.
    /// - Returns: Whether an architecture was deleted.
    /// - Throws: A ``StoreError`` if the database cannot be written.
    @discardableResult
    public func deleteArchitecture(named name: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM architectures WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// Overwrites the cached columns (`output_shapes` … `computed_at`) of an existing
    /// architecture and of its layers, in one transaction. Other columns are left alone.
    /// - Parameters:
    ///   - architecture: Identified by its `id`; its cached properties are written.
    ///   - layers: Matched by `position` within that architecture; their cached properties
    ///     are written.
    /// - Throws: ``StoreError/notFound(_:)`` if the architecture or one of the layer
    ///   positions does not exist (nothing is written then); ``StoreError/constraint(_:)``
    ///   for a negative count or invalid JSON.
    public func updateCachedColumns(architecture: ArchitectureRecord, layers: [LayerRecord]) throws(StoreError) {
        guard let id = architecture.id else {
            throw .notFound("saved architecture named '\(architecture.name)' (the record has no id)")
        }
        try write { db in
            let assignments = ArchitectureRecord.cachedColumns.map { "\($0) = ?" }.joined(separator: ", ")
            try db.execute(
                sql: "UPDATE architectures SET \(assignments) WHERE id = ?",
                arguments: architecture.cachedArguments + [id])
            guard db.changesCount == 1 else { throw StoreError.notFound("architecture with id \(id)") }

            let layerAssignments = LayerRecord.cachedColumns.map { "\($0) = ?" }.joined(separator: ", ")
            let statement = try db.makeStatement(
                sql: "UPDATE layers SET \(layerAssignments) WHERE architecture_id = ? AND position = ?")
            for layer in layers {
                try statement.execute(arguments: layer.cachedArguments + [id, layer.position])
                guard db.changesCount == 1 else {
                    throw StoreError.notFound("layer at position \(layer.position) in architecture id \(id)")
                }
            }
        }
    }

    // MARK: - Inserting

    /// Inserts one architecture and its layers inside the caller's transaction.
    static func insert(
        _ architecture: ArchitectureRecord, layers: [LayerRecord], replace: Bool, _ db: Database
    ) throws -> Int64 {
        try validate(layers, of: architecture)
        if let existing = try String.fetchOne(
            db, sql: "SELECT name FROM architectures WHERE name = ?", arguments: [architecture.name])
        {
            guard replace else { throw StoreError.duplicateName(existing) }
            try db.execute(sql: "DELETE FROM architectures WHERE name = ?", arguments: [architecture.name])
        }
        try db.execute(sql: insertSQL(table: "architectures", columns: ArchitectureRecord.insertColumns),
                       arguments: architecture.insertArguments)
        let id = db.lastInsertedRowID
        let statement = try db.cachedStatement(
            sql: insertSQL(table: "layers", columns: LayerRecord.insertColumns))
        for layer in layers {
            try statement.execute(arguments: layer.insertArguments(architectureID: id))
        }
        return id
    }

    private static func insertSQL(table: String, columns: [String]) -> String {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }

    /// Rejects duplicate layer names or positions with a message naming them, before SQLite
    /// would reject them with a bare UNIQUE constraint.
    private static func validate(_ layers: [LayerRecord], of architecture: ArchitectureRecord) throws {
        var names: Set<String> = []
        var positions: Set<Int> = []
        for layer in layers {
            guard names.insert(layer.name).inserted else {
                throw StoreError.constraint("architecture '\(architecture.name)' has two layers named '\(layer.name)'")
            }
            guard positions.insert(layer.position).inserted else {
                throw StoreError.constraint(
                    "architecture '\(architecture.name)' has two layers at position \(layer.position)")
            }
        }
    }
}
