import ArgumentParser
import CatalogCore
import CatalogService

/// `--complete` / `--incomplete`.
enum Completeness: String, EnumerableFlag {
    case complete, incomplete

    static func help(for value: Completeness) -> ArgumentHelp? {
        switch value {
        case .complete: "Only architectures whose every layer is counted."
        case .incomplete: "Only architectures with a layer the engine does not know (their totals are lower bounds)."
        }
    }
}

/// The filters of `list` and `rank`; all given must hold. They run as SQL on the cached columns.
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only architectures with at most N total parameters (1e7, 25M, 3.5G, 1_000_000).", valueName: "N"))
    var maxParams: CountArgument?

    @Option(help: ArgumentHelp("Only architectures with at least N total parameters.", valueName: "N"))
    var minParams: CountArgument?

    @Option(name: .customLong("max-macs"), help: ArgumentHelp("Only architectures with at most N MACs (e.g. 3.5G).", valueName: "N"))
    var maxMACs: CountArgument?

    @Option(name: .customLong("min-macs"), help: ArgumentHelp("Only architectures with at least N MACs.", valueName: "N"))
    var minMACs: CountArgument?

    @Option(name: .customLong("max-flops"), help: ArgumentHelp("Only architectures with at most N FLOPs (2 × MACs), e.g. 7G.", valueName: "N"))
    var maxFLOPs: CountArgument?

    @Option(name: .customLong("min-flops"), help: ArgumentHelp("Only architectures with at least N FLOPs (2 × MACs).", valueName: "N"))
    var minFLOPs: CountArgument?

    @Option(help: ArgumentHelp("Only architectures using at most N parameters per token (mixture-of-experts models: routed experts a token does not use excluded; the total for others).", valueName: "N"))
    var maxActiveParams: CountArgument?

    @Option(help: ArgumentHelp("Only architectures using at least N parameters per token.", valueName: "N"))
    var minActiveParams: CountArgument?

    @Option(name: .customLong("tag"), help: ArgumentHelp("Only architectures with this tag (repeatable: all must match; case-insensitive).", valueName: "tag"))
    var tags: [String] = []

    @Option(
        name: .customLong("has-layer"),
        help: ArgumentHelp("Only architectures with a layer of this type, e.g. LSTM, Conv2d or MultiHeadAttention (repeatable: all must match; case-insensitive). Keras and PyTorch names of one layer match each other (Dense/Linear); MultiHeadAttention also finds Hugging Face attention blocks, Attention every attention layer.", valueName: "type"),
        completion: .list(LayerKind.knownTypes))
    var layerTypes: [String] = []

    @Option(name: .customLong("name"), help: ArgumentHelp("Only names matching this glob (* any text, ? one character, [abc] one of; case-insensitive), e.g. 'resnet*'.", valueName: "pattern"))
    var namePattern: String?

    @Option(
        help: ArgumentHelp("Only architectures counted by this convention: keras or pytorch.", valueName: "framework"),
        completion: .list(Framework.allCases.map(\.rawValue)))
    var framework: String?

    @Flag(exclusivity: .exclusive)
    var completeness: Completeness?

    @Flag(
        name: .customLong("assumed-shapes"), inversion: .prefixedNo,
        help: "Only architectures with (or, with --no-assumed-shapes, without) an assumed output shape: a Keras Lambda layer whose file records none.")
    var assumedShapes: Bool?

    @Flag(
        name: .customLong("per-step-macs"), inversion: .prefixedNo,
        help: "Only architectures whose MACs are (or, with --no-per-step-macs, are not) per step: an unknown input dimension (None, an ONNX symbolic axis) counted as 1. Without it --max-macs and --sort macs use such MACs as stored, marked \u{2020}.")
    var perStepMACs: Bool?

    func validate() throws {
        if let minParams, let maxParams, minParams.value > maxParams.value {
            throw ValidationError("--min-params \(minParams.value) is larger than --max-params \(maxParams.value)")
        }
        if let minMACs, let maxMACs, minMACs.value > maxMACs.value {
            throw ValidationError("--min-macs \(minMACs.value) is larger than --max-macs \(maxMACs.value)")
        }
        if let minFLOPs, let maxFLOPs, minFLOPs.value > maxFLOPs.value {
            throw ValidationError("--min-flops \(minFLOPs.value) is larger than --max-flops \(maxFLOPs.value)")
        }
        if let framework, Framework(rawValue: framework.lowercased()) == nil {
            throw ValidationError("--framework must be one of \(Framework.allCases.map(\.rawValue).joined(separator: ", ")), got '\(framework)'")
        }
        if let namePattern, namePattern.isEmpty { throw ValidationError("--name must not be empty") }
        for tag in tags where tag.isEmpty { throw ValidationError("--tag must not be empty") }
        for type in layerTypes where type.isEmpty { throw ValidationError("--has-layer must not be empty") }
    }

    /// A query with these filters and the given order.
    func query(sort: ArchitectureSort, descending: Bool, limit: Int?) -> ListQuery {
        // FLOPs = 2 × MACs: at most N FLOPs is at most ⌊N/2⌋ MACs, at least N is at least ⌈N/2⌉.
        let flopsMin = minFLOPs.map { $0.value / 2 + $0.value % 2 }
        let flopsMax = maxFLOPs.map { $0.value / 2 }
        let minimum = [minMACs?.value, flopsMin].compactMap { $0 }.max()
        let maximum = [maxMACs?.value, flopsMax].compactMap { $0 }.min()
        var filter = ArchitectureFilter(
            minParams: minParams?.value, maxParams: maxParams?.value, minMACs: minimum,
            maxMACs: maximum, tags: tags, layerTypes: layerTypes, namePattern: namePattern,
            framework: framework?.lowercased(), isComplete: completeness.map { $0 == .complete },
            minActiveParams: minActiveParams?.value, maxActiveParams: maxActiveParams?.value)
        filter.hasAssumedShapes = assumedShapes
        filter.hasPerStepMACs = perStepMACs
        return ListQuery(filter: filter, sort: sort, descending: descending, limit: limit)
    }
}
