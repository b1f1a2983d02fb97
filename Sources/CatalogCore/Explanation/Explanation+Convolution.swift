// Explanations of convolutions and pooling (formulas and sources: Convolution+Inference.swift,
// ConvolutionVariants+Inference.swift, ConvolutionalLSTM+Inference.swift, Pooling+Inference.swift).

extension Engine {
    /// The output lengths of a sliding window over every spatial axis, with padding remarks.
    static func windowAxes(
        _ spatial: [Int?], window: [Int], strides: [Int], dilation: [Int], padding: Padding, ceilMode: Bool = false
    ) -> (text: String, notes: [String]) {
        let paddings = AxisPadding.axes(padding, rank: window.count)
        var texts: [String] = [], notes: [String] = []
        for axis in 0..<min(window.count, spatial.count, paddings.count) {
            let (text, note) = windowAxis(
                input: spatial[axis], window: window[axis], stride: strides[axis], dilation: dilation[axis],
                padding: paddings[axis], ceilMode: ceilMode)
            texts.append(text)
            if let note, !notes.contains(note) { notes.append(note) }
        }
        return (joinAxes(texts, rank: window.count), notes)
    }

    /// Output positions as factors; an unknown length is left out (it counts 1: MACs per step).
    static func positions(_ dimensions: [Int?]) -> [Formula] {
        dimensions.compactMap { $0.map { Formula($0) } }
    }

    /// A product kept in parentheses inside a longer product: `(3·3·3)`.
    static func grouped(_ formula: Formula) -> Formula {
        formula.shape == .atom ? formula : Formula("(\(formula.text))", value: formula.value)
    }

    static func unknownChannels(_ input: TensorShape) -> Worked {
        Worked(parameters: "unknown: the input \(input) has no known channel axis", parameterCount: nil,
               output: "output unknown", macs: "unknown", macCount: nil)
    }

    static func workConvolution(_ conv: Convolution, _ input: TensorShape, _ output: TensorShape) -> Worked {
        guard let (spatial, channels) = try? splitChannels(input, rank: conv.rank, format: conv.dataFormat),
              let channels else { return unknownChannels(input) }
        let perGroup = conv.groups == 1
            ? Formula(channels) : Formula("(\(channels)/\(conv.groups))", value: channels / conv.groups)
        let perFilter = Formula.product(conv.kernelSize.map { Formula($0) } + [perGroup])
        let parameters = conv.useBias
            ? Formula.product([.sum([perFilter, Formula(1)]), Formula(conv.filters)])
            : Formula.product([perFilter, Formula(conv.filters)])
        let axes = windowAxes(spatial, window: conv.kernelSize, strides: conv.strides, dilation: conv.dilationRate, padding: conv.padding)
        let (outSpatial, _) = (try? splitChannels(output, rank: conv.rank, format: conv.dataFormat)) ?? ([], nil)
        let macs = Formula.product(positions(outSpatial) + [Formula(conv.filters), grouped(perFilter)])
        var what = conv.useBias ? "weights per filter + 1 bias, times filters" : "weights per filter times filters, no bias"
        if conv.groups > 1 { what += "; each filter sees \(channels)/\(conv.groups) channels" }
        return Worked(
            parameters: parameters.parameters(what), parameterCount: parameters.value,
            output: "output \(axes.text) → \(output)",
            macs: macs.macs("output positions · filters · weights per filter; bias not counted"), macCount: macs.value,
            notes: axes.notes)
    }

    static func workDepthwise(_ conv: DepthwiseConvolution, _ input: TensorShape, _ output: TensorShape) -> Worked {
        guard let (spatial, channels) = try? splitChannels(input, rank: conv.rank, format: conv.dataFormat),
              let channels else { return unknownChannels(input) }
        let kernel = Formula.product(conv.kernelSize.map { Formula($0) })
        let multiplier = conv.depthMultiplier == 1 ? [] : [Formula(conv.depthMultiplier)]
        let parameters = Formula.product([conv.useBias ? .sum([kernel, Formula(1)]) : kernel, Formula(channels)] + multiplier)
        let axes = windowAxes(spatial, window: conv.kernelSize, strides: conv.strides, dilation: conv.dilationRate, padding: conv.padding)
        let (outSpatial, outChannels) = (try? splitChannels(output, rank: conv.rank, format: conv.dataFormat)) ?? ([], nil)
        let macs = Formula.product(positions(outSpatial) + [Formula(outChannels ?? 0), grouped(kernel)])
        return Worked(
            parameters: parameters.parameters("one \(conv.kernelSize.map(String.init).joined(separator: "×")) kernel\(conv.useBias ? " and 1 bias" : "") per input channel\(conv.depthMultiplier == 1 ? "" : " and multiplier")"),
            parameterCount: parameters.value, output: "output \(axes.text) → \(output)",
            macs: macs.macs("output positions · channels · kernel"), macCount: macs.value, notes: axes.notes)
    }

