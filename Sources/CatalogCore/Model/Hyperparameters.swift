/// Where the channel axis sits (Keras' `data_format`).
public enum DataFormat: String, Hashable, Sendable {
    /// `(spatial…, channels)`: Keras' and TensorFlow's default.
    case channelsLast = "channels_last"
    /// `(channels, spatial…)`: PyTorch's layout.
    case channelsFirst = "channels_first"
}

/// Padding of a convolution or pooling window.
public enum Padding: Hashable, Sendable {
    /// No padding (Keras "valid").
    case valid
    /// Output size `ceil(input / stride)`; Keras pads asymmetrically (more after) when the total
    /// padding is odd.
    case same
    /// Keras Conv1D "causal": left padding of `dilation · (kernel − 1)`; output `ceil(input / stride)`.
    case causal
    /// Explicit amounts per spatial axis, `(before, after)` (PyTorch's `padding`).
    case explicit([PaddingAmount])
}

/// Explicit padding of one spatial axis, in elements.
public struct PaddingAmount: Hashable, Sendable {
    /// Elements added before the first input element.
    public var before: Int
    /// Elements added after the last input element.
    public var after: Int

    public init(before: Int, after: Int) {
        self.before = before
        self.after = after
    }
}

/// Conv1D, Conv2D, Conv3D hyperparameters (Keras names).
public struct Convolution: Hashable, Sendable {
    /// Number of spatial axes (1, 2 or 3).
    public var rank: Int
    /// Output channels.
    public var filters: Int
    public var kernelSize: [Int]
    public var strides: [Int]
    public var padding: Padding
    public var dilationRate: [Int]
    /// Channel groups: each filter sees `input_channels / groups` channels.
    public var groups: Int
    public var useBias: Bool
    public var dataFormat: DataFormat
}

/// DepthwiseConv1D / DepthwiseConv2D hyperparameters (Keras names).
public struct DepthwiseConvolution: Hashable, Sendable {
    public var rank: Int
    public var kernelSize: [Int]
    public var strides: [Int]
    public var padding: Padding
    public var dilationRate: [Int]
    /// Output channels per input channel.
    public var depthMultiplier: Int
    public var useBias: Bool
    public var dataFormat: DataFormat
}

/// Dense (PyTorch Linear) hyperparameters.
public struct Dense: Hashable, Sendable {
    /// Output features.
    public var units: Int
    public var useBias: Bool
}

/// Which reduction a pooling layer applies.
public enum PoolingMode: String, Hashable, Sendable {
    case max
    case average
}

/// MaxPooling / AveragePooling 1D, 2D, 3D hyperparameters.
public struct Pooling: Hashable, Sendable {
    public var mode: PoolingMode
    public var rank: Int
    public var poolSize: [Int]
    /// Defaults to `poolSize` (Keras and PyTorch).
    public var strides: [Int]
    public var padding: Padding
    /// PyTorch's `ceil_mode`: round the output size up, provided the last window starts inside
    /// the input or the left padding.
    public var ceilMode: Bool
    public var dataFormat: DataFormat
}

/// GlobalAveragePooling / GlobalMaxPooling 1D, 2D, 3D hyperparameters.
public struct GlobalPooling: Hashable, Sendable {
    public var mode: PoolingMode
    public var rank: Int
    /// Keep the spatial axes with size 1.
    public var keepDims: Bool
    public var dataFormat: DataFormat
}

/// BatchNormalization hyperparameters.
public struct BatchNormalization: Hashable, Sendable {
    /// The normalized axes (usually the channel axis); may be negative.
    public var axis: [Int]
    /// Learn β (an offset per channel).
    public var center: Bool
    /// Learn γ (a scale per channel).
    public var scale: Bool
    /// Keep the running mean and variance (`2·C`): PyTorch's `track_running_stats` (PyTorch
    /// BatchNorm2d docs). With `false` the layer has none, so it counts `0` non-trainable
    /// parameters under the Keras convention and no buffers under PyTorch's. Defaults to `true`
    /// (Keras always keeps the moving statistics).
    public var tracksRunningStatistics: Bool = true
    /// PyTorch's `num_features` when given: the expected size `C` of the normalized axis, checked
    /// against the input (PyTorch BatchNorm2d docs: "C from an expected input of size (N, C, H, W)").
    public var numFeatures: Int? = nil
}

/// ZeroPadding1D / 2D / 3D: `(before, after)` per spatial axis.
public struct ZeroPadding: Hashable, Sendable {
    public var rank: Int
    public var padding: [PaddingAmount]
    public var dataFormat: DataFormat
}

/// Element-wise merge operations over inputs of one shape (Keras' merging layers).
public enum MergeOperation: String, Hashable, Sendable {
    case add, subtract, multiply, average, maximum, minimum
}
