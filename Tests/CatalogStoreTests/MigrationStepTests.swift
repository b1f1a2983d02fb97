import Testing

@testable import CatalogStore

/// The migrations as data: each `migrations/*.sql` file one step, the Swift data steps attached
/// by identifier.
@Suite("Migration steps")
struct MigrationStepTests {
    @Test("Every Swift data step belongs to a migration this binary has")
    func dataStepsNameKnownMigrations() {
        let unknown = CatalogDatabase.dataSteps.keys.filter { !CatalogDatabase.knownMigrations.contains($0) }
        #expect(unknown.isEmpty, "data steps for no migration: \(unknown)")
        let withSteps = CatalogDatabase.migrations.filter { $0.after != nil }.map(\.identifier)
        #expect(withSteps == ["0004_unicode_names", "0005_reliability"])
    }

    @Test("The migrations run in the order of their file names, each once")
    func orderAndIdentifiers() {
        let identifiers = CatalogDatabase.knownMigrations
        #expect(identifiers == identifiers.sorted())
        #expect(Set(identifiers).count == identifiers.count)
        #expect(identifiers.prefix(3) == ["0001_initial", "0002_completeness", "0003_listing"])
        #expect(CatalogDatabase.migrations.allSatisfy { !$0.sql.isEmpty })
    }

    @Test("A new in-memory database has every migration and the memory journal")
    func inMemory() throws {
        let database = try CatalogDatabase.inMemory()
        #expect(try database.appliedMigrations() == CatalogDatabase.knownMigrations)
        #expect(try database.fetchTextForTesting("PRAGMA journal_mode") == "memory")
    }
}
