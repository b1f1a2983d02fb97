import CatalogCore
import Testing

@testable import CatalogStore

@Suite("Listing, filtering and sorting architectures")
struct CatalogDatabaseReadsTests {
    let database: CatalogDatabase

    /// name, total_params, macs, layer_count, compute_version
    static let rows: [(String, Int?, Int?, Int?, Int?)] = [
        ("vgg16", 138_357_544, 15_470_264_320, 23, 2),
        ("AlexNet", 61_100_840, 714_188_480, 11, 1),
        ("lenet-5", 61_706, 429_128, 8, 2),
        ("MobileNet", 4_253_864, 568_740_352, 88, nil),
        ("Same-Params", 61_706, 100, 8, 3),
        ("uncomputed", nil, nil, nil, nil),
    ]

    init() throws {
        database = try CatalogDatabase.inMemory()
        for (name, params, macs, layers, version) in Self.rows {
            try database.saveArchitecture(
                Sample.architecture(name, params: params, macs: macs, layerCount: layers, computeVersion: version),
                layers: [], replace: false)
        }
    }

    private func names(
        _ filter: ArchitectureFilter = .all, _ sort: ArchitectureSort = .name,
        descending: Bool = false, limit: Int? = nil
    ) throws -> [String] {
        try database.architectures(matching: filter, sortedBy: sort, descending: descending, limit: limit).map(\.name)
    }

    @Test func lookupsIgnoreCase() throws {
        #expect(try database.architecture(named: "ALEXNET")?.name == "AlexNet")
        #expect(try database.architecture(named: "alexnet ") == nil)
        #expect(try database.architecture(named: "resnet") == nil)
    }

    @Test func namesAreSortedCaseInsensitively() throws {
        #expect(try database.architectureNames() == ["AlexNet", "lenet-5", "MobileNet", "Same-Params", "uncomputed", "vgg16"])
    }

    @Test func sortByEachColumnTiesBrokenByNameUncomputedLast() throws {
        #expect(try names(.all, .name) == ["AlexNet", "lenet-5", "MobileNet", "Same-Params", "uncomputed", "vgg16"])
        #expect(try names(.all, .name, descending: true)
            == ["vgg16", "uncomputed", "Same-Params", "MobileNet", "lenet-5", "AlexNet"])
        #expect(try names(.all, .params) == ["lenet-5", "Same-Params", "MobileNet", "AlexNet", "vgg16", "uncomputed"])
        #expect(try names(.all, .params, descending: true)
            == ["vgg16", "AlexNet", "MobileNet", "lenet-5", "Same-Params", "uncomputed"])
        #expect(try names(.all, .macs) == ["Same-Params", "lenet-5", "MobileNet", "AlexNet", "vgg16", "uncomputed"])
        #expect(try names(.all, .layers) == ["lenet-5", "Same-Params", "AlexNet", "vgg16", "MobileNet", "uncomputed"])
        #expect(try names(.all, .layers, descending: true)
            == ["MobileNet", "vgg16", "AlexNet", "lenet-5", "Same-Params", "uncomputed"])
    }

    @Test func filterBoundsAreInclusive() throws {
        #expect(try names(ArchitectureFilter(maxParams: 61_706), .params) == ["lenet-5", "Same-Params"])
        #expect(try names(ArchitectureFilter(minParams: 61_706, maxParams: 61_100_840), .params)
            == ["lenet-5", "Same-Params", "MobileNet", "AlexNet"])
        #expect(try names(ArchitectureFilter(minParams: 61_100_840), .name) == ["AlexNet", "vgg16"])
        #expect(try names(ArchitectureFilter(minParams: 10, maxParams: 5)).isEmpty)
    }

    @Test func limitTakesTheFirstRowsOfTheOrder() throws {
        #expect(try names(.all, .params, descending: true, limit: 2) == ["vgg16", "AlexNet"])
        #expect(try names(ArchitectureFilter(maxParams: 5_000_000), .macs, descending: true, limit: 1) == ["MobileNet"])
        #expect(try names(.all, .name, limit: 0).isEmpty)
        #expect(try names(.all, .name, limit: 100).count == 6)
    }

    @Test func computedBeforeFindsOldAndUncomputedRows() throws {
        let ids = try database.architectureIDs(computedBefore: 2)
        let names = try ids.map { try #require(try database.architecture(id: $0)).name }
        #expect(names == ["AlexNet", "MobileNet", "uncomputed"])
        #expect(try database.architectureIDs(computedBefore: 0).count == 2)
        #expect(try database.architectureIDs(computedBefore: 4).count == 6)
    }

    @Test func theFilterIsAnIndexRangeScan() throws {
        let plan = try database.queryPlanForTesting(
            "SELECT * FROM architectures WHERE total_params <= 5 ORDER BY total_params, name")
        #expect(plan.contains { $0.contains("USING INDEX architectures_total_params (total_params<?)") })
        #expect(!plan.contains { $0.contains("TEMP B-TREE") })
    }
}
