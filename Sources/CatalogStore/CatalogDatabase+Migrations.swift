internal import GRDB

// MARK: - Migrations

extension CatalogDatabase {
    /// The identifiers of the migrations compiled into this binary, in order
    /// (`migrations/0001_initial.sql` is `0001_initial`).
    public static let knownMigrations: [String] = EmbeddedMigrations.files
        .map(\.name)
        .filter { $0.hasSuffix(".sql") }
        .map { String($0.dropLast(".sql".count)) }
        .sorted()

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

    /// One GRDB migration per embedded `.sql` file, each run in its own transaction.
    static func makeMigrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for file in EmbeddedMigrations.files.sorted(by: { $0.name < $1.name }) where file.name.hasSuffix(".sql") {
            let identifier = String(file.name.dropLast(".sql".count))
            let sql = file.contents
            migrator.registerMigration(identifier) { db in
                try db.execute(sql: sql)
            }
        }
        return migrator
    }

    /// Applies the missing migrations, refusing a database migrated by a newer binary.
    static func migrate(_ writer: any DatabaseWriter, path: String) throws {
        let migrator = makeMigrator()
        try writer.barrierWriteWithoutTransaction { db in
            if try migrator.hasBeenSuperseded(db) {
                let known = Set(knownMigrations)
                let unknown = try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.max() ?? "?"
                throw StoreError.newerSchema(path: path, migration: unknown)
            }
        }
        try migrator.migrate(writer)
    }
}
