extension Engine {
    /// One call of a ``ModuleLayer``. Shapes exclude the batch axis; every formula below cites
    /// the module's source or documentation.
    /// - Throws: ``LayerFault`` for an input the module cannot take (wrong rank, a size that
    ///   disagrees with the constructor's `in_channels`/`in_features`, unknown dimensions).
    static func evaluateModule(
        _ module: ModuleLayer, _ inputs: [TensorShape], framework: Framework
    ) throws(LayerFault) -> LayerEvaluation {
        guard let input = inputs.first else { throw .wrongInputCount(expected: "at least one input", found: 0) }
        switch module {
        case .layerScale(let dim):
            // Keras 3 convnext.py LayerScale: gamma of shape (projection_dim,), x * gamma.
            guard let last = input.dimensions.last else { throw .wrongRank(expected: "at least one axis", found: input) }
            if let last, last != dim {
                throw .sizeMismatch(key: "projection_dim", given: dim, actual: last, what: "the last axis of input \(input)")
            }
            return LayerEvaluation(outputs: [input], trainable: dim)
        case .scaledSum:
            // inputs[0] + inputs[1] * scale: Keras' element-wise broadcast, no weights.
            guard inputs.count == 2 else { throw .wrongInputCount(expected: "two inputs", found: inputs.count) }
            return try merge(.add, inputs)
        case .checked(let inner, let key, let axes, let sizes):
            for (axis, size) in zip(axes, sizes) {
                guard let resolved = input.normalizedAxis(axis) else { throw .invalidAxis(axis, input) }
                guard let actual = input.dimensions[resolved] else {
                    throw .unknownDimension("axis \(resolved + 1)", input)
                }
                guard actual == size else {
                    throw .sizeMismatch(key: key, given: size, actual: actual, what: "axis \(resolved + 1) of input \(input)")
                }
            }
            return try evaluate(inner, inputs: inputs, framework: framework)
        case .torchRecurrent(let layer): return try torchRecur(layer, input)
        case .torchMultiheadAttention(let mha): return try torchAttend(mha, inputs)
        case .torchTransformerLayer(let layer): return try torchTransformer(layer, inputs)
        case .bilinear(let in1, let in2, let out, let bias):
            // PyTorch Bilinear: weight (out, in1, in2), bias (out).
            guard inputs.count == 2 else { throw .wrongInputCount(expected: "two inputs", found: inputs.count) }
            for (shape, (key, size)) in zip(inputs, [("in1_features", in1), ("in2_features", in2)]) {
                guard let last = shape.dimensions.last else { throw .wrongRank(expected: "at least one axis", found: shape) }
                guard let last else { throw .unknownDimension("last axis", shape) }
                guard last == size else {
                    throw .sizeMismatch(key: key, given: size, actual: last, what: "the last axis of input \(shape)")
                }
            }
            var output = input
            output.dimensions[output.rank - 1] = out
            let weights = try product(out, in1, in2)
            let positions = try knownProduct(Array(input.dimensions.dropLast()))
            return LayerEvaluation(
                outputs: [output], trainable: try sum(weights, bias ? out : 0),
                macs: try product(positions, weights))
        case .embeddingBag(let count, let dim):
            // PyTorch EmbeddingBag: weight (num_embeddings, embedding_dim); (bag,) -> (dim,).
            guard input.rank == 1 else {
                throw .wrongRank(expected: "a rank-1 input (indices per bag) without batch", found: input)
            }
            return LayerEvaluation(outputs: [TensorShape([dim])], trainable: try product(count, dim))
        case .flattenRange(let start, let end):
            guard let first = input.normalizedAxis(start) else { throw .invalidAxis(start, input) }
            guard let last = input.normalizedAxis(end), last >= first else { throw .invalidAxis(end, input) }
            var merged: Int? = 1
            for dimension in input.dimensions[first...last] {
                guard let size = dimension, let soFar = merged else { merged = nil; continue }
                merged = try product(soFar, size)
            }
            let dims = Array(input.dimensions[..<first]) + [merged] + Array(input.dimensions[(last + 1)...])
            return LayerEvaluation(outputs: [TensorShape(dims)])
        case .unflatten(let axis, let sizes):
            guard let resolved = input.normalizedAxis(axis) else { throw .invalidAxis(axis, input) }
            var dims = sizes.map { Optional($0) }
            let known = try product(sizes.filter { $0 != -1 })
            if let size = input.dimensions[resolved] {
                if let free = sizes.firstIndex(of: -1) {
                    guard known > 0, size % known == 0 else {
                        throw .other("unflattened_size \(sizes) does not divide axis \(resolved + 1) of input \(input)")
                    }
                    dims[free] = size / known
                } else if known != size {
                    throw .sizeMismatch(key: "unflattened_size", given: known, actual: size, what: "axis \(resolved + 1) of input \(input)")
                }
            } else if let free = sizes.firstIndex(of: -1) {
                dims[free] = nil
            }
            let result = Array(input.dimensions[..<resolved]) + dims + Array(input.dimensions[(resolved + 1)...])
            return LayerEvaluation(outputs: [TensorShape(result)])
        case .upsample(let scale, let size):
            // PyTorch Upsample on (C, spatial...): out = floor(in * scale_factor), or size.
            guard input.rank >= 2 else { throw .wrongRank(expected: "(channels, spatial...) without batch", found: input) }
            let spatial = input.rank - 1
            var dims = [input.dimensions[0]]
            for axis in 0..<spatial {
                if let size {
                    guard size.count == 1 || size.count == spatial else {
                        throw .other("size has \(size.count) values for \(spatial) spatial axes of input \(input)")
                    }
                    dims.append(size.count == 1 ? size[0] : size[axis])
                } else if let scale {
                    guard scale.count == 1 || scale.count == spatial else {
                        throw .other("scale_factor has \(scale.count) values for \(spatial) spatial axes of input \(input)")
                    }
                    let factor = scale.count == 1 ? scale[0] : scale[axis]
                    guard let length = input.dimensions[axis + 1] else { dims.append(nil); continue }
                    dims.append(try scaledLength(length, by: factor, axis: axis + 2, input: input))
                }
            }
            return LayerEvaluation(outputs: [TensorShape(dims)])
        case .pixelShuffle(let factor):
            // PyTorch PixelShuffle: (C·r², H, W) -> (C, H·r, W·r); PixelUnshuffle the inverse.
            guard input.rank == 3 else { throw .wrongRank(expected: "a rank-3 input (C, H, W) without batch", found: input) }
            let r = abs(factor)
            let square = try product(r, r)
            guard let c = input.dimensions[0] else { throw .unknownDimension("channel axis", input) }
            if factor > 0 {
                guard c % square == 0 else {
                    throw .other("channels \(c) are not divisible by upscale_factor² = \(square)")
                }
                let height = try input.dimensions[1].map { (size: Int) throws(LayerFault) -> Int in try product(size, r) }
                let width = try input.dimensions[2].map { (size: Int) throws(LayerFault) -> Int in try product(size, r) }
                return LayerEvaluation(outputs: [TensorShape([c / square, height, width])])
            }
            for axis in 1...2 {
                if let size = input.dimensions[axis], size % r != 0 {
                    throw .other("axis \(axis + 1) of input \(input) is not divisible by downscale_factor \(r)")
                }
            }
            return LayerEvaluation(outputs: [TensorShape([try product(c, square), input.dimensions[1].map { $0 / r }, input.dimensions[2].map { $0 / r }])])
        case .declared(let recorded, let trainable, let nonTrainable):
            guard let shapes = recorded.first else { throw .other("no declared output shape") }
            return LayerEvaluation(outputs: shapes, trainable: trainable, nonTrainable: nonTrainable)
        case .lambda(let shape):
            return LayerEvaluation(outputs: [shape ?? input])
        }
    }

