/// The modules of a weights-only architecture (a bare safetensors, GGUF or PyTorch file): the
/// tensors grouped by their names' prefixes, with exact parameter counts.
///
/// A module is the name before the last `.` (`features.0.weight` → `features.0`); tensors
/// without a dot form a module of their own name. Buffers (``Tensor/isBuffer``: BatchNorm's
/// `running_mean`, `running_var`, `num_batches_tracked`, a checkpoint's optimizer state) are
/// non-trainable; every other stored element is trainable; tensors with an
/// ``Tensor/uncountedReason`` (a storage already counted) are left out. Output shapes and MACs
/// are unknown: there is no graph to follow.
public struct StoredModule: Hashable, Sendable {
    /// The prefix shared by its tensors (`model.layers.0.self_attn.q_proj`).
    public var name: String
    /// The module type when the tensors' names and ranks leave no doubt (`Linear`,
    /// `Conv2d`, `BatchNorm`, `Embedding`, `RMSNorm`/`LayerNorm`-like `Norm`), else `Weights`.
    public var type: String
    /// The tensors' last name components, in order (`weight`, `bias`).
    public var tensorNames: [String]
    /// Trainable elements (every counted non-buffer element).
    public var trainableParameters: Int
    /// Non-trainable elements (buffers).
    public var nonTrainableParameters: Int

    /// Groups `tensors` into modules in order of first appearance.
    /// - Returns: one module per distinct prefix; counts use overflow-checked sums (a sum past
    ///   `Int.max` saturates, which no real file approaches).
    public static func modules(of tensors: [Tensor]) -> [StoredModule] {
        var order: [String] = []
        var grouped: [String: [Tensor]] = [:]
        for tensor in tensors {
            let module = tensor.layer ?? tensor.name
            if grouped[module] == nil { order.append(module) }
            grouped[module, default: []].append(tensor)
        }
        return order.map { name in
            let members = grouped[name]!
            var trainable = 0
            var nonTrainable = 0
            for tensor in members where tensor.uncountedReason == nil {
                if tensor.isBuffer { nonTrainable = add(nonTrainable, tensor.elements) } else { trainable = add(trainable, tensor.elements) }
            }
            // A tensor that is its own module (no dot, or linked to its own name) keeps its name.
            let leaves = members.map { tensor in
                tensor.layer.flatMap { layer in layer == tensor.name ? nil : String(tensor.name.dropFirst(layer.count + 1)) } ?? tensor.name
            }
            return StoredModule(
                name: name, type: type(of: name, members: members, leaves: leaves), tensorNames: leaves,
                trainableParameters: trainable, nonTrainableParameters: nonTrainable)
        }
    }

    private static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    /// The type, only where unambiguous: BatchNorm by its running statistics (PyTorch's
    /// `_BatchNorm` buffers); Conv1d/2d/3d by a weight of rank 3/4/5 (PyTorch's `ConvNd`
    /// weight is (out, in/groups, *kernel)); Embedding by the conventional names
    /// (`embed_tokens`, `wte`, `wpe`, `word_embeddings`, `token_embd`); a norm by a rank-1
    /// weight in a module whose name says `norm` or `ln`; Linear (`nn.Linear`'s weight is
    /// (out_features, in_features)) for a rank-2 weight with a bias, or without one when the
    /// name says projection (`q_proj`, `lm_head`, `attn_q`, `ffn_up`, …); a bias-less rank-2
    /// weight otherwise could be an embedding or a linear layer and stays `Weights`.
    static func type(of name: String, members: [Tensor], leaves: [String]) -> String {
        let leafSet = Set(leaves)
        if leafSet.contains("running_mean") && leafSet.contains("running_var") { return "BatchNorm" }
        guard let weight = zip(leaves, members).first(where: { $0.0 == "weight" })?.1 else { return "Weights" }
        let last = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
        let linearNames = ["proj", "lm_head", "fc", "linear", "dense", "attn_", "ffn_", "output", "query", "key", "value", "gate", "up", "down", "classifier", "head"]
        let embeddingNames = ["embed_tokens", "wte", "wpe", "word_embeddings", "position_embeddings", "token_type_embeddings", "token_embd", "embeddings", "embed", "tok_embeddings"]
        // GGUF stores quantized 2-D weights in blocks along rows: ranks are the same as torch's.
        switch weight.shape.count {
        case 1 where last.contains("norm") || last.hasPrefix("ln") || last == "layernorm":
            return "Norm"
        case 2 where embeddingNames.contains(last):
            return "Embedding"
        case 2 where leafSet == ["weight", "bias"]:
            return "Linear"
        case 2 where leafSet == ["weight"] && linearNames.contains(where: { last.contains($0) }):
            return "Linear"
        case 3 where leafSet.isSubset(of: ["weight", "bias"]): return "Conv1d"
        case 4 where leafSet.isSubset(of: ["weight", "bias"]): return "Conv2d"
        case 5 where leafSet.isSubset(of: ["weight", "bias"]): return "Conv3d"
        default: return "Weights"
        }
    }
}
