import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// Files that are not valid ONNX models are refused with the file and the reason; a model over
/// 64 MiB with inline weights is read.
@Suite("ONNX: malformed files and large inline weights")
struct ONNXMalformedTests {
    /// A one-node model: `y = Gemm(x, W, b)` with `x (1, inFeatures)` and W's data inline.
    static func gemmModel(inFeatures: Int, outFeatures: Int, opset: Int64 = 17, withData: Bool = true) -> Onnx_ModelProto {
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opsetId = Onnx_OperatorSetIdProto()
        opsetId.version = opset
        model.opsetImport = [opsetId]
        var graph = Onnx_GraphProto()
        graph.name = "gemm"
        graph.input = [valueInfo("x", [1, Int64(inFeatures)])]
        graph.output = [valueInfo("y", [1, Int64(outFeatures)])]
        var node = Onnx_NodeProto()
        node.opType = "Gemm"
        node.name = "fc"
        node.input = ["x", "W", "b"]
        node.output = ["y"]
        var transB = Onnx_AttributeProto()
        transB.name = "transB"
        transB.type = .int
        transB.i = 1
        node.attribute = [transB]
        graph.node = [node]
        graph.initializer = [
            tensor("W", [Int64(outFeatures), Int64(inFeatures)], withData: withData),
            tensor("b", [Int64(outFeatures)], withData: withData),
        ]
        model.graph = graph
        return model
    }

