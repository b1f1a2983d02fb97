extension Engine {
    /// SimpleRNN, LSTM, GRU on input `(steps, features)` (`steps` may be unknown).
    ///
    /// With `n` units, `f` input features and `g` gates (1 SimpleRNN, 4 LSTM, 3 GRU), the
    /// parameters are `g · (n·f + n·n + b·n)` where `b` is the bias vectors per gate: 1 in Keras,
    /// 2 for a GRU with `reset_after` (Keras' default) and for every PyTorch LSTM and GRU
    /// (`bias_ih` and `bias_hh`, PyTorch LSTM/GRU docs), 0 without `use_bias`. Output
    /// `(steps, n)` with `return_sequences`, else `(n,)`; `return_state` appends the final state(s):
    /// `h` (and `c` for LSTM), each `(n,)`. MACs `steps · g · n · (f + n)`; with unknown steps
    /// this is per step.
    static func recur(
        _ layer: Recurrent, _ input: TensorShape, framework: Framework
    ) throws(LayerFault) -> LayerEvaluation {
        guard input.rank == 2 else {
            throw .wrongRank(expected: "a rank-2 input (steps, features) without batch", found: input)
        }
        guard let features = input.dimensions[1] else { throw .unknownDimension("feature axis", input) }
        let n = layer.units
        let gates = switch layer.cell { case .simple: 1; case .lstm: 4; case .gru: 3 }
        var biases = layer.useBias ? 1 : 0
        if layer.useBias, layer.cell != .simple, framework == .pytorch || (layer.cell == .gru && layer.resetAfter) {
            biases = 2
        }
        if layer.useBias, layer.cell == .simple, framework == .pytorch { biases = 2 }
        let perGate = try sum(product(n, features), product(n, n), product(biases, n))
        let parameters = try product(gates, perGate)
        let macs = try product(input.dimensions[0] ?? 1, gates, n, sum(features, n))
        var outputs = [layer.returnSequences ? TensorShape([input.dimensions[0], n]) : TensorShape([n])]
        if layer.returnState {
            outputs.append(TensorShape([n]))
            if layer.cell == .lstm { outputs.append(TensorShape([n])) }
        }
        var parts = ParameterParts()
        if biases == 2 { parts.recurrentBiases = try product(gates, n) }
        return LayerEvaluation(outputs: outputs, trainable: parameters, macs: macs, parts: parts)
    }

    /// Bidirectional: a forward and a backward copy of the layer (parameters and MACs × 2).
    /// `merge_mode` "concat" doubles the last axis; "sum", "mul", "ave" keep it; `None` returns
    /// both outputs. With `return_state` the forward then backward states follow (Keras docs).
    static func recurBothWays(
        _ wrapper: Bidirectional, _ input: TensorShape, framework: Framework
    ) throws(LayerFault) -> LayerEvaluation {
        let one = try recur(wrapper.layer, input, framework: framework)
        let output = one.outputs[0]
        var outputs: [TensorShape]
        switch wrapper.mergeMode {
        case .concat:
            var merged = output
            merged.dimensions[merged.rank - 1] = try product(2, wrapper.layer.units)
            outputs = [merged]
        case .sum, .mul, .ave: outputs = [output]
        case .none: outputs = [output, output]
        }
        let states = Array(one.outputs.dropFirst())
        outputs += states + states
        return LayerEvaluation(
            outputs: outputs, trainable: try product(2, one.trainable), macs: try product(2, one.macs),
            parts: try one.parts.times(2))
    }
}
