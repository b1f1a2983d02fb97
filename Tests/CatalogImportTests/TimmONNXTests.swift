import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// timm models exported to ONNX (Fixtures/onnx-timm, scripts/make_timm_onnx.py; graph only, the
/// external weights file deleted): parameters against the onnx package's initializer count and
/// torch's `sum(p.numel())`, MACs against the convention worked out over onnx's shape inference,
/// the output shape against onnxruntime's.
@Suite("timm exports against torch, onnx and onnxruntime")
struct TimmONNXTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/onnx-timm")

    static var expected: [String: Any] {
        let data = (try? Data(contentsOf: directory.appendingPathComponent("expected.json"))) ?? Data()
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    static var models: [String] { expected.keys.filter { $0 != "made_by" }.sorted() }

    @Test func fixturesPresent() {
        #expect(Self.models.count == 5)
    }

    @Test(arguments: models)
    func parametersMACsAndOutput(_ name: String) throws {
        let expected = try #require(Self.expected[name] as? [String: Any])
        let imported = try ArchitectureImporter.read(contentsOf: Self.directory.appendingPathComponent(name + ".onnx").path)
        let results = try Engine.infer(imported.architecture)
        let totals = try Engine.totals(of: imported.architecture, results: results)
        #expect(totals.isComplete, "uncounted: \(totals.uncountedLayers)")
        // The file's float initializers (onnx); and torch's count where each BatchNorm's 2C
        // elements became a bias of C on the convolution before it (folded by the exporter).
        #expect(totals.parameters == expected["initializer_elements"] as? Int)
        let torch = try #require(expected["torch_params"] as? Int)
        let batchNorm = try #require(expected["batchnorm_params"] as? Int)
        #expect(totals.parameters == torch - batchNorm / 2)
        #expect(totals.macs == expected["macs"] as? Int)
        let output = try #require(expected["output_shape"] as? [Int])
        let last = try #require(results.last)
        #expect(last.outputShapes.first?.first?.dimensions == output.dropFirst().map { Optional($0) })
    }
}
