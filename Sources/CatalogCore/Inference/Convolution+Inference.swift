extension Engine {
    /// Conv1D / Conv2D / Conv3D.
    ///
    /// Input `(spatial…, C_in)` channels-last (or `(C_in, spatial…)`), output
    /// `(out…, filters)` with each `out` from ``windowOutputLength(input:window:stride:dilation:padding:ceilMode:)``.
    /// Parameters: `k₁·…·k_r · (C_in / groups) · filters + filters` (bias when `use_bias`)
    /// (Keras Conv2D docs; PyTorch Conv2d: weight `(out, in/groups, kH, kW)`).
    /// MACs: `out₁·…·out_r · filters · k₁·…·k_r · (C_in / groups)` (fvcore convention, bias not counted).
    static func convolve(_ conv: Convolution, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let (spatial, channels) = try splitChannels(input, rank: conv.rank, format: conv.dataFormat)
        guard let channels else { throw .unknownDimension("channel axis", input) }
        guard channels % conv.groups == 0 else {
            throw .groupsMismatch(channels: channels, groups: conv.groups)
        }
        let out = try windowOutputSpatial(
            spatial, input: input, window: conv.kernelSize, strides: conv.strides,
            dilation: conv.dilationRate, padding: conv.padding)
        let kernelVolume = try product(conv.kernelSize)
        let perFilter = try product(kernelVolume, channels / conv.groups)
        let weights = try product(perFilter, conv.filters)
        let parameters = try sum(weights, conv.useBias ? conv.filters : 0)
        let macs = try product(knownProduct(out), conv.filters, perFilter)
        return LayerEvaluation(
            outputs: [joinChannels(out, channels: conv.filters, format: conv.dataFormat)],
            trainable: parameters, macs: macs, parts: .convolution(biases: conv.useBias ? conv.filters : 0))
    }

    /// DepthwiseConv1D / DepthwiseConv2D: each input channel convolved with `depth_multiplier`
    /// kernels of its own.
    ///
    /// Output `(out…, C_in · depth_multiplier)`. Parameters: `k₁·…·k_r · C_in · depth_multiplier`
    /// plus `C_in · depth_multiplier` biases (Keras DepthwiseConv2D docs). MACs:
    /// `out₁·…·out_r · C_in · depth_multiplier · k₁·…·k_r`.
    static func convolveDepthwise(
        _ conv: DepthwiseConvolution, _ input: TensorShape
    ) throws(LayerFault) -> LayerEvaluation {
        let (spatial, channels) = try splitChannels(input, rank: conv.rank, format: conv.dataFormat)
        guard let channels else { throw .unknownDimension("channel axis", input) }
        let out = try windowOutputSpatial(
            spatial, input: input, window: conv.kernelSize, strides: conv.strides,
            dilation: conv.dilationRate, padding: conv.padding)
        let outChannels = try product(channels, conv.depthMultiplier)
        let kernelVolume = try product(conv.kernelSize)
        let parameters = try sum(product(kernelVolume, outChannels), conv.useBias ? outChannels : 0)
        let macs = try product(knownProduct(out), outChannels, kernelVolume)
        return LayerEvaluation(
            outputs: [joinChannels(out, channels: outChannels, format: conv.dataFormat)],
            trainable: parameters, macs: macs, parts: .convolution(biases: conv.useBias ? outChannels : 0))
    }
}
