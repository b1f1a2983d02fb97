import CatalogCore
import Foundation
import Testing

@testable import CatalogImport

/// The declared dtype the readers keep: config.json's `torch_dtype` / `dtype`, a GGUF file's
/// `general.file_type` (values read with gguf-py's GGUFReader: tiny-llama-f16.gguf has 1,
/// tiny-llama-q4_0.gguf 2), the native format's `dtype`.
@Suite struct DeclaredDTypeImportTests {
    static let config = """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64,
         "intermediate_size": 128, "num_attention_heads": 4, "num_hidden_layers": 2,
         "num_key_value_heads": 2, "vocab_size": 256, DTYPE}
        """

    static func read(_ dtype: String) throws -> ImportedArchitecture {
        let text = config.replacingOccurrences(of: "DTYPE", with: dtype)
        return try ArchitectureImporter.read(Data(text.utf8), file: "tiny.config.json")
    }

    @Test func configKeys() throws {
        #expect(try Self.read(#""torch_dtype": "bfloat16""#).architecture.declaredDType == "bfloat16")
        #expect(try Self.read(#""dtype": "float16""#).architecture.declaredDType == "float16")
        // both: the newer key wins
        #expect(try Self.read(#""dtype": "float32", "torch_dtype": "bfloat16""#).architecture.declaredDType == "float32")
        #expect(try Self.read(#""torch_dtype": "torch.bfloat16""#).architecture.declaredDType == "bfloat16")
        #expect(try Self.read(#""use_cache": true"#).architecture.declaredDType == nil)
        let odd = try Self.read(#""torch_dtype": "float64""#)
        #expect(odd.architecture.declaredDType == nil)
        #expect(odd.warnings.contains { $0.contains("float64") })
    }

    @Test(arguments: [("shared/tiny-llama-f16.gguf", "MOSTLY_F16"), ("shared/tiny-llama-q4_0.gguf", "MOSTLY_Q4_0")])
    func ggufFileType(_ file: String, _ expected: String) throws {
        let imported = try ArchitectureImporter.read(contentsOf: WeightFixtures.path(file))
        #expect(imported.architecture.declaredDType == expected)
        #expect(GGUFArchitecture.declaredDType(["general.file_type": .unsigned(15)]) == "MOSTLY_Q4_K_M")
        #expect(GGUFArchitecture.declaredDType(["general.file_type": .unsigned(19)]) == nil)
    }

    @Test func nativeRoundTrip() throws {
        let imported = try Self.read(#""torch_dtype": "bfloat16""#)
        let written = NativeWriter.json(for: imported.architecture)
        let again = try ArchitectureImporter.read(written, file: "tiny.json")
        #expect(again.architecture.declaredDType == "bfloat16")
    }
}
