extension Engine {
    /// The explanation of a ``ModuleLayer`` call: the formula each module's counts come from
    /// (the sources are cited in Inference/ModuleLayer+Inference.swift).
    static func workModule(
        _ module: ModuleLayer, inputs: [TensorShape], outputs: [TensorShape], framework: Framework
    ) -> Worked {
        let input = inputs.first ?? TensorShape([])
        let output = outputs.first ?? TensorShape([])
        let evaluation = try? evaluateModule(module, inputs, framework: framework)
        let count = evaluation.map { $0.trainable + $0.nonTrainable }
        let macs = evaluation?.macs
        func counted(_ parameters: String, _ macsWhy: String, notes: [String] = []) -> Worked {
            Worked(
                parameters: "\(count.map(decimal) ?? "?") params (\(parameters))", parameterCount: count,
                output: "output " + outputs.map(\.description).joined(separator: ", "),
                macs: "\(macs.map(decimal) ?? "?") (\(macsWhy))", macCount: macs, notes: notes)
        }
        switch module {
        case .layerScale(let dim):
            return Worked(
                parameters: Formula(dim).parameters("LayerScale: one scale γ per channel, projection_dim"),
                parameterCount: dim, output: "output \(output) = the input shape",
                macs: "0 — element-wise, not counted", macCount: 0)
        case .scaledSum(let scale):
            return .free(output: "output \(output) = inputs[0] + inputs[1] · \(scale) (element-wise broadcast)")
        case .checked(let inner, let key, _, let sizes):
            var worked = work(inner, inputs: inputs, outputs: outputs, framework: framework)
            worked.notes.append("\(key) \(sizes.map(decimal).joined(separator: ", ")) matches the input \(input)")
            return worked
        case .torchRecurrent(let layer):
            let gates = switch layer.cell { case .simple: "1"; case .lstm: "4"; case .gru: "3" }
            return counted(
                "per layer and direction: \(gates)·hidden_size·(input + hidden_size or proj_size) weights"
                    + (layer.bias ? " + 2·\(gates)·hidden_size biases (bias_ih and bias_hh)" : "")
                    + (layer.projSize > 0 ? " + proj_size·hidden_size (weight_hr)" : "")
                    + "; num_layers \(layer.numLayers)" + (layer.bidirectional ? ", bidirectional ×2" : ""),
                "steps · the weight products of every layer and direction")
        case .torchMultiheadAttention(let mha):
            return counted(
                "E·E + E·kdim + E·vdim projections + E·E out_proj"
                    + (mha.bias ? " + 4·E biases" : "") + (mha.addBiasKV ? " + 2·E bias_k, bias_v" : "")
                    + ", E = \(mha.embedDim)",
                "projections + 2·L·S·E (scores and weighted sum) + L·E·E (out_proj)")
        case .torchTransformerLayer(let layer):
            return counted(
                (layer.decoder ? "self- and cross-attention" : "self-attention")
                    + " + linear1 (d_model·dim_feedforward" + (layer.bias ? " + dim_feedforward" : "")
                    + ") + linear2 (dim_feedforward·d_model" + (layer.bias ? " + d_model" : "")
                    + ") + \(layer.decoder ? 3 : 2) LayerNorms", "attention blocks + 2·L·d_model·dim_feedforward")
        case .bilinear(let in1, let in2, let out, let bias):
            return counted("\(out)·\(in1)·\(in2) weight" + (bias ? " + \(out) bias" : ""), "positions · out·in1·in2")
        case .embeddingBag(let n, let d):
            return counted("\(n)·\(d): one vector per index", "a lookup, not counted")
        case .flattenRange, .unflatten, .upsample, .pixelShuffle:
            return .free(output: "output \(output) from input \(input)")
        case .declared:
            return Worked(
                parameters: "\(count.map(decimal) ?? "?") params, as the file declares them", parameterCount: count,
                output: "output " + outputs.map(\.description).joined(separator: ", ") + " as the file declares it",
                macs: "not counted", macCount: nil,
                notes: ["declared by the file: the engine does not know this layer type"])
        case .lambda(let shape):
            if shape != nil {
                return .free(output: "output \(output), as the file records it or add was given it", macsWhy: "a Lambda, not counted")
            }
            return .free(
                output: "output \(output) ASSUMED equal to the input shape (a Lambda records no output shape)",
                macsWhy: "a Lambda, not counted",
                notes: ["assumed output shape: give the real one with `catalog add --lambda-shape NAME=DIMS`"])
        }
    }
}
