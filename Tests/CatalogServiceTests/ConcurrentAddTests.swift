import CatalogCore
import CatalogImport
@testable import CatalogService
import CatalogTestSupport
import Foundation
import Testing

/// Requests computed on several threads (``Catalog/prepare(_:texts:)``) and written by one
/// (``Catalog/save(_:)``) give what adding them one by one gives, in their order.
@Suite("Adding many architectures computed in parallel")
struct ConcurrentAddTests {
    @Test func concurrentMapKeepsTheOrder() {
        #expect(Concurrently.map(0) { $0 } == [])
        #expect(Concurrently.map(1) { $0 + 5 } == [5])
        let squares = Concurrently.map(2_000) { $0 * $0 }
        #expect(squares.count == 2_000)
        #expect(squares[0] == 0 && squares[1] == 1 && squares[7] == 49 && squares[1_999] == 3_996_001)
        #expect(squares == (0..<2_000).map { $0 * $0 })
    }

    @Test func backgroundWorkIsWaitedFor() {
        let work = Background { (1...100).reduce(0, +) }
        #expect(work.wait() == 5_050)
        #expect(work.wait() == 5_050)
    }

    /// Request `i` is the hand-computed network of AddTests with `i + 1` filters, named
    /// `net-i`: conv (3·3·1 + 1)·f = 10f, flatten 13·13·f = 169f, dense (169f + 1)·10 = 1,690f
    /// + 10, total 1,700f + 10. Every tenth request from the fourth (3, 13, …) is the impossible
    /// network; request 41 repeats request 40's name (in another case).
    @Test func manyRequestsKeepTheirOrderAndTheirOwnFailures() throws {
        let catalog = try freshCatalog()
        var requests: [AddRequest] = []
        for index in 0..<60 {
            let file = "file-\(index).json"
            if index % 10 == 3 {
                requests.append(AddRequest(try importNative(impossibleJSON, file: file), file: file, name: "impossible-\(index)"))
            } else {
                let text = handComputedJSON.replacingOccurrences(of: "\"filters\": 8", with: "\"filters\": \(index + 1)")
                let name = index == 41 ? "NET-40" : "net-\(index)"
                requests.append(AddRequest(try importNative(text, file: file), file: file, name: name))
            }
        }
        let results = try catalog.save(Catalog.prepare(requests))
        #expect(results.count == 60)
        for (index, result) in results.enumerated() {
            switch (index, result) {
            case (_, .success(let added)) where index % 10 != 3 && index != 41:
                #expect(added.summary.name == "net-\(index)")
                #expect(added.summary.totalParameters == 1_700 * (index + 1) + 10)
                #expect(!added.replaced)
            case (_, .failure(.inferenceFailed(let file, _))) where index % 10 == 3:
                #expect(file == "file-\(index).json")
            case (41, .failure(.store(.duplicateName(let existing)))):
                #expect(existing == "net-40")
            default:
                Issue.record("request \(index): unexpected \(result)")
            }
        }
        #expect(try catalog.detail(named: "net-59").summary.totalParameters == 102_010)
        #expect(throws: ServiceError.self) { try catalog.detail(named: "impossible-13") }
    }
}
