// Explanations of dense, normalisation, embedding, recurrent and attention layers (formulas and
// sources: Dense+Inference.swift, Normalization+Inference.swift, FeatureNormalization+Inference.swift,
// Embedding+Inference.swift, Recurrent+Inference.swift, Attention+Inference.swift).

extension Engine {
    static func workDense(_ dense: Dense, _ input: TensorShape, _ output: TensorShape) -> Worked {
        guard let features = input.dimensions.last ?? nil else {
            return Worked(parameters: "unknown: the last axis of \(input) is unknown", parameterCount: nil,
                          output: "output \(output)", macs: "unknown", macCount: nil)
        }
        let parameters = dense.useBias
            ? Formula.product([.sum([Formula(features), Formula(1)]), Formula(dense.units)])
            : Formula.product([Formula(features), Formula(dense.units)])
        let macs = Formula.product(positions(Array(input.dimensions.dropLast())) + [Formula(features), Formula(dense.units)])
        return Worked(
            parameters: parameters.parameters(dense.useBias ? "inputs + 1 bias, times units" : "inputs times units, no bias"),
            parameterCount: parameters.value,
            output: "output \(output): the last axis \(features) becomes units \(dense.units)",
            macs: macs.macs(input.rank > 1 ? "positions · inputs · units" : "inputs · units"), macCount: macs.value)
    }

    /// The product of the sizes of `axes` as a formula, or `nil` when one is unknown.
    static func features(_ axes: [Int], _ input: TensorShape) -> Formula? {
        var sizes: [Int] = []
        for axis in axes {
            guard let resolved = input.normalizedAxis(axis), let size = input.dimensions[resolved] else { return nil }
            sizes.append(size)
        }
        return sizes.isEmpty ? Formula(1) : .product(sizes.map { Formula($0) })
    }

    static let normalizationMACs = "normalisation, not counted (fvcore convention)"

    static func workBatchNormalization(_ normalization: BatchNormalization, _ input: TensorShape, framework: Framework) -> Worked {
        guard let channels = features(normalization.axis, input) else { return unknownChannels(input) }
        let learned = (normalization.scale ? 1 : 0) + (normalization.center ? 1 : 0)
        let names = [normalization.scale ? "γ" : nil, normalization.center ? "β" : nil].compactMap { $0 }.joined(separator: ", ")
        guard normalization.tracksRunningStatistics else {
            let parameters = Formula.product([Formula(learned), channels])
            return .uncounted(
                parameters, "\(names.isEmpty ? "no affine weights" : "\(names) trainable"); track_running_stats false: no running mean or variance",
                output: "output \(input) = the input shape", macsWhy: normalizationMACs)
        }
        switch framework {
        case .keras:
            let parameters = Formula.product([Formula(learned + 2), channels])
            return .uncounted(
                parameters, "\(names.isEmpty ? "" : "\(names) trainable (\(learned)·\(channels.text)), ")moving mean and variance non-trainable (2·\(channels.text))",
                output: "output \(input) = the input shape", macsWhy: normalizationMACs)
        case .pytorch:
            let parameters = Formula.product([Formula(learned), channels])
            return .uncounted(
                parameters, names.isEmpty ? "no affine weights" : names,
                output: "output \(input) = the input shape", macsWhy: normalizationMACs,
                notes: ["the running mean and variance (2·\(channels.text)) are buffers, not parameters, under the pytorch convention"])
        }
    }

    static func workLayerNormalization(axis: [Int], center: Bool, scale: Bool, _ input: TensorShape) -> Worked {
        guard let count = features(axis, input) else { return unknownChannels(input) }
        let parameters = Formula.product([Formula((center ? 1 : 0) + (scale ? 1 : 0)), count])
        return .uncounted(
            parameters, "γ and β over the normalized features",
            output: "output \(input) = the input shape", macsWhy: normalizationMACs)
    }

    static func workGroupNormalization(groups: Int, axis: Int, center: Bool, scale: Bool, _ input: TensorShape) -> Worked {
        guard let channels = features([axis], input) else { return unknownChannels(input) }
        let parameters = Formula.product([Formula((center ? 1 : 0) + (scale ? 1 : 0)), channels])
        return .uncounted(
            parameters, "γ and β per channel, \(groups) groups of \(channels.value.map { $0 / max(groups, 1) } ?? 0) channels",
            output: "output \(input) = the input shape", macsWhy: normalizationMACs)
    }

