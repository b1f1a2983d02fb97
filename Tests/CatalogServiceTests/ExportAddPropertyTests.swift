import CatalogCore
import CatalogImport
import CatalogService
import Foundation
import Testing

/// Property: for every architecture the project has a file of (the Keras fixtures of
/// CatalogImportTests, `.keras` archives included, and every seed), `export` then `add` gives back
/// the same per-layer numbers and outputs: names, types, output shapes of every call,
/// parameters (trainable and not), MACs, inbound tensors, and the same totals. The expected
/// values are the stored ones of the original, which the import tests check against Keras.
@Suite("Export then add keeps every number")
struct ExportAddPropertyTests {
    static let fixtureFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CatalogImportTests/Fixtures/keras")

    static let fixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtureFolder.path)) ?? []
        return names.filter { ($0.hasSuffix(".json") && !$0.hasSuffix(".expected.json")) || $0.hasSuffix(".keras") }.sorted()
    }()

    @Test("the fixture folder is found")
    func fixturesFound() {
        #expect(Self.fixtures.count >= 20, "\(Self.fixtureFolder.path)")
        #expect(Self.fixtures.contains("zoo_shared_layer.json") && Self.fixtures.contains("zoo_nested_model.json"))
    }

    static func roundTrip(_ catalog: Catalog, name: String) throws {
        let exported = NativeWriter.json(for: try catalog.architecture(named: name))
        let reread = try ArchitectureImporter.read(exported, file: "\(name).exported.json")
        _ = try catalog.add(reread, file: "\(name).exported.json", name: "\(name)-copy")
        let original = try catalog.detail(named: name)
        let copy = try catalog.detail(named: "\(name)-copy")
        #expect(copy.layers.count == original.layers.count, "\(name)")
        for (a, b) in zip(original.layers, copy.layers) {
            #expect(a == b, "\(name) layer \(a.name)")
        }
        var renamed = copy.summary
        renamed.name = original.summary.name
        renamed.sourceFormat = original.summary.sourceFormat  // "native" after export, by design
        #expect(renamed == original.summary, "\(name)")
    }

    @Test("every Keras fixture", arguments: fixtures)
    func fixture(_ file: String) throws {
        let catalog = try freshCatalog()
        let imported = try ArchitectureImporter.read(contentsOf: Self.fixtureFolder.appendingPathComponent(file).path)
        let result = try catalog.add(imported, file: file, name: "fixture")
        try Self.roundTrip(catalog, name: result.summary.name)
    }

    @Test("every seed")
    func seeds() throws {
        let catalog = try freshCatalog()
        for name in try catalog.database.architectureNames() {
            try Self.roundTrip(catalog, name: name)
        }
    }
}
