extension Engine {
    /// ConvLSTM1D / ConvLSTM2D / ConvLSTM3D on `(steps, spatial…, C_in)` (channels-first:
    /// `(steps, C_in, spatial…)`); `steps` may be unknown.
    ///
    /// Keras' `ConvLSTMCell` (keras/src/layers/rnn/conv_lstm.py) builds a kernel
    /// `kernel_size + (C_in, 4·filters)`, a recurrent kernel `kernel_size + (filters, 4·filters)`
    /// and a bias `(4·filters,)`, so with `K = k₁·…·k_r` and `F = filters` the parameters are
    /// `4·F·(K·C_in + K·F + 1)` (no `+ 1` without `use_bias`). Each step's output has the
    /// spatial size of the input convolution (strides, padding, dilation as Conv); the recurrent
    /// convolution is "same" with stride 1. Output `(steps, out…, F)` with `return_sequences`,
    /// else `(out…, F)`; `return_state` adds `h` and `c`, each `(out…, F)`.
    /// MACs per step `out₁·…·out_r · 4·F · K·(C_in + F)` (both convolutions), times `steps`
    /// when it is known (else per step).
    static func convolveRecurrently(_ layer: ConvolutionalLSTM, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        guard input.rank == layer.rank + 2 else {
            throw .wrongRank(expected: "a rank-\(layer.rank + 2) input (steps, spatial…, channels) without batch", found: input)
        }
        let steps = input.dimensions[0]
        let step = TensorShape(Array(input.dimensions.dropFirst()))
        let (spatial, channels) = try splitChannels(step, rank: layer.rank, format: layer.dataFormat)
        guard let channels else { throw .unknownDimension("channel axis", input) }
        let out = try windowOutputSpatial(
            spatial, input: step, window: layer.kernelSize, strides: layer.strides,
            dilation: layer.dilationRate, padding: layer.padding)
        let kernelVolume = try product(layer.kernelSize)
        let gates = try product(4, layer.filters)
        let weights = try product(kernelVolume, gates, sum(channels, layer.filters))
        let parameters = try sum(weights, layer.useBias ? gates : 0)
        let macs = try product(steps ?? 1, knownProduct(out), weights)
        let state = joinChannels(out, channels: layer.filters, format: layer.dataFormat)
        var outputs = [layer.returnSequences ? TensorShape([steps] + state.dimensions) : state]
        if layer.returnState { outputs += [state, state] }
        return LayerEvaluation(outputs: outputs, trainable: parameters, macs: macs)
    }
}
