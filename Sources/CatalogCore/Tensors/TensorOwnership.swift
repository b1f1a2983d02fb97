/// Which layer of a built architecture owns each stored tensor: the link from a checkpoint's
/// tensor names (`model.layers.0.self_attn.q_proj.weight`, `h.0.attn.c_attn.weight`,
/// `blk.0.attn_q.weight`) to the layers the Hugging Face builder names after transformers'
/// modules (`model.layers.0.self_attn`, `transformer.h.0.attn`).
///
/// A tensor belongs to the layer whose name is the longest dotted prefix of the tensor's name
/// (`model.layers.0.self_attn.q_proj.weight` → `model.layers.0.self_attn`: the builder's
/// attention layer holds q_proj, k_proj, v_proj and o_proj). Where the builder's layer stands for
/// several of transformers' modules, or the file spells the path differently, the name is
/// rewritten by the rules below and matched again; the rules are the module layouts of the
/// transformers sources named beside each one, and GGUF's names are llama.cpp's
/// (`gguf-py/gguf/constants.py`, `TENSOR_NAMES`; their Hugging Face counterparts in
/// `gguf-py/gguf/tensor_mapping.py`). A tensor no rule places is left unlinked (`nil`), never
/// guessed: its elements still count in the totals.
public enum TensorOwnership {
    /// The owning layer of each tensor, in the order of `tensorNames`.
    /// - Parameters:
    ///   - tensorNames: the names as the file stores them.
    ///   - layerNames: the architecture's layer names.
    /// - Returns: one layer name (an element of `layerNames`) or `nil` per tensor.
    public static func owners(of tensorNames: [String], layerNames: [String]) -> [String?] {
        let layers = LayerNames(layerNames)
        // Top-level names of the layers (`model`, `transformer`, `bert`), for files written
        // without their head class's prefix (the published gpt2 checkpoint's `h.0.attn…`).
        var roots: [String] = []
        for name in layerNames {
            let root: String
            if isASCII(name) {
                guard let dot = name.utf8.firstIndex(of: UInt8(ascii: ".")) else { continue }
                root = String(name[..<dot])
            } else {
                guard let dot = name.firstIndex(of: ".") else { continue }
                root = String(name[..<dot])
            }
            if !roots.contains(root) { roots.append(root) }
        }
        return tensorNames.map { owner(of: $0, layers: layers, roots: roots) }
    }

    /// The layer names, with what rules a candidate out before its prefixes are looked up
    /// (for ``directOwner(of:layers:)``, when every name is ASCII): the layers' first
    /// components (every prefix of a candidate starts with the candidate's) and their lengths
    /// in bytes.
    struct LayerNames {
        /// The names.
        let names: Set<String>
        /// Whether every name is ASCII (else the other properties are empty).
        let ascii: Bool
        /// Each name's text before its first dot (or the whole name).
        let firstComponents: Set<String>
        /// `lengths[n]`: whether a name has `n` bytes.
        let lengths: [Bool]

        init(_ layerNames: [String]) {
            names = Set(layerNames)
            var firsts = Set<String>()
            var lengths: [Bool] = []
            var ascii = true
            for name in names {
                guard isASCII(name) else {
                    ascii = false
                    break
                }
                firsts.insert(firstComponent(name))
                let length = name.utf8.count
                if length >= lengths.count { lengths += Array(repeating: false, count: length - lengths.count + 1) }
                lengths[length] = true
            }
            self.ascii = ascii
            firstComponents = ascii ? firsts : []
            self.lengths = ascii ? lengths : []
        }

        /// Whether a name may have `length` bytes.
        func mayHave(length: Int) -> Bool {
            length < lengths.count && lengths[length]
        }
    }

