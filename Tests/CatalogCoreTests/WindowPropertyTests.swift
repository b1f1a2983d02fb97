import CatalogTestSupport
import Testing
@testable import CatalogCore

/// Property tests: for many random but seeded valid convolution and pooling hyperparameters the
/// output size equals the closed-form formula of the Keras and PyTorch documentation, the
/// parameters equal `(k₁·…·k_r · C_in/groups + 1) · filters` whatever the spatial input size,
/// and `explain` writes the same length.
///
/// Closed forms (computed here in floating point, independently of the engine's integer code):
/// - "valid": `⌊(in − d·(k − 1) − 1)/s⌋ + 1` (Keras Conv2D docs; PyTorch Conv2d with padding 0);
/// - "same": `⌈in/s⌉` (Keras Conv2D and MaxPooling2D docs);
/// - "causal": `⌊(in + d·(k − 1) − d·(k − 1) − 1)/s⌋ + 1`, left padding `d·(k − 1)` (Keras Conv1D docs);
/// - explicit `p` (PyTorch's default 0 when no padding is given): `⌊(in + 2p − d·(k − 1) − 1)/s + 1⌋`
///   (PyTorch Conv2d / MaxPool2d docs), with `ceil_mode` rounding up unless the last window would
///   start in the right padding.
@Suite("Sliding-window properties")
struct WindowPropertyTests {
    enum PaddingChoice: Sendable, Hashable { case valid, same, causal, explicit(Int) }

    struct Case: Sendable, CustomTestStringConvertible {
        var pooling: Bool
        var input: [Int]
        var channels: Int
        var filters: Int
        var groups: Int
        var kernel: [Int]
        var strides: [Int]
        var dilation: [Int]
        var padding: PaddingChoice
        var ceilMode: Bool
        var testDescription: String {
            "\(pooling ? "pool" : "conv") in \(input)x\(channels) k \(kernel) s \(strides) d \(dilation) \(padding)\(ceilMode ? " ceil" : "") g \(groups) f \(filters)"
        }
    }

    static let cases: [Case] = {
        var random = SeededGenerator(seed: 20_260_301)
        var cases: [Case] = []
        while cases.count < 200 {
            let pooling = Bool.random(using: &random)
            let rank = Int.random(in: 1...3, using: &random)
            let kernel = (0..<rank).map { _ in Int.random(in: 1...5, using: &random) }
            let dilated = !pooling && Bool.random(using: &random)
            let dilation = kernel.map { _ in dilated ? Int.random(in: 1...3, using: &random) : 1 }
            let strides = kernel.map { _ in dilated ? 1 : Int.random(in: 1...4, using: &random) }
            var padding: PaddingChoice
            switch Int.random(in: 0..<4, using: &random) {
            case 0: padding = .valid
            case 1: padding = .same
            case 2 where rank == 1 && !pooling: padding = .causal
            default:
                // PyTorch pooling: padding at most half the window.
                let most = pooling ? kernel.min()! / 2 : 3
                padding = .explicit(Int.random(in: 0...most, using: &random))
            }
            let ceilMode: Bool
            switch padding {
            case .explicit, .valid: ceilMode = pooling && Bool.random(using: &random)
            default: ceilMode = false
            }
            let input = zip(kernel, dilation).map { k, d in d * (k - 1) + 1 + Int.random(in: 0...40, using: &random) }
            let groups = pooling ? 1 : [1, 1, 2, 4].randomElement(using: &random)!
            cases.append(Case(
                pooling: pooling, input: input, channels: groups * Int.random(in: 1...4, using: &random),
                filters: groups * Int.random(in: 1...5, using: &random), groups: groups, kernel: kernel,
                strides: strides, dilation: dilation, padding: padding, ceilMode: ceilMode))
        }
        return cases
    }()

