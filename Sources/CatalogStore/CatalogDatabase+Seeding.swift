internal import GRDB

// MARK: - Seeds: loaded exactly once

/// Whether a database has received the bundled seed architectures, kept in SQLite's
/// `PRAGMA user_version` (GRDB does not use it). A database made before this existed reads 0
/// and is never seeded again.
enum SeedState: Int {
    /// Made before the seed state was recorded (its seeds, if any, are in place).
    case unrecorded = 0
    /// The schema was just created; the seeds are not saved yet (also after a crash in between).
    case pending = 1
    /// The seeds were saved.
    case saved = 2
}

extension CatalogDatabase {
    /// Whether the bundled seeds still have to be saved: the schema was created, by this process
    /// or by one that stopped before saving them.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func seedsArePending() throws(StoreError) -> Bool {
        try read { db in try Self.seedState(db) == .pending }
    }

    /// Saves the seed architectures if they are still pending, in one `IMMEDIATE` transaction
    /// that re-checks the state: when several processes open a new database at once, exactly one
    /// saves them. An architecture that already has a seed's name is left alone.
    /// - Parameter items: Each seed with its layers, cached columns included.
    /// - Returns: Whether this call saved them.
    /// - Throws: A ``StoreError`` for the first seed that fails (as ``save(_:)`` reports it);
    ///   nothing is written then.
    @discardableResult
    public func saveSeeds(_ items: [(ArchitectureRecord, [LayerRecord])]) throws(StoreError) -> Bool {
        try write { db in
            guard try Self.seedState(db) == .pending else { return false }
            for (architecture, layers) in items {
                let exists = try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM architectures WHERE \(try Self.nameMatch(db))", arguments: [Self.nameKey(architecture.name), architecture.name]) ?? false
                if !exists { _ = try Self.insert(architecture, layers: layers, replace: false, db) }
            }
            try Self.setSeedState(.saved, db)
            return true
        }
    }

    static func seedState(_ db: Database) throws -> SeedState {
        SeedState(rawValue: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0) ?? .unrecorded
    }

    static func setSeedState(_ state: SeedState, _ db: Database) throws {
        // PRAGMA takes no bound parameters; the value is one of three integers.
        try db.execute(sql: "PRAGMA user_version = \(state.rawValue)")
    }
}
