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
