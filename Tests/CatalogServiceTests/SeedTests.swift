import CatalogCore
import CatalogImport
import CatalogService
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

@Suite("Seeds")
struct SeedTests {
    // MARK: - Published totals

    @Test("Each seed's totals are the published numbers", arguments: PublishedCount.all)
    func publishedTotals(_ expected: PublishedCount) throws {
        let catalog = try freshCatalog()
        let summary = try catalog.detail(named: expected.name).summary
        #expect(summary.totalParameters == expected.total, "\(expected.source)")
        #expect(summary.trainableParameters == expected.trainable, "\(expected.source)")
        #expect(summary.nonTrainableParameters == expected.nonTrainable, "\(expected.source)")
        // float32: 4 bytes a parameter.
        #expect(summary.parameterBytes == expected.total * 4)
        // Every layer of a seed is one the engine counts: the totals are exact, not lower bounds.
        #expect(summary.isComplete, "uncounted: \(summary.uncountedLayers)")
    }

    @Test("list returns every seed with the published totals")
    func listHasEverySeed() throws {
        let catalog = try freshCatalog()
        let rows = try catalog.list(ListQuery())
        #expect(Set(rows.map(\.name)) == Set(PublishedCount.all.map(\.name)))
        for expected in PublishedCount.all {
            let row = try #require(rows.first { $0.name == expected.name })
            #expect(row.totalParameters == expected.total, "\(expected.name)")
        }
    }

    @Test("list --max-params 1e7 keeps exactly the seeds with at most 10,000,000 parameters")
    func listBoundIsInclusiveOnTotal() throws {
        let catalog = try freshCatalog()
        let small = try catalog.list(ListQuery(maxParameters: 10_000_000))
        // lenet5 61,706, article_cnn 4,783,841, mobilenet_v1 4,253,864; the next, resnet18, has 11,689,512.
        #expect(Set(small.map(\.name)) == ["lenet5", "article_cnn", "mobilenet_v1"])
        // Inclusive at exactly mobilenet_v1's 4,253,864, excluded one below.
        #expect(try catalog.list(ListQuery(maxParameters: 4_253_864)).map(\.name).contains("mobilenet_v1"))
        #expect(!(try catalog.list(ListQuery(maxParameters: 4_253_863)).map(\.name).contains("mobilenet_v1")))
        // --min-params is inclusive too: at vgg19's 143,667,240 only vgg19 remains.
        #expect(try catalog.list(ListQuery(minParameters: 143_667_240)).map(\.name) == ["vgg19"])
    }

    @Test("list sorts by parameters ascending and descending")
    func listSortsByParameters() throws {
        let catalog = try freshCatalog()
        // Ascending by the published totals above.
        let ascending = ["lenet5", "mobilenet_v1", "article_cnn", "resnet18", "resnet34", "resnet50",
                         "keras_resnet50", "alexnet", "vgg11", "vgg16", "vgg19"]
        #expect(try catalog.list(ListQuery(sort: .params)).map(\.name) == ascending)
        #expect(try catalog.list(ListQuery(sort: .params, descending: true)).map(\.name) == ascending.reversed())
        #expect(try catalog.list(ListQuery(sort: .params, limit: 2)).map(\.name) == ["lenet5", "mobilenet_v1"])
    }

    // MARK: - MACs

    @Test("VGG-16 MACs are exactly 15,470,264,320")
    func vgg16MACs() throws {
        // Convolutions H·W·Cout·(3·3·Cin), dense in·out:
        //   block1: 224²·64·27 = 86,704,128;   224²·64·576 = 1,849,688,064
        //   block2: 112²·128·576 = 924,844,032; 112²·128·1,152 = 1,849,688,064
        //   block3: 56²·256·1,152 = 924,844,032; 56²·256·2,304 = 1,849,688,064 (×2)
        //   block4: 28²·512·2,304 = 924,844,032; 28²·512·4,608 = 1,849,688,064 (×2)
        //   block5: 14²·512·4,608 = 462,422,016 (×3)
        //   fc: 25,088·4,096 + 4,096·4,096 + 4,096·1,000 = 123,633,664
        //   86,704,128 + 6·1,849,688,064 + 3·924,844,032 + 3·462,422,016 + 123,633,664 = 15,470,264,320
        let catalog = try freshCatalog()
        #expect(try catalog.detail(named: "vgg16").summary.macs == 15_470_264_320)
    }

