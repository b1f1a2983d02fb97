import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// `ai.onnx.ml` graphs (Fixtures/onnx-ml, written with onnx.helper by
/// scripts/make_onnx_ml_fixtures.py): each output's shape is the one onnxruntime returned on 3
/// rows (the batch axis, dropped by the catalog), parameters and MACs are worked out by hand in
/// the script from the attributes it wrote (docs/ONNX.md, "ai.onnx.ml").
@Suite("ai.onnx.ml operators against onnxruntime")
struct ONNXMLTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/onnx-ml")

    static var expected: [String: Any] {
        let data = (try? Data(contentsOf: directory.appendingPathComponent("expected.json"))) ?? Data()
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    static var models: [String] { expected.keys.filter { $0 != "made_by" }.sorted() }

    @Test func fixturesPresent() {
        #expect(Self.models.count == 7)
    }

    @Test(arguments: models)
    func shapesParametersAndMACs(_ name: String) throws {
        let expected = try #require(Self.expected[name] as? [String: Any])
        let imported = try ArchitectureImporter.read(contentsOf: Self.directory.appendingPathComponent(name + ".onnx").path)
        let results = try Engine.infer(imported.architecture)
        let totals = try Engine.totals(of: imported.architecture, results: results)
        #expect(totals.trainableParameters == expected["params"] as? Int)
        #expect(totals.nonTrainableParameters == expected["non_trainable"] as? Int)
        #expect(totals.macs == expected["macs"] as? Int)
        #expect(totals.isComplete, "uncounted: \(totals.uncountedLayers)")
        // Each graph output: the node (layer) producing it, its shape without the batch axis.
        let outputs = try #require(expected["outputs"] as? [String: Any])
        let producers = try #require(expected["producers"] as? [String: [Any]])
        for (output, shape) in outputs {
            let producer = try #require(producers[output])
            let layer = try #require(producer.first as? String)
            let position = try #require(producer.last as? Int)
            let result = try #require(results.first { $0.name == layer })
            let dims = result.outputShapes.first.flatMap { position < $0.count ? $0[position].dimensions : nil }
            if let shape = shape as? [Any] {
                // The batch axis ("N") is not part of a stored shape.
                #expect(dims == shape.dropFirst().map { $0 as? Int }, "\(name): \(output)")
            } else {
                // A ZipMap's sequence of maps has no tensor shape: unknown, never a guess.
                #expect(dims == nil || dims == [], "\(name): \(output)")
            }
        }
        #expect(!imported.warnings.contains { $0.contains("not in the standard set") })
    }

    /// What the catalog says about the attributes it counts and those it does not.
    @Test func warningsSayWhereTheLineIs() throws {
        let trees = try ArchitectureImporter.read(contentsOf: Self.directory.appendingPathComponent("tree_classifier.onnx").path)
        #expect(trees.warnings.contains { $0.contains("6 tree nodes are decision rules, not parameters") })
        let linear = try ArchitectureImporter.read(contentsOf: Self.directory.appendingPathComponent("linear_classifier.onnx").path)
        #expect(linear.warnings.contains { $0.contains("15 coefficients and intercepts") })
    }
}
