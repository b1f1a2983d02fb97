import CatalogCore
import CatalogService
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// A layer's inbound tensors as `detail(named:)` reads them: a layer fed by the previous one
/// alone is known from its text without parsing, every other one is parsed. The expected
/// values are written from the documents below, not from the code's output.
@Suite("Inbound layers read back")
struct LayerInboundTests {
    /// `a` and `b` follow the previous layer; `sum` adds `a` and `b`; `skip` is fed by `a`.
    static let branching = FixtureDocuments.branching

    private func inbound(_ name: String, in catalog: Catalog) throws -> [String: [[TensorReference]]] {
        Dictionary(uniqueKeysWithValues: try catalog.detail(named: name).layers.map { ($0.name, $0.inbound) })
    }

    @Test("Chained layers, several inputs and an earlier layer's output, in order")
    func branchingModel() throws {
        let catalog = try freshCatalog()
        _ = try catalog.add(try importNative(Self.branching), file: "branching.json")
        let detail = try catalog.detail(named: "branching")
        #expect(detail.layers.map(\.name) == ["input", "a", "b", "sum", "skip", "last"])
        #expect(detail.layers.map(\.inbound) == [
            [[]],
            [[TensorReference(layer: "input")]],
            [[TensorReference(layer: "a")]],
            [[TensorReference(layer: "a"), TensorReference(layer: "b")]],
            [[TensorReference(layer: "a")]],
            [[TensorReference(layer: "skip")]],
        ])
    }

    /// Names JSON writers escape (quote, backslash, tab and newline (other control characters
    /// are refused), a slash, non-ASCII),
    /// each layer fed by the one before it.
    static let hostileNames = ["q\"uote", "back\\slash", "tab\tx", "new\nline", "sl/ash", "é\u{2028}😀"]

    @Test("Escaped names: each layer is fed by the one before it, names exact")
    func escapedNames() throws {
        let layers = Self.hostileNames.map { ["type": "Dense", "name": $0, "units": 2] as [String: Any] }
        let document = try JSONSerialization.data(
            withJSONObject: ["name": "hostile", "input": [4], "layers": layers] as [String: Any])
        let catalog = try freshCatalog()
        _ = try catalog.add(try importNative(String(decoding: document, as: UTF8.self)), file: "hostile.json")
        let detail = try catalog.detail(named: "hostile")
        #expect(detail.layers.map(\.name) == ["input"] + Self.hostileNames)
        let expected = zip(["input"] + Self.hostileNames, Self.hostileNames).map { previous, _ in
            [[TensorReference(layer: previous)]]
        }
        #expect(Array(detail.layers.dropFirst().map(\.inbound)) == expected)
    }

    /// Stored texts that mean "fed by the previous layer alone" but are not written as SQLite
    /// writes them (spaces, an escaped letter), or that name another node or tensor: parsed.
    @Test("Other texts of the same value, other nodes and tensors: parsed", arguments: [
        (#"[[["a", 0, 0]]]"#, [[TensorReference(layer: "a")]]),
        (#"[[["\u0061",0,0]]]"#, [[TensorReference(layer: "a")]]),
        (#"[[["a",1,0]]]"#, [[TensorReference(layer: "a", node: 1)]]),
        (#"[[["a",0,2]]]"#, [[TensorReference(layer: "a", tensor: 2)]]),
        (#"[[["a",0,0]],[["a",0,0]]]"#, [[TensorReference(layer: "a")], [TensorReference(layer: "a")]]),
    ])
    func storedTexts(text: String, expected: [[TensorReference]]) throws {
        let catalog = try freshCatalog()
        _ = try catalog.add(try importNative(Self.branching), file: "branching.json")
        let database = catalog.database
        var record = try #require(try database.architecture(named: "branching"))
        var layers = try database.layers(ofArchitecture: try #require(record.id))
        let index = try #require(layers.firstIndex { $0.name == "b" })
        layers[index].inbound = text
        record.id = nil
        _ = try database.save([(record, layers, true)])[0].get()
        let read = try inbound("branching", in: catalog)
        #expect(read["b"] == expected)
        // The layers around it are unchanged.
        #expect(read["a"] == [[TensorReference(layer: "input")]])
        #expect(read["sum"] == [[TensorReference(layer: "a"), TensorReference(layer: "b")]])
    }

    @Test("The store's successor text is SQLite's JSON of [[[name, 0, 0]]]")
    func successorText() throws {
        let catalog = try freshCatalog()
        _ = try catalog.add(try importNative(Self.branching), file: "branching.json")
        let id = try #require(try catalog.database.architecture(named: "branching")?.id)
        let rows = try catalog.database.layersWithSuccessorInbound(ofArchitecture: id)
        #expect(rows.map(\.layer) == (try catalog.database.layers(ofArchitecture: id)))
        #expect(rows.map(\.successorInbound) == [
            #"[[["input",0,0]]]"#, #"[[["a",0,0]]]"#, #"[[["b",0,0]]]"#, #"[[["sum",0,0]]]"#,
            #"[[["skip",0,0]]]"#, #"[[["last",0,0]]]"#,
        ])
    }
}
