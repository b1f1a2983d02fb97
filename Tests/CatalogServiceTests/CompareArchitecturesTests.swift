import CatalogCore
import CatalogImport
import Foundation
import Testing

@testable import CatalogService

@Suite("Layer categories, breakdowns and convention notes")
struct CompareArchitecturesTests {
    @Test(
        "Layer types fall in their family",
        arguments: [
            ("Conv2D", LayerCategory.convolution), ("DepthwiseConv2D", .convolution), ("SeparableConv1D", .convolution),
            ("Conv2DTranspose", .convolution), ("ConvLSTM2D", .recurrent), ("LSTM", .recurrent), ("GRU", .recurrent),
            ("SimpleRNN", .recurrent), ("Bidirectional", .recurrent), ("MultiHeadAttention", .attention),
            ("AdditiveAttention", .attention), ("Dense", .dense), ("EinsumDense", .dense), ("Linear", .dense),
            ("BatchNormalization", .normalisation), ("LayerNormalization", .normalisation),
            ("GroupNormalization", .normalisation), ("Embedding", .embedding), ("MaxPooling2D", .other),
            ("Flatten", .other), ("FancyLayer", .other),
            ("TransformerAttention", .attention), ("MultiLatentAttention", .attention), ("RMSNorm", .normalisation),
            ("TokenEmbedding", .embedding), ("FeedForward", .mlp), ("MixtureOfExperts", .mlp), ("LMHead", .head),
            ("Pooler", .head),
        ])
    func categories(_ type: String, _ category: LayerCategory) {
        #expect(LayerCategory(layerType: type) == category)
    }

    /// VGG-16: 13 convolutions with 14,714,688 parameters, 3 dense layers with
    /// 102,764,544 + 16,781,312 + 4,097,000 = 123,642,856; together 138,357,544.
    @Test("VGG-16's breakdown and largest layers")
    func vgg16Breakdown() throws {
        let catalog = try Catalog(database: try .inMemory())
        let detail = try catalog.detail(named: "vgg16")
        let breakdown = detail.parameterBreakdown
        #expect(breakdown.parameters[.convolution] == 14_714_688)
        #expect(breakdown.parameters[.dense] == 123_642_856)
        #expect(breakdown.total == 138_357_544)
        #expect(breakdown.uncountedLayers == 0)
        #expect(abs(breakdown.share(of: .dense) - 123_642_856.0 / 138_357_544.0) < 1e-12)
        #expect(detail.largestLayers(3).map(\.name) == ["fc1", "fc2", "predictions"])
        // Ties keep the layer order: block4_conv2 and block4_conv3 both have 2,359,808.
        #expect(detail.largestLayers(5).suffix(2).map(\.name) == ["block4_conv2", "block4_conv3"])
    }

    @Test("Notes name the conventions and the pairs that differ only in convention")
    func notes() throws {
        let catalog = try Catalog(database: try .inMemory())
        let resnet = try catalog.architecture(named: "resnet18")
        var kerasResnet = resnet
        kerasResnet.name = "resnet18_keras"
        kerasResnet.framework = .keras
        let vgg = try catalog.architecture(named: "vgg16")
        let notes = ConventionNotes.notes(for: [vgg, resnet, kerasResnet])
        #expect(notes.count == 2, "\(notes)")
        #expect(notes[0].hasPrefix("Different counting conventions: 'vgg16', 'resnet18_keras' follow keras"), "\(notes)")
        #expect(notes[0].contains("'resnet18' follows pytorch"), "\(notes)")
        #expect(notes[1] == "'resnet18' and 'resnet18_keras' have the same layers: they differ only in counting convention (pytorch vs keras).")
        #expect(ConventionNotes.notes(for: [vgg, try catalog.architecture(named: "vgg19")]).isEmpty)
        #expect(ConventionNotes.notes(for: [vgg, vgg]).isEmpty)
    }

    @Test("A BatchNorm without running statistics is noted as counting the same under either convention")
    func untrackedBatchNormNote() throws {
        let text = """
            {"name": "no_stats", "framework": "pytorch", "data_format": "channels_first", "input": [4, 6, 6],
             "layers": [{"type": "BatchNorm2d", "name": "bn", "num_features": 4, "track_running_stats": false},
                        {"type": "BatchNorm2d", "name": "bn_b", "num_features": 4}]}
            """
        let torch = try ArchitectureImporter.read(Data(text.utf8), file: "no_stats.json").architecture
        var keras = torch
        keras.name = "no_stats_keras"
        keras.framework = .keras
        let notes = ConventionNotes.notes(for: [torch, keras])
        #expect(notes.count == 4, "\(notes)")
        #expect(notes[1] == "'no_stats' has 1 BatchNormalization layer with track_running_stats false: no running statistics, so it counts the same under either convention.")
        // One convention only: no note at all about statistics.
        #expect(ConventionNotes.notes(for: [torch]).isEmpty)
        // The counts behind the note: bn γ, β 2·4 = 8 under both; bn_b 2·4 = 8, + 2·4 = 8 statistics under keras.
        let torchCounts = try Engine.infer(torch).map(\.parameters)
        let kerasCounts = try Engine.infer(keras).map(\.parameters)
        #expect(torchCounts == [0, 8, 8])
        #expect(kerasCounts == [0, 8, 16])
    }

    @Test("details(named:) keeps the order asked; no names gives every architecture by name")
    func details() throws {
        let catalog = try Catalog(database: try .inMemory())
        #expect(try catalog.details(named: ["vgg16", "lenet5"]).map(\.summary.name) == ["vgg16", "lenet5"])
        #expect(try catalog.details().map(\.summary.name) == (try catalog.list(ListQuery()).map(\.name)))
        #expect(throws: ServiceError.self) { try catalog.details(named: ["nosuch"]) }
    }
}