    /// One axis of PyTorch `Upsample` with `scale_factor`: `floor(length · factor)`, as
    /// `torch.nn.functional.interpolate` computes the output size from a scale factor
    /// (torch/nn/functional.py: `math.floor(float(input.size(i + 2)) * scale_factors[i])`).
    /// - Parameters:
    ///   - axis: the 1-based axis of `input` (batch excluded), for the message.
    /// - Throws: ``LayerFault/overflow`` when the size exceeds 2^63 − 1 (or the factor is not
    ///   finite); ``LayerFault/other(_:)`` when it is 0, which PyTorch refuses ("Input and output
    ///   sizes should be greater than 0", aten/src/ATen/native/UpSample.h).
    static func scaledLength(_ length: Int, by factor: Double, axis: Int, input: TensorShape) throws(LayerFault) -> Int {
        // Int(exactly:) is nil for NaN, ±infinity and values outside Int: never a trap.
        guard let size = Int(exactly: (Double(length) * factor).rounded(.down)) else { throw .overflow }
        guard size > 0 else {
            throw .other(
                "scale_factor \(factor) gives axis \(axis) of input \(input) an output size of \(size) "
                    + "(floor(\(length) × \(factor))); PyTorch's interpolate needs output sizes greater than 0")
        }
        return size
    }

