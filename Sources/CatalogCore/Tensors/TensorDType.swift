/// How a stored dtype packs its elements: `blockElements` values in `blockBytes` bytes.
///
/// Plain types have blocks of one element (F32: 1 in 4 bytes). ggml's quantized types store
/// blocks with their scales: Q4_0 is 32 values in 18 bytes (a 2-byte f16 scale + 16 bytes of
/// nibbles), Q8_0 32 in 34, Q4_K 256 in 144. Source: ggml's type traits table
/// (`ggml/src/ggml.c`, `type_traits[]`: `blck_size` and `type_size`), mirrored by gguf-py's
/// `GGML_QUANT_SIZES` (`gguf/constants.py`); the whole table is in docs/TENSORS.md.
public struct TensorDType: Hashable, Sendable {
    /// The dtype's name as the format spells it (`Q4_K`, `BF16`, `F8_E4M3`).
    public var name: String
    /// Elements per block.
    public var blockElements: Int
    /// Bytes per block.
    public var blockBytes: Int

    /// Creates a block layout.
    public init(name: String, blockElements: Int, blockBytes: Int) {
        self.name = name
        self.blockElements = blockElements
        self.blockBytes = blockBytes
    }

    /// Bytes that `elements` values occupy, or `nil` when `elements` is not a whole number of
    /// blocks (ggml requires each row to be) or the product overflows 64 bits.
    public func storedBytes(elements: Int) -> Int? {
        guard elements >= 0, elements % blockElements == 0 else { return nil }
        let (bytes, overflow) = (elements / blockElements).multipliedReportingOverflow(by: blockBytes)
        return overflow ? nil : bytes
    }

    /// Bits per weight including the block's scales (Q4_0: 18 · 8 / 32 = 4.5).
    public var bitsPerElement: Double { Double(blockBytes * 8) / Double(blockElements) }
}

extension TensorDType {
    /// ggml's types by their numeric id in a GGUF file (`enum ggml_type` in `ggml/include/ggml.h`),
    /// with `blck_size` / `type_size` from `type_traits[]` in `ggml/src/ggml.c`. Ids 4, 5 (Q4_2,
    /// Q4_3), 31–33 and 36–38 (the removed repacked types) are not valid in files.
    public static let ggml: [Int: TensorDType] = {
        let table: [(Int, String, Int, Int)] = [
            (0, "F32", 1, 4), (1, "F16", 1, 2),
            (2, "Q4_0", 32, 18), (3, "Q4_1", 32, 20), (6, "Q5_0", 32, 22), (7, "Q5_1", 32, 24),
            (8, "Q8_0", 32, 34), (9, "Q8_1", 32, 36),
            (10, "Q2_K", 256, 84), (11, "Q3_K", 256, 110), (12, "Q4_K", 256, 144),
            (13, "Q5_K", 256, 176), (14, "Q6_K", 256, 210), (15, "Q8_K", 256, 292),
            (16, "IQ2_XXS", 256, 66), (17, "IQ2_XS", 256, 74), (18, "IQ3_XXS", 256, 98),
            (19, "IQ1_S", 256, 50), (20, "IQ4_NL", 32, 18), (21, "IQ3_S", 256, 110),
            (22, "IQ2_S", 256, 82), (23, "IQ4_XS", 256, 136),
            (24, "I8", 1, 1), (25, "I16", 1, 2), (26, "I32", 1, 4), (27, "I64", 1, 8), (28, "F64", 1, 8),
            (29, "IQ1_M", 256, 56), (30, "BF16", 1, 2),
            (34, "TQ1_0", 256, 54), (35, "TQ2_0", 256, 66), (39, "MXFP4", 32, 17),
            (40, "NVFP4", 64, 36), (41, "Q1_0", 128, 18),
        ]
        var types: [Int: TensorDType] = [:]
        for (id, name, elements, bytes) in table {
            types[id] = TensorDType(name: name, blockElements: elements, blockBytes: bytes)
        }
        return types
    }()

    /// A ggml type by name (`Q4_K`, case-insensitive), for `--quant` and `--kv-dtype`.
    public static func ggml(named name: String) -> TensorDType? {
        ggmlByName[name.uppercased()]
    }

    /// ``ggml`` by name (the names are distinct), so a look-up hashes one name instead of
    /// comparing every type's.
    private static let ggmlByName: [String: TensorDType] = {
        var types: [String: TensorDType] = [:]
        for type in ggml.values { types[type.name] = type }
        return types
    }()

    /// safetensors' dtypes (`Dtype` in safetensors' `src/tensor.rs`), with their sizes in bytes;
    /// F4 (`F4_E2M1`) packs two values per byte, the F6 types four values in three bytes.
    public static let safetensors: [String: TensorDType] = {
        let table: [(String, Int, Int)] = [
            ("BOOL", 1, 1), ("U8", 1, 1), ("I8", 1, 1), ("F8_E5M2", 1, 1), ("F8_E4M3", 1, 1),
            ("F8_E8M0", 1, 1), ("I16", 1, 2), ("U16", 1, 2), ("F16", 1, 2), ("BF16", 1, 2),
            ("I32", 1, 4), ("U32", 1, 4), ("F32", 1, 4), ("F64", 1, 8), ("I64", 1, 8), ("U64", 1, 8),
            ("F4", 2, 1), ("F6_E2M3", 4, 3), ("F6_E3M2", 4, 3),
        ]
        var types: [String: TensorDType] = [:]
        for (name, elements, bytes) in table {
            types[name] = TensorDType(name: name, blockElements: elements, blockBytes: bytes)
        }
        return types
    }()
}
