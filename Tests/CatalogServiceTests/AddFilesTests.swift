import CatalogService
import CatalogTestSupport
import Foundation
import Testing

/// ``Catalog/add(files:options:isCancelled:progress:)``, the bulk add behind `catalog add`.
/// File `i` is AddTests' hand-computed network with `i + 1` filters, named `tiny-i`: conv
/// (3·3·1 + 1)·f = 10f, flatten 13·13·f = 169f, dense (169f + 1)·10 = 1,690f + 10, total
/// 1,700f + 10 parameters.
@Suite("Adding files in bulk through the service")
struct AddFilesTests {
    private static func network(_ index: Int, name: String? = nil) -> String {
        handComputedJSON
            .replacingOccurrences(of: "\"filters\": 8", with: "\"filters\": \(index + 1)")
            .replacingOccurrences(of: "\"name\": \"tiny\"", with: "\"name\": \"\(name ?? "tiny-\(index)")\"")
    }

    @Test func outcomesComeInFileOrderWithTheirOwnFailures() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        var files: [String] = []
        for index in 0..<4 {
            files.append(directory.path("tiny-\(index).json"))
            try Data(Self.network(index).utf8).write(to: URL(fileURLWithPath: files[index]))
        }
        files.insert(directory.path("missing.json"), at: 2)
        let catalog = try freshCatalog()
        var finished: [(file: String, result: Result<AddResult, ServiceError>)] = []
        let summary = try catalog.add(files: files, options: AddOptions(tags: ["bulk"]), isCancelled: { false }) { event in
            if case .finished(let file, let outcome) = event { finished.append((file, outcome.result)) }
        }
        #expect(finished.map(\.file) == files)
        #expect(summary.added == 4)
        #expect(summary.replaced == 0)
        #expect(summary.failures.count == 1)
        #expect(summary.cancellation == nil)
        guard case .failure(.importFailed(let error)) = finished[2].result else {
            Issue.record("expected the missing file's import error, got \(finished[2].result)")
            return
        }
        #expect(error.isMissingFile)
        for (position, index) in [(0, 0), (1, 1), (3, 2), (4, 3)] {
            let added = try finished[position].result.get()
            #expect(added.summary.name == "tiny-\(index)")
            #expect(added.summary.totalParameters == 1_700 * (index + 1) + 10)
            #expect(added.summary.tags == ["test", "bulk"])
        }
    }

    @Test func twoFilesNamingOneArchitectureAddNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let files = [directory.path("a.json"), directory.path("b.json"), directory.path("c.json")]
        for (index, name) in ["Straße-net", "other", "STRASSE-NET"].enumerated() {
            try Data(Self.network(index, name: name).utf8).write(to: URL(fileURLWithPath: files[index]))
        }
        let catalog = try freshCatalog()
        let before = try catalog.list(ListQuery()).map(\.name)
        var events = 0
        let error = #expect(throws: ServiceError.self) {
            _ = try catalog.add(files: files, options: AddOptions(), isCancelled: { false }) { _ in events += 1 }
        }
        guard case .nameClash(let file, let name, let earlierFile)? = error else {
            Issue.record("expected a name clash, got \(String(describing: error))")
            return
        }
        #expect(file == files[2])
        #expect(name == "STRASSE-NET")
        #expect(earlierFile == files[0])
        #expect(events == 0)
        #expect(try catalog.list(ListQuery()).map(\.name) == before)
    }

    @Test func cancelledWhileReadingWritesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let file = directory.path("tiny.json")
        try Data(Self.network(0).utf8).write(to: URL(fileURLWithPath: file))
        let catalog = try freshCatalog()
        let before = try catalog.list(ListQuery()).map(\.name)
        var events = 0
        let summary = try catalog.add(files: [file, file], options: AddOptions(), isCancelled: { true }) { _ in events += 1 }
        #expect(summary.cancellation == .whileReading)
        #expect(summary.added == 0 && summary.failures.isEmpty)
        #expect(events == 0)
        #expect(try catalog.list(ListQuery()).map(\.name) == before)
    }
}
