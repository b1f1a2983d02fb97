import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// ONNX files made by PyTorch's two exporters and by `onnx.helper` (scripts/make_onnx_fixtures.py;
/// `shared/` are the project's reference exports, weights zeroed). Every expected number comes from
/// the onnx package (initializers), onnxruntime (each node's actual output shape) or PyTorch, in
/// each file's `.expected.json`.
@Suite("ONNX fixtures against onnx, onnxruntime and PyTorch")
struct ONNXFixtureTests {
    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/onnx")

    struct Fixture: CustomTestStringConvertible, Sendable {
        let path: String
        var testDescription: String { (path as NSString).lastPathComponent }
    }

    static var fixtures: [Fixture] {
        var result: [Fixture] = []
        for folder in [directory, directory.appendingPathComponent("shared")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".onnx") {
                result.append(Fixture(path: folder.appendingPathComponent(name).path))
            }
        }
        return result
    }

    static func expected(_ fixture: Fixture) throws -> [String: Any] {
        let url = URL(fileURLWithPath: String(fixture.path.dropLast(".onnx".count)) + ".expected.json")
        return try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func everyFixtureIsFound() {
        #expect(Self.fixtures.count >= 14)
    }

    /// Parameters are the file's floating-point initializers (the onnx package's count), MACs
    /// the convention's count from onnxruntime's shapes at batch 1.
    @Test(arguments: fixtures)
    func totals(_ fixture: Fixture) throws {
        let expected = try Self.expected(fixture)
        let imported = try ArchitectureImporter.read(contentsOf: fixture.path)
        let architecture = imported.architecture
        let totals = try Engine.totals(of: architecture, results: Engine.infer(architecture))
        let floats: Int
        if let byHand = expected["params_by_hand"] as? Int, expected["float_initializer_elements"] as? Int != byHand {
            // onnx.helper files with a Constant node holding a weight: counted by hand in the script.
            floats = byHand
        } else if let initializers = expected["onnx_initializers"] as? [String: Any] {
            floats = try #require(initializers["elements_float"] as? Int)
        } else {
            floats = try #require(expected["float_initializer_elements"] as? Int)
        }
        #expect(totals.parameters == floats)
        let initializerFloats = imported.tensors.filter { ONNXDataType.isFloatingPoint(Self.typeNumber($0.dtype)) }.reduce(0) { $0 + $1.elements }
        #expect(initializerFloats == (expected["float_initializer_elements"] as? Int ?? floats))

        // MACs: only where every dim is fixed in the file (a symbolic sequence stays unknown).
        let symbolic = architecture.layers.contains { layer in
            if case .onnxOperator(let node) = layer.kind { return node.outputs.contains { $0.dimensions.contains(nil) } }
            return false
        }
        if symbolic {
            // Attention's QKᵀ and AV are quadratic in the symbolic sequence: their MACs are
            // unknown (docs/ONNX.md), so exactly the activation × activation MatMuls are not counted.
            let types = Dictionary(uniqueKeysWithValues: architecture.layers.map { ($0.name, $0.type) })
            #expect(totals.uncountedLayers.allSatisfy { types[$0] == "MatMul" }, "\(totals.uncountedLayers)")
            if let nodes = expected["nodes"] as? [[String: Any]], (expected["macs"] as? [String: Any])?["matmul_activation_x_activation"] != nil {
                // The script lists each node's initializer inputs: a MatMul with none multiplies two activations.
                let activationProducts = nodes.filter { $0["op"] as? String == "MatMul" && $0["initializer_inputs"] == nil }
                    .compactMap { $0["name"] as? String }
                #expect(Set(totals.uncountedLayers) == Set(activationProducts))
                #expect(activationProducts.count == 4)
            } else {
                // bert-tiny: 2 layers, each with QKᵀ and AV.
                #expect(totals.uncountedLayers.count == 4)
            }
        } else {
            #expect(totals.isComplete, "uncounted: \(totals.uncountedLayers)")
        }
        let want: Int?
        if let hand = expected["macs_by_hand"] as? Int {
            want = hand
        } else if let macs = expected["macs"] as? [String: Any] {
            want = (macs["total_with_rnn"] ?? macs["total"]) as? Int
        } else {
            want = expected["macs"] as? Int
        }
        if !symbolic, let want {
            #expect(totals.macs == want)
        }
    }

    /// Every single-output node's shape equals onnxruntime's (batch dropped, or the full shape
    /// where the batch is not the first axis).
    @Test(arguments: fixtures)
    func nodeShapes(_ fixture: Fixture) throws {
        let expected = try Self.expected(fixture)
        let imported = try ArchitectureImporter.read(contentsOf: fixture.path)
        let results = try Engine.infer(imported.architecture)
        let byName = Dictionary(uniqueKeysWithValues: zip(imported.architecture.layers.map(\.name), results))
        var compared = 0
        for case let node as [String: Any] in expected["nodes"] as? [Any] ?? [] {
            let outputs = node["outputs"] as? [[String: Any]] ?? []
            guard outputs.count == 1, let ort = outputs[0]["shape_ort"] as? [Int],
                  let name = node["name"] as? String, let index = node["i"] as? Int, let op = node["op"] as? String
            else { continue }
            guard let result = byName[name.isEmpty ? "\(op)_\(index)" : name] else {
                Issue.record("no layer for node \(name)")
                continue
            }
            let got = result.outputShape.dimensions
            if got.contains(where: { $0 == nil }) { continue }  // symbolic in the file: unknown, not compared
            #expect(got == Array(ort.dropFirst()) || got == ort, "\(name): \(got) vs onnxruntime \(ort)")
            compared += 1
        }
        #expect(compared > 0)
    }

    @Test func batchNormalizationStatisticsAreNonTrainable() throws {
        // hb_control: one BatchNormalization over 6 channels: mean and variance 2·6 = 12 elements.
        let imported = try ArchitectureImporter.read(contentsOf: Self.directory.appendingPathComponent("hb_control.onnx").path)
        let totals = try Engine.totals(of: imported.architecture, results: Engine.infer(imported.architecture))
        #expect(totals.nonTrainableParameters == 12)
        // Wc 32 + E 32 + zero 1 + Wt 64 + We 64 + Wl 64 + Wt2 54 + bt2 6 + gamma, beta 12 + mean, var 12
        #expect(totals.parameters == 341)
        #expect(imported.tensors.filter(\.isBuffer).map(\.name).sorted() == ["mu", "var"])
    }

    @Test func tiedWeightsCountOnce() throws {
        // shared_weights: torch 20,160 parameters with one tied matrix; the file holds 36,160
        // float elements (the exporter stores the tied weight and a transposed copy).
        let path = Self.directory.appendingPathComponent("shared/shared_weights.onnx").path
        let imported = try ArchitectureImporter.read(contentsOf: path)
        let totals = try Engine.totals(of: imported.architecture, results: Engine.infer(imported.architecture))
        #expect(totals.parameters == 36_160)
    }

    @Test func foldedBatchNormalizationIsNoted() throws {
        let folded = try ArchitectureImporter.read(
            contentsOf: Self.directory.appendingPathComponent("mobilenet_v3_small_dynbatch.onnx").path)
        #expect(folded.architecture.description?.contains("BatchNormalization folded into Conv") == true)
        let kept = try ArchitectureImporter.read(contentsOf: Self.directory.appendingPathComponent("small_cnn_op9.onnx").path)
        #expect(kept.architecture.description?.contains("BatchNormalization statistics present") == true)
    }

    @Test func functionsAreCountedPerCall() throws {
        // proj(x) = Relu(MatMul(x, w)) called twice on (batch, 7, 16): 7·32·16 + 7·8·32 MACs per sample.
        let imported = try ArchitectureImporter.read(contentsOf: Self.directory.appendingPathComponent("hb_function.onnx").path)
        let results = try Engine.infer(imported.architecture)
        #expect(results.map(\.macs) == [0, 7 * 32 * 16, 7 * 8 * 32])
        #expect(results[2].outputShape == TensorShape([7, 8]))
    }

    @Test func inputShapeFixesSymbolicDims() throws {
        // The dynamo encoder with a symbolic sequence: --input-shape 32,16 fixes it, and the
        // MACs are the reference's at (1, 32, 16): 2,392,704.
        let path = Self.directory.appendingPathComponent("shared/transformer_encoder_dynseq_dynamo.onnx").path
        let imported = try ArchitectureImporter.read(contentsOf: path, inputShape: [32, 16])
        let totals = try Engine.totals(of: imported.architecture, results: Engine.infer(imported.architecture))
        #expect(totals.macs == 2_392_704)
        #expect(!totals.macsArePerStep)
    }

    @Test func dynamicBERTWithFixedSequenceEqualsTheStaticExport() throws {
        // bert_tiny_dyn (batch and seq symbolic; its attention mask built from Shape, Equal and
        // Where) with seq fixed to 16: the MACs onnxruntime's shapes give for the static export.
        let path = Self.directory.appendingPathComponent("bert_tiny_dyn.onnx").path
        let imported = try ArchitectureImporter.read(contentsOf: path, namedInputShapes: ["input_ids": [16]])
        let totals = try Engine.totals(of: imported.architecture, results: Engine.infer(imported.architecture))
        let expected = try Self.expected(Fixture(path: Self.directory.appendingPathComponent("bert_tiny_static.onnx").path))
        #expect(totals.macs == expected["macs"] as? Int)
        #expect(totals.macs == 1_114_112)
        #expect(!totals.macsArePerStep)
        #expect(totals.isComplete)
    }

    static func typeNumber(_ name: String) -> Int {
        (0..<32).first { ONNXDataType.name($0) == name } ?? 0
    }
}
