/// A reference to one tensor produced by a layer: output `tensor` of call `node` of layer `layer`
/// (Keras' `[layer_name, node_index, tensor_index]`).
public struct TensorReference: Hashable, Sendable, CustomStringConvertible {
    /// The producing layer's name.
    public var layer: String
    /// Which call of that layer (0 for the first; a shared layer has several).
    public var node: Int
    /// Which of that call's outputs (0 unless the layer returns several tensors).
    public var tensor: Int

    /// Creates a reference to output `tensor` of call `node` of `layer`.
    public init(layer: String, node: Int = 0, tensor: Int = 0) {
        self.layer = layer
        self.node = node
        self.tensor = tensor
    }

    /// `name`, or Keras' "Connected to" form `name[node][tensor]` when either index is not 0.
    public var description: String {
        node == 0 && tensor == 0 ? layer : "\(layer)[\(node)][\(tensor)]"
    }
}

/// One layer of an architecture: its Keras class, its hyperparameters and how it is wired.
public struct Layer: Hashable, Sendable {
    /// Unique name within the architecture (Keras' `name`).
    public var name: String
    /// The canonical Keras class name (`Conv2D`, `Dense`, …) or, for an unsupported layer, the
    /// class name the file gave.
    public var type: String
    /// The hyperparameters exactly as read, under Keras' config key names (`filters`,
    /// `kernel_size`, …). `kind` is derived from `type` and `config`.
    public var config: [String: ConfigValue]
    /// The typed hyperparameters the engine computes with.
    public var kind: LayerKind
    /// One entry per call of the layer (Keras' inbound nodes); each lists the tensors that call
    /// consumes. An input layer has one call with no inbound tensors.
    public var calls: [[TensorReference]]
    /// `false` makes every parameter of the layer non-trainable (Keras' `trainable`).
    public var isTrainable: Bool

    /// Creates a layer; `kind` must be the parse of `type` and `config`.
    public init(
        name: String, type: String, config: [String: ConfigValue], kind: LayerKind,
        calls: [[TensorReference]], isTrainable: Bool = true
    ) {
        self.name = name
        self.type = type
        self.config = config
        self.kind = kind
        self.calls = calls
        self.isTrainable = isTrainable
    }

    /// Parses `type` and `config` into a layer (see ``LayerKind/parse(type:config:options:)``).
    /// - Throws: ``ConfigError`` when the type or a hyperparameter is invalid.
    public init(
        name: String, type: String, config: [String: ConfigValue],
        calls: [[TensorReference]], isTrainable: Bool = true, options: ParseOptions = .strict
    ) throws(ConfigError) {
        let parsed = try LayerKind.parse(type: type, config: config, options: options)
        self.init(
            name: name, type: parsed.type, config: parsed.config, kind: parsed.kind,
            calls: calls, isTrainable: isTrainable)
    }
}
