import CatalogCore

/// A GGUF file's architecture as the Hugging Face `config.json` keys the transformer builder
/// reads, so a GGUF model and its `config.json` twin are built by one path.
///
/// Key names from llama.cpp's `gguf-py/gguf/constants.py` (`Keys.LLM`, `Keys.Attention`,
/// `Keys.Rope`) and the mapping of transformers' `integrations/ggml.py`
/// (`GGUF_CONFIG_MAPPING`, as `load_gguf_checkpoint` applies it).
public enum GGUFArchitecture {
    /// `{arch}.<gguf key>` → config key, for the decoder-only families transformers maps the
    /// same way (llama, mistral, qwen2, qwen3, gemma, gemma2, gemma3, phi3, falcon, stablelm, …).
    static let commonKeys: [(gguf: String, config: String)] = [
        ("context_length", "max_position_embeddings"), ("block_count", "num_hidden_layers"),
        ("feed_forward_length", "intermediate_size"), ("embedding_length", "hidden_size"),
        ("rope.freq_base", "rope_theta"), ("attention.head_count", "num_attention_heads"),
        ("attention.head_count_kv", "num_key_value_heads"),
        ("attention.layer_norm_rms_epsilon", "rms_norm_eps"), ("attention.layer_norm_epsilon", "layer_norm_eps"),
        ("attention.key_length", "head_dim"), ("attention.sliding_window", "sliding_window"),
        ("expert_count", "num_local_experts"), ("expert_used_count", "num_experts_per_tok"),
        ("expert_feed_forward_length", "moe_intermediate_size"), ("vocab_size", "vocab_size"),
    ]

    /// GGUF's `general.architecture` → transformers' `model_type` where they differ.
    /// A `gemma3` file holds Gemma 3's language model only (llama.cpp keeps the image tower in a
    /// separate mmproj file): `gemma3_text`.
    static let modelTypes = [
        "qwen2moe": "qwen2_moe", "qwen3moe": "qwen3_moe", "gpt-neox": "gpt_neox", "command-r": "cohere",
        "gemma3": "gemma3_text",
    ]

    /// transformers' causal-LM class per `model_type`.
    static let causalLMClasses = [
        "llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM", "mixtral": "MixtralForCausalLM",
        "qwen2": "Qwen2ForCausalLM", "qwen2_moe": "Qwen2MoeForCausalLM", "qwen3": "Qwen3ForCausalLM",
        "qwen3_moe": "Qwen3MoeForCausalLM", "gemma": "GemmaForCausalLM", "gemma2": "Gemma2ForCausalLM",
        "gemma3_text": "Gemma3ForCausalLM",
        "phi3": "Phi3ForCausalLM", "gpt2": "GPT2LMHeadModel", "gpt_neox": "GPTNeoXForCausalLM",
    ]

    /// The config.json values for `metadata` (a GGUF file's key/values).
    ///
    /// `model_type` from `general.architecture`; for llama and mistral `rope.dimension_count`
    /// is `head_dim` (transformers maps it so); `num_experts` instead of `num_local_experts`
    /// for qwen2moe/qwen3moe; `vocab_size` from the tokenizer's length when the file has no
    /// `{arch}.vocab_size`; `tie_word_embeddings` true when `tensorNames` has no
    /// `output.weight` (llama.cpp then reuses `token_embd.weight`).
    /// - Returns: `nil` when the file names no architecture.
    public static func huggingFaceConfig(_ metadata: [String: GGUFValue], tensorNames: [String]) -> [String: ConfigValue]? {
        guard case .string(let arch)? = metadata["general.architecture"] else { return nil }
        var config: [String: ConfigValue] = ["model_type": .string(modelTypes[arch] ?? arch)]
        var keys = commonKeys
        if arch == "llama" || arch == "mistral" { keys.append(("rope.dimension_count", "head_dim")) }
        if arch == "qwen2moe" || arch == "qwen3moe" {
            keys = keys.map { $0.gguf == "expert_count" ? ($0.gguf, "num_experts") : $0 }
        }
        for (gguf, key) in keys where config[key] == nil {
            guard let value = metadata[arch + "." + gguf] else { continue }
            switch value {
            case .unsigned, .signed:
                if let number = value.intValue { config[key] = .int(number) }
            case .float(let number): config[key] = .double(number)
            case .bool(let flag): config[key] = .bool(flag)
            default: continue
            }
        }
        if config["vocab_size"] == nil, case .array(_, let count, _)? = metadata["tokenizer.ggml.tokens"] {
            config["vocab_size"] = .int(count)
        }
        if !tensorNames.isEmpty {
            config["tie_word_embeddings"] = .bool(!tensorNames.contains("output.weight"))
        }
        // llama.cpp writes Mixtral as llama with experts.
        if arch == "llama", let experts = config["num_local_experts"], experts != .int(0) {
            config["model_type"] = .string("mixtral")
        }
        // A GGUF file is a language model with its head: the causal-LM class.
        if case .string(let type)? = config["model_type"], let head = causalLMClasses[type] {
            config["architectures"] = .array([.string(head)])
        }
        return config
    }

