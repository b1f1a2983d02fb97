import CatalogTestSupport
import Foundation
import Testing

// The types docs/SCHEMA.md ("JSON output") gives each key, as Decodable structs: decoding fails on
// a missing key or a value of another type (an `input_shapes` that is one shape, a count that is
// a string). Optional members are the keys documented as "or null".

/// A shape: a list of integers, `null` for an unknown axis.
typealias Shape = [Int?]

/// `list --format json`'s object (also `compare`'s `a`, `b` and each of `architectures`).
struct ListRow: Decodable {
    let name: String
    let description: String?
    let source: String?
    let tags: [String]
    let framework: String
    let source_format: String
    let input_shapes: [Shape]
    let output_shapes: [Shape]
    let total_params: Int
    let trainable_params: Int
    let non_trainable_params: Int
    let macs: Int?
    let layer_count: Int
    let depth: Int?
    let parameter_bytes: Int
    let activation_elements: Int?
    let complete: Bool
    let uncounted_layers: [String]
    let flops: Int?
}

/// One layer of `show --format json` (and a line of `show --format jsonl`).
struct LayerRow: Decodable {
    let name: String
    let type: String
    let output_shapes: [Shape]?
    let params: Int?
    let trainable_params: Int?
    let non_trainable_params: Int?
    let macs: Int?
    let inputs: [String]
    let connected_to: [String]
    let flops: Int?
}

/// `show --format json`: the list keys, the layers and, with --dtype or --batch, memory.
struct ShowDocument: Decodable {
    struct Memory: Decodable {
        let dtype: String
        let batch: Int
        let parameter_bytes: Int
        let input_bytes: Int?
        let activation_bytes: Int?
        let forward_backward_bytes: Int?
        let total_bytes: Int?
    }
    let name: String
    let layer_count: Int
    let input_shapes: [Shape]
    let total_params: Int
    let macs: Int
    let layers: [LayerRow]
    let memory: Memory?
}

/// `rank --format json`: rank, name, complete and the ranked value under its list key.
struct RankRow: Decodable {
    let rank: Int
    let name: String
    let complete: Bool
    let total_params: Int?
    let macs: Int?
    let flops: Int?
    let total_bytes: Int?
    let layer_count: Int?
    let active_params: Int?
}

/// `compare --format json`.
struct CompareDocument: Decodable {
    struct Relative: Decodable {
        let difference: Int?
        let ratio: Double?
    }
    struct Category: Decodable {
        let params: Int
        let share: Double
    }
    struct Largest: Decodable {
        let name: String
        let type: String
        let params: Int
        let share: Double
    }
    struct Architecture: Decodable {
        let name: String
        let layer_count: Int
        let input_shapes: [Shape]
        let total_params: Int
        let activation_bytes: Int?
        let relative_to_first: [String: Relative]
        let params_by_category: [String: Category]
        let largest_layers: [Largest]
    }
    struct Pair: Decodable {
        let a: Int
        let b: Int
        let difference: Int
        let ratio: Double?
    }
    let architectures: [Architecture]
    let reference: String
    let notes: [String]
    let a: ListRow
    let b: ListRow
    let comparison: [String: Pair]
}

/// `explain --format json`'s object.
struct ExplainRow: Decodable {
    let name: String
    let type: String
    let params: Int?
    let macs: Int?
    let params_formula: String
    let output_formula: String
    let macs_formula: String
    let notes: [String]
}

@Suite("JSON output decodes into the types docs/SCHEMA.md gives")
struct JSONContractTests {
    func decode<T: Decodable>(_ type: T.Type, _ cli: CLI, _ arguments: [String]) throws -> T {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(result)")
        return try JSONDecoder().decode(T.self, from: result.stdoutData)
    }

    @Test("list, list --flops and list --format jsonl")
    func list() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let rows = try decode([ListRow].self, cli, ["list", "--format", "json"])
        #expect(rows.count == SmallCatalog.names.count)
        // One input: still a list of shapes. small_bn's input is 8x8x3.
        #expect(rows.first { $0.name == "small_bn" }?.input_shapes == [[8, 8, 3]])
        #expect(rows.allSatisfy { $0.flops == nil })
        let withFLOPs = try decode([ListRow].self, cli, ["list", "--flops", "--format", "json"])
        #expect(withFLOPs.allSatisfy { $0.flops == $0.macs.map { 2 * $0 } })
        let lines = try cli.output(["list", "--format", "jsonl"]).split(separator: "\n")
        for line in lines { _ = try JSONDecoder().decode(ListRow.self, from: Data(line.utf8)) }
        #expect(lines.count == rows.count)
    }

    @Test("show, show --flops --dtype float16, show --format jsonl", arguments: SmallCatalog.names)
    func show(_ name: String) throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let document = try decode(ShowDocument.self, cli, ["show", name, "--format", "json"])
        #expect(document.layers.count == document.layer_count)
        #expect(document.memory == nil)
        let flops = try decode(ShowDocument.self, cli, ["show", name, "--format", "json", "--flops", "--dtype", "float16"])
        #expect(flops.memory?.dtype == "float16")
        for layer in flops.layers { #expect(layer.flops == layer.macs.map { 2 * $0 }, "\(layer.name)") }
        // (odd is incomplete: a warning on stderr, the layers on stdout.)
        for line in try cli.run(["show", name, "--format", "jsonl"]).stdout.split(separator: "\n") {
            _ = try JSONDecoder().decode(LayerRow.self, from: Data(line.utf8))
        }
    }

    @Test("rank --by each metric: the value under its list key", arguments: ["params", "macs", "flops", "memory", "layers", "active"])
    func rank(_ metric: String) throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let rows = try decode([RankRow].self, cli, ["rank", "--by", metric, "--format", "json"])
        #expect(rows.map(\.rank) == Array(1...rows.count))
        let values: [Int?] = switch metric {
        case "params": rows.map(\.total_params)
        case "macs": rows.map(\.macs)
        case "flops": rows.map(\.flops)
        case "memory": rows.map(\.total_bytes)
        case "active": rows.map(\.active_params)
        default: rows.map(\.layer_count)
        }
        #expect(values.allSatisfy { $0 != nil }, "\(metric)")
    }

    @Test("compare, compare --format jsonl")
    func compare() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let document = try decode(CompareDocument.self, cli, ["compare", "small_bn", "small_bn_pt", "odd", "--format", "json"])
        #expect(document.architectures.map(\.name) == ["small_bn", "small_bn_pt", "odd"])
        #expect(document.comparison["total_params"]?.difference == 126 - 134)
        #expect(document.architectures[0].relative_to_first["layer_count"]?.difference == 0)
        for line in try cli.output(["compare", "small_bn", "odd", "--format", "jsonl"]).split(separator: "\n") {
            _ = try JSONDecoder().decode(CompareDocument.Architecture.self, from: Data(line.utf8))
        }
    }

    @Test("explain and query")
    func explainAndQuery() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let rows = try decode([ExplainRow].self, cli, ["explain", "lenet5", "--format", "json"])
        #expect(rows.first { $0.name == "c1" }?.params == 156)  // (5·5·1 + 1)·6
        struct Row: Decodable { let name: String; let depth: Int }
        let query = try decode([Row].self, cli, ["query", "SELECT name, depth FROM architecture_summary WHERE name = 'lenet5'", "--format", "json"])
        #expect(query.first?.depth == 5)
    }
}
