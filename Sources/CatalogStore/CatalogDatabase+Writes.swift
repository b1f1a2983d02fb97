internal import GRDB

// MARK: - Writes

extension CatalogDatabase {
    /// Saves architectures with their layers, cached columns included, in one transaction, each
    /// in its own savepoint, so no reader ever sees one without its numbers. One that fails (a
    /// duplicate name without `replace`, two layers of one name, a constraint) leaves nothing of
    /// itself behind and the others are still saved. All are committed together, so a bulk
    /// `add` pays one commit (and one journal sync) instead of one per architecture.
    ///
    /// The records' `id` and `architectureID` are ignored: each row gets a new id and its
    /// layers point to it. With `replace`, an existing architecture of the same name (compared
    /// case-insensitively, an earlier item included) is deleted with its layers first.
    /// - Parameters:
    ///   - items: Each architecture, its layers (positions and names unique) and whether it may
    ///     replace one of its name.
    /// - Returns: Per item, in order, its new id and whether it replaced one, or its error:
    ///   ``StoreError/duplicateName(_:)`` (with the stored name) if the name exists and
    ///   `replace` is false; ``StoreError/constraint(_:)`` for duplicate layer names or
    ///   positions, a negative count or invalid JSON.
    /// - Throws: A ``StoreError`` when the transaction itself fails (the write lock cannot be
    ///   taken, the disk is full, the commit fails); nothing is saved then.
    public func save(
        _ items: [(architecture: ArchitectureRecord, layers: [LayerRecord], replace: Bool)]
    ) throws(StoreError) -> [Result<(id: Int64, replaced: Bool), StoreError>] {
        let path = self.path
        return try write { db in
            try items.map { item in
                var saved: (id: Int64, replaced: Bool)?
                do {
                    try db.inSavepoint {
                        saved = try Self.insert(item.architecture, layers: item.layers, replace: item.replace, db)
                        return .commit
                    }
                } catch let error as DatabaseError where !Self.isItemError(error) {
                    throw error  // the transaction itself is lost (I/O, full disk): give up on all
                } catch {
                    return .failure(Self.storeError(error, path: path))
                }
                return .success(saved!)
            }
        }
    }

    /// Whether a database error concerns one item (a constraint) rather than the transaction.
    private static func isItemError(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_CONSTRAINT || error.resultCode == .SQLITE_TOOBIG
            || error.resultCode == .SQLITE_MISMATCH || error.resultCode == .SQLITE_RANGE
    }

    /// Deletes an architecture (name compared case-insensitively) and, by cascade, its layers.
    /// - Parameter name: The architecture's name.
    /// - Returns: Whether an architecture was deleted.
    /// - Throws: A ``StoreError`` if the database cannot be written.
    @discardableResult
    public func deleteArchitecture(named name: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM architectures WHERE \(try Self.nameMatch(db))", arguments: [Self.nameKey(name), name])
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
            if let figures = architecture.memoryFigures { try Self.saveMemoryFigures(figures, architecture: id, db) }

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
    ///
    /// The statements are prepared once per connection (GRDB's statement cache), the layer and
    /// tensor rows are inserted many per statement (``MultiRowInserter``) and each row's values
    /// are bound as they are, so a bulk `add` pays per row only SQLite's own work.
    static func insert(
        _ architecture: ArchitectureRecord, layers: [LayerRecord], replace: Bool, _ db: Database
    ) throws -> (id: Int64, replaced: Bool) {
        try validate(layers, of: architecture)
        var replaced = false
        if let existing = try String.fetchOne(
            db.cachedStatement(sql: "SELECT name FROM architectures WHERE \(try Self.nameMatch(db))"),
            arguments: [Self.nameKey(architecture.name), architecture.name])
        {
            guard replace else { throw StoreError.duplicateName(existing) }
            try db.cachedStatement(sql: "DELETE FROM architectures WHERE \(try Self.nameMatch(db))")
                .execute(arguments: [Self.nameKey(architecture.name), architecture.name])
            replaced = true
        }
        var arguments = architecture.insertArguments
        var sql = insertArchitectureSQL
        if let weights = architecture.weights {
            // The weight columns of migration 0006 are written with the row, not by a second statement.
            arguments += [weights.paramsByDType, weights.weightBytes, weights.metadata]
            sql = insertArchitectureWithWeightsSQL
        }
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
        let id = db.lastInsertedRowID
        if let figures = architecture.memoryFigures { try saveMemoryFigures(figures, architecture: id, db) }
        try LayerRecord.inserter(db).insert(count: layers.count, shared: id) { handle, row, first in
            layers[row].bind(handle, from: first)
        }
        if let weights = architecture.weights { try insertTensors(of: weights, architectureID: id, db) }
        return (id, replaced)
    }

    /// Writes (or replaces) an architecture's `architecture_memory` row inside the caller's transaction.
    static func saveMemoryFigures(_ figures: MemoryFiguresRecord, architecture id: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM architecture_memory WHERE architecture_id = ?").execute(arguments: [id])
        let values: [(any DatabaseValueConvertible)?] = [id] + figures.values
        try db.cachedStatement(sql: insertMemorySQL).execute(arguments: StatementArguments(values))
    }

    private static let insertMemorySQL = insertSQL(table: "architecture_memory", columns: ["architecture_id"] + MemoryFiguresRecord.columns)
    private static let insertArchitectureSQL = insertSQL(table: "architectures", columns: ArchitectureRecord.insertColumns)
    private static let insertArchitectureWithWeightsSQL = insertSQL(
        table: "architectures", columns: ArchitectureRecord.insertColumns + ["params_by_dtype", "weight_bytes", "weight_metadata"])

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
