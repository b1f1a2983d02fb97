/// Conv1DTranspose / Conv2DTranspose / Conv3DTranspose hyperparameters.
public struct TransposedConvolution: Hashable, Sendable {
    public var rank: Int
    public var filters: Int
    public var kernelSize: [Int]
    public var strides: [Int]
    /// "valid", "same", or PyTorch's explicit symmetric padding.
    public var padding: Padding
    /// Extra size added on one side of the output (Keras and PyTorch `output_padding`).
    public var outputPadding: [Int]?
    public var dilationRate: [Int]
    public var groups: Int
    public var useBias: Bool
    public var dataFormat: DataFormat
}

/// SeparableConv1D / SeparableConv2D hyperparameters.
public struct SeparableConvolution: Hashable, Sendable {
    public var rank: Int
    public var filters: Int
    public var kernelSize: [Int]
    public var strides: [Int]
    public var padding: Padding
    public var dilationRate: [Int]
    public var depthMultiplier: Int
    public var useBias: Bool
    public var dataFormat: DataFormat
}

/// The recurrent cell of a SimpleRNN, LSTM or GRU layer.
public enum RecurrentCell: String, Hashable, Sendable {
    case simple, lstm, gru
}

/// SimpleRNN / LSTM / GRU hyperparameters.
public struct Recurrent: Hashable, Sendable {
    public var cell: RecurrentCell
    public var units: Int
    public var useBias: Bool
    public var returnSequences: Bool
    public var returnState: Bool
    /// GRU only: Keras 2+ default `true` (two bias vectors per gate).
    public var resetAfter: Bool
}

/// How Bidirectional merges the forward and backward outputs.
public enum MergeMode: String, Hashable, Sendable {
    case concat, sum, mul, ave
    /// No merge: the two outputs are returned separately.
    case none
}

/// Bidirectional wrapper hyperparameters.
public struct Bidirectional: Hashable, Sendable {
    public var layer: Recurrent
    public var mergeMode: MergeMode
}

/// MultiHeadAttention hyperparameters (Keras names).
public struct MultiHeadAttention: Hashable, Sendable {
    public var numHeads: Int
    public var keyDim: Int
    /// Defaults to `keyDim`.
    public var valueDim: Int
    /// Output features; defaults to the query's last axis.
    public var outputShape: [Int]?
    public var useBias: Bool
}

/// Attention / AdditiveAttention hyperparameters.
public struct AttentionLayer: Hashable, Sendable {
    /// AdditiveAttention (Bahdanau) instead of dot-product Attention (Luong).
    public var additive: Bool
    public var useScale: Bool
    /// Attention's `score_mode: "concat"` adds one scalar weight.
    public var concatScore: Bool
}

/// ConvLSTM1D / ConvLSTM2D / ConvLSTM3D hyperparameters (Keras names): an LSTM whose input and
/// recurrent transformations are convolutions.
public struct ConvolutionalLSTM: Hashable, Sendable {
    /// Spatial axes of each time step (1, 2 or 3).
    public var rank: Int
    /// Output channels (the hidden and cell states' channels).
    public var filters: Int
    public var kernelSize: [Int]
    /// Strides of the input convolution; the recurrent convolution has stride 1.
    public var strides: [Int]
    /// "valid" or "same" for the input convolution; the recurrent convolution is always "same".
    public var padding: Padding
    public var dilationRate: [Int]
    public var useBias: Bool
    public var returnSequences: Bool
    public var returnState: Bool
    public var dataFormat: DataFormat
}
