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
        ("expert_feed_forward_length", "moe_intermediate_size"),
        ("expert_shared_feed_forward_length", "shared_expert_intermediate_size"), ("vocab_size", "vocab_size"),
    ]

    /// The `{arch}.*` keys of ``commonKeys`` whose values are floats (the rope base and the
    /// epsilons). Every other common key is a count: a value of another type there (a STRING
    /// "2", a FLOAT32 2.0) is not read as one.
    static let floatKeys: Set<String> = ["rope.freq_base", "attention.layer_norm_rms_epsilon", "attention.layer_norm_epsilon"]

    /// The keys llama.cpp reads as one value or an array of one value a layer (`get_key_or_arr`
    /// in `src/llama-model-loader.cpp`, for `LLM_KV_FEED_FORWARD_LENGTH`,
    /// `LLM_KV_ATTENTION_HEAD_COUNT`, `LLM_KV_ATTENTION_HEAD_COUNT_KV`).
    static let perLayerKeys: Set<String> = ["feed_forward_length", "attention.head_count", "attention.head_count_kv"]

    /// The `{arch}.*` keys each `model_type` the builder builds from GGUF metadata needs, without
    /// which it would count transformers' defaults instead of the file (a Llama file without
    /// `llama.block_count` became 32 layers). Besides these, every family needs the vocabulary
    /// (`{arch}.vocab_size` or `tokenizer.ggml.tokens`). Keys llama.cpp requires for the family
    /// (`llm_load_hparams` in `src/llama-model.cpp`), and the ones the builder's MoE layers read:
    /// Mixtral's experts are `feed_forward_length` wide; GPT-2's position table is
    /// `context_length` rows.
    static let essentialKeys: [String: [String]] = {
        let dense = ["block_count", "embedding_length", "attention.head_count", "feed_forward_length"]
        let moe = ["block_count", "embedding_length", "attention.head_count", "expert_count", "expert_used_count", "expert_feed_forward_length"]
        var keys: [String: [String]] = [:]
        for type in ["llama", "mistral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3_text", "phi3", "gpt_neox"] { keys[type] = dense }
        keys["gpt2"] = dense + ["context_length"]
        keys["mixtral"] = dense + ["expert_count", "expert_used_count"]
        keys["qwen2_moe"] = moe + ["expert_shared_feed_forward_length"]
        keys["qwen3_moe"] = moe
        return keys
    }()

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
            if !floatKeys.contains(gguf) {
                // A count: a plain integer, or a per-layer array of one value (see countProblem).
                if let number = count(value, perLayer: perLayerKeys.contains(gguf)) { config[key] = .int(number) }
                continue
            }
            switch value {
            case .unsigned, .signed, .float: if let number = value.doubleValue { config[key] = .double(number) }
            default: continue
            }
        }
        if config["vocab_size"] == nil, case .array(_, let count, _)? = metadata["tokenizer.ggml.tokens"] {
            config["vocab_size"] = .int(count)
        }
        // llama.cpp's defaults when the file does not say (`llm_load_hparams`): as many KV heads
        // as heads, and a head of `n_embd / n_head` (transformers' Gemma and Qwen3 classes would
        // default to 16 KV heads, 256 or 128 a head).
        if config["num_key_value_heads"] == nil, let heads = config["num_attention_heads"] { config["num_key_value_heads"] = heads }
        if config["head_dim"] == nil, case .int(let hidden)? = config["hidden_size"], case .int(let heads)? = config["num_attention_heads"],
           heads > 0, hidden % heads == 0 {
            config["head_dim"] = .int(hidden / heads)
        }
        // GPT-2's MLP width is `n_inner` (transformers' GPT2Config; `intermediate_size` is not read).
        if case .string("gpt2")? = config["model_type"], let inner = config["intermediate_size"] { config["n_inner"] = inner }
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

    /// `value` as a count: an integer GGUF type (`UINT8` … `INT64`) whose value fits an `Int`,
    /// or, when `perLayer`, an array of integers all equal (llama.cpp's per-layer form); else `nil`.
    static func count(_ value: GGUFValue, perLayer: Bool) -> Int? {
        switch value {
        case .unsigned, .signed: return value.intValue
        case .array(_, let length, let items?) where perLayer && length > 0:
            let numbers = items.map { item -> Int? in
                switch item {
                case .unsigned, .signed: return item.intValue
                default: return nil
                }
            }
            guard let first = numbers[0], numbers.allSatisfy({ $0 == first }) else { return nil }
            return first
        default: return nil
        }
    }

    /// Why no architecture is built from the file's metadata (it is then read as weights only,
    /// with this as a warning), or `nil` when it can be: the architecture is not one built from
    /// GGUF metadata (``essentialKeys``); a key it needs is absent; a count key (any mapped key
    /// but the rope base and epsilons) is not a plain integer — a STRING `"2"`, a FLOAT32, a
    /// per-layer array whose values differ (one size serves every layer) or whose length is not
    /// the block count; the vocabulary is given nowhere; `attention.value_length` differs from
    /// the key length (the builder gives values the heads' key width).
    ///
    /// The message names the key and what it holds.
    static func countProblem(_ metadata: [String: GGUFValue]) -> String? {
        guard case .string(let arch)? = metadata["general.architecture"] else { return nil }
        var modelType = modelTypes[arch] ?? arch
        if arch == "llama", let experts = metadata["llama.expert_count"]?.intValue, experts != 0 { modelType = "mixtral" }
        guard let essential = essentialKeys[modelType] else {
            let families = Set(essentialKeys.keys.filter { $0 != "mixtral" }.map { type in modelTypes.first { $0.value == type }?.key ?? type }).sorted()
            return "GGUF architecture '\(arch)' is not one catalog builds from GGUF metadata (\(families.joined(separator: ", ")))"
        }
        for key in essential where metadata[arch + "." + key] == nil {
            return "'\(arch).\(key)' is absent (building would count transformers' default instead of the file's value)"
        }
        let blocks = metadata[arch + ".block_count"].flatMap { count($0, perLayer: false) }
        for (gguf, _) in commonKeys + [("rope.dimension_count", ""), ("attention.value_length", "")] where !floatKeys.contains(gguf) {
            let key = arch + "." + gguf
            guard let value = metadata[key] else { continue }
            let perLayer = perLayerKeys.contains(gguf)
            if perLayer, case .array(_, let length, _) = value, let blocks, length != blocks {
                return "'\(key)' is an array of \(length) values a layer but '\(arch).block_count' is \(blocks)"
            }
            if count(value, perLayer: perLayer) == nil {
                let what: String
                switch value {
                case .array where perLayer: what = "per-layer values that differ (\(value.summary)); catalog builds one size for every layer"
                case .unsigned: what = "\(value.summary), beyond 64-bit signed integers"
                case .string(let text): what = "a STRING \"\(text)\", not an integer (llama.cpp reads an integer)"
                default: what = "\(typeName(value)) \(value.summary), not an integer (llama.cpp reads an integer)"
                }
                return "'\(key)' is \(what)"
            }
        }
        if metadata[arch + ".vocab_size"] == nil, metadata["tokenizer.ggml.tokens"] == nil {
            return "neither '\(arch).vocab_size' nor 'tokenizer.ggml.tokens' gives the vocabulary"
        }
        if let values = metadata[arch + ".attention.value_length"].flatMap({ count($0, perLayer: false) }) {
            let keys = metadata[arch + ".attention.key_length"].flatMap { count($0, perLayer: false) }
            let hidden = metadata[arch + ".embedding_length"].flatMap { count($0, perLayer: false) }
            let heads = metadata[arch + ".attention.head_count"].flatMap { count($0, perLayer: true) }
            let width = keys ?? (hidden != nil && heads != nil && heads! > 0 ? hidden! / heads! : nil)
            if let width, width != values {
                return "'\(arch).attention.value_length' is \(values) but the key length is \(width); catalog builds heads whose keys and values have one width"
            }
        }
        return nil
    }

    /// gguf-py's `GGUFValueType` name of `value`'s type family, for messages.
    static func typeName(_ value: GGUFValue) -> String {
        switch value {
        case .unsigned, .signed: return "an integer"
        case .float: return "a FLOAT"
        case .bool: return "a BOOL"
        case .string: return "a STRING"
        case .array(let type, _, _): return "an ARRAY of \(type)"
        }
    }

    /// The shard a file of a split model is (llama.cpp's gguf-split writes `split.count`, the
    /// shards, and `split.no`, this one from 0), as `(number from 1, count)`; `nil` for a whole
    /// file (no `split.count`, or 1). `number` is `nil` when `split.no` is absent or odd.
    static func shard(_ metadata: [String: GGUFValue]) -> (number: Int?, count: Int)? {
        guard let count = metadata["split.count"]?.intValue, count > 1 else { return nil }
        let number = metadata["split.no"]?.intValue.flatMap { $0 >= 0 && $0 < count ? $0 + 1 : nil }
        return (number, count)
    }

    /// Why the file's block count contradicts its tensors, or `nil` when it does not: for an
    /// architecture the transformer builder builds, `{arch}.block_count` (its layers) must be
    /// the number of blocks the tensor names cover, `blk.N.` for N from 0 (llama.cpp's
    /// `LLM_TENSOR_NAMES`; the highest N + 1), so that a file is not built from a count its own
    /// tensors deny (a 434 KB file of 2 blocks saying 4,294,967,295). A shard of a split file
    /// (`split.count` > 1, gguf-split) is never built (``shard(_:)``), so never checked; nor are
    /// files of other architectures, or a count that is not an integer (``countProblem(_:)``):
    /// they are read as weights only, their count unused.
    ///
    /// The message names the key and both numbers.
    static func blockCountProblem(_ metadata: [String: GGUFValue], tensorNames: [String]) -> String? {
        guard case .string(let arch)? = metadata["general.architecture"],
              essentialKeys[modelTypes[arch] ?? arch] != nil,
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
