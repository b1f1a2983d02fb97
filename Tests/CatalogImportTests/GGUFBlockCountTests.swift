import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

/// A GGUF file written byte by byte as ggml's docs/gguf.md lays it out (version 3): header,
/// key/values (strings and UINT32s), tensor infos (F32), padding to 32, zeroed data.
struct GGUFBytes {
    var values: [(key: String, value: GGUFValue)] = []
    /// Names and dimensions as GGUF stores them (`ne[0]` first).
    var tensors: [(name: String, dims: [UInt64])] = []
    /// Keys whose `.unsigned` value is written as a UINT64 (else a UINT32).
    var wide: Set<String> = []

    private static func string(_ text: String) -> Data {
        var data = Data()
        let bytes = Data(text.utf8)
        withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { data.append(contentsOf: $0) }
        return data + bytes
    }

    private static func integer<T: FixedWidthInteger>(_ value: T) -> Data {
        withUnsafeBytes(of: value.littleEndian) { Data($0) }
    }

    var data: Data {
        var out = Data("GGUF".utf8) + Self.integer(UInt32(3))
        out += Self.integer(UInt64(tensors.count)) + Self.integer(UInt64(values.count))
        for (key, value) in values {
            out += Self.string(key)
            switch value {
            case .string(let text): out += Self.integer(UInt32(8)) + Self.string(text)
            case .unsigned(let number) where wide.contains(key): out += Self.integer(UInt32(10)) + Self.integer(number)
            case .unsigned(let number): out += Self.integer(UInt32(4)) + Self.integer(UInt32(number))
            case .float(let number): out += Self.integer(UInt32(6)) + Self.integer(Float(number).bitPattern)
            case .array("INT32", let count, let items?):
                out += Self.integer(UInt32(9)) + Self.integer(UInt32(5)) + Self.integer(UInt64(count))
                for item in items { out += Self.integer(Int32(item.intValue ?? 0)) }
            default: Issue.record("GGUFBytes writes strings, UINT32s (UINT64s for keys in `wide`), FLOAT32s and INT32 arrays only")
            }
        }
        var offset: UInt64 = 0
        for (name, dims) in tensors {
            out += Self.string(name) + Self.integer(UInt32(dims.count))
            for dim in dims { out += Self.integer(dim) }
            out += Self.integer(UInt32(0)) + Self.integer(offset)  // F32
            let bytes = 4 * dims.reduce(1, *)
            offset += (bytes + 31) / 32 * 32
        }
        out += Data(count: (32 - out.count % 32) % 32)
        return out + Data(count: Int(offset))
    }

    /// A llama file of `blocks` blocks (`blk.N.attn_norm.weight`) whose metadata says `blockCount`.
    static func llama(blockCount: UInt64, blocks: Int, extra: [(key: String, value: GGUFValue)] = []) -> GGUFBytes {
        var file = GGUFBytes()
        file.values = [
            ("general.architecture", .string("llama")), ("llama.block_count", .unsigned(blockCount)),
            ("llama.embedding_length", .unsigned(8)), ("llama.feed_forward_length", .unsigned(16)),
            ("llama.attention.head_count", .unsigned(2)), ("llama.vocab_size", .unsigned(16)),
        ] + extra
        file.tensors = [("token_embd.weight", [8, 16])] + (0..<blocks).map { ("blk.\($0).attn_norm.weight", [8]) }
        return file
    }
}

@Suite("GGUF: tensor dimensions and the block count against the tensors")
struct GGUFBlockCountTests {
    static func imported(_ file: GGUFBytes, name: String = "b.gguf") throws(ImportError) -> ImportedArchitecture {
        try WeightsImport.imported(file.data, file: name)
    }

    static func message(_ file: GGUFBytes) -> String {
        do {
            _ = try imported(file)
            return ""
        } catch { return "\(error)" }
    }

    /// ggml's GGML_MAX_DIMS is 4 (ggml.h); gguf.cpp refuses a tensor info with more.
    @Test(arguments: [5, 6, 7, 8, 9])
    func moreThanFourDimensionsRefused(count: Int) {
        var file = GGUFBytes()
        file.values = [("general.architecture", .string("foo"))]
        file.tensors = [("a.weight", Array(repeating: 1, count: count))]
        let error = #expect(throws: ImportError.self) { try GGUFReader.read(file.data, file: "n.gguf") }
        #expect(error?.description == "n.gguf: GGUF: tensor 'a.weight' has \(count) dimensions (ggml allows at most 4)")
    }

