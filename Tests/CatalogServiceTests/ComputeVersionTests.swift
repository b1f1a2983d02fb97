import CatalogCore
import CatalogService
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

@Suite("Compute version")
struct ComputeVersionTests {
    /// Overwrites the cached total of `name` (and of its layer `layerName`) with 1, at compute
    /// version `version`, through the store's public API.
    private func corrupt(
        _ name: String, layer layerName: String, version: Int, in database: CatalogDatabase
    ) throws {
        var record = try #require(try database.architecture(named: name))
        let id = try #require(record.id)
        record.computeVersion = version
        record.totalParams = 1
        record.trainableParams = 1
        var layer = try #require(try database.layers(ofArchitecture: id).first { $0.name == layerName })
        layer.params = 1
        layer.trainableParams = 1
        try database.updateCachedColumns(architecture: record, layers: [layer])
        // The corruption took: otherwise the test below would pass without recomputing anything.
        let stored = try #require(try database.architecture(named: name))
        #expect(stored.totalParams == 1)
        #expect(stored.computeVersion == version)
    }

    @Test("Reopening recomputes a row whose compute_version is older than the engine's")
    func outdatedRowIsRecomputed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("catalog.sqlite")

        let first = try Catalog(path: path)
        try corrupt("vgg16", layer: "block1_conv1", version: Engine.computeVersion - 1, in: first.database)
        try first.database.close()

        let reopened = try Catalog(path: path)
        #expect(reopened.recomputeWarnings.isEmpty)
        let detail = try reopened.detail(named: "vgg16")
        // Published: keras.applications.VGG16 has 138,357,544 parameters.
        #expect(detail.summary.totalParameters == 138_357_544)
        #expect(detail.summary.trainableParameters == 138_357_544)
        // (3·3·3 + 1)·64 = 1,792
        #expect(detail.layers.first { $0.name == "block1_conv1" }?.parameters == 1_792)
        let record = try #require(try reopened.database.architecture(named: "vgg16"))
        #expect(record.computeVersion == Engine.computeVersion)
        #expect(record.totalParams == 138_357_544)
        #expect(try reopened.database.architectureIDs(computedBefore: Engine.computeVersion).isEmpty)
    }

    @Test("A row with a NULL compute_version is recomputed too")
    func neverComputedRowIsRecomputed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("catalog.sqlite")

        let first = try Catalog(path: path)
        var record = try #require(try first.database.architecture(named: "lenet5"))
        record.computeVersion = nil
        record.totalParams = nil
        record.trainableParams = nil
        try first.database.updateCachedColumns(architecture: record, layers: [])
        try first.database.close()

        let reopened = try Catalog(path: path)
        // 61,706: see PublishedCount.all.
        #expect(try reopened.detail(named: "lenet5").summary.totalParameters == 61_706)
        #expect(try reopened.database.architecture(named: "lenet5")?.computeVersion == Engine.computeVersion)
    }

    @Test("Rows at the current compute_version are trusted, not recomputed, on open")
    func currentRowIsNotRecomputed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("catalog.sqlite")

        let first = try Catalog(path: path)
        try corrupt("vgg16", layer: "block1_conv1", version: Engine.computeVersion, in: first.database)
        try first.database.close()

        let reopened = try Catalog(path: path)
        // Still the corrupted value: recomputation is driven by compute_version alone.
        #expect(try reopened.detail(named: "vgg16").summary.totalParameters == 1)
        // Other rows untouched: lenet5's published 61,706.
        #expect(try reopened.detail(named: "lenet5").summary.totalParameters == 61_706)
    }

    @Test("Reopening an existing file does not seed it again")
    func reopeningDoesNotReseed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("catalog.sqlite")

        let first = try Catalog(path: path)
        #expect(first.database.wasCreated)
        _ = try first.remove(named: "lenet5")
        try first.database.close()

        let reopened = try Catalog(path: path)
        #expect(!reopened.database.wasCreated)
        #expect(try reopened.database.architectureCount() == PublishedCount.all.count - 1)
        #expect(throws: ServiceError.self) { try reopened.detail(named: "lenet5") }
    }
}