    /// Why the file's block count contradicts its tensors, or `nil` when it does not: for an
    /// architecture the transformer builder builds, `{arch}.block_count` (its layers) must be
    /// the number of blocks the tensor names cover, `blk.N.` for N from 0 (llama.cpp's
    /// `LLM_TENSOR_NAMES`; the highest N + 1), so that a file is not built from a count its own
    /// tensors deny (a 434 KB file of 2 blocks saying 4,294,967,295). A shard of a split file
    /// (`split.count` > 1, gguf-split) holds some blocks only: its tensors may not reach past the
    /// count. Files of other architectures are read as weights only, their count unused.
    ///
    /// The message names the key and both numbers.
    static func blockCountProblem(_ metadata: [String: GGUFValue], tensorNames: [String]) -> String? {
        guard case .string(let arch)? = metadata["general.architecture"],
              TransformerBuilder.supportedModelTypes.contains(modelTypes[arch] ?? arch),
              let declared = metadata[arch + ".block_count"] else { return nil }
        var covered = 0
        for name in tensorNames {
            // `blk.N.` read from the UTF-8 bytes (by Characters it cost 1.5 M instructions for a
            // Llama-3-8B GGUF's 291 names).
            let bytes = name.utf8
            guard bytes.starts(with: "blk.".utf8) else { continue }
            var index = 0
            var digits = 0
            var at = bytes.index(bytes.startIndex, offsetBy: 4)
            while at < bytes.endIndex, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9"), digits < 18 {
                index = index * 10 + Int(bytes[at] - UInt8(ascii: "0"))
                digits += 1
                at = bytes.index(after: at)
            }
            guard digits > 0, at < bytes.endIndex, bytes[at] == UInt8(ascii: ".") else { continue }
            covered = max(covered, index + 1)
        }
        let key = "'\(arch).block_count'"
        if let shards = metadata["split.count"]?.intValue, shards > 1 {
            guard let count = declared.intValue, count >= covered else {
                return "\(key) is \(declared.summary) but this shard's tensor names reach block blk.\(covered - 1) (\(covered) blocks); the metadata contradicts the tensors, so no architecture is built from it"
            }
            return nil
        }
        guard declared.intValue == covered else {
            let reach = covered == 0 ? "no tensor name is in a block (blk.N.)" : "the tensor names cover \(covered) blocks (blk.0 to blk.\(covered - 1))"
            return "\(key) is \(declared.summary) but \(reach); the metadata contradicts the tensors, so no architecture is built from it"
        }
        return nil
    }

    /// The file type `general.file_type` declares, as gguf-py's `LlamaFileType` names it
    /// (`15` → `MOSTLY_Q4_K_M`; llama.cpp's `LLAMA_FTYPE_*`), for the types memory answers
    /// price (``StorageType/ggufFileTypes``); `nil` when absent or another type.
    public static func declaredDType(_ metadata: [String: GGUFValue]) -> String? {
        guard let value = metadata["general.file_type"]?.intValue else { return nil }
        return StorageType.ggufFileTypes[value]
    }
}
