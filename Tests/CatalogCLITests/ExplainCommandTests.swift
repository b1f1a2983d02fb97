import CatalogTestSupport
import Foundation
import Testing

@Suite("CLI: explain")
struct ExplainCommandTests {
    @Test func vgg16Block1Conv1ShowsTheWorkedFormula() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["explain", "vgg16", "block1_conv1"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty)
        // Keras VGG16 block1_conv1: 3x3 kernels over 3 channels, 64 filters, 'same' padding.
        #expect(result.stdoutLines.first
            == "block1_conv1 Conv2D: (3·3·3 + 1)·64 = 1,792 params (weights per filter + 1 bias, times filters); output 224 = (224 + 2·1 − 3)/1 + 1 → (224, 224, 64)")
        #expect(result.stdout.contains("MACs: 224·224·64·(3·3·3) = 86,704,128"))
    }

    @Test func unknownLayerExits66WithCloseNames() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["explain", "vgg16", "block1_cnv1"])
        #expect(result.status == 66)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("'vgg16' has no layer named 'block1_cnv1' (did you mean 'block1_conv1'"))
        #expect(try cli.run(["explain", "vgg61"]).status == 66)
    }

    @Test func frameworkRecountsBatchNormUnderKeras() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // torchvision ResNet-50's bn1 has 64 channels: γ, β and, under Keras, the moving statistics.
        let torch = try cli.run(["explain", "resnet50", "bn1"])
        #expect(torch.stdout.hasPrefix("bn1 BatchNormalization: 2·64 = 128 params"))
        let keras = try cli.run(["explain", "resnet50", "bn1", "--framework", "keras"])
        #expect(keras.stdout.hasPrefix("bn1 BatchNormalization: 4·64 = 256 params"))
        #expect(try cli.run(["explain", "resnet50", "--framework", "tensorflow"]).status == 64)
    }

    @Test func pytorchKeywordsInANativeFile() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("torch_keys.json", """
            {"name": "torch_keys", "framework": "pytorch", "data_format": "channels_first", "input": [64, 8, 8],
             "layers": [{"type": "BatchNorm2d", "name": "bn", "num_features": 64, "eps": 1e-5, "momentum": 0.1,
                         "track_running_stats": false},
                        {"type": "PReLU", "name": "act", "num_parameters": 64, "init": 0.25}]}
            """)
        #expect(try cli.run(["add", file, "--quiet"]).status == 0)
        // BatchNorm2d(64, track_running_stats=False): γ, β 2·64 = 128, no running statistics, so
        // 128 under keras too (not 4·64 = 256).
        for framework in ["pytorch", "keras"] {
            let bn = try cli.run(["explain", "torch_keys", "bn", "--framework", framework])
            #expect(bn.status == 0, "\(bn)")
            #expect(bn.stdout.hasPrefix("bn BatchNormalization: 2·64 = 128 params (γ, β trainable; track_running_stats false: no running mean or variance)"))
        }
        // PReLU(64): one slope per channel, 64.
        let act = try cli.run(["explain", "torch_keys", "act"])
        #expect(act.stdout.hasPrefix("act PReLU: 64 params (num_parameters 64: one slope per channel (the first non-batch axis))"))
        // num_features 32 on 64 channels: refused, naming the file, the layer and both numbers.
        let wrong = try cli.write("wrong.json", """
            {"name": "wrong", "data_format": "channels_first", "input": [64, 8, 8],
             "layers": [{"type": "BatchNorm2d", "name": "bn", "num_features": 32}]}
            """)
        let refused = try cli.run(["add", wrong])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("wrong.json: layer 'bn' (BatchNormalization): 'num_features' = 32 does not match"), "\(refused)")
        #expect(refused.stderr.contains("(64, 8, 8), 64"), "\(refused)")
    }

    @Test func everyLayerInJSON() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["explain", "lenet5", "--format", "json"])
        #expect(result.status == 0)
        let layers = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
        // LeNet-5 by hand (LeCun 1998): 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706.
        #expect(layers.compactMap { $0["params"] as? Int }.reduce(0, +) == 61_706)
        #expect(layers.allSatisfy { ($0["output_formula"] as? String)?.hasPrefix("output") == true })
        // conv1 (5·5·1 + 1)·6 = 156 parameters.
        #expect(layers.contains { ($0["params_formula"] as? String)?.hasPrefix("(5·5·1 + 1)·6 = 156 params") == true })
    }
}
