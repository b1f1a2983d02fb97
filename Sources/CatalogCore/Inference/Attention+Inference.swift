extension Engine {
    /// MultiHeadAttention on `[query, value]` or `[query, value, key]` (key defaults to value).
    ///
    /// With `h` heads, key size `k`, value size `v`, query/key/value widths `d_q`, `d_k`, `d_v`
    /// and output width `d_o` (`output_shape`, default `d_q`): parameters
    /// `h·k·(d_q + d_k) + h·v·d_v + h·v·d_o` plus biases `2·h·k + h·v + d_o` (the four
    /// EinsumDense projections of Keras' MultiHeadAttention). Output `(…query steps, d_o)`.
    /// MACs with `T_q`, `T_k` positions: the projections `T_q·d_q·h·k + T_k·d_k·h·k + T_k·d_v·h·v`,
    /// the scores `h·T_q·T_k·k`, the weighted values `h·T_q·T_k·v`, and the output `T_q·h·v·d_o`.
    static func attendMultiHead(_ mha: MultiHeadAttention, _ inputs: [TensorShape]) throws(LayerFault) -> LayerEvaluation {
        guard inputs.count == 2 || inputs.count == 3 else {
            throw .wrongInputCount(expected: "query and value (and optionally key)", found: inputs.count)
        }
        let query = inputs[0], value = inputs[1], key = inputs.count == 3 ? inputs[2] : inputs[1]
        for shape in [query, value, key] where shape.rank < 2 {
            throw .wrongRank(expected: "inputs of rank ≥ 2 (steps…, features)", found: shape)
        }
        guard let dq = query.dimensions.last!, let dv = value.dimensions.last!, let dk = key.dimensions.last! else {
            throw .unknownDimension("feature axis", query)
        }
        let h = mha.numHeads, k = mha.keyDim, v = mha.valueDim
        let outputDims = mha.outputShape ?? [dq]
        let dOut = try product(outputDims)
        var parameters = try sum(product(h, k, dq), product(h, k, dk), product(h, v, dv), product(h, v, dOut))
        if mha.useBias { parameters = try sum(parameters, product(2, h, k), product(h, v), dOut) }
        let tq = try knownProduct(Array(query.dimensions.dropLast()))
        let tk = try knownProduct(Array(key.dimensions.dropLast()))
        let macs = try sum(
            product(tq, dq, h, k), product(tk, dk, h, k), product(tk, dv, h, v),
            product(h, tq, tk, k), product(h, tq, tk, v), product(tq, h, v, dOut))
        return LayerEvaluation(
            outputs: [TensorShape(query.dimensions.dropLast() + outputDims.map { $0 })],
            trainable: parameters, macs: macs)
    }

    /// Attention (dot-product, Luong) and AdditiveAttention (Bahdanau) on `[query, value(, key)]`:
    /// output `(T_q, d_v)`. Parameters: Attention 1 scalar with `use_scale` and 1 with
    /// `score_mode: "concat"`; AdditiveAttention a `d`-vector with `use_scale` (Keras docs).
    /// MACs `T_q·T_k·d + T_q·T_k·d_v`.
    static func attend(_ attention: AttentionLayer, _ inputs: [TensorShape]) throws(LayerFault) -> LayerEvaluation {
        guard inputs.count == 2 || inputs.count == 3 else {
            throw .wrongInputCount(expected: "[query, value] or [query, value, key]", found: inputs.count)
        }
        let query = inputs[0], value = inputs[1], key = inputs.count == 3 ? inputs[2] : inputs[1]
        guard query.rank >= 2, value.rank >= 2 else {
            throw .wrongRank(expected: "inputs (steps, features)", found: query)
        }
        guard let d = query.dimensions.last!, let dv = value.dimensions.last! else {
            throw .unknownDimension("feature axis", query)
        }
        var parameters = 0
        if attention.additive {
            parameters = attention.useScale ? d : 0
        } else {
            parameters = (attention.useScale ? 1 : 0) + (attention.concatScore ? 1 : 0)
        }
        let tq = try knownProduct(Array(query.dimensions.dropLast()))
        let tk = try knownProduct(Array(key.dimensions.dropLast()))
        let macs = try sum(product(tq, tk, d), product(tq, tk, dv))
        return LayerEvaluation(
            outputs: [TensorShape(query.dimensions.dropLast() + [dv])], trainable: parameters, macs: macs)
    }

    /// Dot of two inputs along `axes`: output = first shape without its axis followed by the
    /// second without its axis, `(1,)` when nothing is left (Keras Dot). Sizes on the axes must
    /// match. MACs: output elements × the contracted size.
    static func dotProduct(axes: [Int], _ inputs: [TensorShape]) throws(LayerFault) -> LayerEvaluation {
        guard inputs.count == 2 else { throw .wrongInputCount(expected: "exactly two inputs", found: inputs.count) }
        let a = inputs[0], b = inputs[1]
        guard let axisA = a.normalizedAxis(axes[0]) else { throw .invalidAxis(axes[0], a) }
        guard let axisB = b.normalizedAxis(axes[1]) else { throw .invalidAxis(axes[1], b) }
        if let x = a.dimensions[axisA], let y = b.dimensions[axisB], x != y {
            throw .incompatibleShapes(inputs, reason: "dot axes have sizes \(x) and \(y)")
        }
        var dims = a.dimensions
        dims.remove(at: axisA)
        var rest = b.dimensions
        rest.remove(at: axisB)
        dims += rest
        if dims.isEmpty { dims = [1] }
        let output = TensorShape(dims)
        let macs = try product(knownProduct(dims), a.dimensions[axisA] ?? 1)
        return LayerEvaluation(outputs: [output], macs: macs)
    }
}
