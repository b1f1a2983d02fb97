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
