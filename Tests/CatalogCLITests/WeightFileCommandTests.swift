import CatalogTestSupport
import Foundation
import Testing

/// `add` and `show` on weight files (fixtures of CatalogImportTests; totals from torch and the
/// safetensors library in their expected.json files, restated here by hand).
@Suite("Weight files through the command line")
struct WeightFileCommandTests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/CatalogImportTests/Fixtures/weights")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    func showJSON(_ cli: CLI, _ name: String) throws -> [String: Any] {
        let result = try cli.run(["show", name, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
    }

    @Test func tiedWeightsAreCountedOnce() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let added = try cli.run(["add", Self.fixture("shared/tied_weights.pt")])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr.contains("'lm_head.weight'"))
        let object = try showJSON(cli, "tied_weights")
        // embed 100·32 = 3,200 (lm_head shares it), proj 32·32 + 32 = 1,056: 4,256 (torch: unique storages).
        #expect(object["total_params"] as? Int == 4_256)
        #expect(object["params_by_dtype"] as? [String: Int] == ["float32": 4_256])
        #expect(object["weight_bytes"] as? Int == 4_256 * 4)
        #expect((object["tensors"] as? [Any])?.count == 4)
        #expect(object["macs"] is NSNull)
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.map { $0["name"] as? String } == ["embed", "proj", "lm_head"])
        #expect(layers.allSatisfy { $0["macs"] is NSNull && $0["output_shapes"] is NSNull })
        #expect(layers.first?["type"] as? String == "Embedding" && layers[1]["type"] as? String == "Linear")
    }

    @Test func trainingCheckpointTrainableIsTheModels() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run(["add", Self.fixture("shared/checkpoint_adam.pt")]).status == 0)
        let object = try showJSON(cli, "checkpoint_adam")
        #expect(object["total_params"] as? Int == 2_291)  // every stored element
        #expect(object["trainable_params"] as? Int == 740)  // torch: sum of p.numel() for p in model.parameters()
        let table = try cli.run(["show", "checkpoint_adam", "--tensors"])
        #expect(table.stdout.contains("optimizer.state.0.exp_avg"))
        #expect(table.stdout.contains("Total MACs: unknown"))
    }

    @Test("memory, fit, explain and export of a bare weight file say it holds no layers and how to get them")
    func weightsOnlyHasNothingToCompute() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run(["add", Self.fixture("shared/mlp_with_metadata.safetensors")]).status == 0)
        for arguments in [["memory", "mlp_with_metadata"], ["fit", "mlp_with_metadata", "--budget", "1GiB"],
                          ["explain", "mlp_with_metadata"], ["export", "mlp_with_metadata"]] {
            let result = try cli.run(arguments)
            #expect(result.status != 0, "\(arguments): \(result)")
            #expect(result.stderr.contains("mlp_with_metadata: holds weights only (read from a bare safetensors file)"), "\(result)")
            #expect(result.stderr.contains("config.json"), "\(result)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("rank --by macs and --by flops: a weights-only file's MACs are unknown, never 0")
    func rankShowsUnknownMACs() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run(["add", Self.fixture("shared/mlp_with_metadata.safetensors")]).status == 0)
        for metric in ["macs", "flops"] {
            let rows = try #require(try JSONSerialization.jsonObject(
                with: try cli.run(["rank", "--by", metric, "--format", "json"]).stdoutData) as? [[String: Any]])
            // The seeds have MACs; the weights-only file comes last, its value null.
            #expect(rows.last?["name"] as? String == "mlp_with_metadata")
            #expect(rows.last?[metric] is NSNull, "\(String(describing: rows.last))")
            #expect(rows.dropLast().allSatisfy { ($0[metric] as? Int ?? 0) > 0 })
            let csv = try cli.run(["rank", "--by", metric, "--format", "csv", "--no-headers"]).stdout
            #expect(csv.split(separator: "\n").last?.hasSuffix(",mlp_with_metadata,,true,false") == true, "\(csv)")
            let table = try cli.run(["rank", "--by", metric]).stdout
            let line = table.split(separator: "\n").last { $0.contains("mlp_with_metadata") }
            #expect(line?.contains("unknown") == true && line?.contains(" 0 ") == false, "\(table)")
        }
    }

    @Test("a weights-only file's top-level tensors (timm's cls_token, pos_embed) are linked to their own modules")
    func topLevelTensorsAreLinked() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // A safetensors file: 8-byte little-endian header length, the JSON header, the F32 data.
        let header = #"{"cls_token":{"dtype":"F32","shape":[1,1,8],"data_offsets":[0,32]},"#
            + #""pos_embed":{"dtype":"F32","shape":[1,5,8],"data_offsets":[32,192]},"#
            + #""head.weight":{"dtype":"F32","shape":[10,8],"data_offsets":[192,512]},"#
            + #""head.bias":{"dtype":"F32","shape":[10],"data_offsets":[512,552]}}"#
        var bytes = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(Data(header.utf8))
        bytes.append(Data(count: 552))
        try bytes.write(to: URL(fileURLWithPath: cli.path("timm.safetensors")))
        #expect(try cli.run(["add", cli.path("timm.safetensors")]).status == 0)
        let object = try showJSON(cli, "timm")
        // 1·1·8 = 8, 1·5·8 = 40, 10·8 + 10 = 90: every element linked to the module shown for it.
        let stored = try #require(object["stored_by_layer"] as? [[String: Any]])
        #expect(stored.map { $0["layer"] as? String } == ["cls_token", "pos_embed", "head"])
        #expect(stored.map { $0["elements"] as? Int } == [8, 40, 90])
        let tensors = try #require(object["tensors"] as? [[String: Any]])
        #expect(tensors.map { $0["layer"] as? String } == ["cls_token", "pos_embed", "head", "head"])
    }

    @Test func whichModelsStoreFP8() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run(["add", Self.fixture("shared/mixed_dtypes.safetensors")]).status == 0)
        #expect(try cli.run(["add", Self.fixture("shared/mlp_with_metadata.safetensors")]).status == 0)
        let result = try cli.run(["query", "SELECT DISTINCT architecture FROM tensor_summary WHERE dtype LIKE 'F8%'", "--format", "csv", "--no-headers"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "mixed_dtypes\n")
        let object = try showJSON(cli, "mlp_with_metadata")
        #expect((object["weight_metadata"] as? [String: String])?["model_name"] == "tiny-mlp")
    }

    @Test(arguments: ["shared/header_len_too_large.safetensors", "shared/invalid_json_header.safetensors", "shared/malicious_os_system.pt"])
    func badFilesAreRefusedAndLeaveTheCatalogUnchanged(name: String) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run(["add", Self.fixture("shared/tied_weights.pt")]).status == 0)
        let count = ["query", "SELECT (SELECT count(*) FROM architectures), (SELECT count(*) FROM layers), (SELECT count(*) FROM tensors)", "--format", "csv"]
        let before = try cli.run(count).stdout
        let marker = "/tmp/WTRUTH_PICKLE_WAS_EXECUTED"
        try? FileManager.default.removeItem(atPath: marker)
        let result = try cli.run(["add", Self.fixture(name)])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains((name as NSString).lastPathComponent))
        #expect(try cli.run(count).stdout == before)
        #expect(!FileManager.default.fileExists(atPath: marker))
        if name.hasSuffix(".pt") { #expect(result.stderr.contains("unsafe global os.system")) }
    }
}

