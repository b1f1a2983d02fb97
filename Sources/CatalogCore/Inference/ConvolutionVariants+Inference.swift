extension Engine {
    /// Conv1DTranspose / Conv2DTranspose / Conv3DTranspose.
    ///
    /// Per axis, with `k' = k + (k − 1)(dilation − 1)` (Keras `deconv_output_length`):
    /// without `output_padding`, "valid" gives `in·stride + max(k' − stride, 0)` and "same"
    /// `in·stride`; with it, `(in − 1)·stride + k' − 2·pad + output_padding` where pad is `k' // 2`
    /// for "same" and 0 for "valid". PyTorch's explicit padding p: `(in − 1)·stride − 2p + k' +
    /// output_padding` (ConvTranspose2d docs). Parameters `k₁·…·k_r · C_in · filters / groups`
    /// plus `filters` biases. MACs are counted per input position:
    /// `in₁·…·in_r · C_in · (filters / groups) · k₁·…·k_r`.
    static func convolveTransposed(
        _ conv: TransposedConvolution, _ input: TensorShape
    ) throws(LayerFault) -> LayerEvaluation {
        let (spatial, channels) = try splitChannels(input, rank: conv.rank, format: conv.dataFormat)
        guard let channels else { throw .unknownDimension("channel axis", input) }
        guard channels % conv.groups == 0, conv.filters % conv.groups == 0 else {
            throw .groupsMismatch(channels: channels, groups: conv.groups)
        }
        let paddings = AxisPadding.axes(conv.padding, rank: conv.rank)
        var out: [Int?] = []
        for axis in 0..<conv.rank {
            guard let length = spatial[axis] else { out.append(nil); continue }
            let k = conv.kernelSize[axis], s = conv.strides[axis], d = conv.dilationRate[axis]
            // Every step checked: a hyperparameter near 2^63 is an overflow, never a trap.
            let effective = try sum(k, product(difference(k, 1), difference(d, 1)))
            let size: Int
            switch (paddings[axis], conv.outputPadding?[axis]) {
            case (.valid, nil), (.causal, nil):
                size = try sum(product(length, s), max(difference(effective, s), 0))
            case (.same, nil): size = try product(length, s)
            case (.explicit(let before, let after), let extra):
                let stretched = try product(difference(length, 1), s)
                size = try sum(difference(difference(stretched, before), after), effective, extra ?? 0)
            case (.same, let extra?):
                size = try sum(product(difference(length, 1), s), effective - 2 * (effective / 2), extra)
            case (.valid, let extra?), (.causal, let extra?):
                size = try sum(product(difference(length, 1), s), effective, extra)
            }
            guard size > 0 else {
                throw .other("output size \(size) along axis \(axis + 1) is not positive for input \(input)")
            }
            out.append(size)
        }
        let kernelVolume = try product(conv.kernelSize)
        let weights = try product(kernelVolume, channels, conv.filters / conv.groups)
        let parameters = try sum(weights, conv.useBias ? conv.filters : 0)
        let macs = try product(knownProduct(spatial), weights)
        return convolutionResult(
            out, channels: conv.filters, format: conv.dataFormat, parameters: parameters, macs: macs,
            biases: conv.useBias ? conv.filters : 0)
    }

    /// SeparableConv1D / SeparableConv2D: a depthwise convolution (`depth_multiplier` kernels per
    /// channel) followed by a 1x1 pointwise convolution to `filters`.
    ///
    /// Parameters `k₁·…·k_r · C_in · m + C_in · m · filters + filters` (Keras SeparableConv2D
    /// docs). Output as a convolution with the same kernel, strides, padding and dilation. MACs
    /// `out · C_in · m · k₁·…·k_r + out · C_in · m · filters`, `out` the output positions.
    static func convolveSeparable(
        _ conv: SeparableConvolution, _ input: TensorShape
    ) throws(LayerFault) -> LayerEvaluation {
        let (channels, out) = try convolutionWindow(
            input, rank: conv.rank, format: conv.dataFormat, kernelSize: conv.kernelSize,
            strides: conv.strides, dilationRate: conv.dilationRate, padding: conv.padding)
        let intermediate = try product(channels, conv.depthMultiplier)
        let depthwise = try product(product(conv.kernelSize), intermediate)
        let pointwise = try product(intermediate, conv.filters)
        let parameters = try sum(depthwise, pointwise, conv.useBias ? conv.filters : 0)
        let positions = try knownProduct(out)
        let macs = try sum(product(positions, depthwise), product(positions, pointwise))
        return convolutionResult(
            out, channels: conv.filters, format: conv.dataFormat, parameters: parameters, macs: macs,
            biases: conv.useBias ? conv.filters : 0)
    }
}
