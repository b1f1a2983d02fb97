/// A number format for weights or for the KV cache, as `memory --dtype/--quant/--kv-dtype`
/// names it, with its block layout (``TensorDType``): `blockElements` values in `blockBytes`.
///
/// Plain types: f32 (4 bytes), f16 and bf16 (2), fp8 (1: E4M3 or E5M2; the per-tensor scale
/// of a few bytes is not counted), int8 (1: per-row scales, e.g. bitsandbytes' one f32 per
/// output row, not counted).
/// `int4`: GPTQ/AWQ with `group_size` 128 (their default): 4-bit weights, one f16 scale and
/// one 4-bit zero point per group of 128, so 256 weights in 2 · (64 + 2 + 0.5) = 133 bytes
/// (4.156 bits; AutoGPTQ's `qweight`, `scales`, `qzeros`).
/// `nf4`: bitsandbytes NF4 as QLoRA uses it (Dettmers et al. 2023, §2 "Double Quantization"):
/// blocks of 64 weights with an 8-bit absmax, and one f32 absmax per 256 blocks, so 16,384
/// weights in 8,192 + 256 + 4 = 8,452 bytes (4.127 bits; the paper's 4 + 0.127).
/// ggml types (`q4_0`, `q8_0`, `q6_k`, … case-insensitive): ggml's `type_traits[]` block table
/// (``TensorDType/ggml``): q4_0 is 32 weights in 18 bytes (16 of nibbles + an f16 scale).
/// llama.cpp's mixes (`q4_k_m`, `q5_k_m`, `q3_k_m`, `q4_k_s`, …) are labelled an estimate: with
/// the model's tensors (``MemoryProfile/llamaCppModel``) ``Memory/breakdown(_:_:)`` types each
/// as llama.cpp's `llama_tensor_get_type` does (``LlamaCppMix``); otherwise they are priced as
/// their base type (`Q4_K` for q4_k_m). Only the stored tensors give the exact bytes.
public struct StorageType: Hashable, Sendable {
    /// The name as the user typed it, lower-cased (`q4_k_m`, `bf16`).
    public var name: String
    /// The block layout the bytes are counted by.
    public var layout: TensorDType
    /// Whether the bytes are an estimate (a llama.cpp mix priced as its base type).
    public var isEstimate: Bool
    /// What the figure includes or leaves out, for the formula line.
    public var note: String?

    /// Creates a storage type.
    public init(name: String, layout: TensorDType, isEstimate: Bool = false, note: String? = nil) {
        self.name = name
        self.layout = layout
        self.isEstimate = isEstimate
        self.note = note
    }

    /// The names accepted for weights, highest precision first (`fit` tries them in this order).
    public static let weightNames = [
        "f32", "bf16", "f16", "fp8", "int8", "q8_0", "q6_k", "q5_k_m", "q5_0", "q4_k_m", "int4",
        "nf4", "q4_0", "q3_k_m", "q2_k",
    ]
    /// The names accepted for the KV cache (llama.cpp's `--cache-type-k/-v` and vLLM's
    /// `--kv-cache-dtype`).
    public static let kvNames = ["f32", "f16", "bf16", "fp8", "q8_0", "q5_0", "q5_1", "q4_0", "q4_1", "iq4_nl"]

    /// Parses a KV cache type (case-insensitive): one of ``kvNames`` or another spelling
    /// ``named(_:)`` reads for it (`fp16`, `bfloat16`, `fp8_e4m3`). llama.cpp caches K and V only
    /// in the types of `kv_cache_types` (common/arg.cpp: F32, F16, BF16, Q8_0, Q4_0, Q4_1, IQ4_NL,
    /// Q5_0, Q5_1) and vLLM's `--kv-cache-dtype` adds fp8 (E4M3 or E5M2); weight-only formats
    /// (int8, int4, nf4, the K-quants and llama.cpp's mixes such as q4_k_m) hold no KV cache.
    /// - Throws: ``MemoryError/unknownType(_:accepted:)`` naming ``kvNames``.
    public static func kvCache(named raw: String) throws(MemoryError) -> StorageType {
        let kvSpellings: Set<String> = [
            "f32", "fp32", "float32", "f16", "fp16", "float16", "bf16", "bfloat16",
            "fp8", "f8", "fp8_e4m3", "fp8_e5m2", "f8_e4m3", "f8_e5m2",
            "q8_0", "q5_0", "q5_1", "q4_0", "q4_1", "iq4_nl",
        ]
        guard kvSpellings.contains(raw.lowercased()) else { throw .unknownType(raw, accepted: kvNames) }
        return try named(raw)
    }

    /// llama.cpp's mixes (`LLAMA_FTYPE_MOSTLY_*` in `llama.h`) and the base type of each.
    static let mixes: [String: String] = [
        "q2_k_s": "Q2_K", "q3_k_s": "Q3_K", "q3_k_m": "Q3_K", "q3_k_l": "Q3_K", "q4_k_s": "Q4_K",
        "q4_k_m": "Q4_K", "q5_k_s": "Q5_K", "q5_k_m": "Q5_K",
    ]

