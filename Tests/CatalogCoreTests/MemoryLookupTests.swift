import Testing

@testable import CatalogCore

/// The precomputed tables and byte-level name parsing the memory figures use, against their
/// sources: gguf-py's `GGML_QUANT_SIZES` (`gguf/constants.py`), llama.cpp's ftype names
/// (`LLAMA_FTYPE_MOSTLY_*`), and layer names worked by hand.
@Suite struct MemoryLookupTests {
    /// gguf-py's `GGML_QUANT_SIZES`: (block size, type size) of each type a mix can give.
    @Test func mixTypeLayoutsAreGGMLs() {
        let quantSizes: [String: (Int, Int)] = [
            "F32": (1, 4), "F16": (1, 2), "Q8_0": (32, 34), "Q5_0": (32, 22), "Q5_1": (32, 24), "IQ4_NL": (32, 18),
            "Q2_K": (256, 84), "Q3_K": (256, 110), "Q4_K": (256, 144), "Q5_K": (256, 176), "Q6_K": (256, 210),
        ]
        #expect(LlamaCppMix.MixType.allCases.count == quantSizes.count)
        for type in LlamaCppMix.MixType.allCases {
            let expected = quantSizes[type.name]
            #expect(expected?.0 == type.blockElements, "\(type.name)")
            #expect(expected?.1 == type.blockBytes, "\(type.name)")
        }
    }

    /// The ten ftypes priced (llama.h: Q2_K, Q2_K_S, Q3_K_S/M/L, Q4_K_S/M, Q5_K_S/M, Q6_K) and
    /// their base types.
    @Test func fileTypesAreTheMixes() {
        let bases = [
            "q2_k": "Q2_K", "q2_k_s": "Q2_K", "q3_k_s": "Q3_K", "q3_k_m": "Q3_K", "q3_k_l": "Q3_K",
            "q4_k_s": "Q4_K", "q4_k_m": "Q4_K", "q5_k_s": "Q5_K", "q5_k_m": "Q5_K", "q6_k": "Q6_K",
        ]
        var seen: [String: String] = [:]
        for fileType in LlamaCppMix.FileType.allCases {
            seen[fileType.name] = fileType.base.name
            #expect(LlamaCppMix.FileType(fileType.name) == fileType)
        }
        #expect(seen == bases)
        #expect(LlamaCppMix.baseTypes == bases)
        #expect(LlamaCppMix.FileType("Q4_K_M") == nil)
        #expect(LlamaCppMix.type(of: GGUFTensorShape(role: .attnQ, layer: 0, rowLength: 256, elements: 256), ftype: "q8_0",
                                 model: LlamaCppMixRuleTests.model(), attnVIndex: 0) == "F32")
    }

    /// gguf-py's `GGML_QUANT_SIZES` through the name look-up, any case.
    @Test func ggmlTypesByName() {
        #expect(TensorDType.ggml(named: "q4_k")?.blockBytes == 144)
        #expect(TensorDType.ggml(named: "Q4_K")?.blockElements == 256)
        #expect(TensorDType.ggml(named: "iq4_nl")?.blockBytes == 18)
        #expect(TensorDType.ggml(named: "bf16")?.blockBytes == 2)
        #expect(TensorDType.ggml(named: "Q4_K_M") == nil)
        #expect(TensorDType.ggml(named: "") == nil)
    }

    /// The number after the first `layers` component, as `Int(_:)` reads it.
    @Test func layerIndexes() {
        #expect(MemoryProfile.layerIndex("model.layers.12.mlp") == 12)
        #expect(MemoryProfile.layerIndex("model.layers.0") == 0)
        #expect(MemoryProfile.layerIndex("layers.7") == 7)
        // Empty components are skipped: `a..layers..3` has components a, layers, 3.
        #expect(MemoryProfile.layerIndex("a..layers..3.x") == 3)
        // The first `layers` decides, even when the next is no number.
        #expect(MemoryProfile.layerIndex("m.layers.x.layers.4") == nil)
        #expect(MemoryProfile.layerIndex("model.layers") == nil)
        #expect(MemoryProfile.layerIndex("model.layers.") == nil)
        #expect(MemoryProfile.layerIndex("model.mlp") == nil)
        #expect(MemoryProfile.layerIndex("model.mylayers.3") == nil)
        #expect(MemoryProfile.layerIndex("") == nil)
        // Int("+5") is 5, Int("-2") is -2; 2^63 does not fit.
        #expect(MemoryProfile.layerIndex("m.layers.+5") == 5)
        #expect(MemoryProfile.layerIndex("m.layers.-2") == -2)
        #expect(MemoryProfile.layerIndex("m.layers.9223372036854775807") == Int.max)
        #expect(MemoryProfile.layerIndex("m.layers.9223372036854775808") == nil)
        #expect(MemoryProfile.layerIndex("m.layers.123456789012345678") == 123_456_789_012_345_678)
        // Not ASCII: read by characters.
        #expect(MemoryProfile.layerIndex("módel.layers.9.mlp") == 9)
    }

    @Test func asciiContains() {
        #expect(MemoryProfile.contains("model.encoder.layers.0", ".encoder."))
        #expect(!MemoryProfile.contains("encoder.layers.0", ".encoder."))
        #expect(MemoryProfile.contains("vision", "vision"))
        #expect(MemoryProfile.contains("model.vision_tower.0", "vision"))
        #expect(!MemoryProfile.contains("visio", "vision"))
        #expect(!MemoryProfile.contains("", "vision"))
        #expect(MemoryProfile.contains("a\r\nvision", "vision"))
        // Not ASCII: by characters, so a combining mark on the last letter is no match.
        #expect(MemoryProfile.contains("é.vision_tower", "vision"))
        #expect(!MemoryProfile.contains("visio\u{301}n\u{301}", "vision"))
    }
}
