import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// Older and wrapped Keras formats, written by hand with counts worked out by hand.
@Suite("Keras formats")
struct KerasFormatTests {
    func totals(_ json: String, file: String = "model.json") throws -> (ImportedArchitecture, [LayerResult], ArchitectureTotals) {
        let imported = try ArchitectureImporter.read(Data(json.utf8), file: file)
        let results = try Engine.infer(imported.architecture)
        return (imported, results, try Engine.totals(of: imported.architecture, results: results))
    }

    /// Keras 1: Convolution2D with nb_filter/nb_row/nb_col, border_mode, dim_ordering "th",
    /// Dense with output_dim, Dropout p, three-element inbound nodes.
    static let keras1 = """
        {"class_name": "Model", "keras_version": "1.2.2", "config": {"name": "k1",
          "input_layers": [["in", 0, 0]], "output_layers": [["fc", 0, 0]],
          "layers": [
            {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 3, 32, 32], "name": "in"}, "inbound_nodes": []},
            {"class_name": "Convolution2D", "name": "c1", "config": {"name": "c1", "nb_filter": 16, "nb_row": 3, "nb_col": 3,
              "border_mode": "same", "subsample": [2, 2], "dim_ordering": "th", "bias": true, "activation": "relu"},
             "inbound_nodes": [[["in", 0, 0]]]},
            {"class_name": "Flatten", "name": "f", "config": {"name": "f"}, "inbound_nodes": [[["c1", 0, 0]]]},
            {"class_name": "Dropout", "name": "d", "config": {"name": "d", "p": 0.5}, "inbound_nodes": [[["f", 0, 0]]]},
            {"class_name": "Dense", "name": "fc", "config": {"name": "fc", "output_dim": 10}, "inbound_nodes": [[["d", 0, 0]]]}
          ]}}
        """

    @Test func keras1KeysAndChannelsFirst() throws {
        let (imported, results, totals) = try totals(Self.keras1)
        // c1: (3·3·3 + 1)·16 = 448; same, stride 2 on 32 → 16; channels first → (16, 16, 16)
        #expect(results[1].outputShape == TensorShape([16, 16, 16]))
        #expect(results[1].parameters == 448)
        // fc: (16·16·16 + 1)·10 = 40,970
        #expect(results[4].parameters == 40_970)
        #expect(totals.parameters == 448 + 40_970)
        #expect(imported.sourceVersion == "1.2.2")
        #expect(imported.architecture.layers[1].type == "Conv2D")
    }

    /// Keras 2.0: a Sequential whose config is the bare list of layers, the input shape on the
    /// first layer as batch_input_shape.
    static let keras2List = """
        {"class_name": "Sequential", "keras_version": "2.0.8", "config": [
          {"class_name": "Dense", "config": {"name": "h", "units": 32, "batch_input_shape": [null, 100]}},
          {"class_name": "Dense", "config": {"name": "o", "units": 1, "use_bias": false}}
        ]}
        """

    @Test func keras2BareListConfig() throws {
        let (_, results, totals) = try totals(Self.keras2List)
        // h: (100 + 1)·32 = 3,232; o: 32·1 = 32 (no bias)
        #expect(results.map(\.name).suffix(2) == ["h", "o"])
        #expect(totals.parameters == 3_232 + 32)
    }

    @Test func doubleEncodedJSONStringIsUnwrapped() throws {
        let wrapped = String(decoding: try JSONEncoder().encode(Self.keras2List), as: UTF8.self)
        #expect(wrapped.hasPrefix("\""))
        let (_, _, totals) = try totals(wrapped)
        #expect(totals.parameters == 3_264)
    }

    static func tfjs(manifestKernel: Int) -> String {
        """
        {"format": "layers-model", "modelTopology": {"keras_version": "2.4.0", "model_config":
          {"class_name": "Sequential", "config": {"name": "tiny", "layers": [
            {"class_name": "Dense", "config": {"name": "dense", "units": 4, "batch_input_shape": [null, 8]}}]}}},
         "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": [
            {"name": "dense/kernel", "shape": [\(manifestKernel), 4], "dtype": "float32"},
            {"name": "dense/bias", "shape": [4], "dtype": "float32"}]}]}
        """
    }

    @Test func tfjsManifestCrossCheck() throws {
        // (8 + 1)·4 = 36 parameters; the manifest's 8·4 + 4 = 36 agrees: no warning.
        let (agreeing, _, sums) = try totals(Self.tfjs(manifestKernel: 8))
        #expect(sums.parameters == 36)
        #expect(agreeing.warnings.isEmpty)
        #expect(agreeing.sourceFormat == "tfjs")
        // A manifest of 9·4 + 4 = 40 disagrees: a warning naming the layer.
        let (disagreeing, _, _) = try totals(Self.tfjs(manifestKernel: 9))
        #expect(disagreeing.warnings.count == 1)
        #expect(disagreeing.warnings.first?.contains("dense (manifest 40, computed 36)") == true)
    }

    @Test func sequentialWithoutInputShapeSuggestsTheOption() throws {
        let unbuilt = """
            {"class_name": "Sequential", "config": {"name": "u", "layers": [
              {"class_name": "Dense", "config": {"name": "d", "units": 2}}]}}
            """
        #expect {
            try ArchitectureImporter.read(Data(unbuilt.utf8), file: "u.json")
        } throws: { error in
            "\(error)".contains("u.json") && "\(error)".contains("--input-shape")
        }
        // Supplied: (5 + 1)·2 = 12
        let imported = try ArchitectureImporter.read(Data(unbuilt.utf8), file: "u.json", inputShape: [5])
        #expect(try Engine.totals(of: imported.architecture, results: Engine.infer(imported.architecture)).parameters == 12)
    }

    @Test func malformedKerasFilesFailNamingTheFile() throws {
        let truncated = String(Self.keras1.prefix(200))
        #expect(throws: ImportError.self) { try ArchitectureImporter.read(Data(truncated.utf8), file: "t.json") }
        // An inbound node naming a layer that does not exist.
        let dangling = Self.keras1.replacingOccurrences(of: "[[[\"c1\", 0, 0]]]", with: "[[[\"nowhere\", 0, 0]]]")
        let imported = try ArchitectureImporter.read(Data(dangling.utf8), file: "d.json")
        #expect {
            try Engine.infer(imported.architecture)
        } throws: { "\($0)".contains("nowhere") }
        // A zip that is not a .keras archive, and a .keras that is not a zip.
        #expect {
            try ArchitectureImporter.read(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0]), file: "x.keras")
        } throws: { "\($0)".contains("x.keras") }
        #expect {
            try ArchitectureImporter.read(Data("{}".utf8), file: "y.keras")
        } throws: { "\($0)".contains("y.keras") && "\($0)".contains("zip") }
    }
}