    static func workSeparable(_ conv: SeparableConvolution, _ input: TensorShape, _ output: TensorShape) -> Worked {
        guard let (spatial, channels) = try? splitChannels(input, rank: conv.rank, format: conv.dataFormat),
              let channels else { return unknownChannels(input) }
        let kernel = conv.kernelSize.map { Formula($0) }
        let middle = conv.depthMultiplier == 1 ? [Formula(channels)] : [Formula(channels), Formula(conv.depthMultiplier)]
        let depthwise = Formula.product(kernel + middle)
        let pointwise = Formula.product(middle + [Formula(conv.filters)])
        let parameters = Formula.sum([depthwise, pointwise] + (conv.useBias ? [Formula(conv.filters)] : []))
        let axes = windowAxes(spatial, window: conv.kernelSize, strides: conv.strides, dilation: conv.dilationRate, padding: conv.padding)
        let (outSpatial, _) = (try? splitChannels(output, rank: conv.rank, format: conv.dataFormat)) ?? ([], nil)
        let intermediate = Formula(channels * conv.depthMultiplier)
        let macs = Formula.sum([
            .product(positions(outSpatial) + [intermediate, grouped(.product(kernel))]),
            .product(positions(outSpatial) + [intermediate, Formula(conv.filters)]),
        ])
        return Worked(
            parameters: parameters.parameters("depthwise kernels + 1×1 pointwise weights\(conv.useBias ? " + biases" : "")"),
            parameterCount: parameters.value, output: "output \(axes.text) → \(output)",
            macs: macs.macs("depthwise + pointwise"), macCount: macs.value, notes: axes.notes)
    }

    static func workTransposed(_ conv: TransposedConvolution, _ input: TensorShape, _ output: TensorShape) -> Worked {
        guard let (spatial, channels) = try? splitChannels(input, rank: conv.rank, format: conv.dataFormat),
              let channels else { return unknownChannels(input) }
        let perGroup = conv.groups == 1
            ? Formula(conv.filters) : Formula("(\(conv.filters)/\(conv.groups))", value: conv.filters / conv.groups)
        let kernel = conv.kernelSize.map { Formula($0) }
        let weights = Formula.product(kernel + [Formula(channels), perGroup])
        let parameters = conv.useBias ? Formula.sum([weights, Formula(conv.filters)]) : weights
        let paddings = AxisPadding.axes(conv.padding, rank: conv.rank)
        var texts: [String] = []
        // The lengths written are the engine's (its checked arithmetic), not recomputed here.
        let outSpatial = (try? splitChannels(output, rank: conv.rank, format: conv.dataFormat))?.spatial
        for axis in 0..<conv.rank {
            guard let n = spatial[axis] else { texts.append("None"); continue }
            let k = conv.kernelSize[axis], s = conv.strides[axis], d = conv.dilationRate[axis]
            let value = outSpatial.flatMap { axis < $0.count ? $0[axis] : nil }.map(String.init) ?? "?"
            let half = (try? sum(product(d, difference(k, 1)), 1)).map { String($0 / 2) } ?? "?"
            let kText = d == 1 ? "\(k)" : "(\(d)·(\(k) − 1) + 1)"
            switch (paddings[axis], conv.outputPadding?[axis]) {
            case (.valid, nil), (.causal, nil):
                texts.append("\(value) = \(n)·\(s) + max(\(kText) − \(s), 0)")
            case (.same, nil):
                texts.append("\(value) = \(n)·\(s)")
            case (.explicit(let before, let after), let extra):
                let op = extra ?? 0
                let pads = before == after ? "2·\(before)" : "\(before) − \(after)"
                texts.append("\(value) = (\(n) − 1)·\(s) − \(pads) + \(d)·(\(k) − 1) + \(op) + 1")
            case (.same, let op?):
                texts.append("\(value) = (\(n) − 1)·\(s) + \(kText) − 2·\(half) + \(op)")
            case (.valid, let op?), (.causal, let op?):
                texts.append("\(value) = (\(n) − 1)·\(s) + \(kText) + \(op)")
            }
        }
        let macs = Formula.product(positions(spatial) + [Formula(channels), perGroup, grouped(.product(kernel))])
        return Worked(
            parameters: parameters.parameters("kernel · input channels · filters\(conv.groups > 1 ? " per group" : "")\(conv.useBias ? " + biases" : "")"),
            parameterCount: parameters.value, output: "output \(joinAxes(texts, rank: conv.rank)) → \(output)",
            macs: macs.macs("counted per input position: inputs · input channels · filters · kernel"), macCount: macs.value,
            notes: conv.outputPadding == nil ? [] : ["output_padding adds to one side of each output axis"])
    }