    static func workFeatureNormalization(axis: [Int], learnsStatistics: Bool, _ input: TensorShape, framework: Framework) -> Worked {
        guard learnsStatistics else {
            return .free(output: "output \(input) = the input shape", macsWhy: normalizationMACs,
                         notes: ["mean and variance are given in the config, so there are no weights"])
        }
        guard let count = features(axis, input) else { return unknownChannels(input) }
        if framework == .pytorch {
            return .free(output: "output \(input) = the input shape", macsWhy: normalizationMACs,
                         notes: ["its mean, variance (2·\(count.text)) and count are buffers, not parameters, under the pytorch convention"])
        }
        let parameters = Formula.sum([.product([Formula(2), count]), Formula(1)])
        return .uncounted(
            parameters, "mean and variance per feature, and the count; all non-trainable",
            output: "output \(input) = the input shape", macsWhy: normalizationMACs)
    }

    static func workEmbedding(inputDim: Int, outputDim: Int, _ output: TensorShape) -> Worked {
        let parameters = Formula.product([Formula(inputDim), Formula(outputDim)])
        return .uncounted(
            parameters, "one \(outputDim)-vector for each of \(decimal(inputDim)) indices",
            output: "output \(output): each index becomes a \(outputDim)-vector", macsWhy: "a table lookup, not counted")
    }

    /// Gates, bias vectors per gate and the per-gate formula of a recurrent layer.
    static func recurrentFormula(_ layer: Recurrent, features: Int, framework: Framework) -> (Formula, String) {
        let n = layer.units
        let gates = switch layer.cell { case .simple: 1; case .lstm: 4; case .gru: 3 }
        var biases = layer.useBias ? 1 : 0
        if layer.useBias, framework == .pytorch || (layer.cell == .gru && layer.resetAfter) { biases = 2 }
        var terms = [Formula.product([Formula(n), Formula(features)]), .product([Formula(n), Formula(n)])]
        if biases == 1 { terms.append(Formula(n)) }
        if biases == 2 { terms.append(.product([Formula(2), Formula(n)])) }
        let perGate = Formula.sum(terms)
        let formula = gates == 1 ? perGate : .product([Formula(gates), perGate])
        let cell = switch layer.cell { case .simple: "1 gate"; case .lstm: "4 gates (input, forget, cell, output)"; case .gru: "3 gates (update, reset, candidate)" }
        var what = "\(cell) · (input weights + recurrent weights"
        what += biases == 0 ? ")" : biases == 1 ? " + bias)" : " + 2 biases)"
        if biases == 2 {
            what += framework == .pytorch ? "; PyTorch keeps bias_ih and bias_hh" : "; reset_after keeps a second bias"
        }
        return (formula, what)
    }

    static func workRecurrent(_ layer: Recurrent, _ input: TensorShape, _ outputs: [TensorShape], framework: Framework) -> Worked {
        guard input.rank == 2, let features = input.dimensions[1] else { return unknownChannels(input) }
        let (parameters, what) = recurrentFormula(layer, features: features, framework: framework)
        let gates = switch layer.cell { case .simple: 1; case .lstm: 4; case .gru: 3 }
        let macs = Formula.product(positions([input.dimensions[0]])
            + [Formula(gates), Formula(layer.units), grouped(.sum([Formula(features), Formula(layer.units)]))])
        var output = "output " + outputs.map(\.description).joined(separator: ", ")
        output += layer.returnSequences ? ": every step's \(layer.units) units" : ": the last step's \(layer.units) units"
        if layer.returnState { output += ", then the final state\(layer.cell == .lstm ? "s h and c" : " h")" }
        return Worked(
            parameters: parameters.parameters(what), parameterCount: parameters.value, output: output,
            macs: macs.macs("steps · gates · units · (inputs + units)"), macCount: macs.value)
    }

    static func workBidirectional(_ wrapper: Bidirectional, _ input: TensorShape, _ outputs: [TensorShape], framework: Framework) -> Worked {
        guard input.rank == 2, let features = input.dimensions[1] else { return unknownChannels(input) }
        let (one, what) = recurrentFormula(wrapper.layer, features: features, framework: framework)
        let parameters = Formula.product([Formula(2), grouped(one)])
        let gates = switch wrapper.layer.cell { case .simple: 1; case .lstm: 4; case .gru: 3 }
        let macs = Formula.product([Formula(2)] + positions([input.dimensions[0]])
            + [Formula(gates), Formula(wrapper.layer.units), grouped(.sum([Formula(features), Formula(wrapper.layer.units)]))])
        let merge = switch wrapper.mergeMode {
        case .concat: "concatenated: 2·\(wrapper.layer.units) = \(2 * wrapper.layer.units) features"
        case .sum, .mul, .ave: "merged by \(wrapper.mergeMode.rawValue): \(wrapper.layer.units) features"
        case .none: "forward and backward returned separately"
        }
        return Worked(
            parameters: parameters.parameters("a forward and a backward \(wrapper.layer.cell == .simple ? "SimpleRNN" : wrapper.layer.cell.rawValue.uppercased()), each \(what)"),
            parameterCount: parameters.value,
            output: "output " + outputs.map(\.description).joined(separator: ", ") + ": \(merge)",
            macs: macs.macs("both directions"), macCount: macs.value)
    }

