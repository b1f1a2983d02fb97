import CatalogCore
import Foundation
import Testing

@testable import CatalogImport

/// A TF.js `weightsManifest` with a negative size, a size that is not an integer, or sizes whose
/// product or sum exceeds 64 bits is refused naming the file and the weight (it said "holds -9
/// weights", or trapped).
@Suite("TF.js weightsManifest bad input")
struct TFJSManifestBadInputTests {
    static func document(kernelShape: String, biasShape: String = "[4]") -> Data {
        Data("""
            {"format": "layers-model", "modelTopology": {"keras_version": "2.4.0", "model_config":
              {"class_name": "Sequential", "config": {"name": "tiny", "layers": [
                {"class_name": "Dense", "config": {"name": "dense", "units": 4, "batch_input_shape": [null, 8]}}]}}},
             "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": [
                {"name": "dense/kernel", "shape": \(kernelShape), "dtype": "float32"},
                {"name": "dense/bias", "shape": \(biasShape), "dtype": "float32"}]}]}
            """.utf8)
    }

    @Test("refused, naming the file and the weight", arguments: [
        ("[-3, 3]", "[4]", "weight 'dense/kernel' has shape [-3, 3], not a list of sizes ≥ 0"),
        ("[8, \"4\"]", "[4]", "weight 'dense/kernel' has shape [8, \"4\"], not a list of sizes ≥ 0"),
        ("[4294967296, 4294967296]", "[4]", "weight 'dense/kernel' has more than 2^63 − 1 elements"),
        ("[9223372036854775807]", "[1]", "the weights of layer 'dense' add up to more than 2^63 − 1"),
    ])
    func refused(_ kernel: String, _ bias: String, _ message: String) {
        #expect {
            try ArchitectureImporter.read(Self.document(kernelShape: kernel, biasShape: bias), file: "m.json")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("m.json: weightsManifest: ") && text.contains(message)
        }
    }

    @Test("a manifest that agrees gives no warning: (8 + 1)·4 = 36 = 8·4 + 4")
    func agrees() throws {
        let imported = try ArchitectureImporter.read(Self.document(kernelShape: "[8, 4]"), file: "m.json")
        #expect(imported.warnings.isEmpty)
    }
}
