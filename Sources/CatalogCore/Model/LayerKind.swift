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
}