    /// Parses a type name (case-insensitive).
    /// - Throws: ``MemoryError/unknownType(_:accepted:)``.
    public static func named(_ raw: String) throws(MemoryError) -> StorageType {
        let name = raw.lowercased()
        func plain(_ bytes: Int, _ note: String? = nil) -> StorageType {
            StorageType(name: name, layout: TensorDType(name: name.uppercased(), blockElements: 1, blockBytes: bytes), note: note)
        }
        switch name {
        case "f32", "fp32", "float32": return plain(4)
        case "f16", "fp16", "float16", "bf16", "bfloat16": return plain(2)
        case "fp8", "f8", "fp8_e4m3", "fp8_e5m2", "f8_e4m3", "f8_e5m2":
            return plain(1, "per-tensor scales not counted")
        case "int8", "i8": return plain(1, "per-row scales not counted")
        case "int4":
            return StorageType(
                name: name, layout: TensorDType(name: "INT4", blockElements: 256, blockBytes: 133),
                note: "GPTQ/AWQ group_size 128: f16 scale and 4-bit zero per 128 weights")
        case "nf4":
            return StorageType(
                name: name, layout: TensorDType(name: "NF4", blockElements: 16_384, blockBytes: 8_452),
                note: "bitsandbytes NF4, blocks of 64, double-quantized absmax")
        default:
            if let base = mixes[name], let layout = TensorDType.ggml(named: base) {
                return StorageType(
                    name: name, layout: layout, isEstimate: true,
                    note: "estimate: priced as \(base) throughout; llama.cpp keeps some tensors in higher precision")
            }
            if let layout = TensorDType.ggml(named: name) {
                let quantized = layout.blockElements > 1
                return StorageType(
                    name: name, layout: layout,
                    note: quantized ? "every parameter priced as \(layout.name); llama.cpp keeps 1-D tensors (norms, biases) in F32" : nil)
            }
            throw .unknownType(raw, accepted: weightNames)
        }
    }

    /// Bytes of `elements` values stored in rows of `rowElements` (each row a whole number of
    /// blocks, as ggml requires): `elements / blockElements · blockBytes`.
    /// - Throws: ``MemoryError/partialBlock(type:elements:blockElements:what:)`` when a row is
    ///   not a whole number of blocks, ``MemoryError/overflow(term:)``.
    public func bytes(elements: Int, rowElements: Int, what: String) throws(MemoryError) -> Int {
        guard rowElements % layout.blockElements == 0 else {
            throw .partialBlock(type: layout.name, elements: rowElements, blockElements: layout.blockElements, what: what)
        }
        return try checkedProduct(what, elements / layout.blockElements, layout.blockBytes)
    }

    /// Bytes of `parameters` weights, rounded up to whole blocks (a tensor's rows are whole blocks
    /// in a real file; over a whole model the rounding is at most one block).
    public func bytes(parameters: Int, what: String = "weights") throws(MemoryError) -> Int {
        let blocks = (parameters + layout.blockElements - 1) / layout.blockElements
        return try checkedProduct(what, blocks, layout.blockBytes)
    }

    /// "18 B / 32" or "2 B" for formula lines.
    public var perValueText: String {
        layout.blockElements == 1 ? "\(layout.blockBytes) B" : "\(layout.blockBytes) B/\(layout.blockElements)"
    }
}

extension StorageType {
    /// gguf-py's `LlamaFileType` names of `general.file_type` (llama.cpp's `LLAMA_FTYPE_*` in
    /// `include/llama.h`) whose weights ``named(_:)`` prices, by value.
    public static let ggufFileTypes: [Int: String] = [
        0: "ALL_F32", 1: "MOSTLY_F16", 2: "MOSTLY_Q4_0", 3: "MOSTLY_Q4_1", 7: "MOSTLY_Q8_0", 8: "MOSTLY_Q5_0",
        9: "MOSTLY_Q5_1", 10: "MOSTLY_Q2_K", 11: "MOSTLY_Q3_K_S", 12: "MOSTLY_Q3_K_M", 13: "MOSTLY_Q3_K_L",
        14: "MOSTLY_Q4_K_S", 15: "MOSTLY_Q4_K_M", 16: "MOSTLY_Q5_K_S", 17: "MOSTLY_Q5_K_M", 18: "MOSTLY_Q6_K",
        21: "MOSTLY_Q2_K_S", 32: "MOSTLY_BF16",
    ]

    /// Whether `declared` names a GGUF file type (`MOSTLY_Q4_K_M`, `ALL_F32`) rather than a
    /// PyTorch dtype (`bfloat16`).
    public static func isGGUFFileType(_ declared: String) -> Bool {
        declared.hasPrefix("MOSTLY_") || declared.hasPrefix("ALL_")
    }

    /// The type a declared dtype names: a PyTorch dtype (`bfloat16` → bf16, `float16` → f16,
    /// `float32` → f32; as ``named(_:)`` reads them) or a GGUF file type (`MOSTLY_Q4_K_M` →
    /// q4_k_m, `ALL_F32` → f32); `nil` for a name it cannot price (`float64`, `MOSTLY_IQ2_XS`).
    public static func declared(_ declared: String) -> StorageType? {
        var name = declared
        for prefix in ["MOSTLY_", "ALL_"] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        guard var type = try? named(name.lowercased()) else { return nil }
        type.name = Memory.canonical(type.name)
        return type
    }

    /// Where a declared dtype comes from, for the weights' formula line: `config.json` for a
    /// PyTorch dtype, `general.file_type` for a GGUF file type.
    public static func declarationOrigin(_ declared: String) -> String {
        isGGUFFileType(declared) ? "general.file_type" : "config.json"
    }
}
