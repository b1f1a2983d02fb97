import CatalogCore
import Foundation
import Testing

@testable import CatalogStore

@Suite("Saving, replacing, deleting and updating architectures")
struct CatalogDatabaseWritesTests {
    let database: CatalogDatabase

    init() throws {
        database = try CatalogDatabase.inMemory()
    }

    // MARK: - Save

    @Test func everyColumnRoundTrips() throws {
        let architecture = Sample.architecture("ResNet-50", params: 25_557_032, macs: 4_089_184_256)
        let layers = Sample.layers(4)

        let id = try database.saveArchitecture(architecture, layers: layers, replace: false)

        var expected = architecture
        expected.id = id
        #expect(try database.architecture(named: "ResNet-50") == expected)
        #expect(try database.architecture(id: id) == expected)
        let stored = try database.layers(ofArchitecture: id)
        #expect(stored.count == 4)
        #expect(stored.allSatisfy { $0.id != nil && $0.architectureID == id })
        let withoutIDs = stored.map { layer -> LayerRecord in
            var layer = layer
            layer.id = nil
            layer.architectureID = nil
            return layer
        }
        #expect(withoutIDs == layers)
    }

    @Test func nullableColumnsRoundTripAsNil() throws {
        let architecture = ArchitectureRecord(
            name: "bare", sourceFormat: "keras", inputShapes: "[[null,8]]",
            createdAt: Sample.timestamp, updatedAt: Sample.timestamp)

        let id = try database.saveArchitecture(architecture, layers: [], replace: false)

        var expected = architecture
        expected.id = id
        let stored = try #require(try database.architecture(named: "BARE"))
        #expect(stored == expected)
        #expect(stored.tags == "[]")
        #expect(stored.framework == "keras")
        #expect(stored.totalParams == nil && stored.computeVersion == nil)
        #expect(try database.layers(ofArchitecture: id).isEmpty)
    }

    @Test func layersAreReturnedByPositionWhateverTheInsertOrder() throws {
        let id = try database.saveArchitecture(
            Sample.architecture("net"), layers: Sample.layers(5).reversed(), replace: false)
        #expect(try database.layers(ofArchitecture: id).map(\.position) == [0, 1, 2, 3, 4])
    }

    @Test func namesAreUniqueCaseInsensitively() throws {
        try database.saveArchitecture(Sample.architecture("VGG16"), layers: Sample.layers(), replace: false)

        let error = storeError {
            _ = try database.saveArchitecture(Sample.architecture("vgg16"), layers: [], replace: false)
        }

        #expect(error == .duplicateName("VGG16"))
        #expect(error?.description == "architecture 'VGG16' already exists; use --name to add it under another name, or --replace to overwrite it")
        #expect(try database.architectureNames() == ["VGG16"])
    }

    @Test func replaceSwapsTheRowAndRemovesTheOldLayers() throws {
        try database.saveArchitecture(
            Sample.architecture("VGG16", params: 1), layers: Sample.layers(3), replace: false)

        let newID = try database.saveArchitecture(
            Sample.architecture("vgg16", params: 2), layers: Sample.layers(2), replace: true)

        // SQLite may reuse the deleted row's id; what matters is that only the new rows remain.
        #expect(try database.architectureCount() == 1)
        #expect(try database.layers(ofArchitecture: newID).map(\.name) == ["layer_0", "layer_1"])
        #expect(try database.architectureNames() == ["vgg16"])
        #expect(try database.architecture(named: "VGG16")?.totalParams == 2)
        #expect(try database.rawCount("SELECT count(*) FROM layers") == 2)
    }

    @Test func layerNamesMayRepeatAcrossArchitectures() throws {
        try database.saveArchitecture(Sample.architecture("a"), layers: Sample.layers(), replace: false)
        try database.saveArchitecture(Sample.architecture("b"), layers: Sample.layers(), replace: false)
        #expect(try database.rawCount("SELECT count(*) FROM layers") == 6)
    }

    @Test func duplicateLayerNamesAreRefusedAndNothingIsWritten() throws {
        var layers = Sample.layers(3)
        layers[2].name = "layer_0"

        let error = storeError {
            _ = try database.saveArchitecture(Sample.architecture("net"), layers: layers, replace: false)
        }

        #expect(error == .constraint("architecture 'net' has two layers named 'layer_0'"))
        #expect(try database.architectureCount() == 0)
    }

    @Test func duplicateLayerPositionsAreRefused() throws {
        var layers = Sample.layers(3)
        layers[2].position = 1
        let error = storeError {
            _ = try database.saveArchitecture(Sample.architecture("net"), layers: layers, replace: false)
        }
        #expect(error == .constraint("architecture 'net' has two layers at position 1"))
    }

