// llama.cpp's per-tensor type choice for its k-quant mixes (q4_k_m, q3_k_m, …), applied to an
// architecture's real tensor shapes (docs/MEMORY.md, "llama.cpp mixes").

/// One weight tensor as a GGUF file of the model holds it, for pricing a llama.cpp mix: its
/// role (which decides `llama_tensor_get_type`'s choice), its layer, its row length (`ne[0]`,
/// the input features) and its elements.
public struct GGUFTensorShape: Hashable, Sendable {
    /// The tensor's role, named as llama.cpp names the tensor (`attn_v`, `ffn_down`, …).
    public enum Role: String, Hashable, Sendable {
        /// `token_embd.weight`.
        case tokenEmbedding = "token_embd"
        /// `output.weight` (the untied LM head).
        case output
        /// `blk.N.attn_q.weight`, `attn_k`, `attn_v`, `attn_output`.
        case attnQ = "attn_q", attnK = "attn_k", attnV = "attn_v", attnOutput = "attn_output"
        /// `blk.N.ffn_gate(_exps|_shexp).weight`, `ffn_up…`, `ffn_down…`.
        case ffnGate = "ffn_gate", ffnUp = "ffn_up", ffnDown = "ffn_down"
        /// A tensor llama-quantize leaves as converted: 1-D tensors (norms, biases) and the MoE
        /// router `ffn_gate_inp`, F32 in files from `convert_hf_to_gguf.py`.
        case keptF32 = "F32"
    }
    /// The role.
    public var role: Role
    /// The decoder layer (`blk.N`), `nil` outside the layers.
    public var layer: Int?
    /// Values per row (`ne[0]`).
    public var rowLength: Int
    /// All its values.
    public var elements: Int
    /// Creates a tensor shape.
    public init(role: Role, layer: Int?, rowLength: Int, elements: Int) {
        self.role = role
        self.layer = layer
        self.rowLength = rowLength
        self.elements = elements
    }
}

/// The hyperparameters `llama_tensor_get_type` reads besides the tensor itself.
public struct LlamaCppModel: Hashable, Sendable {
    /// Decoder layers (`n_layer`).
    public var layers: Int
    /// `n_head / n_head_kv` (`n_gqa()`).
    public var gqa: Int
    /// Routed experts (`n_expert`), 0 for a dense model.
    public var experts: Int
    /// Whether llama.cpp types the model `LLM_TYPE_70B` (llama architecture, 80 layers, GQA).
    public var is70B: Bool
    /// Whether the file has `output.weight` (else the tied `token_embd.weight` gets its type).
    public var hasOutput: Bool
    /// The tensors.
    public var tensors: [GGUFTensorShape]
    /// Creates the model.
    public init(layers: Int, gqa: Int, experts: Int, is70B: Bool, hasOutput: Bool, tensors: [GGUFTensorShape]) {
        self.layers = layers
        self.gqa = gqa
        self.experts = experts
        self.is70B = is70B
        self.hasOutput = hasOutput
        self.tensors = tensors
    }
}

/// llama.cpp's k-quant mixes, priced tensor by tensor as `llama-quantize` (without an importance
/// matrix, without `--pure` or per-tensor overrides) would type them.
///
/// The rules are those of `llama_tensor_get_type` in llama.cpp's `src/llama-quant.cpp` for the
/// ftypes `Q2_K`, `Q2_K_S`, `Q3_K_S/M/L`, `Q4_K_S/M`, `Q5_K_S/M` and `Q6_K` (base types Q2_K,
/// Q3_K, Q4_K, Q5_K, Q6_K from `llama_model_quantize_impl`):
/// - `output.weight` (or a tied `token_embd.weight`): Q6_K (Q8_0 when its rows are not whole
///   256-blocks);
/// - `attn_v`: Q2_K → Q4_K if `n_gqa ≥ 4` else Q3_K; Q2_K_S → Q4_K if `n_gqa ≥ 4`; Q3_K_M →
///   Q5_K for the first two layers, else Q4_K; Q3_K_L → Q5_K; Q4_K_M and Q5_K_M → Q6_K on the
///   layers `use_more_bits` picks (`i < n/8 || i ≥ 7n/8 || (i − n/8) % 3 == 2`: half of them);
///   Q4_K_S → Q5_K for the first four; a 70B model raises Q3_K/Q4_K to Q5_K; 8 experts → Q8_0;
/// - `attn_k`: 8 experts → Q8_0;
/// - `ffn_down` (layer from the tensor's name): Q2_K → Q3_K; Q2_K_S → Q4_K for `i < n/8`;
///   Q3_K_M → Q5_K for `i < n/16`, else Q4_K; Q3_K_L → Q5_K; Q4_K_M and Q5_K_M → Q6_K where
///   `use_more_bits`; Q4_K_S → Q5_K for `i < n/8`;
/// - `attn_output`: 8 experts → Q5_K under Q2_K, Q3_K_S, Q3_K_M, Q4_K_S, Q4_K_M; otherwise Q2_K →
///   Q3_K, Q3_K_M → Q4_K, Q3_K_L → Q5_K;
/// - rows that are not whole blocks fall back (Q4_K → Q5_0, Q5_K → Q5_1, Q6_K → Q8_0, Q2_K/Q3_K →
///   IQ4_NL; F16 if still not whole);
/// - 1-D tensors, `*_norm.weight` and `ffn_gate_inp` are not quantized (F32).
/// The result is an estimate of llama.cpp's choice: an importance matrix, `--pure`,
/// `--output-tensor-type` or a converter that stores a tensor differently changes it.
public enum LlamaCppMix {
    /// The ftypes priced, with their base type.
    public static let baseTypes: [String: String] = [
        "q2_k": "Q2_K", "q2_k_s": "Q2_K", "q3_k_s": "Q3_K", "q3_k_m": "Q3_K", "q3_k_l": "Q3_K",
        "q4_k_s": "Q4_K", "q4_k_m": "Q4_K", "q5_k_s": "Q5_K", "q5_k_m": "Q5_K", "q6_k": "Q6_K",
    ]

