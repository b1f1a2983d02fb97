extension Engine {
    /// MaxPooling / AveragePooling 1D, 2D, 3D (PyTorch MaxPool/AvgPool with `ceil_mode`).
    ///
    /// Output `(out…, C)` with each `out` from
    /// ``windowOutputLength(input:window:stride:dilation:padding:ceilMode:)`` (Keras: "valid"
    /// `floor((in − pool) / stride) + 1`, "same" `ceil(in / stride)`; PyTorch MaxPool2d docs for
    /// explicit padding and `ceil_mode`). No parameters; MACs 0 by the fvcore convention.
    static func pool(_ pooling: Pooling, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let (spatial, channels) = try splitChannels(input, rank: pooling.rank, format: pooling.dataFormat)
        let out = try windowOutputSpatial(
            spatial, input: input, window: pooling.poolSize, strides: pooling.strides,
            dilation: Array(repeating: 1, count: pooling.rank), padding: pooling.padding,
            ceilMode: pooling.ceilMode)
        return LayerEvaluation(outputs: [joinChannels(out, channels: channels, format: pooling.dataFormat)])
    }

    /// GlobalAveragePooling / GlobalMaxPooling 1D, 2D, 3D (PyTorch AdaptiveAvgPool2d(1)).
    ///
    /// Output `(C,)`, or with `keepdims` `(1, …, 1, C)` (channels-first: `(C, 1, …, 1)`).
    /// No parameters, MACs 0.
    static func poolGlobally(_ pooling: GlobalPooling, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let (spatial, channels) = try splitChannels(input, rank: pooling.rank, format: pooling.dataFormat)
        let output = pooling.keepDims
            ? joinChannels(spatial.map { _ in 1 }, channels: channels, format: pooling.dataFormat)
            : TensorShape([channels])
        return LayerEvaluation(outputs: [output])
    }
}
