/// The family a layer belongs to, for breaking parameters down (`compare`, `export --format dot`).
public enum LayerCategory: String, Sendable, CaseIterable, Hashable {
    /// `mlp`: transformer MLPs and mixtures of experts; `head`: language-model heads and poolers.
    case convolution, dense, recurrent, attention, normalisation, embedding, mlp, head, other

    /// The category of a layer type: a canonical Keras class name (`Conv2D`, `LSTM`, …) or any
    /// name a file gave an unknown layer. Decided by the name, so unknown types are placed too.
    public init(layerType type: String) {
        let name = type.lowercased()
        func has(_ parts: String...) -> Bool { parts.contains { name.contains($0) } }
        if has("lstm", "gru", "rnn", "bidirectional") {
            self = .recurrent  // before convolution: ConvLSTM2D is recurrent
        } else if has("attention") {
            self = .attention
        } else if has("feedforward", "mixtureofexperts") {
            self = .mlp
        } else if has("lmhead", "languagemodelhead", "pooler") {
            self = .head
        } else if has("conv") {
            self = .convolution
        } else if has("embedding") {
            self = .embedding
        } else if has("normalization", "normalisation", "batchnorm", "layernorm", "groupnorm", "instancenorm", "rmsnorm") {
            self = .normalisation
        } else if has("dense", "linear") {
            self = .dense
        } else {
            self = .other
        }
    }
}

/// An architecture's parameters by layer category.
public struct ParameterBreakdown: Sendable, Hashable {
    /// Parameters of the counted layers of each category (every category present, maybe 0).
    public var parameters: [LayerCategory: Int]
    /// Layers whose numbers are unknown (not in any category).
    public var uncountedLayers: Int
    /// The sum over the categories (the architecture's total, or its lower bound).
    public var total: Int { parameters.values.reduce(0, +) }

    /// The share of `category` in ``total``, 0 when the total is 0.
    public func share(of category: LayerCategory) -> Double {
        total == 0 ? 0 : Double(parameters[category] ?? 0) / Double(total)
    }
}

extension ArchitectureDetail {
    /// Parameters by layer category.
    public var parameterBreakdown: ParameterBreakdown {
        var parameters = Dictionary(uniqueKeysWithValues: LayerCategory.allCases.map { ($0, 0) })
        var uncounted = 0
        for layer in layers {
            guard let count = layer.parameters else { uncounted += 1; continue }
            parameters[LayerCategory(layerType: layer.type), default: 0] += count
        }
        return ParameterBreakdown(parameters: parameters, uncountedLayers: uncounted)
    }

    /// The `count` layers with the most parameters, largest first (ties in layer order);
    /// layers with no parameters or unknown ones are left out.
    public func largestLayers(_ count: Int = 5) -> [LayerSummary] {
        let ranked = layers.enumerated()
            .filter { ($0.element.parameters ?? 0) > 0 }
            .sorted { ($0.element.parameters!, -$0.offset) > ($1.element.parameters!, -$1.offset) }
        return ranked.prefix(count).map(\.element)
    }
}