    /// The owner of one tensor: the first candidate name (the tensor's own, then the rewritten
    /// ones, then with a root prefix added or the first component removed) that has a layer as
    /// a prefix.
    static func owner(of tensorName: String, layers layerNames: LayerNames, roots: [String]) -> String? {
        if let layer = directOwner(of: tensorName, layers: layerNames) { return layer }
        let layers = layerNames.names
        let components = tensorName.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var candidates = [components]
        candidates += ggufCandidates(components)
        // The candidates so far come first in the list the rules extend, so the first of them
        // that has a layer is the answer the full search below gives; most tensors stop here
        // (rewriting every name by every rule cost 55,000 instructions a tensor for a
        // Llama-3-8B checkpoint, 220,000 for its GGUF: BENCHMARKS.md section 6).
        for candidate in candidates {
            if let layer = longestLayerPrefix(candidate, layers: layers, minimumCount: 1) { return layer }
        }
        for rule in rules {
            for candidate in candidates {
                if let rewritten = rule(candidate), !candidates.contains(rewritten) { candidates.append(rewritten) }
            }
        }
        for candidate in candidates {
            if let layer = longestLayerPrefix(candidate, layers: layers, minimumCount: 1) { return layer }
        }
        for candidate in candidates {
            for root in roots where candidate.first != root {
                // The root alone (an input layer named `input_ids`) is not a match.
                if let layer = longestLayerPrefix([root] + candidate, layers: layers, minimumCount: 2) { return layer }
            }
            if candidate.count > 2, let layer = longestLayerPrefix(Array(candidate.dropFirst()), layers: layers, minimumCount: 1) {
                return layer
            }
        }
        return nil
    }

