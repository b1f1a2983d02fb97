import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// `--input-shape` fills the unknown (`None`) dimensions of a Keras model's input, the way
/// building the model with `input_shape=` does in Keras. Fixtures and the Keras shapes they are
/// checked against come from scripts/make_unknown_dims_fixtures.py (Keras 3).
@Suite("Keras --input-shape fills unknown input dimensions")
struct KerasUnknownDimsTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/unknown-dims")

    static func read(_ name: String, inputShape: [Int?]?) throws -> (Architecture, [LayerResult]) {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let imported = try ArchitectureImporter.read(data, file: name, inputShape: inputShape)
        return (imported.architecture, try Engine.infer(imported.architecture))
    }

    @Test func mobileNetV3SmallTakesTheGivenShapeLayerByLayer() throws {
        let (architecture, results) = try Self.read("mnv3s_none.json", inputShape: [224, 224, 3])
        // Keras' own output shapes of MobileNetV3Small(input_shape=(224, 224, 3)).
        let shapesData = try Data(contentsOf: Self.directory.appendingPathComponent("mnv3s_224.shapes.json"))
        let keras = try #require(JSONSerialization.jsonObject(with: shapesData) as? [String: [Int?]])
        #expect(keras.count == 164)
        for result in results {
            guard let expected = keras[result.name] else { continue }
            #expect(result.outputShapes.first?.first?.dimensions == expected, "\(result.name)")
        }
        // The MobileNetV3 paper (Howard et al. 2019, Table 3): MobileNetV3-Small 1.0 at 224 is
        // 56 M multiply-adds.
        let macs = try Engine.totals(of: architecture, results: results).macs
        #expect(macs > 55_500_000 && macs < 57_000_000)
        #expect(results.first?.outputShapes.first?.first?.dimensions == [224, 224, 3])
    }

    @Test func recurrentTimestepsAreFilled() throws {
        let (architecture, results) = try Self.read("rnn_none.json", inputShape: [50, 16])
        // By hand, per step: LSTM(32) over 16 features 4·(16·32 + 32·32) = 6,144;
        // GRU(8) over 32 features 3·(32·8 + 8·8) = 960; 7,104 per step, 50 steps.
        #expect(try Engine.totals(of: architecture, results: results).macs == 50 * 7_104)
    }

    @Test(arguments: [[1, 2] as [Int?], [224, 224, 4], [224, 224]])
    func aShapeThatDoesNotFitIsAnError(_ shape: [Int?]) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("mnv3s_none.json"))
        #expect {
            _ = try ArchitectureImporter.read(data, file: "mnv3s_none.json", inputShape: shape)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("mnv3s_none.json") && text.contains("input_layer") && text.contains("--input-shape")
        }
    }
}
