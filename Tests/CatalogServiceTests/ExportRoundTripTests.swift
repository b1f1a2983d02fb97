import CatalogCore
import CatalogImport
import CatalogService
import Foundation
import Testing

@Suite("Export round trip")
struct ExportRoundTripTests {
    @Test("export then re-import gives identical per-layer numbers", arguments: PublishedCount.all.map(\.name))
    func roundTrip(seed: String) throws {
        let catalog = try freshCatalog()
        let exported = NativeWriter.json(for: try catalog.architecture(named: seed))
        let imported = try ArchitectureImporter.read(exported, file: "\(seed).json")
        _ = try catalog.add(imported, file: "\(seed).json", name: "\(seed)_copy")

        let original = try catalog.detail(named: seed)
        let copy = try catalog.detail(named: "\(seed)_copy")
        #expect(copy.layers.count == original.layers.count)
        for (a, b) in zip(original.layers, copy.layers) {
            #expect(a == b, "\(seed) layer \(a.name)")
        }
        var renamed = copy.summary
        renamed.name = original.summary.name
        #expect(renamed == original.summary)
        // And still the published number.
        let published = try #require(PublishedCount.all.first { $0.name == seed })
        #expect(copy.summary.totalParameters == published.total)
    }

    @Test("export writes the same layers the catalog stores", arguments: PublishedCount.all.map(\.name))
    func exportedLayersMatchStored(seed: String) throws {
        let catalog = try freshCatalog()
        let stored = try catalog.architecture(named: seed)
        let reread = try ArchitectureImporter.read(NativeWriter.json(for: stored), file: "\(seed).json").architecture
        #expect(reread.name == stored.name)
        #expect(reread.framework == stored.framework)
        #expect(reread.tags == stored.tags)
        #expect(reread.description == stored.description)
        #expect(reread.source == stored.source)
        #expect(reread.layers.map(\.name) == stored.layers.map(\.name))
        #expect(reread.layers.map(\.calls) == stored.layers.map(\.calls))
        #expect(reread.layers.map(\.kind) == stored.layers.map(\.kind))
    }
}
