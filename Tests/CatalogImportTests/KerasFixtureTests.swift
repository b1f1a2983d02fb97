import CatalogCore
import CatalogTestSupport
import Foundation
import Testing
@testable import CatalogImport

/// Every Keras fixture (made by Keras 3.15 from Keras' own model definitions; see Fixtures/) is
/// imported and computed, and each layer's output shape, trainable and non-trainable parameters
/// must equal what Keras itself reported in `<model>.expected.json`.
@Suite("Keras fixtures match Keras layer by layer")
struct KerasFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras")

    static var models: [String] { KerasExpected.models(in: directory, fileExtension: "json") }

    @Test func thereAreFixtures() {
        #expect(Self.models.count >= 28)
    }

    @Test(arguments: models)
    func layerByLayer(_ model: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("\(model).json"))
        let expected = try KerasExpected.load(Self.directory.appendingPathComponent("\(model).expected.json"))
        let imported = try ArchitectureImporter.read(data, file: "\(model).json")
        try expectMatchesKeras(imported, expected, model: model)
    }

    @Test func kerasArchiveReadsConfigJSON() throws {
        // zoo_lenet5.keras is the same model as zoo_lenet5.json, saved by Keras as a zip.
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("zoo_lenet5.keras"))
        let expected = try KerasExpected.load(Self.directory.appendingPathComponent("zoo_lenet5.expected.json"))
        let imported = try ArchitectureImporter.read(data, file: "zoo_lenet5.keras")
        let results = try Engine.infer(imported.architecture)
        #expect(try Engine.totals(of: imported.architecture, results: results).parameters == expected.total_params)
        #expect(imported.sourceFormat == "keras-archive")
    }

    @Test func wildSequentialWrappingFrozenResNet50() throws {
        // Worked out for this real file (shared/fixtures/README.md, rebuilt in Keras 3.15):
        // 24,641,930 total = 2,108,938 trainable + 22,532,992 non-trainable.
        let url = Self.directory.deletingLastPathComponent()
            .appendingPathComponent("wild/JayDaslani__explainable-ai-deployment__model_architecture.json")
        let imported = try ArchitectureImporter.read(Data(contentsOf: url), file: url.lastPathComponent)
        let totals = try Engine.totals(of: imported.architecture, results: Engine.infer(imported.architecture))
        #expect(totals.parameters == 24_641_930)
        #expect(totals.trainableParameters == 2_108_938)
        #expect(totals.nonTrainableParameters == 22_532_992)
    }
}
