import CatalogTestSupport
import CatalogCore
import Foundation
import Testing

@testable import CatalogStore

/// A catalog made by the previous schema (Fixtures/upgrade/schema-0001.sqlite: migration 0001
/// only, rows computed by compute version 1; scripts/make_schema_0001_fixture.sh rebuilds it)
/// opens with this binary, is migrated, has its cached columns recomputed, and keeps every row.
@Suite("Upgrading a previous-schema catalog")
struct UpgradeTests {
    static let fixture = Reliability.fixtures("upgrade/schema-0001.sqlite")

    struct Row: Equatable {
        var name: String
        var description: String?
        var tags: String
        var totalParams: Int?
        var macs: Int?
        var layers: [String]
    }

    static func rows(_ database: CatalogDatabase) throws -> [Row] {
        try database.architectureNames().map { name in
            let record = try #require(try database.architecture(named: name))
            let layers = try database.layers(ofArchitecture: record.id!)
            return Row(
                name: record.name, description: record.description, tags: record.tags,
                totalParams: record.totalParams, macs: record.macs, layers: layers.map { "\($0.position) \($0.name) \($0.type)" })
        }
    }

    @Test("A schema-0001 database opens, migrates, recomputes and keeps every row")
    func upgrade() throws {
        let folder = try Reliability.temporaryDirectory("upgrade")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: path)

        // What the old catalog holds, read through a read-only connection (no migration).
        let old = try CatalogDatabase.openReadOnly(path: path)
        #expect(try old.appliedMigrations() == ["0001_initial"])
        let before = try Self.rows(old)
        try old.close()
        #expect(before.map(\.name) == ["article_cnn", "lenet5", "user-mlp"])

        // The CLI opens it: migrations applied, nothing seeded, the rows listed.
        let listing = try Reliability.run(["list", "--format", "json", "--db", path])
        #expect(listing.status == 0, "\(listing)")
        let listed = try #require(JSONSerialization.jsonObject(with: listing.stdoutData) as? [[String: Any]])
        #expect(listed.compactMap { $0["name"] as? String } == ["article_cnn", "lenet5", "user-mlp"])

        let database = try CatalogDatabase(path: path)
        defer { try? database.close() }
        #expect(try database.appliedMigrations() == CatalogDatabase.knownMigrations)
        #expect(try Self.rows(database) == before)
        for name in ["article_cnn", "lenet5", "user-mlp"] {
            let record = try #require(try database.architecture(named: name))
            #expect(record.computeVersion == Engine.computeVersion, "\(name) was not recomputed")
            #expect(record.isComplete == true, "\(name): 0002's completeness column not filled")
        }
        #expect(try !database.seedsArePending())
        #expect(try database.fetchTextForTesting("PRAGMA integrity_check") == "ok")

        // The user's architecture reads back whole.
        let shown = try Reliability.run(["show", "user-mlp", "--format", "json", "--db", path])
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.contains("\"total_params\" : 101770") || shown.stdout.contains("\"total_params\":101770") || shown.stdout.contains("101770"))
    }

    @Test("Opening the upgraded catalog again changes nothing")
    func secondOpenIsANoOp() throws {
        let folder = try Reliability.temporaryDirectory("upgrade-again")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: path)
        #expect(try Reliability.run(["list", "--db", path]).status == 0)
        let upgraded = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try Reliability.run(["list", "--db", path]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == upgraded)
    }
}
