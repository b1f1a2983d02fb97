/// The parts of a parameter count on which counting conventions and common variants of one
/// network disagree, so that a difference between two counts can be attributed to its causes.
///
/// Every part is already included in the layer's (or architecture's) parameter count; the parts
/// say how much of it is of each kind. Frozen layers' parts count like any other.
public struct ParameterParts: Hashable, Sendable {
    /// Bias parameters of convolutions: `filters` per Conv, ConvTranspose and SeparableConv (its
    /// pointwise bias), `C_in · depth_multiplier` per DepthwiseConv; 0 without `use_bias`. Keras
    /// Applications put a bias on every convolution; torchvision's ResNets have none (`bias=False`).
    public var convolutionBiases = 0
    /// Convolution layers (of the kinds above), counted once even when shared.
    public var convolutions = 0
    /// Those of them with a bias.
    public var convolutionsWithBias = 0
    /// Running statistics counted as non-trainable parameters: BatchNormalization's moving mean
    /// and variance (`2·C`) and Normalization's mean, variance and count, under the Keras
    /// convention. Under the PyTorch convention they are buffers and count 0 here.
    public var statistics = 0
    /// Layers that keep running statistics (BatchNormalization, adapted Normalization), under
    /// either convention.
    public var layersWithStatistics = 0
    /// The second bias vector per gate of recurrent layers (PyTorch's `bias_hh_l0` of RNN, LSTM
    /// and GRU; Keras' GRU with `reset_after`): `gates · units` each, ×2 for Bidirectional.
    public var recurrentBiases = 0
    /// Parameters of the routed experts a token does not use: `(num_experts −
    /// num_experts_per_tok)` experts per mixture-of-experts layer. Active parameters per token
    /// are the total minus these.
    public var inactiveExpertParameters = 0

    /// No parts.
    public init() {}

    /// The sum of two sets of parts.
    /// - Throws: ``LayerFault/overflow`` when a part exceeds 64 bits.
    func adding(_ other: ParameterParts) throws(LayerFault) -> ParameterParts {
        var result = ParameterParts()
        result.convolutionBiases = try sum(convolutionBiases, other.convolutionBiases)
        result.convolutions = try sum(convolutions, other.convolutions)
        result.convolutionsWithBias = try sum(convolutionsWithBias, other.convolutionsWithBias)
        result.statistics = try sum(statistics, other.statistics)
        result.layersWithStatistics = try sum(layersWithStatistics, other.layersWithStatistics)
        result.recurrentBiases = try sum(recurrentBiases, other.recurrentBiases)
        result.inactiveExpertParameters = try sum(inactiveExpertParameters, other.inactiveExpertParameters)
        return result
    }

    /// `factor` copies (Bidirectional's forward and backward layers).
    func times(_ factor: Int) throws(LayerFault) -> ParameterParts {
        var result = ParameterParts()
        for _ in 0..<factor { result = try result.adding(self) }
        return result
    }

    /// The parts of one convolution layer with `biases` bias parameters (0 without `use_bias`).
    static func convolution(biases: Int) -> ParameterParts {
        var parts = ParameterParts()
        parts.convolutions = 1
        parts.convolutionsWithBias = biases > 0 ? 1 : 0
        parts.convolutionBiases = biases
        return parts
    }

    /// The parts of one layer keeping `count` statistics counted as parameters.
    static func statistics(_ count: Int) -> ParameterParts {
        var parts = ParameterParts()
        parts.layersWithStatistics = 1
        parts.statistics = count
        return parts
    }
}