@Suite("Weight files with an architecture")
struct WeightFileArchitectureTests {
    func showJSON(_ cli: CLI, _ name: String) throws -> [String: Any] {
        let result = try cli.run(["show", name, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
    }

    /// GGUF metadata built as its Hugging Face config: gguf-py's total (expected.json) is both
    /// the counted and the stored number, so no difference is reported.
    @Test func ggufIsBuiltAndCrossChecked() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let added = try cli.run(["add", WeightFileCommandTests.fixture("shared/tiny-llama-q4_0.gguf")])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(!added.stderr.contains("the file stores"))
        let object = try showJSON(cli, "tiny-llama-q4_0")
        #expect(object["source_format"] as? String == "gguf")
        #expect(object["total_params"] as? Int == 106_816)  // gguf-py: sum of n_elements
        #expect(object["weight_bytes"] as? Int == 69_376)  // gguf-py: sum of n_bytes
        #expect(object["params_by_dtype"] as? [String: Int] == ["Q4_0": 90_112, "F32": 320, "Q8_0": 16_384])
        #expect(object["macs"] as? Int != nil)  // a graph: MACs known
    }

    /// The Llama-3-8B folder: config.json built (transformers: 8,030,261,248) and the four
    /// header-only shards attached (the same count, 2 bytes each).
    @Test func checkpointFolderWithConfig() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let added = try cli.run(["add", WeightFileCommandTests.fixture("llama3-8b-header-only")])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(!added.stderr.contains("the file stores"))
        let object = try showJSON(cli, "llama3-8b-header-only")
        #expect(object["source_format"] as? String == "huggingface")
        #expect(object["total_params"] as? Int == 8_030_261_248)
        #expect(object["weight_bytes"] as? Int == 16_060_522_496)
        #expect((object["tensors"] as? [Any])?.count == 291)
    }
}
