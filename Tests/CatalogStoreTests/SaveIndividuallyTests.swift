import Foundation
import Testing

@testable import CatalogStore

/// `add` of many files saves them in one transaction, each atomically in a savepoint.
@Suite("Saving many architectures in one transaction, each on its own")
struct SaveIndividuallyTests {
    @Test func aFailingItemLeavesNothingAndTheOthersAreSaved() throws {
        let database = try CatalogDatabase.inMemory()
        try database.saveArchitecture(Sample.architecture("existing"), layers: Sample.layers(), replace: false)
        var badLayers = Sample.layers(3)
        badLayers[2].params = -1  // CHECK (params >= 0) fails on the last layer, after two rows went in

        let results = try database.save([
            (Sample.architecture("first"), Sample.layers(2), false),
            (Sample.architecture("EXISTING"), Sample.layers(), false),
            (Sample.architecture("bad"), badLayers, false),
            (Sample.architecture("existing"), Sample.layers(4), true),
            (Sample.architecture("last"), Sample.layers(1), false),
        ])

        #expect(results.count == 5)
        #expect((try? results[0].get())?.replaced == false)
        guard case .failure(.duplicateName("existing")) = results[1] else {
            Issue.record("expected the duplicate name, got \(results[1])")
            return
        }
        guard case .failure(.constraint) = results[2] else {
            Issue.record("expected a constraint error, got \(results[2])")
            return
        }
        #expect((try? results[3].get())?.replaced == true)
        #expect((try? results[4].get())?.replaced == false)
        #expect(try database.architecture(named: "bad") == nil)
        #expect(try database.architectureNames().sorted() == ["existing", "first", "last"])
        let replacedID = try #require(try database.architecture(named: "existing")?.id)
        #expect(try database.layers(ofArchitecture: replacedID).count == 4)
        let layerRows = try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM layers") }
        #expect(layerRows == 2 + 4 + 1)
    }
}
