import CatalogCore
import CatalogTestSupport
@testable import CatalogImport
import Foundation
import Testing

/// Keras 1/2 file classes (Fixtures/keras-legacy, made with tf_keras by
/// scripts/make_keras_legacy_fixtures.py; the expected counts are tf_keras' own), Lambda
/// assumptions, declared counts, wrappers in native form, strict JSON and the hints.
@Suite("Exactness: Keras file classes and the native format's checks")
struct ExactnessTests {
    static let legacy = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras-legacy")

    private func compare(_ model: String, lambdaShapes: [String: [Int?]] = [:]) throws -> ImportedArchitecture {
        let url = Self.legacy.appendingPathComponent("\(model).json")
        let expected = try JSONDecoder().decode(
            KerasExpected.self,
            from: Data(contentsOf: Self.legacy.appendingPathComponent("\(model).expected.json")))
        var imported = try ArchitectureImporter.read(Data(contentsOf: url), file: url.lastPathComponent)
        imported = try ArchitectureImporter.settingLambdaShapes(imported, lambdaShapes, file: url.lastPathComponent)
        let results = try Engine.infer(imported.architecture)
        let totals = try Engine.totals(of: imported.architecture, results: results)
        #expect(totals.parameters == expected.total_params, "\(model)")
        #expect(totals.trainableParameters == expected.trainable_params, "\(model)")
        let byName = Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0) })
        for layer in expected.layers {
            let result = try #require(byName[layer.name], "\(model): \(layer.name)")
            #expect(result.parameters == layer.params, "\(model) \(layer.name)")
            if case .single(let shape)? = layer.output_shape {
                #expect(result.outputShapes[0][0].dimensions == Array(shape.dropFirst()), "\(model) \(layer.name)")
            }
        }
        return imported
    }

    @Test("A Bidirectional LSTM with Keras 1 keys (output_dim, inner_activation, consume_less, dropout_W/U, input_dim)")
    func keras1Wrappers() throws {
        // tf_keras: Embedding 1000·32 = 32,000; Bidirectional(LSTM(24)) 2·4·(24·(32 + 24) + 24)
        // = 10,944; TimeDistributed(Dense(5)) 48·5 + 5 = 245.
        _ = try compare("keras1_bidirectional_lstm")
    }

    @Test("A Sequential in a Sequential whose inner first layer carries batch_input_shape")
    func nestedSequential() throws {
        // conv 3·3·1·8 + 8 = 80 on (28, 28, 1); Dense 13·13·8 = 1,352 → 10: 13,530.
        _ = try compare("keras2_nested_sequential")
    }

    @Test("A Lambda without a recorded output shape: assumed, warned, stored as an assumption")
    func lambdaAssumption() throws {
        let imported = try compare("keras2_lambda")
        #expect(imported.warnings.contains { $0.contains("'normalize'") && $0.contains("assumed") })
        let results = try Engine.infer(imported.architecture)
        let totals = try Engine.totals(of: imported.architecture, results: results)
        #expect(totals.assumedShapeLayers == ["normalize"])
        // A Lambda holds no weights: 0 parameters, exactly.
        #expect(results.first { $0.name == "normalize" }?.parameters == 0)

        // Given the real shape, the assumption and its warning are gone.
        let given = try compare("keras2_lambda", lambdaShapes: ["normalize": [32, 32, 3]])
        #expect(!given.warnings.contains { $0.contains("assumed") })
        #expect(try Engine.totals(of: given.architecture, results: Engine.infer(given.architecture)).assumedShapeLayers.isEmpty)
        // A name that is not a Lambda of the model is an error naming it.
        #expect(performing: { try self.compare("keras2_lambda", lambdaShapes: ["conv": [1]]) },
                throws: { "\($0)".contains("'conv'") })
    }

    @Test("Given shapes change what follows: a Lambda that crops (32, 32, 3) to (28, 28, 3)")
    func lambdaGivenShape() throws {
        let url = Self.legacy.appendingPathComponent("keras2_lambda.json")
        let imported = try ArchitectureImporter.settingLambdaShapes(
            ArchitectureImporter.read(Data(contentsOf: url), file: "keras2_lambda.json"),
            ["normalize": [28, 28, 3]], file: "keras2_lambda.json")
        let results = try Engine.infer(imported.architecture)
        // conv 3x3 valid on 28x28: 26x26x16, parameters unchanged (3·3·3·16 + 16 = 448).
        #expect(results.first { $0.name == "conv" }?.outputShapes == [[TensorShape([26, 26, 16])]])
    }

    private func native(_ text: String, strict: Bool = false) throws -> ImportedArchitecture {
        try ArchitectureImporter.read(Data(text.utf8), file: "n.json", strict: strict)
    }

    @Test("Declared counts of an unknown type make the totals exact; --strict still refuses, saying so")
    func declaredCounts() throws {
        let text = """
            {"name": "d", "input": [8], "layers": [
              {"type": "Dense", "units": 4},
              {"type": "MyCustomLayer", "output_shape": [4], "params": 10, "trainable_params": 6},
              {"type": "Dense", "units": 2}]}
            """
        let architecture = try native(text).architecture
        let results = try Engine.infer(architecture)
        let totals = try Engine.totals(of: architecture, results: results)
        // 8·4 + 4 = 36; declared 10 (6 trainable, 4 not); 4·2 + 2 = 10.
        #expect(totals.isComplete)
        #expect(totals.parameters == 56)
        #expect(totals.trainableParameters == 52)
        #expect(totals.nonTrainableParameters == 4)
        #expect(performing: { try self.native(text, strict: true) }, throws: { "\($0)".contains("--strict") })
        // Declared parts that do not add up are refused.
        let bad = text.replacingOccurrences(of: #""trainable_params": 6"#, with: #""trainable_params": 6, "non_trainable_params": 5"#)
        #expect(performing: { try self.native(bad) }, throws: { "\($0)".contains("params") })
    }

    @Test("A wrapper's layer in the native form; a rejected value is quoted")
    func wrapperNativeForm() throws {
        let architecture = try native("""
            {"name": "w", "input": [5, 3], "layers": [
              {"type": "Bidirectional", "layer": {"type": "GRU", "units": 16, "reset_after": false, "return_sequences": true}},
              {"type": "TimeDistributed", "layer": {"type": "Dense", "units": 2}}]}
            """).architecture
        let results = try Engine.infer(architecture)
        // GRU(16), reset_after false, on 3 features: 3·(16·(3 + 16) + 16) = 960, ×2 = 1,920.
        #expect(results[1].parameters == 1_920)
        #expect(results[1].outputShapes == [[TensorShape([5, 32])]])
        // Dense(2) on 32 features per step: 32·2 + 2 = 66.
        #expect(results[2].parameters == 66)
        #expect(performing: {
            try self.native(#"{"name": "w", "input": [5, 3], "layers": [{"type": "Bidirectional", "layer": {"type": "Dense", "units": 2}}]}"#)
        }, throws: { "\($0)".contains("Dense") })
    }

    @Test("Strict JSON: duplicate keys name the key and the layer; trailing commas are refused")
    func strictJSON() throws {
        #expect(performing: {
            try self.native(#"{"name": "x", "input": [4], "layers": [{"type": "Dense", "name": "head", "units": 10, "units": 20}]}"#)
        }, throws: { "\($0)".contains("duplicate key 'units'") && "\($0)".contains("'head'") })
        // The top-level object is the model, not a layer; the line is the second key's.
        #expect(performing: {
            try self.native("{\"name\": \"j\",\n \"input\": [4],\n \"layers\": [{\"type\": \"Dense\", \"units\": 3}],\n \"name\": \"k\"}")
        }, throws: { "\($0)".contains("line 4: duplicate key 'name'") && !"\($0)".contains("in layer") })
        #expect(performing: {
            try self.native(#"{"name": "x", "input": [4], "layers": [{"type": "Dense", "units": 10,}]}"#)
        }, throws: { "\($0)".contains("trailing comma") || "\($0)".contains("not valid JSON") })
        #expect(performing: {
            try self.native(#"{"name": "x", "input": [4], "layers": [{"type": "Dense", "units": 10}],}"#)
        }, throws: { "\($0)".contains("not valid JSON") })
    }

    @Test("Hints for unknown keys and types")
    func hints() throws {
        #expect(performing: {
            try self.native(#"{"name": "x", "input": [8, 8, 3], "layers": [{"type": "MaxPooling2D", "pool_size": 2, "stride": 2}]}"#)
        }, throws: { "\($0)".contains("did you mean 'strides'?") })
        #expect(performing: {
            try self.native(#"{"name": "x", "input": [4], "layers": [{"type": "Dense", "units": 3, "out_channels": 3}]}"#)
        }, throws: { "\($0)".contains("out_channels is Keras' filters") })
        #expect(performing: {
            try self.native(#"{"name": "x", "input": [4], "layers": [{"type": "Dens", "units": 3}]}"#)
        }, throws: { "\($0)".contains("did you mean 'Dense'") })
    }

    @Test("framework pytorch is channels-first; Keras' ConvNeXt LayerScale counts projection_dim")
    func layouts() throws {
        let architecture = try native("""
            {"name": "p", "framework": "pytorch", "input": [3, 16, 16], "layers": [
              {"type": "Conv2d", "in_channels": 3, "out_channels": 8, "kernel_size": 3, "padding": 1},
              {"type": "LayerScale", "projection_dim": 16, "init_values": 1e-6}]}
            """).architecture
        let results = try Engine.infer(architecture)
        #expect(results[1].outputShapes == [[TensorShape([8, 16, 16])]])
        // LayerScale γ (projection_dim,) on the last axis, 16.
        #expect(results[2].parameters == 16)
    }
}