    @Test func negativeCountsAndInvalidJSONBreakConstraints() throws {
        let negative = storeError {
            _ = try database.saveArchitecture(Sample.architecture("neg", params: -1), layers: [], replace: false)
        }
        guard case .constraint(let message)? = negative else {
            Issue.record("expected a constraint error, got \(String(describing: negative))")
            return
        }
        #expect(message.contains("total_params"))

        var badLayer = Sample.layers(1)
        badLayer[0].config = "{not json"
        let invalid = storeError {
            _ = try database.saveArchitecture(Sample.architecture("json"), layers: badLayer, replace: false)
        }
        guard case .constraint? = invalid else {
            Issue.record("expected a constraint error, got \(String(describing: invalid))")
            return
        }
        #expect(try database.architectureCount() == 0)
    }

    // MARK: - Delete

    @Test func deleteCascadesToLayers() throws {
        let id = try database.saveArchitecture(Sample.architecture("VGG16"), layers: Sample.layers(), replace: false)
        try database.saveArchitecture(Sample.architecture("other"), layers: Sample.layers(2), replace: false)

        #expect(try database.deleteArchitecture(named: "vgg16"))

        #expect(try database.architecture(named: "VGG16") == nil)
        #expect(try database.layers(ofArchitecture: id).isEmpty)
        #expect(try database.rawCount("SELECT count(*) FROM layers") == 2)
        #expect(try database.deleteArchitecture(named: "VGG16") == false)
    }

    // MARK: - Cached columns

    @Test func updateCachedColumnsOverwritesOnlyTheCachedColumns() throws {
        let bare = Sample.architecture("net", params: nil, macs: nil, layerCount: nil, computeVersion: nil)
        let id = try database.saveArchitecture(bare, layers: Sample.layers(3, computed: false), replace: false)
        var computed = Sample.architecture("ignored-name", params: 42, macs: 99, layerCount: 3, computeVersion: 2)
        computed.id = id
        computed.description = "ignored description"

        try database.updateCachedColumns(architecture: computed, layers: Sample.layers(3, computed: true))

        let stored = try #require(try database.architecture(id: id))
        #expect(stored.name == "net")
        #expect(stored.description == bare.description)
        #expect(stored.totalParams == 42 && stored.trainableParams == 32 && stored.nonTrainableParams == 10)
        #expect(stored.macs == 99 && stored.layerCount == 3 && stored.depth == 3)
        #expect(stored.parameterBytes == 168 && stored.activationElements == 1_234)
        #expect(stored.outputShapes == "[[10]]")
        #expect(stored.computeVersion == 2 && stored.computedAt == Sample.timestamp)
        let layers = try database.layers(ofArchitecture: id)
        #expect(layers.map(\.params) == [0, 10, 20])
        #expect(layers.map(\.macs) == [0, 100, 200])
        #expect(layers.map(\.nonTrainableParams) == [0, 0, 20])
        #expect(layers.map(\.outputShapes) == ["[[1]]", "[[2]]", "[[3]]"])
        #expect(layers.map(\.config) == Sample.layers(3).map(\.config))
    }

    @Test func updateCachedColumnsOfAMissingRowChangesNothing() throws {
        let bare = Sample.architecture("net", params: nil, computeVersion: nil)
        let id = try database.saveArchitecture(bare, layers: Sample.layers(2, computed: false), replace: false)

        var missing = Sample.architecture("net", params: 5)
        missing.id = id + 100
        #expect(storeError { try database.updateCachedColumns(architecture: missing, layers: []) }
            == .notFound("architecture with id \(id + 100)"))

        var present = Sample.architecture("net", params: 5)
        present.id = id
        let error = storeError { try database.updateCachedColumns(architecture: present, layers: Sample.layers(3)) }
        #expect(error == .notFound("layer at position 2 in architecture id \(id)"))
        #expect(error?.description == "no layer at position 2 in architecture id \(id)")
        // Rolled back: the architecture's columns were not written either.
        #expect(try database.architecture(id: id)?.totalParams == nil)
        #expect(try database.layers(ofArchitecture: id).allSatisfy { $0.params == nil })

        var unsaved = present
        unsaved.id = nil
        guard case .notFound? = storeError({ try database.updateCachedColumns(architecture: unsaved, layers: []) })
        else {
            Issue.record("expected notFound for a record without id")
            return
        }
    }
}

@Suite("Record helpers")
struct RecordHelperTests {
    @Test func timestampsAreISO8601InUTCWithWholeSeconds() {
        // 1_738_324_800 s after the epoch = 2025-01-31 12:00:00 UTC.
        #expect(ArchitectureRecord.timestamp(Date(timeIntervalSince1970: 1_738_324_800.75)) == "2025-01-31T12:00:00Z")
    }

    @Test func sortsAreTheListColumns() {
        #expect(ArchitectureSort.allCases.map(\.rawValue)
            == ["name", "params", "trainable", "macs", "flops", "layers", "depth", "memory", "added", "active"])
    }
}
