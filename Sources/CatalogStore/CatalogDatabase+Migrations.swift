import Foundation
internal import GRDB

// MARK: - Migrations

extension CatalogDatabase {
    /// One schema migration: a `migrations/NNNN_name.sql` file compiled into the binary, and
    /// the Swift step (if any) that fills data its SQL cannot compute, run right after the SQL
    /// in the same transaction.
    struct Migration: Sendable {
        /// The file name without `.sql` (`0001_initial`), recorded in `grdb_migrations` once applied.
        let identifier: String
        /// The file's statements.
        let sql: String
        /// The data step after the SQL, or `nil`.
        let after: (@Sendable (Database) throws -> Void)?
    }

    /// The Swift steps that follow a migration's SQL, by the migration's identifier. A new
    /// migration is just its `.sql` file in `migrations/`; only one that needs Swift (e.g.
    /// Unicode normalisation, which SQLite lacks) adds an entry here.
    static let dataSteps: [String: @Sendable (Database) throws -> Void] = [
        "0004_unicode_names": fillNameKeys,
        "0005_reliability": refillNormalizedNameKeys,
    ]

    /// The embedded migrations, in order of their file names.
    static let migrations: [Migration] = EmbeddedMigrations.files
        .filter { $0.name.hasSuffix(".sql") }
        .sorted { $0.name < $1.name }
        .map { file in
            let identifier = String(file.name.dropLast(".sql".count))
            return Migration(identifier: identifier, sql: file.contents, after: dataSteps[identifier])
        }

    /// The identifiers of the migrations compiled into this binary, in order
    /// (`migrations/0001_initial.sql` is `0001_initial`).
    public static let knownMigrations: [String] = migrations.map(\.identifier)

    /// The identifiers of the migrations applied to this database, in the order applied.
    /// - Returns: For a current database, the same list as ``knownMigrations``.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
    }

    /// The last applied migration's identifier (e.g. `0001_initial`), for diagnostics.
    /// - Returns: The identifier, or `nil` if none is applied.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func schemaVersion() throws(StoreError) -> String? {
        try appliedMigrations().max()
    }

    /// Applies the missing migrations, refusing a database migrated by a newer binary.
    ///
    /// Every missing migration (its SQL, then its ``Migration/after`` step) is applied in **one** `IMMEDIATE` transaction that first re-reads
    /// which are applied, so processes opening a new or old database at the same moment never
    /// apply a migration twice (GRDB's `DatabaseMigrator` reads the applied list outside the
    /// transaction: two processes both ran `0001_initial` and the second failed with "table
    /// architectures already exists"). Applied identifiers are recorded in GRDB's
    /// `grdb_migrations` table, as before. As GRDB does, foreign keys are off while migrating and
    /// checked (`PRAGMA foreign_key_check`) before the commit. A database that had no migration
    /// is marked as waiting for its seeds (see ``SeedState``).
    /// - Parameter inspectingFirst: Checks that must pass before anything is written (they only
    ///   read), run first on the same connection.
    /// - Returns: Whether this call created the schema (the database had no migration applied).
    /// - Throws: ``StoreError/newerSchema(path:migration:)``; what `inspectingFirst` throws;
    ///   GRDB's errors otherwise.
    @discardableResult
    static func migrate(
        _ writer: any DatabaseWriter, path: String, inspectingFirst: ((Database) throws -> Void)? = nil
    ) throws -> Bool {
        // Fast path without the write lock: everything already applied.
        let upToDate = try writer.writeWithoutTransaction { db -> Bool in
            try inspectingFirst?(db)
            guard hasTable(db, "grdb_migrations") else { return false }
            let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            try refuseNewer(applied, path: path)
            return knownMigrations.allSatisfy(applied.contains)
        }
        if upToDate { return false }
        return try writer.barrierWriteWithoutTransaction { db -> Bool in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            var created = false
            try db.inTransaction(.immediate) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                try refuseNewer(applied, path: path)
                created = applied.isEmpty
                for migration in migrations where !applied.contains(migration.identifier) {
                    try db.execute(sql: migration.sql)
                    try migration.after?(db)
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
                }
                if let violation = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                    throw StoreError.underlying("migrating \(path) broke a foreign key: \(violation)")
                }
                if created { try setSeedState(.pending, db) }
                return .commit
            }
            return created
        }
    }

    private static func refuseNewer(_ applied: Set<String>, path: String) throws {
        let known = Set(knownMigrations)
        if let unknown = applied.filter({ !known.contains($0) }).max() {
            throw StoreError.newerSchema(path: path, migration: unknown)
        }
    }

    /// Fills `name_key` (0004) for rows written before it: each name case-folded by
    /// ``nameKey(_:)``. A name that folds like an earlier one keeps a NULL key.
    private static func fillNameKeys(_ db: Database) throws {
        var taken = Set<String>()
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM architectures ORDER BY id") {
            let key = nameKey(row["name"])
            guard taken.insert(key).inserted else { continue }
            try db.execute(sql: "UPDATE architectures SET name_key = ? WHERE id = ?", arguments: [key, row["id"] as Int64])
        }
    }

    /// Refills `name_key` (0005) with ``nameKey(_:)``'s NFC keys, in id order. A name whose key
    /// an earlier row already has (two spellings of one name, e.g. 'café' precomposed and with a
    /// combining accent, added by separate commands before 0005) keeps a NULL key and is
    /// reported in ``migrationNotes`` so the user can rename or remove one.
    private static func refillNormalizedNameKeys(_ db: Database) throws {
        try db.execute(sql: "UPDATE architectures SET name_key = NULL")
        var taken: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM architectures ORDER BY id") {
            let name: String = try row.decode(forColumn: "name")
            let key = nameKey(name)
            if let earlier = taken[key] {
                MigrationNotes.shared.append(
                    "architectures '\(earlier)' and '\(name)' are one name once Unicode-normalised (NFC); the second keeps working by its exact spelling, but rename or remove one of them")
                continue
            }
            taken[key] = name
            try db.execute(sql: "UPDATE architectures SET name_key = ? WHERE id = ?", arguments: [key, try row.decode(Int64.self, forColumn: "id")])
        }
    }

    /// An architecture name for comparison: in Unicode NFC (so 'café' precomposed and 'cafe' +
    /// U+0301 are one name, as Swift's `==` already has them), then case-folded (Unicode case
    /// folding: 'Ünet' and 'ünet', 'STRASSE' and 'straße' are the same name), then NFC again.
    public static func nameKey(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCanonicalMapping
    }

    /// The condition that finds an architecture by name: by its case-folded `name_key` (0004)
    /// or, for a row without one and in a database opened read-only before 0004, by `name`
    /// (ASCII case-insensitive). Takes two arguments: ``nameKey(_:)`` of the name, the name.
    static func nameMatch(_ db: Database) throws -> String {
        hasColumn(db, table: "architectures", column: "name_key")
            ? "(name_key = ? OR (name_key IS NULL AND name = ?))"
            : "(? IS NOT NULL AND name = ?)"
    }
}

/// What a migration found that the user should know (e.g. two names that became one under
/// Unicode normalisation). Collected while migrating; the command prints them as warnings.
public final class MigrationNotes: @unchecked Sendable {
    /// The process's notes (one catalog is opened per command).
    public static let shared = MigrationNotes()
    private let lock = NSLock()
    private var notes: [String] = []

    func append(_ note: String) {
        lock.lock()
        defer { lock.unlock() }
        notes.append(note)
    }

    /// The notes gathered so far, emptied.
    public func take() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        let taken = notes
        notes = []
        return taken
    }
}
