import CatalogCore
import CatalogTestSupport
import Foundation
import Testing

@testable import CatalogStore

@Suite("Listing filters, sorts, the tag index and read-only queries")
struct CatalogDatabaseListingTests {
    let database: CatalogDatabase

    /// name, total_params, macs, depth, tags, framework, is_complete, layer types
    static let rows: [(String, Int, Int, Int, String, String, Bool, [String])] = [
        ("alpha", 1_000, 50_000, 3, #"["cnn","Vision"]"#, "keras", true, ["InputLayer", "Conv2D", "Dense"]),
        ("beta", 2_000, 10_000, 7, #"["rnn"]"#, "pytorch", true, ["InputLayer", "LSTM", "Dense"]),
        ("gamma", 3_000, 30_000, 5, #"["cnn","rnn","cnn"]"#, "keras", false, ["InputLayer", "Conv2D", "LSTM", "Mystery"]),
        ("Delta", 500, 90_000, 5, #"[]"#, "pytorch", true, ["InputLayer", "MultiHeadAttention"]),
    ]

    init() throws {
        database = try CatalogDatabase.inMemory()
        for (name, params, macs, depth, tags, framework, complete, types) in Self.rows {
            var record = Sample.architecture(name, params: params, macs: macs, layerCount: types.count)
            record.depth = depth
            record.tags = tags
            record.framework = framework
            record.isComplete = complete
            let layers = types.enumerated().map { LayerRecord(position: $0.offset, name: "l\($0.offset)", type: $0.element) }
            try database.saveArchitecture(record, layers: layers, replace: false)
        }
    }

    private func names(_ filter: ArchitectureFilter, _ sort: ArchitectureSort = .name, descending: Bool = false,
                       limit: Int? = nil) throws -> [String] {
        try database.architectures(matching: filter, sortedBy: sort, descending: descending, limit: limit).map(\.name)
    }

    @Test func macBoundsAreInclusive() throws {
        #expect(try names(ArchitectureFilter(minMACs: 30_000)) == ["alpha", "Delta", "gamma"])
        #expect(try names(ArchitectureFilter(minMACs: 30_000, maxMACs: 50_000)) == ["alpha", "gamma"])
        #expect(try names(ArchitectureFilter(maxParams: 2_000, minMACs: 20_000)) == ["alpha", "Delta"])
    }

    @Test func everyTagMustMatchCaseInsensitively() throws {
        #expect(try names(ArchitectureFilter(tags: ["cnn"])) == ["alpha", "gamma"])
        #expect(try names(ArchitectureFilter(tags: ["VISION"])) == ["alpha"])
        #expect(try names(ArchitectureFilter(tags: ["cnn", "rnn"])) == ["gamma"])
        #expect(try names(ArchitectureFilter(tags: ["cnn", "none"])).isEmpty)
    }

    @Test func everyLayerTypeMustBePresent() throws {
        #expect(try names(ArchitectureFilter(layerTypes: ["lstm"])) == ["beta", "gamma"])
        #expect(try names(ArchitectureFilter(layerTypes: ["LSTM", "Conv2D"])) == ["gamma"])
        #expect(try names(ArchitectureFilter(layerTypes: ["multiheadattention"])) == ["Delta"])
        #expect(try names(ArchitectureFilter(layerTypes: ["Conv"])).isEmpty)
    }

    @Test func nameGlobFrameworkAndCompleteness() throws {
        #expect(try names(ArchitectureFilter(namePattern: "*a")) == ["alpha", "beta", "Delta", "gamma"])
        #expect(try names(ArchitectureFilter(namePattern: "d*")) == ["Delta"])
        #expect(try names(ArchitectureFilter(namePattern: "?amma")) == ["gamma"])
        #expect(try names(ArchitectureFilter(namePattern: "[ab]*")) == ["alpha", "beta"])
        #expect(try names(ArchitectureFilter(namePattern: "%")).isEmpty)  // not LIKE
        #expect(try names(ArchitectureFilter(framework: "pytorch")) == ["beta", "Delta"])
        #expect(try names(ArchitectureFilter(isComplete: false)) == ["gamma"])
        #expect(try names(ArchitectureFilter(tags: ["rnn"], framework: "keras", isComplete: false)) == ["gamma"])
        #expect(try database.architectureCount(matching: ArchitectureFilter(isComplete: true)) == 3)
    }

    @Test func newSortsTiesByName() throws {
        #expect(try names(.all, .depth) == ["alpha", "Delta", "gamma", "beta"])
        #expect(try names(.all, .depth, descending: true) == ["beta", "Delta", "gamma", "alpha"])
        #expect(try names(.all, .memory) == ["Delta", "alpha", "beta", "gamma"])
        #expect(try names(.all, .trainable, descending: true, limit: 2) == ["gamma", "beta"])
        #expect(try names(.all, .added) == ["alpha", "beta", "gamma", "Delta"])
        #expect(try names(.all, .added, descending: true, limit: 1) == ["Delta"])
    }

    @Test func anAscendingLimitCountsTheUncomputedRowsLast() throws {
        try database.saveArchitecture(Sample.architecture("zero", params: nil, macs: nil, layerCount: nil), layers: [], replace: false)
        #expect(try names(.all, .params) == ["Delta", "alpha", "beta", "gamma", "zero"])
        #expect(try names(.all, .params, limit: 4) == ["Delta", "alpha", "beta", "gamma"])
        #expect(try names(.all, .params, limit: 5).last == "zero")
        #expect(try names(.all, .params, descending: true).last == "zero")
        #expect(try names(.all, .params, limit: 0).isEmpty)
    }

    @Test func theTagIndexFollowsInsertsUpdatesReplacesAndDeletes() throws {
        func tags(_ name: String) throws -> String? {
            try database.fetchTextForTesting(
                "SELECT group_concat(tag, ',') FROM (SELECT tag FROM architecture_tags JOIN architectures ON id = architecture_id WHERE name = '\(name)' ORDER BY tag)")
        }
        #expect(try tags("gamma") == "cnn,rnn")  // the repeated "cnn" is one row
        try database.executeForTesting(#"UPDATE architectures SET tags = '["new"]' WHERE name = 'gamma'"#)
        #expect(try tags("gamma") == "new")
        var replacement = Sample.architecture("alpha")
        replacement.tags = #"["other"]"#
        try database.saveArchitecture(replacement, layers: [], replace: true)
        #expect(try tags("alpha") == "other")
        #expect(try names(ArchitectureFilter(tags: ["vision"])).isEmpty)
        try database.deleteArchitecture(named: "beta")
        #expect(try database.rawCount("SELECT count(*) FROM architecture_tags WHERE tag = 'rnn'") == 0)
        // Also with foreign keys off (a plain sqlite3 session): the trigger removes them.
        try database.executeForTesting("PRAGMA foreign_keys = OFF; DELETE FROM architectures WHERE name = 'alpha'; PRAGMA foreign_keys = ON")
        #expect(try database.rawCount("SELECT count(*) FROM architecture_tags WHERE tag = 'other'") == 0)
    }

    @Test(
        "Each filter and sort reads an index",
        arguments: [
            (ArchitectureFilter(maxParams: 5), ArchitectureSort.params, "architectures_total_params"),
            (ArchitectureFilter(minMACs: 5), .macs, "architectures_macs"),
            (ArchitectureFilter.all, .trainable, "architectures_trainable_params"),
            (ArchitectureFilter.all, .depth, "architectures_depth"),
            (ArchitectureFilter.all, .memory, "architectures_default_weights_bytes"),
            (ArchitectureFilter.all, .layers, "architectures_layer_count"),
            (ArchitectureFilter(framework: "keras"), .name, "architectures_framework"),
            (ArchitectureFilter(isComplete: true), .name, "architectures_is_complete"),
            (ArchitectureFilter(tags: ["cnn"]), .name, "PRIMARY KEY (tag=?)"),
            (ArchitectureFilter(layerTypes: ["LSTM"]), .name, "layers_type"),
        ])
    func indexes(_ filter: ArchitectureFilter, _ sort: ArchitectureSort, _ index: String) throws {
        for descending in [false, true] {
            let statements = CatalogDatabase.listingSQL(filter: filter, sort: sort, descending: descending, limit: nil)
            // The plan does not depend on the values: inline stand-ins for the placeholders.
            var sql = statements[0].sql
            for value in statements[0].values {
                let literal: String
                switch value {
                case let number as Int: literal = String(number)
                case let flag as Bool: literal = flag ? "1" : "0"
                case let text as String: literal = "'\(text)'"
                default: literal = "NULL"
                }
                sql = sql.replacingOccurrences(of: "?", with: literal, options: [], range: sql.range(of: "?"))
            }
            let plan = try database.queryPlanForTesting(sql).joined(separator: "\n")
            #expect(plan.contains(index), "\(sql)\n\(plan)")
            #expect(!plan.contains("SCAN architectures\n") && !plan.hasSuffix("SCAN architectures"), "\(sql)\n\(plan)")
        }
    }

    @Test func aReadOnlyDatabaseRefusesEveryWrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("catalog.sqlite")
        let writable = try CatalogDatabase(path: path)
        try writable.saveArchitecture(Sample.architecture("alpha"), layers: Sample.layers(), replace: false)
        try writable.close()

        let readOnly = try CatalogDatabase.openReadOnly(path: path)
        defer { try? readOnly.close() }
        #expect(try readOnly.architectureNames() == ["alpha"])
        guard case .readOnly? = storeError({ _ = try readOnly.deleteArchitecture(named: "alpha") }) else {
            Issue.record("a write through a read-only database must fail with readOnly")
            return
        }
        let result = try readOnly.query("SELECT name, total_params FROM architecture_summary WHERE name = ?", arguments: ["alpha"])
        #expect(result.columns == ["name", "total_params"])
        #expect(result.rows == [[.text("alpha"), .integer(1_000)]])
        for sql in ["DELETE FROM architectures", "SELECT 1; SELECT 2", "nonsense", "SELECT ?", "VACUUM"] {
            guard case .invalidQuery? = storeError({ _ = try readOnly.query(sql) }) else {
                Issue.record("\(sql) should be an invalid query")
                continue
            }
        }
        #expect(try readOnly.architectureNames() == ["alpha"])
        guard case .cannotOpen? = storeError({ _ = try CatalogDatabase.openReadOnly(path: directory.path("none.sqlite")) }) else {
            Issue.record("a missing file cannot be opened read-only")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("none.sqlite")))
    }

    @Test func queryValuesKeepTheirStorageClass() throws {
        let result = try database.query("SELECT 1, 2.5, 'text', NULL, x'0102'")
        #expect(result.rows == [[.integer(1), .real(2.5), .text("text"), .null, .blob([1, 2])]])
        // Even on a writable database, query refuses statements that write.
        guard case .invalidQuery? = storeError({ _ = try database.query("DELETE FROM layers") }) else {
            Issue.record("DELETE must be refused")
            return
        }
        #expect(try database.rawCount("SELECT count(*) FROM layers") == 12)
    }
}
