extension Engine {
    /// Conv1D / Conv2D / Conv3D.
    ///
    /// Input `(spatial…, C_in)` channels-last (or `(C_in, spatial…)`), output
    /// `(out…, filters)` with each `out` from ``windowOutputLength(input:window:stride:dilation:padding:ceilMode:)``.
    /// Parameters: `k₁·…·k_r · (C_in / groups) · filters + filters` (bias when `use_bias`)
    /// (Keras Conv2D docs; PyTorch Conv2d: weight `(out, in/groups, kH, kW)`).
    /// MACs: `out₁·…·out_r · filters · k₁·…·k_r · (C_in / groups)` (fvcore convention, bias not counted).
    static func convolve(_ conv: Convolution, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let (channels, out) = try convolutionWindow(
            input, rank: conv.rank, format: conv.dataFormat, kernelSize: conv.kernelSize,
            strides: conv.strides, dilationRate: conv.dilationRate, padding: conv.padding, groups: conv.groups)
        let kernelVolume = try product(conv.kernelSize)
        let perFilter = try product(kernelVolume, channels / conv.groups)
        let weights = try product(perFilter, conv.filters)
        let parameters = try sum(weights, conv.useBias ? conv.filters : 0)
        let macs = try product(knownProduct(out), conv.filters, perFilter)
        return convolutionResult(
            out, channels: conv.filters, format: conv.dataFormat, parameters: parameters, macs: macs,
            biases: conv.useBias ? conv.filters : 0)
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
        let (channels, out) = try convolutionWindow(
            input, rank: conv.rank, format: conv.dataFormat, kernelSize: conv.kernelSize,
            strides: conv.strides, dilationRate: conv.dilationRate, padding: conv.padding)
        let outChannels = try product(channels, conv.depthMultiplier)
        let kernelVolume = try product(conv.kernelSize)
        let parameters = try sum(product(kernelVolume, outChannels), conv.useBias ? outChannels : 0)
        let macs = try product(knownProduct(out), outChannels, kernelVolume)
        return convolutionResult(
            out, channels: outChannels, format: conv.dataFormat, parameters: parameters, macs: macs,
            biases: conv.useBias ? outChannels : 0)
    }

    /// The first step of a convolution: the input's channel count (which must be known and
    /// divisible by `groups`) and, for a kernel of `kernelSize` with `strides`, `dilationRate`
    /// and `padding`, the output's spatial lengths
    /// (``windowOutputSpatial(_:input:window:strides:dilation:padding:ceilMode:)``).
    /// - Throws: ``LayerFault/wrongRank(expected:found:)`` unless the input has `rank + 1` axes,
    ///   ``LayerFault/unknownDimension(_:_:)`` for an unknown channel axis,
    ///   ``LayerFault/groupsMismatch(channels:groups:)`` when `groups` does not divide the channels,
    ///   ``LayerFault/windowDoesNotFit(window:input:padding:)`` when an axis is too small.
    static func convolutionWindow(
        _ input: TensorShape, rank: Int, format: DataFormat, kernelSize: [Int], strides: [Int],
        dilationRate: [Int], padding: Padding, groups: Int = 1
    ) throws(LayerFault) -> (channels: Int, out: [Int?]) {
        let (spatial, channels) = try splitChannels(input, rank: rank, format: format)
        guard let channels else { throw .unknownDimension("channel axis", input) }
        guard channels % groups == 0 else { throw .groupsMismatch(channels: channels, groups: groups) }
        let out = try windowOutputSpatial(
            spatial, input: input, window: kernelSize, strides: strides, dilation: dilationRate, padding: padding)
        return (channels, out)
    }

    /// The last step of a convolution: output `(out…, channels)` (or channels-first),
    /// `parameters` all trainable, `biases` of them bias terms.
    static func convolutionResult(
        _ out: [Int?], channels: Int, format: DataFormat, parameters: Int, macs: Int, biases: Int
    ) -> LayerEvaluation {
        LayerEvaluation(
            outputs: [joinChannels(out, channels: channels, format: format)],
            trainable: parameters, macs: macs, parts: .convolution(biases: biases))
    }
}
