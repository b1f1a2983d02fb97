/// One architecture's parameter count as the two sides of a ``ParameterDifference`` see it.
public struct ParameterAccount: Hashable, Sendable {
    /// The architecture's name.
    public var name: String
    /// The convention the count follows.
    public var framework: Framework
    /// Total parameters (trainable plus non-trainable).
    public var parameters: Int
    /// How much of them are convolution biases, statistics and second recurrent biases.
    public var parts: ParameterParts

    /// Creates an account from its fields.
    public init(name: String, framework: Framework, parameters: Int, parts: ParameterParts) {
        self.name = name
        self.framework = framework
        self.parameters = parameters
        self.parts = parts
    }

    /// The account of `architecture` counted under `framework` (default its own convention).
    /// - Throws: ``InferenceError`` as ``Engine/infer(_:)``.
    public init(_ architecture: Architecture, framework: Framework? = nil) throws(InferenceError) {
        var counted = architecture
        counted.framework = framework ?? architecture.framework
        let totals = try Engine.totals(of: counted, results: Engine.infer(counted))
        self.init(name: architecture.name, framework: counted.framework, parameters: totals.parameters, parts: totals.parts)
    }

    /// The parameters that are none of the ``ParameterParts`` (weights, other biases, γ and β …).
    public var otherParameters: Int {
        parameters - parts.convolutionBiases - parts.statistics - parts.recurrentBiases
    }
}

/// Why two architectures' parameter counts differ: the difference attributed to convolution
/// biases, running statistics counted as parameters, second recurrent biases, and the rest.
///
/// For torchvision's ResNet-50 ("pytorch", 25,557,032) against Keras' ResNet50 ("keras",
/// 25,636,712) the 79,680 difference is 26,560 convolution biases (Keras puts a bias on each
/// of the 53 convolutions; torchvision has `bias=False`) plus 53,120 batch-norm statistics
/// (Keras counts the moving mean and variance as non-trainable parameters; PyTorch keeps them
/// as buffers), and nothing else. All amounts are `to` minus `from`.
public struct ParameterDifference: Hashable, Sendable {
    /// A cause a difference is attributed to.
    public enum Cause: String, Hashable, Sendable, CaseIterable {
        /// Bias parameters of convolutions present on one side and absent (or fewer) on the other.
        case convolutionBiases = "convolution biases"
        /// Running statistics (BatchNormalization's moving mean and variance, Normalization's
        /// mean, variance and count) counted as non-trainable parameters (Keras) or as buffers
        /// (PyTorch), or kept by more layers on one side.
        case statistics = "batch-norm statistics"
        /// The second bias vector per recurrent gate (PyTorch's `bias_hh`, Keras GRU `reset_after`).
        case recurrentBiases = "second recurrent biases"
        /// Everything else: the networks themselves differ.
        case other = "other parameters"
    }

    /// One cause's share of the difference.
    public struct Attribution: Hashable, Sendable {
        /// The cause.
        public var cause: Cause
        /// `to` minus `from` for this cause, in parameters (may be negative).
        public var amount: Int
        /// One sentence naming both sides' numbers and the convention or variant behind them.
        public var reason: String
    }

    /// The first architecture (the reference).
    public var from: ParameterAccount
    /// The second architecture; amounts are its numbers minus `from`'s.
    public var to: ParameterAccount
    /// The non-zero shares, in the order of ``Cause/allCases``; they sum to ``difference``.
    public var attributions: [Attribution]

    /// `to.parameters − from.parameters`.
    public var difference: Int { to.parameters - from.parameters }

    /// The share of ``Cause/other``: parameters no convention or variant explains.
    public var unexplained: Int { attributions.first { $0.cause == .other }?.amount ?? 0 }

    /// Whether the whole difference comes from convolution biases, statistics and recurrent
    /// biases (the networks are otherwise the same size).
    public var isFullyAttributed: Bool { unexplained == 0 }

    /// Attributes `to.parameters − from.parameters` to its causes.
    public init(from: ParameterAccount, to: ParameterAccount) {
        self.from = from
        self.to = to
        let a = from.parts, b = to.parts
        var shares: [Attribution] = []
        func share(_ cause: Cause, _ amount: Int, _ reason: @autoclosure () -> String) {
            if amount != 0 { shares.append(Attribution(cause: cause, amount: amount, reason: reason())) }
        }
        share(.convolutionBiases, b.convolutionBiases - a.convolutionBiases,
              "\(Self.biasText(to)); \(Self.biasText(from))")
        share(.statistics, b.statistics - a.statistics, "\(Self.statisticsText(to)); \(Self.statisticsText(from))")
        share(.recurrentBiases, b.recurrentBiases - a.recurrentBiases,
              "'\(to.name)' has \(decimal(b.recurrentBiases)), '\(from.name)' \(decimal(a.recurrentBiases)) (PyTorch's RNN, LSTM and GRU and Keras' GRU with reset_after keep two bias vectors per gate)")
        share(.other, to.otherParameters - from.otherParameters,
              "the networks differ: '\(to.name)' has \(decimal(to.otherParameters)) other parameters, '\(from.name)' \(decimal(from.otherParameters))")
        attributions = shares
    }

    private static func biasText(_ account: ParameterAccount) -> String {
        let parts = account.parts
        return "'\(account.name)' has a bias on \(parts.convolutionsWithBias) of its \(parts.convolutions) convolutions (\(decimal(parts.convolutionBiases)))"
    }

    private static func statisticsText(_ account: ParameterAccount) -> String {
        let parts = account.parts
        let layers = "\(parts.layersWithStatistics) layer\(parts.layersWithStatistics == 1 ? "" : "s") with running statistics"
        switch account.framework {
        case .keras:
            return "'\(account.name)' counts the moving statistics of its \(layers) as non-trainable parameters (keras convention: \(decimal(parts.statistics)))"
        case .pytorch:
            return "'\(account.name)' keeps those of its \(layers) as buffers, not parameters (pytorch convention: \(decimal(parts.statistics)))"
        }
    }

    /// The explanation as plain text: the totals, then one line per cause.
    public var text: String {
        var lines = [
            "'\(to.name)' (\(to.framework.rawValue)) has \(decimal(to.parameters)) parameters, '\(from.name)' (\(from.framework.rawValue)) \(decimal(from.parameters)): \(signed(difference))",
        ]
        for attribution in attributions {
            lines.append("  \(signed(attribution.amount)) \(attribution.cause.rawValue): \(attribution.reason)")
        }
        if difference != 0 {
            lines.append(isFullyAttributed
                ? "  the whole difference is convention and bias choices; the networks are otherwise the same size"
                : "  \(signed(unexplained)) is not explained by conventions: the networks differ")
        }
        return lines.joined(separator: "\n")
    }
}

/// `+1,234`, `−56`, `0`.
func signed(_ value: Int) -> String {
    value > 0 ? "+" + decimal(value) : value < 0 ? "−" + decimal(-value) : "0"
}
