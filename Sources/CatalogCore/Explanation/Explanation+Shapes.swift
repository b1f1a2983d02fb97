// Explanations of shape, merge and wrapper layers (formulas and sources: Merge+Inference.swift,
// Reshape+Inference.swift, ShapeLayers+Inference.swift, TimeDistributed+Inference.swift, Model+Inference.swift).

extension Engine {
    static let movementMACs = "data movement, not counted"

    static func workMerge(_ operation: MergeOperation, _ inputs: [TensorShape], _ output: TensorShape) -> Worked {
        let shapes = inputs.map(\.description).joined(separator: ", ")
        let broadcast = Set(inputs).count > 1 ? " (broadcast: sizes of 1 stretch, shorter shapes align on the last axes)" : ""
        return .free(
            output: "output \(output): \(operation.rawValue) of \(inputs.count) inputs \(shapes) element by element\(broadcast)",
            macsWhy: "element-wise, not counted (fvcore convention)")
    }

    static func workConcatenate(axis: Int, _ inputs: [TensorShape], _ output: TensorShape) -> Worked {
        guard let first = inputs.first, let resolved = first.normalizedAxis(axis) else { return .free(output: "output \(output)") }
        let sizes = inputs.map { $0.dimensions.count > resolved ? $0.dimensions[resolved] : nil }
        let text = sizes.contains(where: { $0 == nil })
            ? "None"
            : Formula.sum(sizes.map { Formula($0!) }).equation
        return .free(output: "output \(output): axis \(resolved + 1) is \(text)", macsWhy: movementMACs)
    }

    static func workFlatten(_ input: TensorShape, _ output: TensorShape) -> Worked {
        let size = input.dimensions.contains(nil) ? "None" : Formula.product(input.dimensions.map { Formula($0!) }).equation
        return .free(output: "output \(output): \(size) elements in one axis", macsWhy: movementMACs)
    }

    static func workPadding(_ padding: ZeroPadding, cropping: Bool, _ input: TensorShape, _ output: TensorShape) -> Worked {
        let (spatial, _) = (try? splitChannels(input, rank: padding.rank, format: padding.dataFormat)) ?? ([], nil)
        var texts: [String] = []
        for (length, amount) in zip(spatial, padding.padding) {
            guard let length else { texts.append("None"); continue }
            let formula = cropping
                ? Formula.difference(.difference(Formula(length), Formula(amount.before)), Formula(amount.after))
                : Formula.sum([Formula(length), Formula(amount.before), Formula(amount.after)])
            texts.append("\(formula.value.map(decimal) ?? "?") = \(formula.text)")
        }
        return .free(output: "output \(joinAxes(texts, rank: padding.rank)) → \(output)", macsWhy: movementMACs)
    }

    static func workUpSampling(rank: Int, size: [Int], format: DataFormat, _ input: TensorShape, _ output: TensorShape) -> Worked {
        let (spatial, _) = (try? splitChannels(input, rank: rank, format: format)) ?? ([], nil)
        let texts = zip(spatial, size).map { length, factor in
            length.map { "\(decimal($0 * factor)) = \($0)·\(factor)" } ?? "None"
        }
        return .free(output: "output \(joinAxes(texts, rank: rank)) → \(output)", macsWhy: "repetition, not counted")
    }

    static func workReshape(_ target: [Int], _ input: TensorShape, _ output: TensorShape) -> Worked {
        guard let missing = target.firstIndex(of: -1), let total = input.elementCount else {
            return .free(output: "output \(output): the same \(input.elementCount.map(decimal) ?? "unknown number of") elements", macsWhy: movementMACs)
        }
        let known = target.filter { $0 != -1 }
        let rest = Formula.quotient(Formula(total), known.reduce(1, *))
        let divisor = known.count == 1 ? "\(known[0])" : "(\(known.map(String.init).joined(separator: "·")))"
        return .free(
            output: "output \(output): the −1 at position \(missing + 1) is \(decimal(total))/\(divisor) = \(rest.value.map(decimal) ?? "?")",
            macsWhy: movementMACs)
    }