    static func workMultiHeadAttention(_ mha: MultiHeadAttention, _ inputs: [TensorShape], _ output: TensorShape) -> Worked {
        guard inputs.count >= 2, let dq = inputs[0].dimensions.last ?? nil, let dv = inputs[1].dimensions.last ?? nil,
              let dk = (inputs.count == 3 ? inputs[2] : inputs[1]).dimensions.last ?? nil else {
            return unknownChannels(inputs.first ?? TensorShape([]))
        }
        let h = Formula(mha.numHeads), k = Formula(mha.keyDim), v = Formula(mha.valueDim)
        let dOut = Formula.product((mha.outputShape ?? [dq]).map { Formula($0) })
        var terms: [Formula] = [
            .product([Formula(dq), h, k]), .product([Formula(dk), h, k]), .product([Formula(dv), h, v]), .product([h, v, grouped(dOut)]),
        ]
        if mha.useBias { terms += [.product([h, k]), .product([h, k]), .product([h, v]), dOut] }
        let parameters = Formula.sum(terms)
        let tq = Formula.product(positions(Array(inputs[0].dimensions.dropLast())))
        let key = inputs.count == 3 ? inputs[2] : inputs[1]
        let tk = Formula.product(positions(Array(key.dimensions.dropLast())))
        let macs = Formula.sum([
            .product([tq, Formula(dq), h, k]), .product([tk, Formula(dk), h, k]), .product([tk, Formula(dv), h, v]),
            .product([h, tq, tk, k]), .product([h, tq, tk, v]), .product([tq, h, v, grouped(dOut)]),
        ])
        return Worked(
            parameters: parameters.parameters("query, key, value and output projections: widths \(dq), \(dk), \(dv) → \(mha.numHeads) heads × \(mha.keyDim) (values × \(mha.valueDim)) → \(dOut.equation)\(mha.useBias ? ", then their biases" : "")"),
            parameterCount: parameters.value, output: "output \(output): the query's positions, output width \(dOut.equation)",
            macs: macs.macs("the three projections, QKᵀ scores, attention·V, and the output projection"), macCount: macs.value)
    }

    static func workAttention(_ attention: AttentionLayer, _ inputs: [TensorShape], _ output: TensorShape) -> Worked {
        guard inputs.count >= 2, let d = inputs[0].dimensions.last ?? nil, let dv = inputs[1].dimensions.last ?? nil else {
            return unknownChannels(inputs.first ?? TensorShape([]))
        }
        let parameters: Formula
        let what: String
        if attention.additive {
            parameters = attention.useScale ? Formula(d) : Formula(0)
            what = attention.useScale ? "a scale vector over the \(d) query features" : "use_scale false"
        } else {
            parameters = Formula((attention.useScale ? 1 : 0) + (attention.concatScore ? 1 : 0))
            what = [attention.useScale ? "a scalar scale" : nil, attention.concatScore ? "a scalar concat score weight" : nil]
                .compactMap { $0 }.joined(separator: " and ")
        }
        let key = inputs.count == 3 ? inputs[2] : inputs[1]
        let tq = Formula.product(positions(Array(inputs[0].dimensions.dropLast())))
        let tk = Formula.product(positions(Array(key.dimensions.dropLast())))
        let macs = Formula.sum([.product([tq, tk, Formula(d)]), .product([tq, tk, Formula(dv)])])
        return Worked(
            parameters: parameters.value == 0 ? "no parameters" : parameters.parameters(what), parameterCount: parameters.value,
            output: "output \(output): one \(dv)-wide value mix per query position",
            macs: macs.macs("scores query·key, then weights·value"), macCount: macs.value)
    }

    static func workDot(axes: [Int], _ inputs: [TensorShape], _ output: TensorShape) -> Worked {
        guard inputs.count == 2, let axis = inputs[0].normalizedAxis(axes[0]) else { return .free(output: "output \(output)") }
        let contracted = inputs[0].dimensions[axis] ?? 1
        let macs = Formula.product(positions(output.dimensions) + [Formula(contracted)])
        return Worked(
            parameters: "no parameters", parameterCount: 0,
            output: "output \(output): \(inputs[0]) and \(inputs[1]) without the contracted axes",
            macs: macs.macs("output elements · contracted length"), macCount: macs.value)
    }
}
