/// Whose counting convention an architecture's numbers follow.
public enum Framework: String, Hashable, Sendable, CaseIterable {
    /// Keras: BatchNormalization's moving mean and variance are non-trainable parameters.
    case keras
    /// PyTorch: running statistics are buffers, not parameters (recorded for later use).
    case pytorch
}

/// A neural-network architecture: metadata plus its layers as a graph.
///
/// Input layers (``LayerKind/input(shape:)``) carry the input shapes (batch excluded). Layers are
/// listed in the order the file gave them; wiring is by ``Layer/calls``.
public struct Architecture: Hashable, Sendable {
    /// The catalog name (unique, compared case-insensitively by the store).
    public var name: String
    /// Free text.
    public var description: String?
    /// Where it comes from: a paper or URL.
    public var source: String?
    /// Labels for filtering.
    public var tags: [String]
    /// The counting convention.
    public var framework: Framework
    /// The layers, inputs included.
    public var layers: [Layer]

    /// Creates an architecture.
    public init(
        name: String, description: String? = nil, source: String? = nil, tags: [String] = [],
        framework: Framework = .keras, layers: [Layer]
    ) {
        self.name = name
        self.description = description
        self.source = source
        self.tags = tags
        self.framework = framework
        self.layers = layers
    }

    /// The shapes of the input layers, in order (batch excluded).
    public var inputShapes: [TensorShape] {
        layers.compactMap { layer in
            if case .input(let shape) = layer.kind { return shape }
            return nil
        }
    }
}
