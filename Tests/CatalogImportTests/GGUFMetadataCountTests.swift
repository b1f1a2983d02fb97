import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

/// A GGUF file whose `{arch}.*` counts are absent or not plain integers is read as weights only
/// (never built from transformers' defaults); per-layer arrays of one value are read; the
/// alignment must be a UINT32.
@Suite("GGUF: counts the architecture is built from")
struct GGUFMetadataCountTests {
    static func imported(_ file: GGUFBytes) throws(ImportError) -> ImportedArchitecture {
        try WeightsImport.imported(file.data, file: "c.gguf")
    }

    static func totalParameters(_ file: GGUFBytes) throws -> Int {
        let imported = try imported(file)
        let results = try Engine.infer(imported.architecture)
        return try Engine.totals(of: imported.architecture, results: results).parameters
    }

    /// `GGUFBytes.llama(blockCount: 2, blocks: 2)` with `key` replaced by `value` (or removed).
    static func llama(_ key: String, _ value: GGUFValue?) -> GGUFBytes {
        var file = GGUFBytes.llama(blockCount: 2, blocks: 2)
        file.values.removeAll { $0.key == key }
        if let value { file.values.append((key, value)) }
        return file
    }

    static func weightsOnlyWarning(_ file: GGUFBytes) throws -> String? {
        let imported = try imported(file)
        #expect(imported.architecture.layers.isEmpty)
        #expect(imported.tensors.count == 3)
        return imported.warnings.first { $0.hasPrefix("GGUF: ") }
    }

    /// The file's llama, built: hidden 8, 2 heads (so 2 KV heads, llama.cpp's default, and a
    /// head of 8 / 2 = 4), FF 16, vocabulary 16, 2 layers, tied (no `output.weight`).
    /// A layer: q, k, v, o 4 × 8·8 = 256; gate, up, down 3 × 8·16 = 384; two norms 2 × 8 = 16:
    /// 656. The model: 2 × 656 + embeddings 16·8 = 128 + final norm 8 = 1,448.
    @Test func builtFromTheFile() throws {
        #expect(try Self.totalParameters(.llama(blockCount: 2, blocks: 2)) == 1_448)
    }

