import CatalogCore
import CatalogImport
import CatalogService
import CatalogTestSupport
import Foundation
import Testing

/// The conventions' checks, and the memory figures against torchinfo's published
/// summary of torchvision's ResNet-18.
@Suite("Recount under a convention, attribute differences, memory")
struct ConventionServiceTests {
    @Test func torchvisionResNet50UnderKerasConvention() throws {
        let catalog = try freshCatalog()
        // torchvision resnet50: sum(p.numel() for p in model.parameters()) = 25,557,032.
        let own = try catalog.detail(named: "resnet50", framework: nil)
        #expect(own.summary.totalParameters == 25_557_032)
        #expect(try catalog.detail(named: "resnet50", framework: .pytorch) == own)
        // Under Keras the 53 BatchNorm layers' moving mean and variance count too: their channels
        // sum to 26,560 (one per convolution filter), 2 · 26,560 = 53,120 non-trainable.
        let keras = try catalog.detail(named: "resnet50", framework: .keras)
        #expect(keras.summary.framework == "keras")
        #expect(keras.summary.totalParameters == 25_610_152)
        #expect(keras.summary.nonTrainableParameters == 53_120)
        #expect(keras.summary.trainableParameters == 25_557_032)
        #expect(keras.summary.parameterBytes == 25_610_152 * 4)
        // bn1 has 64 channels: γ, β trainable, 2·64 = 128 statistics non-trainable.
        let bn1 = try #require(keras.layers.first { $0.name == "bn1" })
        #expect(bn1.trainableParameters == 128 && bn1.nonTrainableParameters == 128)
        // Nothing was written: the stored numbers are still PyTorch's.
        #expect(try catalog.detail(named: "resnet50").summary.totalParameters == 25_557_032)
    }

    @Test func kerasResNet50DiffersByConvolutionBiasesAndStatistics() throws {
        let catalog = try freshCatalog()
        let url = PackagePaths.kerasFixture("ResNet50.json")
        let imported = try ArchitectureImporter.read(Data(contentsOf: url), file: url.lastPathComponent)
        // The Keras file itself, beside the bundled keras_resnet50 seed built from the same source.
        _ = try catalog.add(imported, file: url.lastPathComponent, name: "keras_resnet50_json")
        // Keras ResNet50: 25,636,712 (keras.applications, ResNet50.expected.json).
        // 25,636,712 − 25,557,032 = 79,680 = 26,560 conv biases + 53,120 BN statistics.
        let difference = try catalog.parameterDifference(from: "resnet50", to: "keras_resnet50_json")
        #expect(difference.to.parameters == 25_636_712)
        #expect(difference.difference == 79_680)
        #expect(difference.attributions.map(\.cause) == [.convolutionBiases, .statistics])
        #expect(difference.attributions.map(\.amount) == [26_560, 53_120])
        #expect(difference.isFullyAttributed)
        #expect(difference.to.parts.convolutionsWithBias == 53 && difference.from.parts.convolutionsWithBias == 0)
        // Both counted the Keras way, only the biases remain.
        let same = try catalog.parameterDifference(from: "resnet50", to: "keras_resnet50_json", framework: .keras)
        #expect(same.attributions.map(\.amount) == [26_560])
        #expect(throws: ServiceError.self) { try catalog.parameterDifference(from: "resnet5O", to: "vgg16") }
    }

    @Test func resNet18MemoryMatchesTorchinfo() throws {
        // torchinfo summary(resnet18(), (1, 3, 224, 224)) prints Input size 0.60 MB,
        // Forward/backward pass size 39.75 MB, Params size 46.76 MB, Estimated Total 87.11 MB.
        // By hand: input 3·224·224·4 = 602,112; params 11,689,512·4 = 46,758,048; outputs of
        // layers with parameters: conv1+bn1 2·802,816, layer1 8·200,704, layer2 10·100,352,
        // layer3 10·50,176, layer4 10·25,088, fc 1,000 = 4,968,424, ×2×4 = 39,747,392;
        // total 87,107,552.
        let catalog = try freshCatalog()
        let memory = try catalog.memory(named: "resnet18")
        #expect(memory.inputBytes == 602_112)
        #expect(memory.parameterBytes == 46_758_048)
        #expect(memory.forwardBackwardBytes == 39_747_392)
        #expect(memory.totalBytes == 87_107_552)
        // float16 at batch 4: parameters 11,689,512·2; input 150,528·4·2 = 1,204,224.
        let half = try catalog.memory(named: "resnet18", elementType: .float16, batchSize: 4)
        #expect(half.parameterBytes == 23_379_024)
        #expect(half.inputBytes == 1_204_224)
        #expect(half.forwardBackwardBytes == 79_494_784)  // 4,968,424 · 2 · 4 · 2 = twice float32 at batch 1
        #expect(try catalog.memory(named: "resnet18", elementType: .int8).parameterBytes == 11_689_512)
    }

    @Test func recurrentMACsOverAnUnknownLengthArePerStep() throws {
        let catalog = try freshCatalog()
        let text = """
            {"name": "seq", "input": [null], "layers": [
              {"type": "Embedding", "name": "embed", "input_dim": 1000, "output_dim": 16},
              {"type": "LSTM", "name": "lstm", "units": 8},
              {"type": "Dense", "name": "out", "units": 2}
            ]}
            """
        _ = try catalog.add(importNative(text), file: "seq.json")
        // lstm per step: 4·8·(16 + 8) = 768 MACs; out sees (8,), fully known.
        let detail = try catalog.detail(named: "seq")
        #expect(detail.perStepMACLayers == ["lstm"])
        #expect(detail.layers.first { $0.name == "lstm" }?.macs == 768)
    }
}