    static func workConvolutionalLSTM(_ layer: ConvolutionalLSTM, _ input: TensorShape, _ outputs: [TensorShape]) -> Worked {
        guard input.rank == layer.rank + 2 else { return unknownChannels(input) }
        let step = TensorShape(Array(input.dimensions.dropFirst()))
        guard let (spatial, channels) = try? splitChannels(step, rank: layer.rank, format: layer.dataFormat),
              let channels else { return unknownChannels(input) }
        let kernel = layer.kernelSize.map { Formula($0) }
        let inner = Formula.sum([.product(kernel + [Formula(channels)]), .product(kernel + [Formula(layer.filters)])]
            + (layer.useBias ? [Formula(1)] : []))
        let parameters = Formula.product([Formula(4), Formula(layer.filters), inner])
        let axes = windowAxes(spatial, window: layer.kernelSize, strides: layer.strides, dilation: layer.dilationRate, padding: layer.padding)
        let outSpatial = (try? windowOutputSpatial(
            spatial, input: step, window: layer.kernelSize, strides: layer.strides, dilation: layer.dilationRate,
            padding: layer.padding)) ?? []
        let macs = Formula.product(positions([input.dimensions[0]]) + positions(outSpatial)
            + [Formula(4), Formula(layer.filters), grouped(.product(kernel)), grouped(.sum([Formula(channels), Formula(layer.filters)]))])
        return Worked(
            parameters: parameters.parameters("4 gates · filters · (input kernel + recurrent kernel\(layer.useBias ? " + bias" : ""))"),
            parameterCount: parameters.value,
            output: "output \(axes.text) → " + outputs.map(\.description).joined(separator: ", "),
            macs: macs.macs("steps · positions · 4 gates · filters · kernel · (input + state channels)"), macCount: macs.value,
            notes: axes.notes + ["the recurrent convolution is 'same' with stride 1, so the state keeps the output size"])
    }

    static func workPooling(_ pooling: Pooling, _ input: TensorShape, _ output: TensorShape) -> Worked {
        guard let (spatial, _) = try? splitChannels(input, rank: pooling.rank, format: pooling.dataFormat) else {
            return unknownChannels(input)
        }
        let axes = windowAxes(
            spatial, window: pooling.poolSize, strides: pooling.strides,
            dilation: Array(repeating: 1, count: pooling.rank), padding: pooling.padding, ceilMode: pooling.ceilMode)
        return .free(
            output: "output \(axes.text) → \(output)",
            macsWhy: "pooling takes a \(pooling.mode == .max ? "maximum" : "mean"), not counted (fvcore convention)",
            notes: axes.notes)
    }

    static func workGlobalPooling(_ pooling: GlobalPooling, _ input: TensorShape, _ output: TensorShape) -> Worked {
        let (spatial, _) = (try? splitChannels(input, rank: pooling.rank, format: pooling.dataFormat)) ?? ([], nil)
        let count = Formula.product(positions(spatial))
        return .free(
            output: "output \(output): the \(pooling.mode == .max ? "maximum" : "mean") over \(count.equation) positions per channel",
            macsWhy: "pooling, not counted (fvcore convention)")
    }
}
