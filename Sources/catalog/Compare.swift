import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog compare A B [C …]`
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare architectures side by side, each relative to the first.",
        discussion: """
            One column per architecture: input and output shape, convention, layers, depth, \
            total / trainable / non-trainable parameters, MACs, parameter and activation memory \
            (float32, 1024-based: KiB, MiB, GiB; --flops adds FLOPs = 2 × MACs); then each \
            architecture relative to the first (×, %); the parameters by \
            layer category (convolution, dense, recurrent, attention, normalisation, embedding, \
            mlp: transformer MLPs and mixtures of experts, head: language-model heads and poolers, \
            other) in counts and shares; the five largest layers of each; and a note where \
            architectures follow different counting conventions. Activation memory is every \
            layer's output elements for one forward pass (each call and output, the input \
            excluded) × 4 bytes, all held at once: no buffer reuse, no gradients.

            Examples:
              catalog compare vgg16 resnet50
              catalog compare resnet18 resnet34 resnet50 --format markdown
              catalog compare vgg16 vgg19 --format json | jq '.architectures[0]'
              catalog compare resnet50 keras_resnet50             # explains a convention difference
              catalog compare resnet18 resnet50 --framework keras # both counted the Keras way
              catalog compare Meta-Llama-3-8B Mixtral-8x7B-v0.1 --context 8192
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Two or more architectures; the first is the reference.", completion: .architectureNames)
    var names: [String] = []

    @OptionGroup var counting: CountingOptions

    @OptionGroup var flops: FlopsOption

    @Option(help: ArgumentHelp(
        "Add a memory section at this context (tokens): weights, KV cache and activations of each, as `catalog memory` (with --batch, --quant, --kv-dtype).",
        valueName: "N"))
    var context: Int?

    @Option(name: .customLong("quant"), help: ArgumentHelp("With --context: weight type (bf16, fp8, q4_k_m, …).", valueName: "type"))
    var quant: StorageType?

    @Option(name: .customLong("kv-dtype"), help: ArgumentHelp("With --context: KV cache type (f16, fp8, q8_0, q4_0, …).", valueName: "type"), transform: kvCacheType)
    var kvDType: StorageType?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if names.count < 2 {
            throw ValidationError("compare needs at least two architectures, got \(names.count)")
        }
        if let context, context < 1 { throw ValidationError("--context must be at least 1, got \(context)") }
        if context == nil, quant != nil || kvDType != nil { throw ValidationError("--quant and --kv-dtype need --context") }
    }

    func run() throws {
        let catalog = try global.openCatalog()
        let framework = counting.framework
        let (details, architectures, differences) = try orExit { () throws(ServiceError) in
            var details: [ArchitectureDetail] = []
            var architectures: [Architecture] = []
            var differences: [String] = []
            for name in names {
                details.append(try catalog.detail(named: name, framework: framework))
                var architecture = try catalog.architecture(named: name)
                if let framework { architecture.framework = framework }
                architectures.append(architecture)
            }
            // Where two architectures follow different conventions, attribute the difference in
            // their totals to its causes (conv biases, running statistics, recurrent biases).
            for (index, name) in names.enumerated().dropFirst()
            where architectures[index].framework != architectures[0].framework
                && details[index].summary.isComplete && details[0].summary.isComplete {
                let difference = try catalog.parameterDifference(from: names[0], to: name, framework: framework)
                if difference.difference != 0 { differences.append(Self.sentence(difference)) }
            }
            return (details, architectures, differences)
        }
        var comparison = ComparisonView(
            details: details, notes: ConventionNotes.notes(for: architectures) + differences, showsFLOPs: flops.flops)
        if let context {
            let request = MemoryRequest(context: context, batch: counting.batch ?? 1, weightType: quant, kvType: kvDType)
            let breakdowns = try orExit { () throws(ServiceError) in
                // As `memory --context`: refused past a model's learned positions (exit 65, naming them).
                try names.map { name throws(ServiceError) in
                    try catalog.memory(named: name, request: request, context: context).breakdown
                }
            }
            // The context notes (a RoPE model past its max_position_embeddings), as `memory` gives them.
            for (name, breakdown) in zip(names, breakdowns) {
                if let note = breakdown.contextNote { comparison.notes.append("'\(name)': \(note)") }
            }
            comparison.memory = MemoryComparison(
                context: context, batch: request.batch, names: details.map(\.summary.name), breakdowns: breakdowns)
        }
        output.emit(comparison.render(output.format, headers: !output.noHeaders, style: output.style))
    }

    /// One line: `'b' (keras) has 25,636,712 parameters, 'a' (pytorch) 25,557,032: +79,680 =
    /// +26,560 convolution biases +53,120 batch-norm statistics; the whole difference is …`.
    static func sentence(_ difference: ParameterDifference) -> String {
        func signed(_ value: Int) -> String { value > 0 ? "+" + value.grouped : value < 0 ? "−" + (-value).grouped : "0" }
        let (to, from) = (difference.to, difference.from)
        var text = "'\(to.name)' (\(to.framework.rawValue)) has \(to.parameters.grouped) parameters, "
            + "'\(from.name)' (\(from.framework.rawValue)) \(from.parameters.grouped): \(signed(difference.difference)) = "
        text += difference.attributions.map { "\(signed($0.amount)) \($0.cause.rawValue)" }.joined(separator: " ")
        text += difference.isFullyAttributed
            ? "; the whole difference is convention and bias choices, the networks are otherwise the same size"
            : "; \(signed(difference.unexplained)) is not explained by conventions: the networks differ"
        return text
    }
}
