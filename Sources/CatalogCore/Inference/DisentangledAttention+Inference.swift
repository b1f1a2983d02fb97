// DeBERTa-v2's disentangled attention: parameters as transformers' `DisentangledSelfAttention`
// and `DebertaV2SelfOutput` hold them (models/deberta_v2/modeling_deberta_v2.py), MACs of the
// eager forward pass, every matrix product in full.

extension Engine {
    /// The parameter terms of ``DisentangledAttention``: `query_proj`, `key_proj`,
    /// `value_proj` (`hidden·A + A` each, `A = heads·head_dim`), `attention.output.dense`
    /// (`A·hidden + hidden`), then without `share_att_key` `pos_key_proj` (c2p) and
    /// `pos_query_proj` (p2c), `hidden·A + A` each.
    static func disentangledParameterTerms(_ a: DisentangledAttention) throws(LayerFault) -> [Int] {
        // A = heads·head_dim, checked here (``DisentangledAttention/allHeadSize`` does not check).
        let all = try product(a.numAttentionHeads, a.headDim)
        let projection = try sum(product(a.hiddenSize, all), all)
        var terms = [projection, projection, projection, try sum(product(all, a.hiddenSize), a.hiddenSize)]
        if !a.shareAttentionKey {
            for _ in a.positionAttentionTypes { terms.append(projection) }
        }
        return terms
    }

    /// The MAC terms over `T` tokens and `R` relative positions: q, k, v projections
    /// (`T·hidden·A` each), QKᵀ and AV (`h·T·T·d` each), the output dense (`T·A·hidden`); the
    /// positions' projections (`R·hidden·A` each: both `query_proj` and `key_proj` with
    /// `share_att_key`, which transformers computes whatever `pos_att_type` says, else one per
    /// type); c2p `h·T·R·d` (queries against position keys) and p2c `h·T·R·d` (keys against
    /// position queries). The gathers that pick each pair's bucket are not MACs.
    static func disentangledMACTerms(_ a: DisentangledAttention, tokens t: Int, positions r: Int) throws(LayerFault) -> [Int] {
        let h = a.numAttentionHeads, d = a.headDim
        let all = try product(h, d)
        var terms = [
            try product(t, a.hiddenSize, all), try product(t, a.hiddenSize, all),
            try product(t, a.hiddenSize, all), try product(h, product(t, t), d), try product(h, product(t, t), d),
            try product(t, all, a.hiddenSize),
        ]
        if a.positionAttentionTypes.isEmpty { return terms }
        let projections = a.shareAttentionKey ? 2 : a.positionAttentionTypes.count
        terms.append(try product(projections, product(r, a.hiddenSize), all))
        for _ in a.positionAttentionTypes { terms.append(try product(h, product(t, r), d)) }
        return terms
    }

    /// Disentangled attention over `(T, hidden)` with the relative table `(R, hidden)`: output
    /// `(T, hidden)`. Parameters and MACs: ``disentangledParameterTerms(_:)``,
    /// ``disentangledMACTerms(_:tokens:positions:)``.
    static func attendDisentangled(_ a: DisentangledAttention, _ inputs: [TensorShape]) throws(LayerFault) -> LayerEvaluation {
        guard inputs.count == 2 else {
            throw .wrongInputCount(expected: "the hidden states and the relative position embeddings", found: inputs.count)
        }
        let t = try sequence(inputs[0], width: a.hiddenSize, what: "hidden_size")
        let r = try sequence(inputs[1], width: a.hiddenSize, what: "hidden_size")
        return LayerEvaluation(
            outputs: [TensorShape([t, a.hiddenSize])], trainable: try total(disentangledParameterTerms(a)),
            macs: try total(disentangledMACTerms(a, tokens: t, positions: r)))
    }

    /// The relative position table: `num_embeddings · hidden_size` parameters, output
    /// `(num_embeddings, hidden_size)` whatever the input's length; 0 MACs.
    static func relativePositions(_ e: RelativePositionEmbedding, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        _ = try sequence(input, width: e.hiddenSize, what: "hidden_size")
        return LayerEvaluation(
            outputs: [TensorShape([e.numEmbeddings, e.hiddenSize])], trainable: try product(e.numEmbeddings, e.hiddenSize))
    }
}
