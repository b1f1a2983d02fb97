/// The typed hyperparameters of a layer, one case per family the engine computes.
public enum LayerKind: Hashable, Sendable {
    /// A model input; the shape excludes the batch axis.
    case input(shape: TensorShape)
    case convolution(Convolution)
    case depthwiseConvolution(DepthwiseConvolution)
    case dense(Dense)
    case pooling(Pooling)
    case globalPooling(GlobalPooling)
    case flatten
    case batchNormalization(BatchNormalization)
    case zeroPadding(ZeroPadding)
    case merge(MergeOperation)
    /// Concatenation along `axis` (negative counts from the end, batch excluded).
    case concatenate(axis: Int)
    /// Output shape equals input shape, no parameters, no MACs: Dropout, Activation, ReLU,
    /// Softmax and similar element-wise layers.
    case passThrough
    /// A model used as a layer (Keras Sequential or Functional inside another model): counted
    /// once, its inputs bound to the call's inputs in order.
    indirect case model(SubModel)
}

/// The graph of a nested model.
public struct SubModel: Hashable, Sendable {
    /// Its layers, input layers included.
    public var layers: [Layer]
    /// Names of its input layers, in the order a call binds its inputs.
    public var inputs: [String]
    /// The tensors it returns, in order.
    public var outputs: [TensorReference]

    public init(layers: [Layer], inputs: [String], outputs: [TensorReference]) {
        self.layers = layers
        self.inputs = inputs
        self.outputs = outputs
    }
}
