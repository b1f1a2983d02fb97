import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

/// A small PyTorch-style network written with PyTorch's own keywords (docs/FORMAT.md, "PyTorch
/// keywords"), channels first: Conv2d(3, 16, 3, padding=1, bias=False) → BatchNorm2d(16) →
/// PReLU(16) → AvgPool2d(2, count_include_pad=False) → BatchNorm2d(16, affine=False,
/// track_running_stats=False) → MaxPool2d(2, return_indices=False) → PReLU().
private let torchStyle = """
    {"name": "torch-keys", "framework": "pytorch", "data_format": "channels_first", "input": [3, 32, 32],
     "layers": [
       {"type": "Conv2d", "name": "conv", "filters": 16, "kernel_size": 3, "padding": 1, "use_bias": false},
       {"type": "BatchNorm2d", "name": "bn1", "num_features": 16, "eps": 1e-05, "momentum": 0.1, "affine": true, "track_running_stats": true},
       {"type": "PReLU", "name": "act1", "num_parameters": 16, "init": 0.25},
       {"type": "AvgPool2d", "name": "avg", "pool_size": 2, "count_include_pad": false, "divisor_override": null},
       {"type": "BatchNorm2d", "name": "bn2", "num_features": 16, "affine": false, "track_running_stats": false},
       {"type": "MaxPool2d", "name": "max", "pool_size": 2, "return_indices": false},
       {"type": "PReLU", "name": "act2", "num_parameters": 1}
     ]}
    """

@Suite("Native format: PyTorch keywords")
struct NativePyTorchKeysTests {
    private func read(_ text: String, file: String = "torch.json") throws -> Architecture {
        try ArchitectureImporter.read(Data(text.utf8), file: file).architecture
    }

    @Test("A file with PyTorch's keywords counts as PyTorch does")
    func pytorchKeywords() throws {
        let architecture = try read(torchStyle)
        let results = try Engine.infer(architecture)
        let params = results.map(\.parameters)
        // input 0; conv 3·3·3·16 = 432 (bias=False); bn1 γ, β 2·16 = 32 (running stats buffers);
        // act1 PReLU(16) 16; avg 0; bn2 affine=False, no running stats: 0; max 0; act2 PReLU() 1.
        #expect(params == [0, 432, 32, 16, 0, 0, 0, 1])
        // Total 432 + 32 + 16 + 1 = 481, all trainable.
        let totals = try Engine.totals(of: architecture, results: results)
        #expect(totals.parameters == 481)
        #expect(totals.nonTrainableParameters == 0)
        // (3, 32, 32) → conv (16, 32, 32) → avg (16, 16, 16) → max (16, 8, 8).
        #expect(results[7].outputShapes == [[TensorShape([16, 8, 8])]])

        // Under keras bn1 adds running_mean + running_var 2·16 = 32 non-trainable; bn2 none.
        var keras = architecture
        keras.framework = .keras
        let kerasTotals = try Engine.totals(of: keras, results: try Engine.infer(keras))
        #expect(kerasTotals.parameters == 481 + 32)
        #expect(kerasTotals.nonTrainableParameters == 32)
    }

    @Test("The same in YAML, and a num_features mismatch names the layer and both numbers")
    func yamlAndMismatch() throws {
        let yaml = """
            name: torch-yaml
            framework: pytorch
            data_format: channels_first
            input: [8, 4, 4]
            layers:
              - {type: BatchNorm2d, name: bn, num_features: 8, eps: 0.001, affine: false}
              - {type: PReLU, name: act, num_parameters: 8}
            """
        // BatchNorm2d(8, affine=False): 0 parameters (buffers under pytorch); PReLU(8): 8.
        let architecture = try read(yaml, file: "torch.yaml")
        #expect(try Engine.infer(architecture).map(\.parameters) == [0, 0, 8])

        let wrong = try read(yaml.replacingOccurrences(of: "num_features: 8", with: "num_features: 6"), file: "torch.yaml")
        let error = try #require(throws: InferenceError.self) { try Engine.infer(wrong) }
        #expect(error.description.hasPrefix("layer 'bn' (BatchNormalization): 'num_features' = 6 does not match"))
        #expect(error.description.hasSuffix("of input (8, 4, 4), 8"))
    }
}
