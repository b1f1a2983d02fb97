import CatalogCore
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

    static var models: [String] { fixtureModels(in: directory, fileExtension: "json") }

    /// The `<m>` of every `<m>.expected.json` in `directory` beside an `<m>.<fileExtension>`, sorted.
    static func fixtureModels(in directory: URL, fileExtension: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".expected.json") }
            .map { String($0.dropLast(".expected.json".count)) }
            .filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent("\($0).\(fileExtension)").path) }
            .sorted()
    }

    struct Expected: Decodable {
        struct Layer: Decodable {
            let name: String
            let class_name: String
            let output_shape: ShapeOrList?
            let params: Int
            let trainable_params: Int
            let non_trainable_params: Int
        }
        let total_params: Int
        let trainable_params: Int
        let non_trainable_params: Int
        let layers: [Layer]
    }

    /// Keras writes a single output as `[null, 8, 16]` and several as a list of such lists.
    enum ShapeOrList: Decodable {
        case single([Int?])
        case several([[Int?]])
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let single = try? container.decode([Int?].self) { self = .single(single) } else {
                self = .several(try container.decode([[Int?]].self))
            }
        }
    }

    @Test func thereAreFixtures() {
        #expect(Self.models.count >= 28)
    }

    @Test(arguments: models)
    func layerByLayer(_ model: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("\(model).json"))
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Self.directory.appendingPathComponent("\(model).expected.json")))
        let imported = try ArchitectureImporter.read(data, file: "\(model).json")
        let results = try Engine.infer(imported.architecture)
        let totals = try Engine.totals(of: imported.architecture, results: results)
        #expect(totals.parameters == expected.total_params)
        #expect(totals.trainableParameters == expected.trainable_params)
        #expect(totals.nonTrainableParameters == expected.non_trainable_params)
        let byName = Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0) })
        for layer in expected.layers {
            let result = try #require(byName[layer.name], "\(model): layer \(layer.name) missing")
            #expect(result.parameters == layer.params, "\(model) \(layer.name)")
            #expect(result.trainableParameters == layer.trainable_params, "\(model) \(layer.name)")
            #expect(result.nonTrainableParameters == layer.non_trainable_params, "\(model) \(layer.name)")
            if case .single(let shape)? = layer.output_shape {
                let all = result.outputShapes.joined().map(\.dimensions)
                #expect(all.contains(Array(shape.dropFirst())), "\(model) \(layer.name): \(all) vs \(shape)")
            }
        }
    }

    @Test func kerasArchiveReadsConfigJSON() throws {
        // zoo_lenet5.keras is the same model as zoo_lenet5.json, saved by Keras as a zip.
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("zoo_lenet5.keras"))
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Self.directory.appendingPathComponent("zoo_lenet5.expected.json")))
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
