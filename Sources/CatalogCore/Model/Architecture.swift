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
    /// The dtype the file declares for the weights, as the file names it: a Hugging Face
    /// config.json's `dtype` (transformers ≥ 4.56) or `torch_dtype` (`bfloat16`, `float16`,
    /// `float32`), or a GGUF file's `general.file_type` as gguf-py's `LlamaFileType` names it
    /// (`MOSTLY_Q4_K_M`, `ALL_F32`); `nil` when the file declares none. Memory answers price
    /// weights without stored tensors in this type (docs/MEMORY.md).
    public var declaredDType: String?
    /// For a rotary-position (RoPE) model, the context it was trained at and its scaling
    /// (``RoPEContext``); `nil` for other models and when the file names no context. Memory
    /// answers past it carry a note (docs/MEMORY.md).
    public var ropeContext: RoPEContext? = nil

    /// Creates an architecture.
    public init(
        name: String, description: String? = nil, source: String? = nil, tags: [String] = [],
        framework: Framework = .keras, layers: [Layer], declaredDType: String? = nil
    ) {
        self.declaredDType = declaredDType
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