    @Test(
        "MACs are within 0.5% of torchvision's published GFLOPS",
        arguments: [("resnet18", 1.814e9), ("resnet50", 4.089e9), ("alexnet", 0.714e9)])
    func torchvisionMACs(name: String, published: Double) throws {
        let catalog = try freshCatalog()
        let macs = Double(try catalog.detail(named: name).summary.macs)
        #expect(abs(macs - published) / published < 0.005, "\(name): \(macs) vs \(published)")
    }

    // MARK: - Layers

    @Test("vgg16 block1_conv1: (3·3·3+1)·64 = 1,792 parameters, output 224x224x64")
    func vgg16FirstConvolution() throws {
        let catalog = try freshCatalog()
        let layer = try #require(try catalog.detail(named: "vgg16").layers.first { $0.name == "block1_conv1" })
        #expect(layer.parameters == 1_792)
        #expect(layer.trainableParameters == 1_792)
        #expect(layer.nonTrainableParameters == 0)
        #expect(layer.outputShapes == [[TensorShape([224, 224, 64])]])
        // 224·224·64 outputs, each 3·3·3 = 27 multiply-accumulates: 86,704,128.
        #expect(layer.macs == 86_704_128)
    }

    @Test(
        "Seed layers match Keras' model.summary() layer by layer",
        arguments: [
            ("vgg16", "VGG16.expected.json"), ("article_cnn", "zoo_seed.expected.json"),
            ("keras_resnet50", "ResNet50.expected.json"),
        ])
    func layersMatchKeras(seed: String, fixture: String) throws {
        let expected = try KerasExpected.load(PackagePaths.kerasFixture(fixture))
        let detail = try freshCatalog().detail(named: seed)
        #expect(detail.summary.totalParameters == expected.total_params)
        #expect(detail.summary.trainableParameters == expected.trainable_params)
        #expect(detail.summary.nonTrainableParameters == expected.non_trainable_params)
        let byName = Dictionary(detail.layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // Every weight layer Keras lists, by name (input layers are named differently).
        for kerasLayer in expected.layers where kerasLayer.class_name != "InputLayer" {
            let layer = try #require(byName[kerasLayer.name], "\(seed) has no layer '\(kerasLayer.name)'")
            #expect(layer.parameters == kerasLayer.params, "\(kerasLayer.name)")
            #expect(layer.trainableParameters == kerasLayer.trainable_params, "\(kerasLayer.name)")
            #expect(layer.nonTrainableParameters == kerasLayer.non_trainable_params, "\(kerasLayer.name)")
            // Keras' shape has the batch axis first (null).
            let shapes = try #require(kerasLayer.output_shape, "\(kerasLayer.name)").batchFreeShapes
            #expect(layer.outputShapes == [shapes.map { TensorShape($0) }], "\(kerasLayer.name)")
        }
    }

    // MARK: - Every seed file

    @Test("Every file in seeds/ imports and computes; the catalog holds one architecture per file")
    func everySeedFileImports() throws {
        let files = try PackagePaths.seedFiles()
        #expect(files.count == PublishedCount.all.count)
        var names: [String] = []
        for file in files {
            let imported = try ArchitectureImporter.read(contentsOf: file.path)
            #expect(imported.sourceFormat == "native", "\(file.lastPathComponent)")
            let results = try Engine.infer(imported.architecture)
            #expect(results.count == imported.architecture.layers.count, "\(file.lastPathComponent)")
            names.append(imported.architecture.name)
        }
        let catalog = try freshCatalog()
        #expect(try catalog.database.architectureCount() == files.count)
        #expect(Set(try catalog.database.architectureNames()) == Set(names))
        #expect(Set(names).count == files.count, "two seed files share a name")
        #expect(catalog.recomputeWarnings.isEmpty)
    }
}
