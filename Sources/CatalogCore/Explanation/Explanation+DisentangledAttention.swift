// Explanations of DeBERTa-v2's disentangled attention and relative position table: the same
// formulas as Sources/CatalogCore/Inference/DisentangledAttention+Inference.swift, term by term.

extension Engine {
    static func workDisentangled(_ kind: LayerKind, inputs: [TensorShape], output: TensorShape) -> Worked? {
        func rows(_ shape: TensorShape?) -> Int { shape?.dimensions.first.flatMap { $0 } ?? 0 }
        switch kind {
        case .disentangledAttention(let a):
            let t = Formula(rows(inputs.first)), r = Formula(rows(inputs.dropFirst().first))
            let hidden = Formula(a.hiddenSize), h = Formula(a.numAttentionHeads), d = Formula(a.headDim)
            let all = Formula.product([h, d])
            let projection = Formula.sum([.product([hidden, all]), all])
            var terms = [projection, projection, projection, .sum([.product([all, hidden]), hidden])]
            var what = "query_proj + key_proj + value_proj + output.dense"
            if !a.shareAttentionKey {
                for type in a.positionAttentionTypes {
                    terms.append(projection)
                    what += type == "c2p" ? " + pos_key_proj" : " + pos_query_proj"
                }
            }
            let p = Formula.sum(terms)
            var macTerms: [Formula] = [
                .product([Formula(3), t, hidden, all]), .product([Formula(2), h, t, t, d]), .product([t, all, hidden]),
            ]
            var macWhat = "q, k, v projections + QKᵀ + AV + output.dense"
            if !a.positionAttentionTypes.isEmpty {
                let count = a.shareAttentionKey ? 2 : a.positionAttentionTypes.count
                macTerms.append(.product([Formula(count), r, hidden, all]))
                macTerms.append(.product([Formula(a.positionAttentionTypes.count), h, t, r, d]))
                macWhat += " + the relative positions' projections + "
                    + a.positionAttentionTypes.joined(separator: " and ") + " scores (tokens · positions)"
            }
            let macs = Formula.sum(macTerms)
            var notes = ["\(a.numAttentionHeads) heads of head_dim \(a.headDim); relative terms: "
                + (a.positionAttentionTypes.isEmpty ? "none" : a.positionAttentionTypes.joined(separator: ", "))]
            if a.shareAttentionKey, !a.positionAttentionTypes.isEmpty {
                notes.append("share_att_key: the positions go through query_proj and key_proj (no parameters of their own)")
            }
            return Worked(
                parameters: p.parameters(what), parameterCount: p.value, output: "output \(output)",
                macs: macs.macs(macWhat), macCount: macs.value, notes: notes)
        case .relativePositionEmbedding(let e):
            let p = Formula.product([Formula(e.numEmbeddings), Formula(e.hiddenSize)])
            return .uncounted(
                p, "2 · span relative positions · hidden_size",
                output: "output \(output): the whole table, read by every layer's attention", macsWhy: "a table, not counted")
        default:
            return nil
        }
    }
}