    /// llama.cpp reads `feed_forward_length` and the head counts as one value or one a layer:
    /// an array of equal values is the same model (1,448); values that differ, or an array not
    /// one a block, are not built.
    @Test func perLayerArrays() throws {
        let int32 = { (values: [Int]) in GGUFValue.array(elementType: "INT32", count: values.count, items: values.map { .signed(Int64($0)) }) }
        #expect(try Self.totalParameters(Self.llama("llama.feed_forward_length", int32([16, 16]))) == 1_448)
        #expect(try Self.totalParameters(Self.llama("llama.attention.head_count", int32([2, 2]))) == 1_448)
        #expect(try Self.weightsOnlyWarning(Self.llama("llama.feed_forward_length", int32([16, 32])))
            == "GGUF: 'llama.feed_forward_length' is per-layer values that differ ([16, 32]); catalog builds one size for every layer; no architecture is built, its tensors are listed as a weights-only architecture")
        #expect(try Self.weightsOnlyWarning(Self.llama("llama.feed_forward_length", int32([16, 16, 16])))?
            .contains("'llama.feed_forward_length' is an array of 3 values a layer but 'llama.block_count' is 2") == true)
    }

    /// Without one of the counts the builder needs, transformers' defaults would be counted
    /// (32 layers, 4,096 wide, 11,008 FF: 19,403,008 parameters for the tester's 2-block file).
    @Test(arguments: ["llama.block_count", "llama.embedding_length", "llama.attention.head_count", "llama.feed_forward_length"])
    func missingCountIsWeightsOnly(key: String) throws {
        #expect(try Self.weightsOnlyWarning(Self.llama(key, nil))
            == "GGUF: '\(key)' is absent (building would count transformers' default instead of the file's value); no architecture is built, its tensors are listed as a weights-only architecture")
    }

    @Test func onlyTheArchitectureIsWeightsOnly() throws {
        var file = GGUFBytes.llama(blockCount: 2, blocks: 2)
        file.values = [("general.architecture", .string("llama"))]
        #expect(try Self.weightsOnlyWarning(file)?.hasPrefix("GGUF: 'llama.block_count' is absent") == true)
        // The vocabulary from neither key nor tokenizer.
        #expect(try Self.weightsOnlyWarning(Self.llama("llama.vocab_size", nil))?
            .hasPrefix("GGUF: neither 'llama.vocab_size' nor 'tokenizer.ggml.tokens' gives the vocabulary") == true)
    }

    /// A count written as a STRING or a FLOAT32 is not read as a count (it was compared as
    /// "is 2 but the tensor names cover 2 blocks", or dropped for the default).
    @Test func countOfAnotherTypeIsWeightsOnly() throws {
        #expect(try Self.weightsOnlyWarning(Self.llama("llama.block_count", .string("2")))?
            .hasPrefix("GGUF: 'llama.block_count' is a STRING \"2\", not an integer (llama.cpp reads an integer)") == true)
        #expect(try Self.weightsOnlyWarning(Self.llama("llama.feed_forward_length", .float(16)))?
            .hasPrefix("GGUF: 'llama.feed_forward_length' is a FLOAT 16.0, not an integer") == true)
        #expect(try Self.weightsOnlyWarning(Self.llama("llama.attention.key_length", .string("4")))?
            .hasPrefix("GGUF: 'llama.attention.key_length' is a STRING \"4\"") == true)
    }

    /// Qwen2-MoE's shared expert is `expert_shared_feed_forward_length` wide (transformers'
    /// `shared_expert_intermediate_size`); a file without it is not built (the default is 5,632).
    @Test func qwen2MoESharedExpert() throws {
        var metadata: [String: GGUFValue] = [
            "general.architecture": .string("qwen2moe"), "qwen2moe.block_count": .unsigned(2),
            "qwen2moe.embedding_length": .unsigned(256), "qwen2moe.attention.head_count": .unsigned(4),
            "qwen2moe.expert_count": .unsigned(8), "qwen2moe.expert_used_count": .unsigned(2),
            "qwen2moe.expert_feed_forward_length": .unsigned(512), "qwen2moe.expert_shared_feed_forward_length": .unsigned(768),
            "qwen2moe.vocab_size": .unsigned(1000),
        ]
        let config = try #require(GGUFArchitecture.huggingFaceConfig(metadata, tensorNames: []))
        #expect(config["shared_expert_intermediate_size"] == .int(768))
        #expect(config["moe_intermediate_size"] == .int(512))
        #expect(GGUFArchitecture.countProblem(metadata) == nil)
        metadata["qwen2moe.expert_shared_feed_forward_length"] = nil
        #expect(GGUFArchitecture.countProblem(metadata)?.hasPrefix("'qwen2moe.expert_shared_feed_forward_length' is absent") == true)
    }

    /// Without `head_count_kv` or `key_length`, llama.cpp's defaults (`n_head`, `n_embd / n_head`)
    /// are written into the config, not transformers' (Gemma: 16 KV heads, heads of 256).
    @Test func llamaCppDefaultsForHeads() throws {
        let metadata: [String: GGUFValue] = [
            "general.architecture": .string("gemma"), "gemma.embedding_length": .unsigned(2048),
            "gemma.attention.head_count": .unsigned(8),
        ]
        let config = try #require(GGUFArchitecture.huggingFaceConfig(metadata, tensorNames: []))
        #expect(config["num_key_value_heads"] == .int(8))
        #expect(config["head_dim"] == .int(256))  // 2048 / 8
    }

    /// An architecture catalog does not build from GGUF metadata (phi2, clip) is weights only.
    @Test func unmappedArchitectureIsWeightsOnly() throws {
        var file = Self.llama("llama.block_count", .unsigned(2))
        file.values = file.values.map { ($0.key.replacingOccurrences(of: "llama", with: "clip"), $0.value) }
        file.values[0] = ("general.architecture", .string("clip"))
        #expect(try Self.weightsOnlyWarning(file)?.hasPrefix("GGUF: GGUF architecture 'clip' is not one catalog builds from GGUF metadata (") == true)
    }

    /// gguf.cpp reads `general.alignment` as a UINT32 and gguf-py refuses any other type.
    @Test func alignmentMustBeUInt32() {
        var wide = GGUFBytes.llama(blockCount: 2, blocks: 2, extra: [("general.alignment", .unsigned(32))])
        wide.wide = ["general.alignment"]
        let error = #expect(throws: ImportError.self) { try GGUFReader.read(wide.data, file: "a.gguf") }
        #expect(error?.description == "a.gguf: GGUF: general.alignment is a UINT64 (32); it must be a UINT32 (gguf.cpp and gguf-py read no other type)")
        let text = GGUFBytes.llama(blockCount: 2, blocks: 2, extra: [("general.alignment", .string("64"))])
        let textError = #expect(throws: ImportError.self) { try GGUFReader.read(text.data, file: "a.gguf") }
        #expect(textError?.description == "a.gguf: GGUF: general.alignment is a STRING (64); it must be a UINT32 (gguf.cpp and gguf-py read no other type)")
        // A UINT32 32 is read.
        #expect(throws: Never.self) { try GGUFReader.read(GGUFBytes.llama(blockCount: 2, blocks: 2, extra: [("general.alignment", .unsigned(32))]).data, file: "a.gguf") }
    }

    /// A folder of several GGUF files and no config.json names them.
    @Test func folderOfSeveralGGUFFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["b.gguf", "a.gguf"] {
            try GGUFBytes.llama(blockCount: 2, blocks: 2).data.write(to: folder.appendingPathComponent(name))
        }
        let error = #expect(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: folder.path) }
        #expect(error?.description == "\(folder.path): the folder holds 2 GGUF files (a.gguf, b.gguf) and no config.json; add one of them by its path (a split model's shards are merged by llama.cpp's gguf-split --merge)")
    }
}
