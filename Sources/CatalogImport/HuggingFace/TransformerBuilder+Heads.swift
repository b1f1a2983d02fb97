import CatalogCore

// Task heads that read one token: their MACs are counted over that one vector, as the class's
// forward pass runs them (docs/HF_CLASSES.md, "Which tokens a head's MACs count").

extension TransformerBuilder {
    /// One token's hidden state, `(T, hidden)` to `(hidden,)`, for a head that reads only it
    /// (transformers' `hidden_states[:, index]`: `RobertaClassificationHead`'s `features[:, 0, :]`,
    /// DistilBERT's `hidden_state[:, 0]`, the EOS state of T5's and BART's sequence classifiers,
    /// GPT-2's `SequenceSummary` on the last token): a `Cropping1D` keeping position `index`
    /// (named `name`) and a `Flatten` (`name_flat`). No parameters, no MACs.
    /// - Parameters:
    ///   - index: the position kept, `0..<tokens`.
    ///   - input: the layer read (the last one added when nil).
    /// - Throws: ``TransformerConfigError`` naming the layer if `index` is outside the sequence.
    static func addTokenSelection(
        _ name: String, index: Int, tokens: Int, input: String? = nil, into g: inout TransformerGraph
    ) throws(TransformerConfigError) {
        guard (0..<tokens).contains(index) else {
            throw TransformerConfigError("layer '\(name)': token \(index) is outside the \(tokens)-token sequence")
        }
        try g.add(name, "Cropping1D", ["cropping": .ints([index, tokens - 1 - index])], inputs: input.map { [$0] })
        try g.add(name + "_flat", "Flatten")
    }
}
