import CatalogTestSupport
import Foundation
import Testing

/// show/compare under the other counting convention, memory figures, and nested expansion.
@Suite("CLI: --framework, --dtype/--batch, --expand")
struct CountingOptionsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("CatalogImportTests/Fixtures/keras")

    @Test func torchvisionResNet50UnderBothConventions() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // torchvision's published count: 25,557,032 (BatchNorm running statistics are buffers).
        let own = try cli.run(["show", "resnet50"])
        #expect(own.stdout.contains(" Total params: 25,557,032 "))
        // Under Keras the 53 BatchNorm layers' moving mean and variance count as non-trainable:
        // 2·(64 + 3·(64 + 64 + 256) + 256 + 4·(128 + 128 + 512) + 512 + 6·(256 + 256 + 1024) + 1024
        //    + 3·(512 + 512 + 2048) + 2048) = 2·26,560 = 53,120; 25,557,032 + 53,120 = 25,610,152.
        let keras = try cli.run(["show", "resnet50", "--framework", "keras"])
        #expect(keras.status == 0, "\(keras)")
        #expect(keras.stdout.contains(" Total params: 25,610,152 "))
        #expect(keras.stdout.contains(" Non-trainable params: 53,120 "))
        #expect(try cli.run(["show", "resnet50", "--framework", "caffe"]).status == 64)
    }

    @Test func compareAttributesTheDifferenceToBiasesAndStatistics() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = Self.fixtures.appendingPathComponent("ResNet50.json").path
        #expect(try cli.run(["add", file, "--name", "keras_resnet50_json"]).status == 0)
        // The bundled seed and Keras' own file give the same comparison.
        for other in ["keras_resnet50", "keras_resnet50_json"] {
            let result = try cli.run(["compare", "resnet50", other])
            #expect(result.status == 0, "\(result)")
            // Keras Applications ResNet50: 25,636,712 (Keras' own count, ResNet50.expected.json).
            // 25,636,712 − 25,557,032 = 79,680 = 26,560 conv biases (one per filter of its 53
            // convolutions, = the BN channels above) + 53,120 BatchNorm statistics.
            #expect(result.stdout.contains("+79,680"))
            #expect(result.stdout.contains("+26,560 convolution biases"))
            #expect(result.stdout.contains("+53,120 batch-norm statistics"))
            #expect(result.stdout.contains("the whole difference is convention and bias choices"))
        }
    }

    @Test func memoryAsTorchinfoReportsIt() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // torchinfo's summary of torchvision resnet18 at (1, 3, 224, 224): Input size (MB): 0.60,
        // Forward/backward pass size (MB): 39.75, Params size (MB): 46.76, Estimated Total Size (MB): 87.11.
        // Input: 3·224·224·4 = 602,112 bytes = 0.60 MB; params 11,689,512·4 = 46,758,048 = 46.76 MB.
        let result = try cli.run(["show", "resnet18", "--dtype", "float32"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("torchinfo: Input size (MB): 0.60"))
        #expect(result.stdout.contains("torchinfo: Forward/backward pass size (MB): 39.75"))
        #expect(result.stdout.contains("torchinfo: Params size (MB): 46.76"))
        #expect(result.stdout.contains("torchinfo: Estimated Total Size (MB): 87.11"))
        // float16 halves parameter memory: 11,689,512·2 = 23,379,024 bytes.
        let half = try cli.run(["show", "resnet18", "--dtype", "float16", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: half.stdoutData) as? [String: Any])
        let memory = try #require(object["memory"] as? [String: Any])
        #expect(memory["parameter_bytes"] as? Int == 23_379_024)
        #expect(memory["input_bytes"] as? Int == 3 * 224 * 224 * 2)
        // batch 4 scales the input: 4·3·224·224·4 bytes.
        let batch = try cli.run(["show", "resnet18", "--batch", "4", "--format", "json"])
        let batched = try #require(try JSONSerialization.jsonObject(with: batch.stdoutData) as? [String: Any])
        #expect((batched["memory"] as? [String: Any])?["input_bytes"] as? Int == 4 * 3 * 224 * 224 * 4)
        #expect(try cli.run(["show", "resnet18", "--batch", "0"]).status == 64)
    }

    @Test func expandListsNestedLayers() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = Self.fixtures.appendingPathComponent("zoo_nested_model.json").path
        #expect(try cli.run(["add", file]).status == 0)
        let result = try cli.run(["show", "zoo_nested_model", "--expand", "--format", "json"])
        #expect(result.status == 0, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let layers = try #require(object["layers"] as? [[String: Any]])
        func params(_ name: String) -> Int? { layers.first { $0["name"] as? String == name }?["params"] as? Int }
        // Keras' summary of the nested Sequential (zoo_nested_model.expected.json: 728 in all):
        // inner_dense1 (32 + 1)·16 = 528, inner_bn 4·16 = 64, inner_dense2 (16 + 1)·8 = 136.
        #expect(params("inner_seq") == 728)
        #expect(params("inner_seq/inner_dense1") == 528)
        #expect(params("inner_seq/inner_bn") == 64)
        #expect(params("inner_seq/inner_dense2") == 136)
        // Totals are unchanged by expanding: 352 + 728 + 18 = 1,098.
        #expect(object["total_params"] as? Int == 1_098)
    }
}

@Suite("CLI: MACs over an unknown sequence length")
struct PerStepMACTests {
    @Test func showSaysMACsArePerStep() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = cli.directory.appendingPathComponent("seq.json")
        try Data(#"{"name":"seq","input":[null,8],"layers":[{"type":"LSTM","units":4,"name":"lstm"},{"type":"Dense","units":1,"name":"out"}]}"#.utf8).write(to: file)
        #expect(try cli.run(["add", file.path]).status == 0)
        let result = try cli.run(["show", "seq"])
        // LSTM over one step: 4 gates · 4 units · (8 inputs + 4 recurrent) = 192; Dense 4·1 = 4.
        #expect(result.stdout.contains(" Total MACs: 196 (196) per time step of the unknown length (lstm"), "\(result)")
    }
}