    @Test func fourDimensionsRead() throws {
        var file = GGUFBytes()
        file.values = [("general.architecture", .string("foo"))]
        file.tensors = [("a.weight", [2, 3, 5, 7])]
        let read = try GGUFReader.read(file.data, file: "n.gguf")
        // Row-major, reversed from ne[0] first; 2·3·5·7 = 210 elements.
        #expect(read.tensors.map(\.shape) == [[7, 5, 3, 2]])
        #expect(read.tensors.map(\.elements) == [210])
    }

    /// The tester's file: 2 blocks of tensors, `llama.block_count` 4,294,967,295 (it built for
    /// minutes and gigabytes). Refused before building, with both numbers.
    @Test func blockCountBeyondTheTensorsRefused() {
        #expect(Self.message(.llama(blockCount: 4_294_967_295, blocks: 2))
            == "b.gguf: GGUF: 'llama.block_count' is 4294967295 but the tensor names cover 2 blocks (blk.0 to blk.1); the metadata contradicts the tensors, so no architecture is built from it")
        #expect(Self.message(.llama(blockCount: 3, blocks: 2)).contains("'llama.block_count' is 3 but the tensor names cover 2 blocks"))
        #expect(Self.message(.llama(blockCount: 1, blocks: 2)).contains("'llama.block_count' is 1 but the tensor names cover 2 blocks"))
        #expect(Self.message(.llama(blockCount: 2, blocks: 0))
            == "b.gguf: GGUF: 'llama.block_count' is 2 but no tensor name is in a block (blk.N.); the metadata contradicts the tensors, so no architecture is built from it")
    }

    /// A count that matches is built: 2 decoder layers, the blocks' tensors linked to them.
    @Test func matchingBlockCountBuilt() throws {
        let imported = try Self.imported(.llama(blockCount: 2, blocks: 2))
        let names = imported.architecture.layers.map(\.name)
        #expect(names.contains("model.layers.1.self_attn") && !names.contains("model.layers.2.self_attn"))
        #expect(imported.tensors.first { $0.name == "blk.1.attn_norm.weight" }?.layer != nil)
    }

    /// A shard of a split file (gguf-split's `split.count`, `split.no` from 0) holds some of the
    /// model only (whether it is tied depends on another shard's `output.weight`): read as
    /// weights only with a warning naming the shard, whatever its block count says.
    @Test func splitShardsAreWeightsOnly() throws {
        for (blockCount, number) in [(UInt64(4), UInt64(0)), (1, 1)] {
            let split: [(key: String, value: GGUFValue)] = [("split.count", .unsigned(2)), ("split.no", .unsigned(number))]
            let shard = try Self.imported(.llama(blockCount: blockCount, blocks: 2, extra: split))
            #expect(shard.architecture.layers.isEmpty)
            #expect(shard.tensors.count == 3)
            #expect(shard.warnings.contains { $0.hasPrefix("GGUF: this file is shard \(number + 1) of 2 of a split model ('split.count' 2)") })
        }
    }

    /// An architecture catalog does not build is read as weights only; its count is not used.
    @Test func unbuiltArchitectureNotChecked() throws {
        var file = GGUFBytes.llama(blockCount: 9, blocks: 1)
        file.values[0] = ("general.architecture", .string("rwkv6"))
        file.values[1] = ("rwkv6.block_count", .unsigned(9))
        let imported = try Self.imported(file)
        #expect(imported.architecture.layers.isEmpty)
    }

    /// The builder's expert limit reaches GGUF files too (`llama.expert_count` →
    /// `num_local_experts`): the architecture is not built, the tensors are kept.
    @Test func absurdExpertCountNotBuilt() throws {
        let imported = try Self.imported(.llama(blockCount: 2, blocks: 2, extra: [("llama.expert_count", .unsigned(2_147_483_648 - 1)), ("llama.expert_used_count", .unsigned(2))]))
        #expect(imported.architecture.layers.isEmpty)
        #expect(imported.warnings.contains { $0.contains("'num_local_experts' is 2147483647, more than the 65,536 experts in a layer catalog builds") })
        #expect(imported.tensors.count == 3)
    }
}
