import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

/// Fixtures/weights/: shared/ holds files made by the safetensors, gguf-py and torch libraries
/// with their libraries' expected values (`*.expected.json`); the rest, and expected.json, are
/// made by scripts/make_weight_fixtures.py (torch, transformers, gguf-py).
enum WeightFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/weights")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(name)))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
    static var expected: [String: Any] { (try? json("expected.json")) ?? [:] }

    /// Elements per dtype over the counted tensors.
    static func elementsByDType(_ file: WeightFile) -> [String: Int] {
        var result: [String: Int] = [:]
        for tensor in file.tensors where tensor.uncountedReason == nil { result[tensor.dtype, default: 0] += tensor.elements }
        return result
    }
}

@Suite("safetensors headers")
struct SafeTensorsReaderTests {
    @Test(arguments: ["mixed_dtypes", "mlp_with_metadata"])
    func matchesTheLibrary(stem: String) throws {
        let expected = try WeightFixtures.json("shared/\(stem).expected.json")
        let file = try SafeTensorsReader.read(contentsOf: WeightFixtures.path("shared/\(stem).safetensors"))
        #expect(file.tensors.count == expected["num_tensors"] as? Int)
        #expect(file.totalElements == expected["total_elements"] as? Int)
        #expect(file.totalBytes == expected["total_data_bytes"] as? Int)
        let perDType = try #require(expected["per_dtype"] as? [String: [String: Int]])
        #expect(WeightFixtures.elementsByDType(file) == perDType.mapValues { $0["elements"]! })
        if let metadata = expected["metadata"] as? [String: String] {
            #expect(Dictionary(uniqueKeysWithValues: file.metadata.map { ($0.key, $0.value) }) == metadata)
        }
        #expect(file.warnings.isEmpty)
    }

    @Test func scalarsAndModules() throws {
        let file = try SafeTensorsReader.read(contentsOf: WeightFixtures.path("shared/mlp_with_metadata.safetensors"))
        let fc1 = try #require(file.tensors.first { $0.name == "fc1.weight" })
        // nn.Linear(784, 256): weight (256, 784), 200,704 F32 elements, 802,816 bytes.
        #expect(fc1.shape == [256, 784] && fc1.elements == 200_704 && fc1.bytes == 802_816 && fc1.layer == "fc1")
    }

    @Test func headerOnlyShardsOfLlama3() throws {
        // Four shards whose data sections are absent: each is read from its header alone.
        let folder = WeightFixtures.path("llama3-8b-header-only")
        let expected = try #require(WeightFixtures.expected["llama3-8b-header-only"] as? [String: Any])
        let file = try WeightFolderReader.read(contentsOf: folder)
        #expect(file.tensors.count == expected["tensors"] as? Int)
        #expect(file.totalElements == 8_030_261_248)  // transformers' LlamaForCausalLM on the meta device
        #expect(file.totalElements == expected["total_params"] as? Int)
        #expect(file.totalBytes == expected["weight_bytes"] as? Int)
        #expect(file.warnings.contains { $0.contains("header only") })
        let index = try WeightFolderReader.read(contentsOf: folder + "/model.safetensors.index.json")
        #expect(index.totalElements == 8_030_261_248)
    }

    @Test(arguments: [
        ("header_len_too_large.safetensors", "larger than the rest of the file"),
        ("invalid_json_header.safetensors", "not valid JSON"),
    ])
    func refusesTheLibrarysBadFiles(name: String, reason: String) throws {
        let error = #expect(throws: ImportError.self) { try SafeTensorsReader.read(contentsOf: WeightFixtures.path("shared/" + name)) }
        #expect(error?.description.contains(name) == true)
        #expect(error?.description.contains(reason) == true)
    }

    /// Builds a file from a header text and `data` bytes of data section.
    static func file(_ header: String, data: Int) -> Data {
        var bytes = Data()
        var length = UInt64(header.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: Array(header.utf8))
        bytes.append(Data(count: data))
        return bytes
    }

