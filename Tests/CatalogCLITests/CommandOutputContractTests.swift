import CatalogTestSupport
import Foundation
import Testing

/// The typed output contract of compare, rank, query, fit and explain: each command's CSV header
/// names keys of its JSON, and the JSON objects have exactly the keys docs/SCHEMA.md and
/// docs/MEMORY.md list. Counts are the published ones (Keras Applications / torchvision:
/// VGG16 138,357,544 parameters, ResNet-50 25,557,032).
@Suite("Output contract: compare, rank, query, fit and explain")
struct CommandOutputContractTests {
    func json(_ cli: CLI, _ arguments: [String]) throws -> Any {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: result.stdoutData)
    }

    func csvHeader(_ cli: CLI, _ arguments: [String]) throws -> [String] {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result.stdoutLines[0].split(separator: ",").map(String.init)
    }

    static let listKeys: Set = [
        "name", "description", "source", "tags", "framework", "source_format", "input_shapes", "output_shapes",
        "total_params", "trainable_params", "non_trainable_params", "macs", "layer_count", "depth", "parameter_bytes",
        "activation_elements", "complete", "uncounted_layers", "assumed_shape_layers", "macs_per_step",
        "per_step_mac_layers", "weights_memory_bytes", "weights_memory_type",
    ]

    @Test("compare --format json: top-level keys, the list object plus the comparison's, ratios by hand")
    func compareJSON() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let object = try #require(try json(cli, ["compare", "vgg16", "resnet50", "--format", "json"]) as? [String: Any])
        #expect(Set(object.keys) == ["architectures", "reference", "notes", "a", "b", "comparison"])
        #expect(object["reference"] as? String == "vgg16")
        let architectures = try #require(object["architectures"] as? [[String: Any]])
        #expect(architectures.count == 2)
        for architecture in architectures {
            #expect(Set(architecture.keys) == Self.listKeys.union(
                ["activation_bytes", "relative_to_first", "params_by_category", "largest_layers"]))
        }
        let a = try #require(object["a"] as? [String: Any])
        #expect(Set(a.keys) == Self.listKeys)
        #expect(a["total_params"] as? Int == 138_357_544)
        let comparison = try #require(object["comparison"] as? [String: Any])
        let params = try #require(comparison["total_params"] as? [String: Any])
        #expect(Set(params.keys) == ["a", "b", "difference", "ratio"])
        #expect(params["b"] as? Int == 25_557_032)
        #expect(params["difference"] as? Int == 25_557_032 - 138_357_544)
        #expect(params["ratio"] as? Double == 25_557_032.0 / 138_357_544.0)
        let relative = try #require(architectures[1]["relative_to_first"] as? [String: [String: Any]])
        #expect(relative["total_params"]?["ratio"] as? Double == 25_557_032.0 / 138_357_544.0)
        let first = try #require(architectures[0]["relative_to_first"] as? [String: [String: Any]])
        #expect(first["total_params"]?["difference"] as? Int == 0)
        let layers = try #require(architectures[0]["largest_layers"] as? [[String: Any]])
        #expect(Set(try #require(layers.first).keys) == ["name", "type", "params", "share"])
        // VGG16's largest layer is fc1: 25,088 × 4,096 + 4,096 = 102,764,544 parameters.
        #expect(layers.first?["params"] as? Int == 25_088 * 4_096 + 4_096)
    }

    @Test("compare --context: a memory object with the terms of memory; absent without --context")
    func compareMemoryJSON() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = CLI.packageRoot.appendingPathComponent("Tests/CatalogImportTests/Fixtures/checkpoints/Llama-3.2-3B/config.json")
        let added = try cli.run(["add", file.path])
        #expect(added.status == 0, "\(added.stderr)")
        let object = try #require(try json(cli, ["compare", "Llama-3.2-3B", "vgg16", "--context", "128", "--format", "json"]) as? [String: Any])
        let memory = try #require(object["memory"] as? [String: Any])
        #expect(Set(memory.keys) == ["context", "batch", "architectures"])
        #expect(memory["context"] as? Int == 128)
        let rows = try #require(memory["architectures"] as? [[String: Any]])
        #expect(rows.count == 2)
        for row in rows {
            #expect(Set(row.keys) == [
                "name", "weight_type", "kv_type", "weights_bytes", "kv_cache_bytes_per_token", "kv_cache_bytes",
                "activation_bytes", "total_bytes",
            ])
        }
        // Llama 3.2 3B: 28 layers × 8 KV heads × 128 head_dim × 2 (K and V) × 2 bytes (bf16).
        #expect(rows[0]["kv_cache_bytes_per_token"] as? Int == 28 * 8 * 128 * 2 * 2)
        #expect(rows[0]["kv_cache_bytes"] as? Int == 28 * 8 * 128 * 2 * 2 * 128)
    }

    @Test("compare --format csv: every column is a key of the JSON (ratios and categories flattened)")
    func compareCSV() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for extra in [[], ["--flops"]] {
            let header = try csvHeader(cli, ["compare", "vgg16", "resnet50", "--format", "csv"] + extra)
            let object = try #require(try json(cli, ["compare", "vgg16", "resnet50", "--format", "json"] + extra) as? [String: Any])
            let architecture = try #require((object["architectures"] as? [[String: Any]])?.first)
            let relative = try #require(architecture["relative_to_first"] as? [String: Any])
            let categories = try #require(architecture["params_by_category"] as? [String: Any])
            let keys = Set(architecture.keys).union(relative.keys)
                .union(relative.keys.map { $0 + "_ratio" }).union(categories.keys.map { "params_" + $0 })
            #expect(Set(header).isSubset(of: keys), "\(extra): \(Set(header).subtracting(keys))")
            #expect(header.contains("flops") == (extra == ["--flops"]))
        }
    }

    @Test("rank: the CSV header is the JSON row's keys, the value under the metric's key")
    func rank() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for (by, key) in [("params", "total_params"), ("macs", "macs"), ("flops", "flops")] {
            let header = try csvHeader(cli, ["rank", "--by", by, "--format", "csv"])
            // Ranked by MACs or FLOPs, whether the figure is per step (docs/SCHEMA.md).
            #expect(header == ["rank", "name", key, "complete"] + (by == "params" ? [] : ["macs_per_step"]))
            let rows = try #require(try json(cli, ["rank", "--by", by, "--format", "json"]) as? [[String: Any]])
            #expect(Set(try #require(rows.first).keys) == Set(header))
            #expect(rows.first?["rank"] as? Int == 1)
        }
        let rows = try #require(try json(cli, ["rank", "--by", "params", "--format", "json"]) as? [[String: Any]])
        let vgg16 = try #require(rows.first { $0["name"] as? String == "vgg16" })
        #expect(vgg16["total_params"] as? Int == 138_357_544)
        #expect(vgg16["complete"] as? Bool == true)
    }

    @Test("query: keys are the SQL's columns, the first of a repeated name wins, NULL is null")
    func query() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let sql = "SELECT name, total_params, 7 AS name, NULL AS missing, 0.5 AS half FROM architecture_summary WHERE name = 'vgg16'"
        #expect(try csvHeader(cli, ["query", sql, "--format", "csv"]) == ["name", "total_params", "name", "missing", "half"])
        let rows = try #require(try json(cli, ["query", sql, "--format", "json"]) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(Set(rows[0].keys) == ["name", "total_params", "missing", "half"])
        #expect(rows[0]["name"] as? String == "vgg16")
        #expect(rows[0]["total_params"] as? Int == 138_357_544)
        #expect(rows[0]["missing"] is NSNull)
        #expect(rows[0]["half"] as? Double == 0.5)
    }

    @Test("fit --format json: its keys; fits exactly when the total is within the budget")
    func fit() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = CLI.packageRoot.appendingPathComponent("Tests/CatalogImportTests/Fixtures/checkpoints/Llama-3.2-3B/config.json")
        let added = try cli.run(["add", file.path])
        #expect(added.status == 0, "\(added.stderr)")
        for budget in ["1GiB", "64GiB"] {
            let object = try #require(try json(cli, ["fit", "Llama-3.2-3B", "--budget", budget, "--format", "json"]) as? [String: Any])
            #expect(Set(object.keys) == [
                "name", "budget_bytes", "context", "batch", "largest_context", "largest_batch", "highest_precision_type",
                "highest_precision_total_bytes", "total_bytes", "fits",
            ])
            let bytes = (budget == "1GiB" ? 1 : 64) * 1_073_741_824
            #expect(object["budget_bytes"] as? Int == bytes)
            #expect(object["context"] as? Int == 4096)
            let total = try #require(object["total_bytes"] as? Int)
            #expect(object["fits"] as? Bool == (total <= bytes))
        }
    }

    @Test("explain --format json: one object per layer with counts and formulas")
    func explain() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let layers = try #require(try json(cli, ["explain", "lenet5", "--format", "json"]) as? [[String: Any]])
        #expect(!layers.isEmpty)
        for layer in layers {
            #expect(Set(layer.keys) == ["name", "type", "params", "macs", "params_formula", "output_formula", "macs_formula", "notes"])
        }
        // LeNet-5's parameters, 61,706 in all (the catalog's seed, Keras' count).
        #expect(layers.compactMap { $0["params"] as? Int }.reduce(0, +) == 61_706)
    }
}