    /// torch.nn.RNN / LSTM / GRU on a batch-free `(L, input_size)` input.
    ///
    /// Per layer and direction (PyTorch torch.nn.LSTM docs): `G·H·in + G·H·H_out + 2·G·H`
    /// (both biases when `bias`) `+ P·H` (weight_hr when `proj_size` P > 0), with `G` = 1 (RNN),
    /// 3 (GRU), 4 (LSTM), `H_out` = P or H, `in` = input_size for layer 0 and `D·H_out` after
    /// (D = 2 when bidirectional). Outputs: `(L, D·H_out)`, `h_n` `(D·num_layers, H_out)` and,
    /// for LSTM, `c_n` `(D·num_layers, H)`. MACs: `L·(G·H·(in + H_out) + P·H)` per layer and
    /// direction (the products of the weight matrices; gate element-wise work not counted).
    /// - Throws: ``LayerFault/tooMany(key:count:limit:what:)`` for more `num_layers` than
    ///   ``EngineLimits/maximumStackedLayers`` (before any layer is worked out),
    ///   ``LayerFault/overflow`` when a count exceeds 64 bits, and the faults of a wrong input.
    static func torchRecur(_ layer: TorchRecurrent, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        guard input.rank == 2 else {
            throw .wrongRank(expected: "a rank-2 input (sequence, input_size) without batch", found: input)
        }
        guard let features = input.dimensions[1] else { throw .unknownDimension("feature axis", input) }
        if let size = layer.inputSize, size != features {
            throw .sizeMismatch(key: "input_size", given: size, actual: features, what: "the feature axis of input \(input)")
        }
        try EngineLimits.check(
            layer.numLayers, key: "num_layers", limit: EngineLimits.maximumStackedLayers, what: "stacked layers")
        let gates = switch layer.cell { case .simple: 1; case .lstm: 4; case .gru: 3 }
        let h = layer.hiddenSize, p = layer.projSize
        let hOut = p > 0 ? p : h
        let directions = layer.bidirectional ? 2 : 1
        var parameters = 0, macsPerStep = 0, biases = 0
        for index in 0..<layer.numLayers {
            let inSize = index == 0 ? features : try product(directions, hOut)
            let weights = try sum(product(gates, h, inSize), product(gates, h, hOut), product(p, h))
            let bias = layer.bias ? try product(2, gates, h) : 0
            parameters = try sum(parameters, product(directions, sum(weights, bias)))
            biases = try sum(biases, product(directions, bias))
            macsPerStep = try sum(macsPerStep, product(directions, weights))
        }
        let steps = input.dimensions[0] ?? 1
        var outputs = [
            TensorShape([input.dimensions[0], try product(directions, hOut)]),
            TensorShape([try product(directions, layer.numLayers), hOut]),
        ]
        if layer.cell == .lstm { outputs.append(TensorShape([try product(directions, layer.numLayers), h])) }
        var parts = ParameterParts()
        if layer.bias { parts.recurrentBiases = biases / 2 }
        return LayerEvaluation(
            outputs: outputs, trainable: parameters, macs: try product(steps, macsPerStep), parts: parts)
    }

    /// torch.nn.MultiheadAttention parameters (PyTorch `torch/nn/modules/activation.py`):
    /// `in_proj_weight (3E, E)` when `kdim = vdim = E`, else `q_proj_weight (E, E)`,
    /// `k_proj_weight (E, kdim)`, `v_proj_weight (E, vdim)`; `in_proj_bias (3E)` and
    /// `out_proj.bias (E)` when `bias`; `out_proj.weight (E, E)`; `bias_k`, `bias_v` `(1, 1, E)`
    /// when `add_bias_kv`.
    static func torchAttentionParameters(_ mha: TorchMultiheadAttention) throws(LayerFault) -> Int {
        let e = mha.embedDim
        let projections = try sum(product(e, e), product(e, mha.kdim), product(e, mha.vdim))
        let out = try product(e, e)
        let biases = mha.bias ? try product(4, e) : 0
        let kv = mha.addBiasKV ? try product(2, e) : 0
        return try sum(projections, out, sum(biases, kv))
    }

