import CatalogCore
import CatalogImport
import CatalogService
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// A small network whose numbers are computed by hand below.
///
///     input [28, 28, 1]
///     conv    Conv2D 8, 3x3, valid: 28 − 3 + 1 = 26 → [26, 26, 8]; (3·3·1 + 1)·8 = 80 params;
///             MACs 26·26·8·(3·3·1) = 48,672
///     pool    MaxPooling2D 2: 26/2 = 13 → [13, 13, 8]; 0 params
///     flatten 13·13·8 = 1,352 → [1352]
///     dense   Dense 10: (1,352 + 1)·10 = 13,530 params; MACs 1,352·10 = 13,520
///     total   80 + 13,530 = 13,610 params; 48,672 + 13,520 = 62,192 MACs
let handComputedJSON = """
    {
      "name": "tiny",
      "description": "hand-computed",
      "tags": ["test"],
      "input": [28, 28, 1],
      "layers": [
        {"type": "Conv2D", "name": "conv", "filters": 8, "kernel_size": [3, 3], "padding": "valid"},
        {"type": "MaxPooling2D", "name": "pool", "pool_size": 2},
        {"type": "Flatten", "name": "flatten"},
        {"type": "Dense", "name": "dense", "units": 10}
      ]
    }
    """

/// Layer 5 ('too_big') is impossible (FixtureDocuments.impossible).
let impossibleJSON = FixtureDocuments.impossible

@Suite("Adding architectures")
struct AddTests {
    // MARK: - Hand-computed numbers

