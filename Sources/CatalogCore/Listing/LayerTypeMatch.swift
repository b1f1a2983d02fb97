/// Which stored layer types a `--has-layer` word finds: the names a user would give a layer
/// family in Keras, PyTorch or Hugging Face terms, not only the spelling one file format stores.
///
/// A stored layer keeps its file's type name (`Dense` from Keras, `Linear` from a native file with
/// torch.nn modules, `TransformerAttention` from a Hugging Face config, `Conv` from ONNX), so a
/// word matches (case-insensitively):
/// - the word itself;
/// - every name the engine reads as the same layer (``LayerKind/isKnownType(_:)``'s aliases):
///   `Dense` ↔ `Linear`, `BatchNormalization` ↔ `BatchNorm1d/2d/3d`, `LayerNormalization` ↔
///   `LayerNorm`, `Concatenate` ↔ `Concat`, `RMSNorm` ↔ `RMSNormalization`;
/// - for an attention word, its family (``multiHeadAttention``, ``attention``).
public enum LayerTypeMatch {
    /// Multi-head (scaled dot-product) attention however a format names it: Keras'
    /// `MultiHeadAttention` and `GroupedQueryAttention`, PyTorch's `nn.MultiheadAttention`, the
    /// Hugging Face decoder and encoder blocks (`TransformerAttention`, DeepSeek's
    /// `MultiLatentAttention`, DeBERTa's `DisentangledAttention`), and onnxruntime's contrib
    /// operators `MultiHeadAttention` and `GroupQueryAttention`.
    public static let multiHeadAttention: [String] = [
        "MultiHeadAttention", "GroupedQueryAttention", "TransformerAttention", "MultiLatentAttention",
        "DisentangledAttention", "GroupQueryAttention",
    ]

    /// Every attention layer: ``multiHeadAttention`` plus Keras' single-head `Attention` (Luong)
    /// and `AdditiveAttention` (Bahdanau), and the ONNX `Attention` operator.
    public static let attention: [String] = multiHeadAttention + ["Attention", "AdditiveAttention"]

    /// The lower-cased stored type names that `word` matches (see the type's summary); at least
    /// `word` itself, lower-cased.
    public static func storedTypes(matching word: String) -> [String] {
        let key = word.lowercased()
        var names: [String] = [key]
        func add(_ more: [String]) {
            for name in more.map({ $0.lowercased() }) where !names.contains(name) { names.append(name) }
        }
        if key == "attention" {
            add(attention)
        } else if multiHeadAttention.contains(where: { $0.lowercased() == key }) {
            add(multiHeadAttention)
        }
        add(LayerKind.typeAliases(of: word))
        return names
    }
}