    /// llama.cpp's `use_more_bits(i_layer, n_layers)`.
    static func useMoreBits(_ layer: Int, _ layers: Int) -> Bool {
        layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2
    }

    /// The ftypes of ``baseTypes`` as cases, so pricing a tensor compares no strings (pricing
    /// every mix of a Llama-3-8B by name cost 10 million instructions per `catalog add`,
    /// BENCHMARKS.md section 6).
    enum FileType: CaseIterable {
        case q2K, q2KS, q3KS, q3KM, q3KL, q4KS, q4KM, q5KS, q5KM, q6K

        /// The ftype named as a key of ``LlamaCppMix/baseTypes`` (`q4_k_m`), or `nil`.
        init?(_ name: String) {
            switch name {
            case "q2_k": self = .q2K
            case "q2_k_s": self = .q2KS
            case "q3_k_s": self = .q3KS
            case "q3_k_m": self = .q3KM
            case "q3_k_l": self = .q3KL
            case "q4_k_s": self = .q4KS
            case "q4_k_m": self = .q4KM
            case "q5_k_s": self = .q5KS
            case "q5_k_m": self = .q5KM
            case "q6_k": self = .q6K
            default: return nil
            }
        }

        /// The key of ``LlamaCppMix/baseTypes``.
        var name: String {
            switch self {
            case .q2K: "q2_k"
            case .q2KS: "q2_k_s"
            case .q3KS: "q3_k_s"
            case .q3KM: "q3_k_m"
            case .q3KL: "q3_k_l"
            case .q4KS: "q4_k_s"
            case .q4KM: "q4_k_m"
            case .q5KS: "q5_k_s"
            case .q5KM: "q5_k_m"
            case .q6K: "q6_k"
            }
        }

        /// The base type (``LlamaCppMix/baseTypes``' value).
        var base: MixType {
            switch self {
            case .q2K, .q2KS: .q2K
            case .q3KS, .q3KM, .q3KL: .q3K
            case .q4KS, .q4KM: .q4K
            case .q5KS, .q5KM: .q5K
            case .q6K: .q6K
            }
        }
    }

    /// The ggml types a mix gives a tensor, with their block layouts from ggml's table
    /// (``TensorDType/ggml``), looked up once.
    enum MixType: Int, CaseIterable {
        case f32, f16, q8_0, q5_0, q5_1, iq4NL, q2K, q3K, q4K, q5K, q6K

        /// ggml's name (`Q4_K`).
        var name: String {
            switch self {
            case .f32: "F32"
            case .f16: "F16"
            case .q8_0: "Q8_0"
            case .q5_0: "Q5_0"
            case .q5_1: "Q5_1"
            case .iq4NL: "IQ4_NL"
            case .q2K: "Q2_K"
            case .q3K: "Q3_K"
            case .q4K: "Q4_K"
            case .q5K: "Q5_K"
            case .q6K: "Q6_K"
            }
        }

        /// Each case's (elements, bytes) per block, by `rawValue`, from ``TensorDType/ggml``.
        static let layouts: [(elements: Int, bytes: Int)] = allCases.map { type in
            TensorDType.ggml(named: type.name).map { ($0.blockElements, $0.blockBytes) } ?? (1, 0)
        }

        /// Elements per block.
        var blockElements: Int { Self.layouts[rawValue].elements }
        /// Bytes per block.
        var blockBytes: Int { Self.layouts[rawValue].bytes }
    }

    /// The type llama.cpp gives `tensor` under `ftype` (a key of ``baseTypes``); `attnVIndex`
    /// is the count of `attn_v` tensors typed before it (`qs.i_attention_wv`).
    static func type(of tensor: GGUFTensorShape, ftype: String, model: LlamaCppModel, attnVIndex: Int) -> String {
        guard let fileType = FileType(ftype) else { return "F32" }
        return mixType(of: tensor, fileType: fileType, model: model, attnVIndex: attnVIndex).name
    }