    /// MultiheadAttention on query `(L, E)` and key, value `(S, kdim)`, `(S, vdim)` (one input:
    /// self-attention). Output `(L, E)` (the attention weights, the second return value, are
    /// not a layer output here). MACs: `L·E·E + S·kdim·E + S·vdim·E` (projections)
    /// `+ 2·L·S·E` (scores and weighted sum) `+ L·E·E` (output projection).
    static func torchAttend(_ mha: TorchMultiheadAttention, _ inputs: [TensorShape]) throws(LayerFault) -> LayerEvaluation {
        guard inputs.count == 1 || inputs.count == 3 else {
            throw .wrongInputCount(expected: "one input (self-attention) or three (query, key, value)", found: inputs.count)
        }
        let query = inputs[0]
        let key = inputs.count == 3 ? inputs[1] : query
        let value = inputs.count == 3 ? inputs[2] : query
        for (shape, (name, size)) in zip([query, key, value], [("embed_dim", mha.embedDim), ("kdim", mha.kdim), ("vdim", mha.vdim)]) {
            guard shape.rank == 2 else {
                throw .wrongRank(expected: "rank-2 inputs (sequence, features) without batch", found: shape)
            }
            guard let last = shape.dimensions[1] else { throw .unknownDimension("feature axis", shape) }
            guard last == size else {
                throw .sizeMismatch(key: name, given: size, actual: last, what: "the feature axis of input \(shape)")
            }
        }
        let e = mha.embedDim
        let l = query.dimensions[0] ?? 1, s = key.dimensions[0] ?? 1
        let macs = try sum(
            sum(product(l, e, e), product(s, mha.kdim, e), product(s, mha.vdim, e)),
            product(2, l, s, e), product(l, e, e))
        return LayerEvaluation(
            outputs: [query], trainable: try torchAttentionParameters(mha), macs: macs)
    }

    /// TransformerEncoderLayer: self-attention, `linear1 (F, E) + F`, `linear2 (E, F) + E`,
    /// `norm1`, `norm2` (`E` weights, `E` biases when `bias`); TransformerDecoderLayer adds the
    /// cross-attention and `norm3` (PyTorch `torch/nn/modules/transformer.py`; `bias` applies to
    /// the attention, linear and LayerNorm biases). Input `(L, E)` (decoder: `tgt (T, E)` and
    /// `memory (S, E)`), output the first input's shape. MACs: the attention blocks' (see
    /// ``torchAttend(_:_:)``) plus `2·L·E·F`.
    static func torchTransformer(_ layer: TorchTransformerLayer, _ inputs: [TensorShape]) throws(LayerFault) -> LayerEvaluation {
        let e = layer.dModel, f = layer.dimFeedforward
        let attention = TorchMultiheadAttention(
            embedDim: e, numHeads: layer.nhead, bias: layer.bias, addBiasKV: false, kdim: e, vdim: e)
        let expected = layer.decoder ? 2 : 1
        guard inputs.count == expected else {
            throw .wrongInputCount(expected: layer.decoder ? "two inputs (tgt, memory)" : "one input", found: inputs.count)
        }
        let target = inputs[0]
        var evaluation = try torchAttend(attention, [target])
        var parameters = evaluation.trainable
        var macs = evaluation.macs
        if layer.decoder {
            let cross = try torchAttend(attention, [target, inputs[1], inputs[1]])
            parameters = try sum(parameters, cross.trainable)
            macs = try sum(macs, cross.macs)
        }
        let b = layer.bias ? 1 : 0
        let feedForward = try sum(product(f, e), product(b, f), sum(product(e, f), product(b, e)))
        let norms = try product(layer.decoder ? 3 : 2, e, 1 + b)
        parameters = try sum(parameters, feedForward, norms)
        macs = try sum(macs, product(2, target.dimensions[0] ?? 1, product(e, f)))
        evaluation.trainable = parameters
        evaluation.macs = macs
        evaluation.parts = ParameterParts()
        return evaluation
    }
}
