import CatalogTestSupport
import CatalogCore
import Foundation
import Testing

@testable import CatalogStore

/// A catalog written by the release whose schema ends at migration 0009 (its own migrator, its
/// `grdb_migrations` rows, WAL; Fixtures/upgrade/schema-0009.sqlite, made by that release's
/// binary with scripts/make_schema_0009_fixture.sh) opens with this binary, gets the migrations
/// it lacks, and keeps every row, tensor and memory figure.
@Suite("Upgrading a release's catalog")
struct UpgradeFromReleaseTests {
    static let fixture = Reliability.fixtures("upgrade/schema-0009.sqlite")

    /// The migrations that release recorded, in order (written out: they are its history).
    static let releaseMigrations = [
        "0001_initial", "0002_completeness", "0003_listing", "0004_unicode_names", "0005_reliability",
        "0006_tensors", "0007_active_params", "0008_assumed_shapes", "0009_memory",
    ]

    static func copy(_ label: String) throws -> (folder: URL, path: String) {
        let folder = try Reliability.temporaryDirectory(label)
        let path = folder.appendingPathComponent("release.sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return (folder, path)
    }

    /// Everything a user would miss: each architecture's stored record and layers, its tensors.
    static func contents(_ database: CatalogDatabase) throws -> [String] {
        try database.architectureNames().flatMap { name -> [String] in
            let record = try #require(try database.architecture(named: name))
            let layers = try database.layers(ofArchitecture: record.id!)
            let weights = try database.weights(ofArchitecture: record.id!)
            return ["\(record)"] + layers.map { "\($0)" } + ["\(String(describing: weights))"]
        }
    }

    @Test("The release's catalog opens, migrates and keeps every row")
    func upgrade() throws {
        let (folder, path) = try Self.copy("upgrade-release")
        defer { try? FileManager.default.removeItem(at: folder) }

        let old = try CatalogDatabase.openReadOnly(path: path)
        #expect(try old.appliedMigrations() == Self.releaseMigrations)
        let before = try Self.contents(old)
        let names = try old.architectureNames()
        try old.close()
        for name in ["user-mlp", "Qwen2.5-0.5B", "lenet5"] {
            #expect(names.contains(name), "\(names)")
        }

        let database = try CatalogDatabase(path: path)
        defer { try? database.close() }
        #expect(!database.wasCreated)
        #expect(try database.appliedMigrations() == CatalogDatabase.knownMigrations)
        #expect(Array(CatalogDatabase.knownMigrations.prefix(Self.releaseMigrations.count)) == Self.releaseMigrations)
        #expect(try Self.contents(database) == before)
        #expect(try database.fetchTextForTesting("PRAGMA journal_mode") == "wal")
        #expect(try database.fetchTextForTesting("PRAGMA integrity_check") == "ok")
        #expect(try database.fetchTextForTesting("SELECT count(*) FROM tensors")?.first != "0")
        #expect(try database.fetchTextForTesting("SELECT count(*) FROM architecture_memory")?.first != "0")

        // The user's MLP, counted by hand: 784·128 + 128 = 100,480 and 128·10 + 10 = 1,290.
        let mlp = try #require(try database.architecture(named: "user-mlp"))
        #expect(mlp.totalParams == 101_770)
        #expect(mlp.description == "added by a user; quotes ' \" and a semicolon ;")
    }

    @Test("The CLI lists the release's catalog; a second open changes nothing")
    func cliOpensItTwice() throws {
        let (folder, path) = try Self.copy("upgrade-release-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let listing = try Reliability.run(["list", "--format", "json", "--db", path])
        #expect(listing.status == 0, "\(listing)")
        let listed = try #require(JSONSerialization.jsonObject(with: listing.stdoutData) as? [[String: Any]])
        #expect(listed.contains { $0["name"] as? String == "user-mlp" && $0["total_params"] as? Int == 101_770 })
        let upgraded = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try Reliability.run(["list", "--db", path]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == upgraded)
    }
}