    /// ``type(of:ftype:model:attnVIndex:)`` on the cases.
    static func mixType(of tensor: GGUFTensorShape, fileType ftype: FileType, model: LlamaCppModel, attnVIndex: Int) -> MixType {
        var type = ftype.base
        let layer = tensor.layer ?? 0, n = model.layers
        switch tensor.role {
        case .keptF32:
            return .f32
        case .output:
            type = tensor.rowLength % 256 != 0 ? .q8_0 : .q6K
        case .tokenEmbedding:
            if !model.hasOutput { type = tensor.rowLength % 256 != 0 ? .q8_0 : .q6K }
        case .attnV:
            switch ftype {
            case .q2K: type = model.gqa >= 4 ? .q4K : .q3K
            case .q2KS: if model.gqa >= 4 { type = .q4K }
            case .q3KM: type = attnVIndex < 2 ? .q5K : .q4K
            case .q3KL: type = .q5K
            case .q4KM, .q5KM: if useMoreBits(attnVIndex, n) { type = .q6K }
            case .q4KS: if attnVIndex < 4 { type = .q5K }
            default: break
            }
            if model.is70B, type == .q3K || type == .q4K { type = .q5K }
            if model.experts == 8 { type = .q8_0 }
        case .attnK:
            if model.experts == 8 { type = .q8_0 }
        case .ffnDown:
            switch ftype {
            case .q2K: type = .q3K
            case .q2KS: if layer < n / 8 { type = .q4K }
            case .q3KM: type = layer < n / 16 ? .q5K : .q4K
            case .q3KL: type = .q5K
            case .q4KM, .q5KM: if useMoreBits(layer, n) { type = .q6K }
            case .q4KS: if layer < n / 8 { type = .q5K }
            default: break
            }
        case .attnOutput:
            if model.experts == 8 {
                switch ftype {
                case .q2K, .q3KS, .q3KM, .q4KS, .q4KM: type = .q5K
                default: break
                }
            } else {
                switch ftype {
                case .q2K: type = .q3K
                case .q3KM: type = .q4K
                case .q3KL: type = .q5K
                default: break
                }
            }
        case .attnQ, .ffnGate, .ffnUp:
            break
        }
        // Rows that are not whole blocks: llama.cpp's fallback types.
        if tensor.rowLength % type.blockElements != 0 {
            let fallback: MixType
            switch type {
            case .q4K: fallback = .q5_0
            case .q5K: fallback = .q5_1
            case .q6K: fallback = .q8_0
            case .q2K, .q3K: fallback = .iq4NL
            default: fallback = .f16
            }
            return tensor.rowLength % fallback.blockElements == 0 ? fallback : .f16
        }
        return type
    }

    /// The bytes of `model` under `ftype`, and the elements per chosen type.
    /// - Throws: ``MemoryError/overflow(term:)``.
    public static func price(
        _ model: LlamaCppModel, ftype: String
    ) throws(MemoryError) -> (bytes: Int, elementsByType: [String: Int]) {
        let fileType = FileType(ftype)
        var elements = [Int](repeating: 0, count: MixType.allCases.count)
        var seen = [Bool](repeating: false, count: MixType.allCases.count)
        let bytes = try bytes(model, fileType: fileType) { type, tensor in
            seen[type.rawValue] = true
            elements[type.rawValue] += tensor.elements
        }
        var byName: [String: Int] = [:]
        for type in MixType.allCases where seen[type.rawValue] { byName[type.name] = elements[type.rawValue] }
        return (bytes, byName)
    }

    /// Σ the bytes of `model`'s tensors under `fileType` (every tensor F32 when `nil`, as an
    /// ftype ``type(of:ftype:model:attnVIndex:)`` does not know), calling `typed` with each
    /// tensor's type.
    /// - Throws: ``MemoryError/overflow(term:)``.
    static func bytes(
        _ model: LlamaCppModel, fileType: FileType?, typed: (MixType, GGUFTensorShape) -> Void = { _, _ in }
    ) throws(MemoryError) -> Int {
        var bytes = 0
        var attnV = 0
        let layouts = MixType.layouts
        for tensor in model.tensors {
            let type = fileType.map { mixType(of: tensor, fileType: $0, model: model, attnVIndex: attnV) } ?? .f32
            if tensor.role == .attnV { attnV += 1 }
            let layout = layouts[type.rawValue]
            let blocks = (tensor.elements + layout.elements - 1) / layout.elements
            let (tensorBytes, productOverflow) = blocks.multipliedReportingOverflow(by: layout.bytes)
            let (sum, sumOverflow) = bytes.addingReportingOverflow(tensorBytes)
            if productOverflow || sumOverflow { throw .overflow(term: "weights") }
            bytes = sum
            typed(type, tensor)
        }
        return bytes
    }
}
