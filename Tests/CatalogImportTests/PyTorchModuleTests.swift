import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

/// PyTorch modules written with PyTorch's constructor arguments in the native format. Every
/// expected count is written out from the weight shapes the PyTorch docs give for the module
/// (and was confirmed by building the same module in PyTorch 2 in the venv: `sum(p.numel() for p
/// in m.parameters())` and the output of a forward pass).
@Suite("Native format: PyTorch modules")
struct PyTorchModuleTests {
    /// One module on one input, channels-first under `framework: pytorch`.
    private func one(_ layer: String, input: [Int]) throws -> (params: Int, shape: [Int?]) {
        let text = """
            {"name": "m", "framework": "pytorch", "input": \(input), "layers": [\(layer)]}
            """
        let architecture = try ArchitectureImporter.read(Data(text.utf8), file: "m.json").architecture
        let results = try Engine.infer(architecture)
        let last = try #require(results.last)
        return (try #require(last.parameters), last.outputShapes[0][0].dimensions)
    }

    @Test func convolutions() throws {
        // Conv2d(3, 16, 3, stride=2, bias=False): weight (16, 3, 3, 3) = 432; (32 − 3)/2 + 1 = 15.
        var r = try one(#"{"type": "Conv2d", "in_channels": 3, "out_channels": 16, "kernel_size": 3, "stride": 2, "bias": false}"#, input: [3, 32, 32])
        #expect(r.params == 432 && r.shape == [16, 15, 15])
        // Conv2d(8, 16, (3, 5), stride=(2, 1), padding=(1, 2), dilation=2, groups=4): weight
        // (16, 8/4, 3, 5) = 480, bias 16 → 496. H: (20 + 2 − 2·2 − 1)/2 + 1 = 9; W: 30 + 4 − 8 = 26.
        r = try one(#"{"type": "Conv2d", "in_channels": 8, "out_channels": 16, "kernel_size": [3, 5], "stride": [2, 1], "padding": [1, 2], "dilation": 2, "groups": 4, "padding_mode": "reflect"}"#, input: [8, 20, 30])
        #expect(r.params == 496 && r.shape == [16, 9, 26])
        // Conv1d(4, 6, 5, padding="same"): 6·4·5 + 6 = 126, length kept.
        r = try one(#"{"type": "Conv1d", "in_channels": 4, "out_channels": 6, "kernel_size": 5, "padding": "same"}"#, input: [4, 50])
        #expect(r.params == 126 && r.shape == [6, 50])
        // Conv3d(2, 4, 3, stride=2, padding=1): 4·2·27 + 4 = 220; (9 + 2 − 3)/2 + 1 = 5.
        r = try one(#"{"type": "Conv3d", "in_channels": 2, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1}"#, input: [2, 9, 9, 9])
        #expect(r.params == 220 && r.shape == [4, 5, 5, 5])
        // ConvTranspose2d(16, 8, 4, stride=2, padding=1, output_padding=1, groups=2): weight
        // (16, 8/2, 4, 4) = 1,024 + 8 = 1,032; (7 − 1)·2 − 2 + 3 + 1 + 1 = 15.
        r = try one(#"{"type": "ConvTranspose2d", "in_channels": 16, "out_channels": 8, "kernel_size": 4, "stride": 2, "padding": 1, "output_padding": 1, "groups": 2}"#, input: [16, 7, 7])
        #expect(r.params == 1_032 && r.shape == [8, 15, 15])
        // ConvTranspose1d(4, 3, 3, stride=3, dilation=2): 4·3·3 + 3 = 39; (10 − 1)·3 + 2·2 + 1 = 32.
        r = try one(#"{"type": "ConvTranspose1d", "in_channels": 4, "out_channels": 3, "kernel_size": 3, "stride": 3, "dilation": 2}"#, input: [4, 10])
        #expect(r.params == 39 && r.shape == [3, 32])
    }

    @Test func linearAndEmbeddings() throws {
        // Linear(512, 10): 512·10 + 10 = 5,130.
        var r = try one(#"{"type": "Linear", "in_features": 512, "out_features": 10}"#, input: [512])
        #expect(r.params == 5_130 && r.shape == [10])
        // Embedding(1000, 64, padding_idx=0): 64,000; (12,) → (12, 64).
        r = try one(#"{"type": "Embedding", "num_embeddings": 1000, "embedding_dim": 64, "padding_idx": 0}"#, input: [12])
        #expect(r.params == 64_000 && r.shape == [12, 64])
        // EmbeddingBag(1000, 64, mode="mean"): 64,000; one bag of 12 → (64,).
        r = try one(#"{"type": "EmbeddingBag", "num_embeddings": 1000, "embedding_dim": 64, "mode": "mean"}"#, input: [12])
        #expect(r.params == 64_000 && r.shape == [64])
    }

    @Test func bilinearTakesTwoInputs() throws {
        // Bilinear(20, 30, 40): weight (40, 20, 30) = 24,000 + bias 40 = 24,040.
        let text = """
            {"name": "b", "framework": "pytorch", "layers": [
              {"type": "Input", "name": "a", "shape": [20]}, {"type": "Input", "name": "b", "shape": [30]},
              {"type": "Bilinear", "in1_features": 20, "in2_features": 30, "out_features": 40, "inputs": ["a", "b"]}]}
            """
        let architecture = try ArchitectureImporter.read(Data(text.utf8), file: "b.json").architecture
        let results = try Engine.infer(architecture)
        #expect(results.last?.parameters == 24_040)
        #expect(results.last?.outputShapes == [[TensorShape([40])]])
    }

    @Test func recurrentModules() throws {
        // LSTM(10, 20, num_layers=2, bidirectional=True): per direction, layer 0
        // 4·20·10 + 4·20·20 + 2·4·20 = 800 + 1,600 + 160 = 2,560; layer 1 takes 2·20 = 40:
        // 4·20·40 + 1,600 + 160 = 4,960. (2,560 + 4,960)·2 = 15,040. Output (7, 2·20).
        var r = try one(#"{"type": "LSTM", "input_size": 10, "hidden_size": 20, "num_layers": 2, "bidirectional": true, "batch_first": true}"#, input: [7, 10])
        #expect(r.params == 15_040 && r.shape == [7, 40])
        // LSTM(10, 20, proj_size=5): 4·20·10 + 4·20·5 + 2·4·20 + weight_hr 5·20
        // = 800 + 400 + 160 + 100 = 1,460. Output (7, 5).
        r = try one(#"{"type": "LSTM", "input_size": 10, "hidden_size": 20, "proj_size": 5}"#, input: [7, 10])
        #expect(r.params == 1_460 && r.shape == [7, 5])
        // GRU(10, 20, bias=False): 3·20·10 + 3·20·20 = 600 + 1,200 = 1,800.
        r = try one(#"{"type": "GRU", "input_size": 10, "hidden_size": 20, "bias": false}"#, input: [7, 10])
        #expect(r.params == 1_800 && r.shape == [7, 20])
        // RNN(10, 20, num_layers=3): 20·10 + 20·20 + 2·20 = 640, then 2·(20·20 + 20·20 + 40) = 1,680: 2,320.
        r = try one(#"{"type": "RNN", "input_size": 10, "hidden_size": 20, "num_layers": 3}"#, input: [7, 10])
        #expect(r.params == 2_320 && r.shape == [7, 20])
    }

    @Test func normalization() throws {
        // LayerNorm([8, 16]): weight and bias (8, 16) each: 256.
        var r = try one(#"{"type": "LayerNorm", "normalized_shape": [8, 16]}"#, input: [4, 8, 16])
        #expect(r.params == 256 && r.shape == [4, 8, 16])
        // LayerNorm(16, bias=False): weight only, 16.
        r = try one(#"{"type": "LayerNorm", "normalized_shape": 16, "bias": false}"#, input: [4, 16])
        #expect(r.params == 16)
        // GroupNorm(4, 16): weight and bias (16,): 32.
        r = try one(#"{"type": "GroupNorm", "num_groups": 4, "num_channels": 16}"#, input: [16, 5, 5])
        #expect(r.params == 32)
        // InstanceNorm2d(16): affine=False by default: 0; affine=True: 32.
        r = try one(#"{"type": "InstanceNorm2d", "num_features": 16}"#, input: [16, 5, 5])
        #expect(r.params == 0)
        r = try one(#"{"type": "InstanceNorm2d", "num_features": 16, "affine": true}"#, input: [16, 5, 5])
        #expect(r.params == 32)
    }

    @Test func attentionAndTransformerLayers() throws {
        // MultiheadAttention(64, 8): in_proj_weight (3·64, 64) = 12,288, in_proj_bias 192,
        // out_proj 64·64 + 64 = 4,160: 16,640.
        var r = try one(#"{"type": "MultiheadAttention", "embed_dim": 64, "num_heads": 8, "batch_first": true}"#, input: [10, 64])
        #expect(r.params == 16_640 && r.shape == [10, 64])
        // bias=False: 3·64·64 + 64·64 = 16,384.
        r = try one(#"{"type": "MultiheadAttention", "embed_dim": 64, "num_heads": 4, "bias": false}"#, input: [10, 64])
        #expect(r.params == 16_384)
        // TransformerEncoderLayer(512, 8): attention 4·512·512 + 4·512 = 1,050,624; linear1
        // 512·2048 + 2048 = 1,050,624; linear2 2048·512 + 512 = 1,049,088; two LayerNorms 4·512
        // = 2,048: 3,152,384.
        r = try one(#"{"type": "TransformerEncoderLayer", "d_model": 512, "nhead": 8}"#, input: [10, 512])
        #expect(r.params == 3_152_384 && r.shape == [10, 512])
        // (64, 4, dim_feedforward=128, bias=False): 4·64·64 = 16,384 + 2·64·128 = 16,384 + two
        // weight-only LayerNorms 128: 32,896.
        r = try one(#"{"type": "TransformerEncoderLayer", "d_model": 64, "nhead": 4, "dim_feedforward": 128, "bias": false}"#, input: [10, 64])
        #expect(r.params == 32_896)
    }

    @Test func crossAttentionAndDecoder() throws {
        // MultiheadAttention(64, 8, kdim=32, vdim=48, add_bias_kv=True): q_proj 64·64 = 4,096,
        // k_proj 64·32 = 2,048, v_proj 64·48 = 3,072, in_proj_bias 192, out_proj 4,160,
        // bias_k + bias_v 128: 13,696.
        let text = """
            {"name": "x", "framework": "pytorch", "layers": [
              {"type": "Input", "name": "q", "shape": [10, 64]}, {"type": "Input", "name": "k", "shape": [12, 32]},
              {"type": "Input", "name": "v", "shape": [12, 48]},
              {"type": "MultiheadAttention", "embed_dim": 64, "num_heads": 8, "kdim": 32, "vdim": 48, "add_bias_kv": true, "inputs": ["q", "k", "v"]},
              {"type": "Input", "name": "memory", "shape": [12, 64]},
              {"type": "TransformerDecoderLayer", "d_model": 64, "nhead": 4, "dim_feedforward": 256, "inputs": ["q", "memory"]}]}
            """
        let architecture = try ArchitectureImporter.read(Data(text.utf8), file: "x.json").architecture
        let results = try Engine.infer(architecture)
        #expect(results[3].parameters == 13_696)
        // TransformerDecoderLayer(64, 4, 256): two attentions 2·(4·64·64 + 4·64) = 33,280;
        // linear1 64·256 + 256 = 16,640; linear2 256·64 + 64 = 16,448; three LayerNorms 384: 66,752.
        #expect(results[5].parameters == 66_752)
        #expect(results[5].outputShapes == [[TensorShape([10, 64])]])
    }

    @Test func shapeModules() throws {
        // Flatten(2, 3) on (N, 3, 4, 5, 6): (N, 3, 20, 6).
        var r = try one(#"{"type": "Flatten", "start_dim": 2, "end_dim": 3}"#, input: [3, 4, 5, 6])
        #expect(r.params == 0 && r.shape == [3, 20, 6])
        // Unflatten(1, (2, -1)) on (N, 12, 5): (N, 2, 6, 5).
        r = try one(#"{"type": "Unflatten", "dim": 1, "unflattened_size": [2, -1]}"#, input: [12, 5])
        #expect(r.shape == [2, 6, 5])
        // Upsample(scale_factor=1.5): floor(7·1.5) = 10, floor(9·1.5) = 13.
        r = try one(#"{"type": "Upsample", "scale_factor": 1.5}"#, input: [3, 7, 9])
        #expect(r.shape == [3, 10, 13])
        r = try one(#"{"type": "Upsample", "size": [10, 20], "mode": "bilinear"}"#, input: [3, 7, 9])
        #expect(r.shape == [3, 10, 20])
        // PixelShuffle(2): (12, 5, 6) → (12/4, 10, 12); PixelUnshuffle(2): (3, 8, 6) → (12, 4, 3).
        r = try one(#"{"type": "PixelShuffle", "upscale_factor": 2}"#, input: [12, 5, 6])
        #expect(r.shape == [3, 10, 12])
        r = try one(#"{"type": "PixelUnshuffle", "downscale_factor": 2}"#, input: [3, 8, 6])
        #expect(r.shape == [12, 4, 3])
    }

    @Test func activationsAndDropout() throws {
        for layer in [
            #"{"type": "GELU", "approximate": "tanh"}"#, #"{"type": "SiLU", "inplace": true}"#, #"{"type": "Mish"}"#,
            #"{"type": "ReLU6"}"#, #"{"type": "Hardswish"}"#, #"{"type": "Hardsigmoid"}"#,
            #"{"type": "LeakyReLU", "negative_slope": 0.2}"#, #"{"type": "ELU", "alpha": 1.0}"#, #"{"type": "SELU"}"#,
            #"{"type": "Softplus", "beta": 1, "threshold": 20}"#, #"{"type": "Softmax", "dim": -1}"#,
            #"{"type": "LogSoftmax", "dim": 1}"#, #"{"type": "Tanh"}"#, #"{"type": "Sigmoid"}"#, #"{"type": "Identity"}"#,
            #"{"type": "Dropout1d", "p": 0.1}"#, #"{"type": "Dropout2d", "p": 0.5}"#, #"{"type": "Dropout3d"}"#,
            #"{"type": "AlphaDropout", "p": 0.2}"#,
        ] {
            let r = try one(layer, input: [4, 6, 6])
            #expect(r.params == 0 && r.shape == [4, 6, 6], "\(layer)")
        }
    }

    @Test func sizesThatDisagreeWithTheInputAreErrors() throws {
        // in_features 511 on a (512,) input; in_channels 4 on 3 channels (channels first).
        for (layer, input, key) in [
            (#"{"type": "Linear", "in_features": 511, "out_features": 10}"#, [512], "in_features"),
            (#"{"type": "Conv2d", "in_channels": 4, "out_channels": 8, "kernel_size": 3}"#, [3, 8, 8], "in_channels"),
            (#"{"type": "GroupNorm", "num_groups": 2, "num_channels": 8}"#, [6, 4, 4], "num_channels"),
            (#"{"type": "LSTM", "input_size": 9, "hidden_size": 4}"#, [5, 10], "input_size"),
        ] {
            let text = #"{"name": "m", "framework": "pytorch", "input": \#(input), "layers": [\#(layer)]}"#
            let architecture = try ArchitectureImporter.read(Data(text.utf8), file: "m.json").architecture
            #expect(performing: { try Engine.infer(architecture) }, throws: { "\($0)".contains(key) })
        }
    }
}