    static func valueInfo(_ name: String, _ dims: [Int64]) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var type = Onnx_TypeProto.Tensor()
        type.elemType = 1
        var shape = Onnx_TensorShapeProto()
        shape.dim = dims.map { value in
            var dim = Onnx_TensorShapeProto.Dimension()
            dim.dimValue = value
            return dim
        }
        type.shape = shape
        info.type.tensorType = type
        return info
    }

    static func tensor(_ name: String, _ dims: [Int64], withData: Bool = true) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = 1
        tensor.dims = dims
        if withData { tensor.rawData = Data(count: Int(dims.reduce(1, *)) * 4) }
        return tensor
    }

    static func read(_ model: Onnx_ModelProto) throws(ImportError) -> ImportedArchitecture {
        let bytes: Data = (try? model.serializedBytes()) ?? Data()
        return try ArchitectureImporter.read(bytes, file: "model.onnx")
    }

    @Test func inlineWeightsOver64MiBAreRead() throws {
        // W: 4096 × 4352 float32 = 71,303,168 bytes inline.
        let model = Self.gemmModel(inFeatures: 4352, outFeatures: 4096)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-big-\(UUID().uuidString).onnx")
        try (model.serializedBytes() as Data).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(size > 64 * 1024 * 1024)
        let imported = try ArchitectureImporter.read(contentsOf: url.path)
        let totals = try Engine.totals(of: imported.architecture, results: Engine.infer(imported.architecture))
        #expect(totals.parameters == 4096 * 4352 + 4096)   // Gemm: W (N×K) + b (N)
        #expect(totals.macs == 1 * 4096 * 4352)            // M·N·K
        #expect(imported.tensors.map(\.bytes) == [4096 * 4352 * 4, 4096 * 4])
    }

    @Test func truncatedFileIsRefused() throws {
        let bytes: Data = try Self.gemmModel(inFeatures: 8, outFeatures: 4).serializedBytes()
        for cut in [1, 7, bytes.count / 2, bytes.count - 3] {
            #expect(throws: ImportError.self) {
                _ = try ArchitectureImporter.read(bytes.prefix(cut), file: "cut.onnx")
            }
        }
    }

    @Test func notProtobufIsRefused() {
        let error = #expect(throws: ImportError.self) {
            _ = try ArchitectureImporter.read(Data([0x08, 0xFF, 0xFF, 0x0F, 0x07, 0x00]), file: "junk.onnx")
        }
        #expect(error?.description.hasPrefix("junk.onnx: ") == true)
    }

    @Test func oldOpsetIsRefusedNamingTheOpset() {
        let error = #expect(throws: ImportError.self) { _ = try Self.read(Self.gemmModel(inFeatures: 8, outFeatures: 4, opset: 6)) }
        #expect(error?.problem.contains("opset 6") == true)
    }

    @Test func danglingValueIsRefused() {
        var model = Self.gemmModel(inFeatures: 8, outFeatures: 4)
        model.graph.node[0].input[0] = "nowhere"
        let error = #expect(throws: ImportError.self) { _ = try Self.read(model) }
        #expect(error?.problem.contains("'nowhere'") == true)
    }

    @Test func cycleIsRefused() {
        var model = Self.gemmModel(inFeatures: 8, outFeatures: 8)
        var relu = Onnx_NodeProto()
        relu.opType = "Relu"
        relu.input = ["y"]
        relu.output = ["r"]
        model.graph.node.append(relu)
        model.graph.node[0].input[0] = "r"   // fc reads relu, relu reads fc
        let error = #expect(throws: ImportError.self) { _ = try Self.read(model) }
        #expect(error?.problem.contains("cycle") == true)
    }

    @Test func absurdDimsAreRefused() {
        var model = Self.gemmModel(inFeatures: 8, outFeatures: 4, withData: false)
        model.graph.initializer[0].dims = [4, -8]
        #expect(throws: ImportError.self) { _ = try Self.read(model) }
        model.graph.initializer[0].dims = [1 << 50, 8]
        #expect(throws: ImportError.self) { _ = try Self.read(model) }
    }

    @Test func mismatchedWeightIsRefused() {
        // Gemm with transB: W (4, 9) against x (1, 8): K differs.
        var model = Self.gemmModel(inFeatures: 8, outFeatures: 4, withData: false)
        model.graph.initializer[0].dims = [4, 9]
        model.graph.node[0].opType = "MatMul"
        model.graph.node[0].attribute = []
        model.graph.node[0].input = ["x", "W"]
        let error = #expect(throws: ImportError.self) { _ = try Self.read(model) }
        #expect(error?.problem.contains("fc") == true)
    }

    @Test func unknownOperatorIsNotCountedAsZero() throws {
        var model = Self.gemmModel(inFeatures: 8, outFeatures: 4, withData: false)
        model.graph.node[0].opType = "FancyOp"
        model.graph.node[0].domain = "com.example"
        let imported = try Self.read(model)
        let totals = try Engine.totals(of: imported.architecture, results: Engine.infer(imported.architecture))
        #expect(!totals.isComplete)
        #expect(totals.uncountedLayers == ["fc"])
        // its declared output shape is used
        #expect(try Engine.infer(imported.architecture)[1].outputShape == TensorShape([4]))
    }

    @Test func declaredOutputContradictingInferenceWarns() throws {
        var model = Self.gemmModel(inFeatures: 8, outFeatures: 4, withData: false)
        model.graph.output = [Self.valueInfo("y", [1, 5])]
        let imported = try Self.read(model)
        #expect(imported.warnings.contains { $0.contains("declared [1, 5] but inferred [1, 4]") })
    }
}

/// Deterministic mutations of a real file (byte flips, cuts, insertions): each is refused with an
/// error naming the file, or read and computed without a crash. (Fuzz/Sources/FuzzONNX runs the
/// same under libFuzzer with the address sanitizer.)
@Suite("ONNX: mutated files")
struct ONNXMutationTests {
    @Test func mutatedFilesAreRefusedOrRead() throws {
        let url = ONNXFixtureTests.directory.appendingPathComponent("hb_control.onnx")
        let original = [UInt8](try Data(contentsOf: url))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var refused = 0
        for round in 0..<400 {
            var bytes = original
            for _ in 0...(round % 4) {
                let at = next() % bytes.count
                switch next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: next())
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + next() % 8))
                default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
                }
                if bytes.isEmpty { bytes = [0x08] }
            }
            do {
                let imported = try ArchitectureImporter.read(Data(bytes), file: "m.onnx")
                if let results = try? Engine.infer(imported.architecture) {
                    #expect(results.allSatisfy { $0.trainableParameters >= 0 && $0.macs >= 0 })
                }
            } catch {
                #expect(error.description.hasPrefix("m.onnx: "))
                refused += 1
            }
        }
        #expect(refused > 0)
    }
}