    /// The answer of ``owner(of:layers:roots:)``'s first search (the tensor's own name, then its
    /// GGUF spellings, each with the longest layer prefix) for an ASCII name, from the joined
    /// names alone: in ASCII the components are the runs between dots, so the candidates are
    /// built as text and their prefixes end at dots. `nil` when none has a layer (or the name
    /// is not ASCII): the caller then searches as before. Splitting every name into component
    /// strings cost 30,000–49,000 instructions a tensor (BENCHMARKS.md section 6).
    static func directOwner(of tensorName: String, layers: LayerNames) -> String? {
        guard layers.ascii, isASCII(tensorName) else { return nil }
        let bytes = tensorName.utf8
        let dot = UInt8(ascii: ".")
        let firstDot = bytes.firstIndex(of: dot)
        let first = String(tensorName[..<(firstDot ?? bytes.endIndex)])
        if layers.firstComponents.contains(first), let layer = longestLayerPrefix(tensorName, layers: layers) { return layer }
        guard let firstDot else { return nil }
        let afterFirst = bytes.index(after: firstDot)
        if first == "blk", let secondDot = bytes[afterFirst...].firstIndex(of: dot) {
            // `blk.N.role…`: three components or more.
            let number = tensorName[afterFirst..<secondDot]
            // ASCII digits (``isNumber(_:)`` on ASCII text).
            if afterFirst < secondDot, bytes[afterFirst..<secondDot].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                let rest = tensorName[bytes.index(after: secondDot)...]
                let role = rest.utf8.firstIndex(of: dot).map { String(rest[..<$0]) } ?? String(rest)
                let modules = ggufBlockModules(role: role)
                for (block, blockFirst) in zip(ggufBlocks, ggufBlockFirsts) where layers.firstComponents.contains(blockFirst) {
                    for module in modules {
                        var candidate = block
                        candidate.reserveCapacity(block.utf8.count + number.utf8.count + module.utf8.count + rest.utf8.count + 3)
                        candidate.append(".")
                        candidate.append(contentsOf: number)
                        candidate.append(".")
                        candidate.append(module)
                        candidate.append(".")
                        candidate.append(contentsOf: rest)
                        if let layer = longestLayerPrefix(candidate, layers: layers) { return layer }
                    }
                }
                return nil
            }
        }
        if let modules = ggufModelModules[first] {
            for module in modules where layers.firstComponents.contains(firstComponent(module)) {
                if let layer = longestLayerPrefix(module + "." + tensorName, layers: layers) { return layer }
            }
        }
        return nil
    }

    /// The text of the ASCII `name` before its first dot (or all of it).
    static func firstComponent(_ name: String) -> String {
        String(name[..<(name.utf8.firstIndex(of: UInt8(ascii: ".")) ?? name.utf8.endIndex)])
    }

    /// ``ggufBlocks``' first components.
    static let ggufBlockFirsts = ggufBlocks.map { firstComponent($0) }

    /// The longest prefix of the ASCII `name` that ends at a dot or at its end and names a
    /// layer (``longestLayerPrefix(_:layers:minimumCount:)`` with `minimumCount` 1 on its
    /// components); lengths no layer has are not looked up.
    private static func longestLayerPrefix(_ name: String, layers: LayerNames) -> String? {
        let bytes = name.utf8
        if layers.mayHave(length: bytes.count), layers.names.contains(name) { return name }
        var end = bytes.endIndex
        while let dot = bytes[..<end].lastIndex(of: UInt8(ascii: ".")) {
            if layers.mayHave(length: bytes.distance(from: bytes.startIndex, to: dot)) {
                let prefix = String(name[..<dot])
                if layers.names.contains(prefix) { return prefix }
            }
            end = dot
        }
        return nil
    }

    /// The longest prefix of `components` (at least `minimumCount` of them) that names a layer.
    private static func longestLayerPrefix(_ components: [String], layers: Set<String>, minimumCount: Int) -> String? {
        // The prefix of `count` components, joined, is the joined name's first `length` UTF-8
        // bytes: the components' lengths and a dot between each two.
        let joined = components.joined(separator: ".")
        var length = joined.utf8.count
        var count = components.count
        while count >= minimumCount && count > 0 {
            let prefix = String(decoding: joined.utf8.prefix(length), as: UTF8.self)
            if layers.contains(prefix) { return prefix }
            count -= 1
            length -= components[count].utf8.count + 1
        }
        return nil
    }

    // MARK: - Hugging Face module layouts

    /// Rewrites of a tensor's name components, each returning `nil` where it does not apply.
    static let rules: [@Sendable ([String]) -> [String]?] = [
        // BERT, RoBERTa, ELECTRA (`modeling_bert.py`): `layer.N.output.dense` is BertOutput's
        // dense, the feed-forward's second matrix, which the builder's `intermediate` layer holds.
        { c in
            guard let i = c.indices.dropLast(3).first(where: {
                c[$0] == "layer" && isNumber(c[$0 + 1]) && c[$0 + 2] == "output" && c[$0 + 3] == "dense"
            }) else { return nil }
            return Array(c[...(i + 1)]) + ["intermediate"] + Array(c[(i + 4)...])
        },
        // BART, OPT, Whisper (`fc1`, `fc2`), ALBERT (`ffn`, `ffn_output`): one feed-forward layer.
        { c in replacing(c) { $0.count > 2 && $0.hasPrefix("fc") && isNumber(String($0.dropFirst(2))) ? "fc" : nil } },
        { c in replacing(c) { $0 == "ffn_output" ? "ffn" : nil } },
        // ViT (`modeling_vit.py`: `vit.encoder.layer.N`), which the builder names `vit.layers.N`.
        { c in
            guard let i = c.indices.dropLast(2).first(where: { c[$0] == "encoder" && c[$0 + 1] == "layer" && isNumber(c[$0 + 2]) })
            else { return nil }
            return Array(c[..<i]) + ["layers"] + Array(c[(i + 2)...])
        },
        // DistilBERT's masked-LM head (`modeling_distilbert.py`).
        { c in
            let names = ["vocab_transform": "vocab_dense", "vocab_layer_norm": "vocab_LayerNorm", "vocab_projector": "vocab_decoder"]
            guard let first = c.first, let name = names[first] else { return nil }
            return [name] + c.dropFirst()
        },
        // BERT's and ALBERT's LM head: `predictions.decoder` and the head's `predictions.bias`.
        { c in
            guard let i = c.firstIndex(of: "predictions"), i + 1 < c.count else { return nil }
            if c[i + 1] == "decoder" { return Array(c[...i]) + ["transform"] + Array(c[(i + 1)...]) }
            if c[i + 1] == "bias", i + 2 == c.count { return Array(c[...i]) + ["transform", "decoder", "bias"] }
            return nil
        },
        // A head's bias kept beside its decoder (RoBERTa's `lm_head.bias`, ALBERT's
        // `predictions.bias`): the decoder's.
        { c in c.count > 1 && c.last == "bias" ? Array(c.dropLast()) + ["decoder", "bias"] : nil },
        // Mixtral (`modeling_mixtral.py`): transformers 5 names the sparse MoE block `mlp`,
        // earlier versions and the published checkpoints `block_sparse_moe`.
        { c in replacing(c) { $0 == "mlp" ? "block_sparse_moe" : nil } },
        // RoBERTa's LM head `layer_norm` (`modeling_roberta.py`), the builder's `LayerNorm`.
        { c in replacing(c) { $0 == "layer_norm" ? "LayerNorm" : nil } },
        // GPT-NeoX's head: `lm_head` in transformers 5, `embed_out` in the published checkpoints.
        { c in c.first == "lm_head" ? ["embed_out"] + c.dropFirst() : nil },
        // BART's `final_logits_bias` (a buffer added to the LM head's logits).
        { c in c == ["final_logits_bias"] ? ["lm_head", "final_logits_bias"] : nil },
    ]

    private static func replacing(_ components: [String], _ change: (String) -> String?) -> [String]? {
        var changed = false
        let result = components.map { component -> String in
            guard let replacement = change(component) else { return component }
            changed = true
            return replacement
        }
        return changed ? result : nil
    }

    private static func isNumber(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0 >= "0" && $0 <= "9" }
    }

    // MARK: - GGUF names

    /// llama.cpp's block prefixes and module roles, as transformers names them
    /// (`gguf-py/gguf/tensor_mapping.py`): `blk.N.attn_q` is Llama's `model.layers.N.self_attn.q_proj`,
    /// GPT-2's `transformer.h.N.attn.c_attn`, GPT-NeoX's `gpt_neox.layers.N.attention.query_key_value`.
    static let ggufBlocks = ["model.layers", "transformer.h", "gpt_neox.layers"]
    /// ``ggufBlocks`` split into their components once (split for every tensor, they cost
    /// 70,000 instructions a GGUF tensor: BENCHMARKS.md section 6).
    static let ggufBlockComponents = ggufBlocks.map { $0.split(separator: ".").map(String.init) }

    /// The Hugging Face modules a GGUF block tensor's role may belong to, tried in order.
    static func ggufBlockModules(role: String) -> [String] {
        switch role {
        case "attn_norm": return ["input_layernorm", "ln_1"]
        case "post_attention_norm": return ["post_attention_layernorm"]
        // Gemma 2/3 have a norm before the feed-forward besides the one after attention.
        case "ffn_norm": return ["pre_feedforward_layernorm", "post_attention_layernorm", "ln_2"]
        case "post_ffw_norm": return ["post_feedforward_layernorm"]
        case _ where role.hasPrefix("attn_"): return ["self_attn", "attn", "attention"]
        case _ where role.hasPrefix("ffn_"): return ["mlp", "block_sparse_moe"]
        default: return []
        }
    }

    /// The model-level GGUF tensors' Hugging Face modules.
    static let ggufModelModules: [String: [String]] = [
        "token_embd": ["model.embed_tokens", "transformer.wte", "gpt_neox.embed_in"],
        "position_embd": ["transformer.wpe"],
        "output_norm": ["model.norm", "transformer.ln_f", "gpt_neox.final_layer_norm", "model.final_layernorm"],
        "output": ["lm_head", "embed_out"],
    ]
    /// ``ggufModelModules`` with each module split into its components once.
    static let ggufModelModuleComponents = ggufModelModules.mapValues { $0.map { $0.split(separator: ".").map(String.init) } }

    /// The Hugging Face spellings of a GGUF tensor name (`blk.0.attn_q.weight` →
    /// `model.layers.0.self_attn.attn_q.weight`, …), or none for other names.
    static func ggufCandidates(_ c: [String]) -> [[String]] {
        if c.count >= 3, c[0] == "blk", isNumber(c[1]) {
            let rest = Array(c[2...])
            let modules = ggufBlockModules(role: c[2])
            return ggufBlockComponents.flatMap { block in
                modules.map { module in block + [c[1], module] + rest }
            }
        }
        if c.count >= 2, let modules = ggufModelModuleComponents[c[0]] {
            return modules.map { $0 + c }
        }
        return []
    }
}