    @Test("A hand-computed network: per-layer and total numbers")
    func handComputedNetwork() throws {
        let catalog = try freshCatalog()
        let result = try catalog.add(try importNative(handComputedJSON, file: "tiny.json"), file: "tiny.json")
        #expect(!result.replaced)
        #expect(result.summary.name == "tiny")

        let detail = try catalog.detail(named: "tiny")
        struct Row: Equatable {
            let name: String, type: String, shape: [Int?], params: Int?, macs: Int?
        }
        let rows = detail.layers.map {
            Row(name: $0.name, type: $0.type, shape: $0.outputShapes.first?.first?.dimensions ?? [],
                params: $0.parameters, macs: $0.macs)
        }
        #expect(rows == [
            Row(name: "input", type: "InputLayer", shape: [28, 28, 1], params: 0, macs: 0),
            Row(name: "conv", type: "Conv2D", shape: [26, 26, 8], params: 80, macs: 48_672),
            Row(name: "pool", type: "MaxPooling2D", shape: [13, 13, 8], params: 0, macs: 0),
            Row(name: "flatten", type: "Flatten", shape: [1_352], params: 0, macs: 0),
            Row(name: "dense", type: "Dense", shape: [10], params: 13_530, macs: 13_520),
        ])
        #expect(detail.layers.allSatisfy { $0.nonTrainableParameters == 0 && $0.trainableParameters == $0.parameters })

        let summary = detail.summary
        #expect(summary.totalParameters == 13_610)
        #expect(summary.trainableParameters == 13_610)
        #expect(summary.nonTrainableParameters == 0)
        #expect(summary.macs == 62_192)
        #expect(summary.isComplete)
        #expect(summary.layerCount == 5)  // the input layer counts
        #expect(summary.depth == 2)  // conv and dense are the weight layers
        #expect(summary.parameterBytes == 54_440)  // 13,610·4
        // Outputs of the non-input layers: 26·26·8 + 13·13·8 + 1,352 + 10 = 5,408 + 1,352 + 1,352 + 10
        #expect(summary.activationElements == 8_122)
        #expect(summary.inputShapes == [TensorShape([28, 28, 1])])
        #expect(summary.outputShapes == [TensorShape([10])])
        #expect(summary.tags == ["test"])
        #expect(summary.description == "hand-computed")
        #expect(summary.framework == "keras")
        #expect(result.summary == summary)
    }

    @Test(
        "BatchNormalization over 8 channels: γ, β trainable; moving mean, variance by convention",
        arguments: [
            // Keras: 4·8 = 32 parameters, γ and β (16) trainable, moving mean and variance (16) not.
            ("keras", true, 16, 16),
            // PyTorch: running statistics are buffers: 2·8 = 16 trainable, 0 non-trainable.
            ("pytorch", true, 16, 0),
            // trainable: false makes all of them non-trainable: Keras 0 + 32.
            ("keras", false, 0, 32),
        ])
    func batchNormalizationConvention(framework: String, trainable: Bool, expectTrainable: Int, expectNonTrainable: Int) throws {
        let text = """
            {"name": "bn", "framework": "\(framework)", "data_format": "channels_last", "input": [4, 4, 8],
             "layers": [{"type": "BatchNormalization", "name": "bn", "trainable": \(trainable)}]}
            """
        let catalog = try freshCatalog()
        _ = try catalog.add(try importNative(text), file: "bn.json")
        let detail = try catalog.detail(named: "bn")
        let layer = try #require(detail.layers.last)
        #expect(layer.trainableParameters == expectTrainable)
        #expect(layer.nonTrainableParameters == expectNonTrainable)
        #expect(layer.outputShapes == [[TensorShape([4, 4, 8])]])
        #expect(layer.macs == 0)
        #expect(detail.summary.trainableParameters == expectTrainable)
        #expect(detail.summary.nonTrainableParameters == expectNonTrainable)
    }

    // MARK: - Atomicity

    @Test("Adding an architecture with an impossible layer 5 throws and writes nothing")
    func impossibleLayerLeavesCatalogUnchanged() throws {
        let catalog = try freshCatalog()
        let before = try catalog.list(ListQuery())
        let imported = try importNative(impossibleJSON, file: "impossible.json")

        let error = #expect(throws: ServiceError.self) {
            try catalog.add(imported, file: "impossible.json")
        }
        if case .inferenceFailed(let file, let inner)? = error {
            #expect(file == "impossible.json")
            if case .layer(let index, let name, _, _) = inner {
                #expect(name == "too_big")
                #expect(index == 5)  // 0 is the input layer; too_big is the fifth listed
            } else {
                Issue.record("expected a layer error, got \(inner)")
            }
        } else {
            Issue.record("expected inferenceFailed, got \(String(describing: error))")
        }
        let message = error.map { String(describing: $0) } ?? ""
        #expect(message.contains("impossible.json"))
        #expect(message.contains("too_big"))

        #expect(try catalog.list(ListQuery()) == before)
        #expect(throws: ServiceError.self) { try catalog.detail(named: "impossible") }
        #expect(try catalog.database.architectureCount() == PublishedCount.all.count)
    }

    @Test("A duplicate name throws unless replace, compared case-insensitively")
    func duplicateNameNeedsReplace() throws {
        let catalog = try freshCatalog()
        _ = try catalog.add(try importNative(handComputedJSON), file: "tiny.json")
        let before = try catalog.list(ListQuery())

        // The same network with a 16-filter convolution: (3·3·1+1)·16 = 160,
        // flatten 13·13·16 = 2,704, dense (2,704+1)·10 = 27,050; total 27,210.
        let bigger = try importNative(handComputedJSON.replacingOccurrences(of: "\"filters\": 8", with: "\"filters\": 16"))
        for name in [nil, "TINY", "Tiny"] as [String?] {
            let error = #expect(throws: ServiceError.self) {
                try catalog.add(bigger, file: "tiny2.json", name: name)
            }
            guard case .store(.duplicateName(let stored))? = error else {
                Issue.record("expected duplicateName, got \(String(describing: error))")
                continue
            }
            #expect(stored == "tiny")
            #expect(String(describing: error!).contains("or --replace to overwrite it"))
        }
        #expect(try catalog.list(ListQuery()) == before)
        #expect(try catalog.detail(named: "tiny").summary.totalParameters == 13_610)

        let replaced = try catalog.add(bigger, file: "tiny2.json", replace: true)
        #expect(replaced.replaced)
        #expect(replaced.summary.totalParameters == 27_210)
        #expect(try catalog.detail(named: "tiny").summary.totalParameters == 27_210)
        #expect(try catalog.database.architectureCount() == PublishedCount.all.count + 1)
    }

    @Test("Names differing only in the case of a non-ASCII letter are duplicates")
    func unicodeCaseInsensitiveNames() throws {
        // FORMAT.md: the name is "unique, compared case-insensitively"; "Ünet" and "ünet" differ only in case.
        let catalog = try freshCatalog()
        _ = try catalog.add(try importNative(handComputedJSON), file: "tiny.json", name: "Ünet")
        let lower = try importNative(handComputedJSON)
        #expect(throws: ServiceError.self) {
            try catalog.add(lower, file: "tiny.json", name: "ünet")
        }
        #expect(try catalog.detail(named: "ÜNET").summary.name == "Ünet")
        // Unicode case folding: "STRASSE" and "straße" are one name; replace finds it.
        _ = try catalog.add(try importNative(handComputedJSON), file: "tiny.json", name: "straße")
        let replaced = try catalog.add(try importNative(handComputedJSON), file: "tiny.json", name: "STRASSE", replace: true)
        #expect(replaced.replaced)
        #expect(try catalog.list(ListQuery()).filter { $0.name.lowercased().hasPrefix("stra") }.map(\.name) == ["STRASSE"])
    }

    @Test("A duplicate of a seed name is refused and leaves the seed intact")
    func duplicateSeedName() throws {
        let catalog = try freshCatalog()
        #expect(throws: ServiceError.self) {
            try catalog.add(try importNative(handComputedJSON), file: "tiny.json", name: "VGG16")
        }
        #expect(try catalog.detail(named: "vgg16").summary.totalParameters == 138_357_544)
    }

    @Test("replace with an impossible architecture keeps the old one")
    func failedReplaceKeepsOld() throws {
        let catalog = try freshCatalog()
        _ = try catalog.add(try importNative(handComputedJSON), file: "tiny.json")
        #expect(throws: ServiceError.self) {
            try catalog.add(try importNative(impossibleJSON), file: "impossible.json", name: "tiny", replace: true)
        }
        #expect(try catalog.detail(named: "tiny").summary.totalParameters == 13_610)
    }

    @Test("--name and --tag: the name is overridden, tags are appended once")
    func nameAndTags() throws {
        let catalog = try freshCatalog()
        let result = try catalog.add(
            try importNative(handComputedJSON), file: "tiny.json", name: "renamed", tags: ["extra", "test"])
        #expect(result.summary.name == "renamed")
        #expect(result.summary.tags == ["test", "extra"])
        #expect(throws: ServiceError.self) { try catalog.detail(named: "tiny") }
    }

    // MARK: - Remove and lookup

    @Test("remove deletes the architecture; a missing name suggests close ones")
    func removeAndSuggestions() throws {
        let catalog = try freshCatalog()
        #expect(try catalog.remove(named: "VGG16") == "vgg16")
        let error = #expect(throws: ServiceError.self) { try catalog.detail(named: "vgg16") }
        guard case .notFound(let name, let suggestions)? = error else {
            Issue.record("expected notFound, got \(String(describing: error))")
            return
        }
        #expect(name == "vgg16")
        #expect(!suggestions.contains("vgg16"))
        #expect(suggestions.contains("vgg19"))

        let typo = #expect(throws: ServiceError.self) { try catalog.detail(named: "resnet5") }
        if case .notFound(_, let suggestions)? = typo {
            #expect(suggestions.contains("resnet50"))
        } else {
            Issue.record("expected notFound, got \(String(describing: typo))")
        }
        #expect(throws: ServiceError.self) { try catalog.remove(named: "vgg16") }
    }
}
