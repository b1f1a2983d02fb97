import CatalogTestSupport
import Foundation
import Testing

@testable import CatalogStore

/// Several `catalog` processes on one database at once: WAL lets readers go on while one process
/// writes, the busy timeout makes writers wait for each other, and every add is one short
/// IMMEDIATE transaction. scripts/reliability.sh runs the same check at a larger size.
@Suite("Concurrent processes", .serialized)
struct ConcurrencyTests {
    static let writers = 8
    static let addsPerWriter = 50
    static let seedNames = ["alexnet", "article_cnn", "keras_resnet50", "lenet5", "mobilenet_v1", "resnet18", "resnet34", "resnet50", "vgg11", "vgg16", "vgg19"]

    @Test("8 processes adding 50 architectures each, and readers, on a new database: all kept, seeds once, never locked")
    func writersAndReaders() throws {
        let folder = try Reliability.temporaryDirectory("concurrency")
        defer { try? FileManager.default.removeItem(at: folder) }
        // No database yet: the 8 writers create it together.
        let database = folder.appendingPathComponent("new-catalog.sqlite").path
        var writers: [Reliability.Spawned] = []
        var expected: Set<String> = []
        for writer in 0..<Self.writers {
            var files: [String] = []
            for index in 0..<Self.addsPerWriter {
                let name = "w\(writer)-arch\(index)"
                expected.insert(name)
                let url = folder.appendingPathComponent("\(name).json")
                try Reliability.smallArchitecture(name, units: 1 + index).write(to: url)
                files.append(url.path)
            }
            writers.append(try Reliability.Spawned(
                ["add"] + files + ["--quiet", "--db", database], in: folder, label: "writer\(writer)"))
        }
        // Readers run while the writers write.
        var readerResults: [Reliability.RunResult] = []
        let start = Date()
        while writers.contains(where: { $0.process.isRunning }) && Date().timeIntervalSince(start) < 300 {
            for (index, arguments) in [["list", "--format", "json"], ["show", "lenet5", "--format", "json"]].enumerated() {
                let reader = try Reliability.Spawned(arguments + ["--db", database], in: folder, label: "reader\(index)")
                readerResults.append(reader.wait())
            }
        }
        let results = writers.map { $0.wait() }

        for (index, result) in results.enumerated() {
            #expect(result.status == 0, "writer \(index): \(result)")
            #expect(!result.stderr.localizedCaseInsensitiveContains("locked"), "writer \(index): \(result)")
        }
        for result in readerResults {
            // A reader may start before the database exists and create it itself; it never fails.
            #expect(result.status == 0, "\(result)")
            #expect(!result.stderr.localizedCaseInsensitiveContains("locked"), "\(result)")
        }
        let listing = try Reliability.run(["list", "--format", "json", "--db", database])
        let rows = try #require(JSONSerialization.jsonObject(with: listing.stdoutData) as? [[String: Any]])
        let names = rows.compactMap { $0["name"] as? String }
        #expect(names.count == Self.writers * Self.addsPerWriter + Self.seedNames.count)
        #expect(Set(names) == expected.union(Self.seedNames))
        #expect(names.count == Set(names).count)
        #expect(try Reliability.integrityCheck(database) == "ok")
        print("concurrency: \(Self.writers) writers x \(Self.addsPerWriter) adds, \(readerResults.count) reader runs, \(names.count) architectures, \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
    }

    static var creationRounds: Int {
        ProcessInfo.processInfo.environment["CATALOG_CREATE_ROUNDS"].flatMap(Int.init) ?? 5
    }

    @Test("8 processes opening the same new database at once: every one succeeds, the seeds are saved once")
    func simultaneousCreation() throws {
        for round in 0..<Self.creationRounds {
            let folder = try Reliability.temporaryDirectory("create")
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = folder.appendingPathComponent("catalog.sqlite").path
            let processes = try (0..<Self.writers).map { index in
                try Reliability.Spawned(["list", "--format", "csv", "--db", database], in: folder, label: "list\(index)")
            }
            for (index, result) in processes.map({ $0.wait() }).enumerated() {
                #expect(result.status == 0, "round \(round), process \(index): \(result)")
                // Each sees the seeds whole: they are saved in one transaction.
                #expect(result.stdout.split(separator: "\n").count == Self.seedNames.count + 1, "round \(round), process \(index): \(result)")
            }
            let store = try CatalogDatabase(path: database)
            defer { try? store.close() }
            #expect(try store.architectureNames().map { $0.lowercased() }.sorted() == Self.seedNames)
            #expect(try store.appliedMigrations() == CatalogDatabase.knownMigrations)
            #expect(try !store.seedsArePending())
        }
        print("creation: \(Self.creationRounds) rounds of \(Self.writers) processes opening one new database at once, all succeeded, seeds saved once each time")
    }
}
