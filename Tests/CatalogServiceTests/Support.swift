import CatalogImport
import CatalogService
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// A new in-memory catalog, seeded as every new database is.
func freshCatalog() throws -> Catalog {
    try Catalog(database: try CatalogDatabase.inMemory())
}

/// Reads a native document given as text.
func importNative(_ text: String, file: String = "test.json") throws -> ImportedArchitecture {
    try ArchitectureImporter.read(Data(text.utf8), file: file)
}

/// A published parameter count for a seed, with where it was published.
struct PublishedCount: Sendable, CustomTestStringConvertible {
    let name: String
    let total: Int
    let trainable: Int
    let nonTrainable: Int
    let source: String

    var testDescription: String { name }

    /// Every seed, its published numbers and their source. The "pytorch" seeds count batch-norm
    /// running statistics as buffers, so their non-trainable count is 0 and trainable equals
    /// torchvision's `sum(p.numel() for p in model.parameters())`.
    static let all: [PublishedCount] = [
        // Keras-convention LeNet-5, by hand: c1 (5·5·1+1)·6 = 156, c3 (5·5·6+1)·16 = 2,416,
        // c5 (5·5·16+1)·120 = 48,120, f6 (120+1)·84 = 10,164, output (84+1)·10 = 850;
        // 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706.
        PublishedCount(name: "lenet5", total: 61_706, trainable: 61_706, nonTrainable: 0, source: "LeCun 1998, by hand"),
        PublishedCount(name: "alexnet", total: 61_100_840, trainable: 61_100_840, nonTrainable: 0, source: "torchvision alexnet"),
        PublishedCount(name: "vgg11", total: 132_863_336, trainable: 132_863_336, nonTrainable: 0, source: "torchvision vgg11"),
        PublishedCount(name: "vgg16", total: 138_357_544, trainable: 138_357_544, nonTrainable: 0, source: "keras.applications.VGG16"),
        PublishedCount(name: "vgg19", total: 143_667_240, trainable: 143_667_240, nonTrainable: 0, source: "keras.applications.VGG19"),
        PublishedCount(name: "resnet18", total: 11_689_512, trainable: 11_689_512, nonTrainable: 0, source: "torchvision resnet18"),
        PublishedCount(name: "resnet34", total: 21_797_672, trainable: 21_797_672, nonTrainable: 0, source: "torchvision resnet34"),
        PublishedCount(name: "resnet50", total: 25_557_032, trainable: 25_557_032, nonTrainable: 0, source: "torchvision resnet50"),
        // Keras' own count of keras.applications.ResNet50 (Fixtures/keras/ResNet50.expected.json).
        PublishedCount(name: "keras_resnet50", total: 25_636_712, trainable: 25_583_592, nonTrainable: 53_120, source: "keras.applications.ResNet50"),
        PublishedCount(name: "mobilenet_v1", total: 4_253_864, trainable: 4_231_976, nonTrainable: 21_888, source: "keras.applications.MobileNet"),
        // Keras' model.summary() of the same network: Fixtures/keras/zoo_seed.expected.json.
        PublishedCount(name: "article_cnn", total: 4_783_841, trainable: 4_783_841, nonTrainable: 0, source: "Keras zoo_seed"),
    ]
}