    /// The documented closed form for one axis.
    static func expectedLength(_ c: Case, axis: Int) -> Int {
        let n = Double(c.input[axis]), k = Double(c.kernel[axis]), s = Double(c.strides[axis]), d = Double(c.dilation[axis])
        switch c.ceilMode && c.padding == .valid ? .explicit(0) : c.padding {
        case .valid: return Int(((n - d * (k - 1) - 1) / s).rounded(.down)) + 1
        case .same: return Int((n / s).rounded(.up))
        case .causal: return Int(((n + d * (k - 1) - d * (k - 1) - 1) / s).rounded(.down)) + 1
        case .explicit(let p):
            let span = (n + 2 * Double(p) - d * (k - 1) - 1) / s
            guard c.ceilMode else { return Int(span.rounded(.down)) + 1 }
            let length = Int(span.rounded(.up)) + 1
            return (length - 1) * c.strides[axis] >= c.input[axis] + p ? length - 1 : length
        }
    }

    static func config(_ c: Case) -> (String, [String: ConfigValue]) {
        let rank = c.kernel.count
        var config: [String: ConfigValue] = [c.pooling ? "pool_size" : "kernel_size": ints(c.kernel), "strides": ints(c.strides)]
        switch c.padding {
        case .valid: config["padding"] = .string("valid")
        case .same: config["padding"] = .string("same")
        case .causal: config["padding"] = .string("causal")
        case .explicit(let p): config["padding"] = .int(p)
        }
        if c.pooling {
            if c.ceilMode { config["ceil_mode"] = .bool(true) }
            return ("MaxPooling\(rank)D", config)
        }
        config["filters"] = .int(c.filters)
        config["dilation_rate"] = ints(c.dilation)
        config["groups"] = .int(c.groups)
        return ("Conv\(rank)D", config)
    }

    static func ints(_ values: [Int]) -> ConfigValue { .array(values.map { .int($0) }) }

    @Test(arguments: cases)
    func outputSizeMatchesTheDocumentedFormula(_ c: Case) throws {
        let (type, config) = Self.config(c)
        let result = try evaluate(type, config, input: c.input + [c.channels])
        let expected = (0..<c.kernel.count).map { Self.expectedLength(c, axis: $0) }
        #expect(result.outputShape == TensorShape(expected + [c.pooling ? c.channels : c.filters]))
        // explain writes the same length for every axis.
        let paddings = AxisPadding.axes(try LayerKind.parse(type: type, config: config, options: .strict).kind.padding!, rank: c.kernel.count)
        for axis in 0..<c.kernel.count {
            let (text, _) = windowAxis(
                input: c.input[axis], window: c.kernel[axis], stride: c.strides[axis], dilation: c.dilation[axis],
                padding: paddings[axis], ceilMode: c.ceilMode)
            #expect(text.hasPrefix("\(expected[axis]) = "), "\(text)")
        }
    }

    @Test(arguments: cases.filter { !$0.pooling })
    func parametersDoNotDependOnTheInputSize(_ c: Case) throws {
        let (type, config) = Self.config(c)
        // (k₁·…·k_r · C_in/groups + 1)·filters, and MACs = output positions · filters · k₁·…·k_r · C_in/groups.
        let perFilter = c.kernel.reduce(1, *) * c.channels / c.groups
        let small = try evaluate(type, config, input: c.input + [c.channels])
        let large = try evaluate(type, config, input: c.input.map { $0 + 17 } + [c.channels])
        #expect(small.parameters == (perFilter + 1) * c.filters)
        #expect(large.parameters == small.parameters)
        let positions = small.outputShape.dimensions.dropLast().reduce(1) { $0 * $1! }
        #expect(small.macs == positions * c.filters * perFilter)
    }
}

extension LayerKind {
    /// The padding of a convolution or pooling kind (for the property tests).
    var padding: Padding? {
        switch self {
        case .convolution(let conv): conv.padding
        case .pooling(let pooling): pooling.padding
        default: nil
        }
    }
}