    static func workPReLU(sharedAxes: [Int], numParameters: Int?, _ input: TensorShape) -> Worked {
        if let numParameters {
            let why = numParameters == 1
                ? "num_parameters 1: one slope shared by every element"
                : "num_parameters \(numParameters): one slope per channel (the first non-batch axis)"
            return Worked(
                parameters: Formula(numParameters).parameters(why), parameterCount: numParameters,
                output: "output \(input) = the input shape", macs: "0 — element-wise, not counted", macCount: 0)
        }
        var factors: [Formula] = []
        for (index, dimension) in input.dimensions.enumerated() where !sharedAxes.contains(index + 1) {
            factors.append(dimension.map { Formula($0) } ?? Formula("None", value: nil))
        }
        let parameters = factors.isEmpty ? Formula(1) : Formula.product(factors)
        let shared = sharedAxes.isEmpty ? "" : ", shared along axes \(sharedAxes.map(String.init).joined(separator: ", "))"
        return Worked(
            parameters: parameters.parameters("one slope per element\(shared)"), parameterCount: parameters.value,
            output: "output \(input) = the input shape", macs: "0 — element-wise, not counted", macCount: 0)
    }

    static func workTimeDistributed(_ inner: LayerKind, _ input: TensorShape, _ outputs: [TensorShape], framework: Framework) -> Worked {
        guard input.rank >= 2 else { return .free(output: "output unknown") }
        let step = TensorShape(Array(input.dimensions.dropFirst()))
        let innerOutputs = outputs.map { TensorShape(Array($0.dimensions.dropFirst())) }
        var worked = work(inner, inputs: [step], outputs: innerOutputs, framework: framework)
        let macs = Formula.product(
            positions([input.dimensions[0]]) + [Formula(worked.macCount.map(decimal) ?? "?", value: worked.macCount)])
        worked.output = "each of the \(input.dimensions[0].map(decimal) ?? "None") steps: " + worked.output
            + "; output " + outputs.map(\.description).joined(separator: ", ")
        worked.macs = macs.macs("steps · MACs of one step") + "; one step: " + worked.macs
        worked.macCount = macs.value
        worked.notes.append("TimeDistributed: the inner layer's parameters are counted once, its MACs once per step")
        return worked
    }

    static func workModel(_ model: SubModel, inputs: [TensorShape], outputs: [TensorShape], framework: Framework) -> Worked {
        var layers = model.layers
        let names = model.inputs.isEmpty
            ? layers.filter { if case .input = $0.kind { true } else { false } }.map(\.name) : model.inputs
        for (name, shape) in zip(names, inputs) {
            if let index = layers.firstIndex(where: { $0.name == name }) { layers[index].kind = .input(shape: shape) }
        }
        let architecture = Architecture(name: "nested", framework: framework, layers: layers)
        guard let results = try? infer(architecture) else {
            return Worked(parameters: "unknown: the nested model cannot be computed", parameterCount: nil,
                          output: "output unknown", macs: "unknown", macCount: nil)
        }
        let inputLayers = Set(layers.filter { if case .input = $0.kind { true } else { false } }.map(\.name))
        let inner = explain(architecture, results: results).filter { !inputLayers.contains($0.name) }
        let counted = inner.compactMap(\.parameterCount).filter { $0 > 0 }
        let parameters = counted.isEmpty ? Formula(0) : Formula.sum(counted.map { Formula($0) })
        let macTerms = inner.compactMap(\.macCount).filter { $0 > 0 }
        let macs = macTerms.isEmpty ? Formula(0) : Formula.sum(macTerms.map { Formula($0) })
        let unknown = inner.contains { $0.parameterCount == nil }
        return Worked(
            parameters: (parameters.value == 0 ? "no parameters" : parameters.parameters("the sum over its \(inner.count) layers, counted once"))
                + (unknown ? " (a lower bound: some layers are not counted)" : ""),
            parameterCount: unknown ? nil : parameters.value,
            output: "output " + outputs.map(\.description).joined(separator: ", ") + ": the nested model's outputs",
            macs: macs.macs("the sum over its layers"), macCount: macs.value,
            notes: ["inside the nested model:"] + inner.map { "  " + $0.text.split(separator: "\n").joined(separator: "\n    ") })
    }
}
