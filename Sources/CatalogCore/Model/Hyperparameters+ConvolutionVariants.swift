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
