import CatalogTestSupport
import Foundation
import Testing

@testable import CatalogStore

@Suite("Opening the database and migrating it")
struct CatalogDatabaseTests {
    // MARK: - Migrations

    @Test func migrationsApplyAndRecordThemselves() throws {
        let database = try CatalogDatabase.inMemory()
        #expect(CatalogDatabase.knownMigrations.first == "0001_initial")
        #expect(try database.appliedMigrations() == CatalogDatabase.knownMigrations)
        #expect(try database.schemaVersion() == CatalogDatabase.knownMigrations.last)
        #expect(database.wasCreated)
        #expect(database.path == ":memory:")
        #expect(try database.architectureCount() == 0)
    }

    @Test func fileDatabaseIsCreatedWithParentsInWALModeWithForeignKeysAndBusyTimeout() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("a/b/catalog.sqlite")

        let database = try CatalogDatabase(path: path)
        #expect(database.wasCreated)
        #expect(database.path == path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try database.fetchTextForTesting("SELECT journal_mode FROM pragma_journal_mode") == "wal")
        #expect(try database.rawCount("SELECT foreign_keys FROM pragma_foreign_keys") == 1)
        #expect(try database.rawCount("SELECT timeout FROM pragma_busy_timeout") == 60_000)
        #expect(try database.appliedMigrations() == CatalogDatabase.knownMigrations)
    }

    @Test func openingTwiceIsIdempotentAndKeepsTheData() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("catalog.sqlite")

        let first = try CatalogDatabase(path: path)
        try first.saveArchitecture(Sample.architecture("LeNet-5"), layers: Sample.layers(), replace: false)
        try first.close()

        let second = try CatalogDatabase(path: path)
        #expect(!second.wasCreated)
        #expect(try second.appliedMigrations() == CatalogDatabase.knownMigrations)
        #expect(try second.architectureNames() == ["LeNet-5"])
    }

    @Test func anEmptyFileCountsAsCreated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))

        let database = try CatalogDatabase(path: path)
        #expect(database.wasCreated)
        #expect(try database.appliedMigrations() == CatalogDatabase.knownMigrations)
    }

    @Test func aDatabaseFromANewerCatalogIsRefusedAndLeftUnchanged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("catalog.sqlite")
        let database = try CatalogDatabase(path: path)
        try database.saveArchitecture(Sample.architecture("AlexNet"), layers: Sample.layers(), replace: false)
        try database.executeForTesting("INSERT INTO grdb_migrations (identifier) VALUES ('9999_future')")
        try database.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let error = storeError { _ = try CatalogDatabase(path: path) }

        #expect(error == .newerSchema(path: path, migration: "9999_future"))
        #expect(error?.description ==
            "the database at \(path) was written by a newer catalog (migration 9999_future); upgrade catalog")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // A reader of a WAL database may leave SQLite's side files, but never a WAL frame.
        #expect(walSize(path) == 0)
    }

    // MARK: - Files that are not catalog databases

    @Test func aTextFileIsNotADatabaseAndIsLeftUnchanged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("notes.sqlite")
        let text = Data(String(repeating: "these are my notes, not a database\n", count: 200).utf8)
        try text.write(to: URL(fileURLWithPath: path))

        let error = storeError { _ = try CatalogDatabase(path: path) }

        #expect(error == .notADatabase(path: path))
        #expect(error?.description.contains("is not a catalog database") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["notes.sqlite"])
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftUnchanged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("other.sqlite")
        let database = try CatalogDatabase(path: path)
        try database.executeForTesting("DROP TABLE grdb_migrations; CREATE TABLE notes (body TEXT)")
        try database.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let error = storeError { _ = try CatalogDatabase(path: path) }

        #expect(error == .notADatabase(path: path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aCorruptDatabaseIsRefusedAndLeftUnchanged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("corrupt.sqlite")
        let database = try CatalogDatabase(path: path)
        try database.close()
        // Page 1 holds the 100-byte file header, then the b-tree page of sqlite_master:
        // overwrite that b-tree header with garbage.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes.replaceSubrange(100..<140, with: Data(repeating: 0xFF, count: 40))
        try bytes.write(to: URL(fileURLWithPath: path))

        let error = storeError { _ = try CatalogDatabase(path: path) }

        #expect(error == .corrupt(path: path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func aParentThatIsAFileCannotBeCreated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let file = directory.path("plain-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let path = file + "/sub/catalog.sqlite"

        let error = storeError { _ = try CatalogDatabase(path: path) }

        #expect(error == .cannotCreate(path: path, reason: "'\(file)' is not a directory"))
        #expect(error?.description == "cannot create the database at \(path): '\(file)' is not a directory")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("x".utf8))
    }

    @Test func aMissingFolderIsRefusedUnlessFoldersAreCreated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("typo/catalog.sqlite")

        let error = storeError { _ = try CatalogDatabase(path: path, createsMissingFolders: false) }

        #expect(error == .missingFolder(path: path, folder: directory.path("typo")))
        #expect(!FileManager.default.fileExists(atPath: directory.path("typo")))
        // The default (the XDG location) creates the folder.
        let database = try CatalogDatabase(path: path)
        try database.close()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aDirectoryCannotBeOpened() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }

        let error = storeError { _ = try CatalogDatabase(path: directory.url.path) }

        #expect(error == .cannotOpen(path: directory.url.path, reason: "it is a directory"))
    }

    private func walSize(_ path: String) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        return attributes?[.size] as? Int ?? 0
    }
}