    @Test(arguments: [
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, 12, "overlaps"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}"#, 16, "gap"),
        (#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, 8, "needs 12"),
        (#"{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}"#, 8, "unknown dtype 'Q4'"),
        (#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, 8, "invalid shape"),
        (#"{"a":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,8]}}"#, 8, "overflows"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 4, "truncated"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 20, "holds 20 bytes"),
        (#"[1,2]"#, 0, "start with '{'"),
    ])
    func refusesMalformedHeaders(header: String, data: Int, reason: String) {
        let error = #expect(throws: ImportError.self) { try SafeTensorsReader.read(Self.file(header, data: data), file: "x.safetensors") }
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
    }
}

@Suite("GGUF headers")
struct GGUFReaderTests {
    @Test(arguments: ["tiny-llama-f16.gguf", "tiny-llama-q4_0.gguf"])
    func matchesGGUFPy(name: String) throws {
        let expected = try WeightFixtures.json("shared/\(name).expected.json")
        let file = try GGUFReader.read(contentsOf: WeightFixtures.path("shared/" + name))
        #expect(file.tensors.count == expected["n_tensors"] as? Int)
        #expect(file.totalElements == expected["total_params"] as? Int)
        #expect(file.totalBytes == expected["total_tensor_bytes"] as? Int)
        let byType = try #require(expected["totals_by_type"] as? [String: [String: Int]])
        #expect(WeightFixtures.elementsByDType(file) == byType.mapValues { $0["n_elements"]! })
        // token_embd.weight: gguf-py's numpy shape (256, 64).
        #expect(file.tensors.first { $0.name == "token_embd.weight" }?.shape == [256, 64])
        #expect(file.gguf["llama.block_count"]?.intValue == 2)
        #expect(file.gguf["general.architecture"] == .string("llama"))
    }

    @Test func headerOnlyLayout() throws {
        let expected = try #require(WeightFixtures.expected["llama-header-only.gguf"] as? [String: Any])
        let file = try GGUFReader.read(contentsOf: WeightFixtures.path("llama-header-only.gguf"))
        #expect(file.tensors.count == expected["tensors"] as? Int)
        #expect(file.totalElements == expected["total_params"] as? Int)
        #expect(file.totalBytes == expected["weight_bytes"] as? Int)
        #expect(WeightFixtures.elementsByDType(file) == expected["params_by_dtype"] as? [String: Int])
        #expect(file.warnings.contains { $0.contains("header only") })
    }

    /// The block table against gguf-py's GGML_QUANT_SIZES (written by the fixture script).
    @Test func blockTableMatchesGGUFPy() throws {
        let sizes = try #require(WeightFixtures.expected["GGML_QUANT_SIZES"] as? [String: [Int]])
        for (name, entry) in sizes {
            if name == "Q8_1" {
                // gguf-py keeps Q8_1's old layout (float d and s: 4 + 4 + 32 = 40); ggml's
                // block_q8_1 is two halves and 32 quants, static_assert'ed in ggml-common.h as
                // 2·2 + 32 = 36. ggml's size is what a file holds.
                #expect(entry[2] == 40 && TensorDType.ggml[9]?.blockBytes == 2 * 2 + 32)
                continue
            }
            let ours = try #require(TensorDType.ggml[entry[0]], "ggml type \(name) (\(entry[0])) missing")
            #expect(ours.name == name && ours.blockElements == entry[1] && ours.blockBytes == entry[2], "\(name)")
        }
        #expect(TensorDType.ggml.count == sizes.count)
    }

    static func tiny() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: WeightFixtures.path("shared/tiny-llama-q4_0.gguf"))) }

    @Test func refusesBadMagicVersionAndTruncation() throws {
        var data = try Self.tiny()
        data[4] = 99
        var error = #expect(throws: ImportError.self) { try GGUFReader.read(data, file: "v.gguf") }
        #expect(error?.description.contains("version 99") == true)
        data = try Self.tiny()
        data[0] = 0x47 + 1
        error = #expect(throws: ImportError.self) { try GGUFReader.read(data, file: "m.gguf") }
        #expect(error?.description.contains("magic") == true)
        // Cut inside the data section: the tensors need more bytes than remain.
        data = try Self.tiny()
        error = #expect(throws: ImportError.self) { try GGUFReader.read(data.prefix(data.count - 100), file: "t.gguf") }
        #expect(error?.description.contains("truncated") == true)
        // Cut inside the key/values: a string length runs past the end.
        error = #expect(throws: ImportError.self) { try GGUFReader.read(data.prefix(60), file: "s.gguf") }
        #expect(error?.description.contains("s.gguf: GGUF:") == true)
    }

    @Test func refusesHugeCountsWithoutAllocating() throws {
        var data = try Self.tiny()
        for index in 8..<16 { data[index] = 0xFF }  // tensor count 2^64 - 1
        let error = #expect(throws: ImportError.self) { try GGUFReader.read(data, file: "c.gguf") }
        #expect(error?.description.contains("tensor count") == true)
    }

    @Test func refusesAnUnknownGGMLType() throws {
        // The first tensor info follows the key/values; its type id is after name and dims.
        let data = try Self.tiny()
        let file = try GGUFReader.read(data, file: "x.gguf")
        #expect(file.tensors[0].dtype == "Q4_0")
        // Find "token_embd.weight" and its type field: name length (8) + name + n_dims (4) + 2 dims (16).
        let name = Data("token_embd.weight".utf8)
        let start = try #require(data.range(of: name)).upperBound
        var bad = data
        bad[start + 4 + 16] = 250
        let error = #expect(throws: ImportError.self) { try GGUFReader.read(bad, file: "y.gguf") }
        #expect(error?.description.contains("unknown ggml type 250") == true)
    }
}

@Suite("GGUF metadata as a Hugging Face config")
struct GGUFArchitectureTests {
    /// Expected: transformers' `load_gguf_checkpoint(…)["config"]` for the same file.
    @Test func matchesTransformers() throws {
        let file = try GGUFReader.read(contentsOf: WeightFixtures.path("shared/tiny-llama-q4_0.gguf"))
        let config = try #require(GGUFArchitecture.huggingFaceConfig(file.gguf, tensorNames: file.tensors.map(\.name)))
        let expected = try #require((WeightFixtures.expected["gguf_hf_config"] as? [String: Any])?["tiny-llama-q4_0.gguf"] as? [String: Any])
        // Beyond transformers' keys: the class to build (a GGUF file is a causal LM with its head).
        #expect(config["architectures"] == .array([.string("LlamaForCausalLM")]))
        #expect(Set(config.keys).subtracting(["architectures"]) == Set(expected.keys))
        for (key, value) in expected {
            switch config[key] {
            case .int(let number)?: #expect(number == (value as? NSNumber)?.intValue, "\(key)")
            case .double(let number)?: #expect(number == (value as? NSNumber)?.doubleValue, "\(key)")
            case .bool(let flag)?: #expect(flag == (value as? Bool), "\(key)")
            case .string(let text)?: #expect(text == value as? String, "\(key)")
            default: Issue.record("\(key): \(String(describing: config[key]))")
            }
        }
    }

    @Test func vocabularyFromTheTokenizerAndTiedEmbeddings() {
        let metadata: [String: GGUFValue] = [
            "general.architecture": .string("qwen2moe"), "qwen2moe.expert_count": .unsigned(60),
            "tokenizer.ggml.tokens": .array(elementType: "STRING", count: 151_936, items: nil),
        ]
        let config = GGUFArchitecture.huggingFaceConfig(metadata, tensorNames: ["token_embd.weight"])
        #expect(config?["model_type"] == .string("qwen2_moe"))
        #expect(config?["num_experts"] == .int(60))
        #expect(config?["vocab_size"] == .int(151_936))
        #expect(config?["tie_word_embeddings"] == .bool(true))
    }
}
