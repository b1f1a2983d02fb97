import CatalogTestSupport
import Foundation
import Testing

@testable import CatalogStore

/// Which open path a file takes (a WAL-mode file is inspected through its read-write connection,
/// any other through a read-only one first) and that both refuse another program's database
/// without changing it; and where a write keeps its statement journals.
@Suite("Inspecting a file on open, and the write journals")
struct OpeningInspectionTests {
    /// SQLite's file format (https://www.sqlite.org/fileformat2.html#the_database_header):
    /// bytes 18 and 19 of the header are the write and read versions, 1 for a rollback
    /// journal, 2 for WAL.
    private func formatVersions(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path))[18..<20])
    }

    @Test func aCatalogIsInWALModeAndTakesTheFastPath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("catalog.sqlite")
        try CatalogDatabase(path: path).close()

        #expect(try formatVersions(path) == [2, 2])
        #expect(CatalogDatabase.isWALDatabase(path: path))
        // Opened again (the fast path), it is still a current catalog.
        let reopened = try CatalogDatabase(path: path)
        #expect(!reopened.wasCreated)
        #expect(try reopened.appliedMigrations() == CatalogDatabase.knownMigrations)
    }

    @Test func aCatalogOpensThroughASymbolicLinkAndADanglingLinkIsANewCatalog() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("catalog.sqlite")
        let database = try CatalogDatabase(path: path)
        try database.saveArchitecture(Sample.architecture("AlexNet"), layers: Sample.layers(), replace: false)
        try database.close()
        let link = directory.path("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)

        let linked = try CatalogDatabase(path: link)
        #expect(!linked.wasCreated)
        #expect(try linked.architectureNames() == ["AlexNet"])
        try linked.close()

        let dangling = directory.path("dangling.sqlite")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: directory.path("new.sqlite"))
        let created = try CatalogDatabase(path: dangling)
        #expect(created.wasCreated)
        try created.close()
        #expect(FileManager.default.fileExists(atPath: directory.path("new.sqlite")))
    }

    @Test func anotherProgramsRollbackJournalDatabaseIsRefusedUnchanged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("other.sqlite")
        let database = try CatalogDatabase(path: path)
        try database.executeForTesting("PRAGMA journal_mode = DELETE")
        try database.executeForTesting("DROP TABLE grdb_migrations; CREATE TABLE notes (body TEXT)")
        try database.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        #expect(try formatVersions(path) == [1, 1])
        #expect(!CatalogDatabase.isWALDatabase(path: path))
        let error = storeError { _ = try CatalogDatabase(path: path) }

        #expect(error == .notADatabase(path: path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func shortAndForeignFilesAreNotWALDatabases() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let short = directory.path("short.sqlite")
        try Data("SQLite format 3\0".utf8).write(to: URL(fileURLWithPath: short))
        let text = directory.path("notes.sqlite")
        try Data(String(repeating: "notes\n", count: 20).utf8).write(to: URL(fileURLWithPath: text))

        #expect(!CatalogDatabase.isWALDatabase(path: short))
        #expect(!CatalogDatabase.isWALDatabase(path: text))
        #expect(!CatalogDatabase.isWALDatabase(path: directory.path("missing.sqlite")))
    }

    @Test func writesKeepTheirJournalsInMemory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let database = try CatalogDatabase(path: directory.path("catalog.sqlite"))
        // SQLite's default (temp_store 0, files) until a write.
        #expect(try database.fetchTextForTesting("SELECT CAST(temp_store AS TEXT) FROM pragma_temp_store") == "0")
        try database.saveArchitecture(Sample.architecture("AlexNet"), layers: Sample.layers(), replace: false)
        // 2 is MEMORY (https://www.sqlite.org/pragma.html#pragma_temp_store).
        #expect(try database.fetchTextForTesting("SELECT CAST(temp_store AS TEXT) FROM pragma_temp_store") == "2")
        #expect(try database.architectureCount() == 1)
    }
}
