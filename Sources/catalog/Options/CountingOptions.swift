import ArgumentParser
import CatalogCore

/// `--framework`, `--dtype` and `--batch`: which convention to count under and which memory
/// figures to add, for show and compare.
struct CountingOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Re-count under this convention: keras (BatchNormalization statistics are non-trainable parameters) or pytorch (they are buffers; two biases per LSTM/GRU gate). Default: each architecture's own.",
        valueName: "framework"))
    var framework: Framework?

    @Option(help: ArgumentHelp(
        "Element type for the memory figures: float32 (4 bytes), float16 or bfloat16 (2), int8 (1). Adds parameter and activation memory as torchinfo reports them.",
        valueName: "dtype"))
    var dtype: ElementType?

    @Option(help: ArgumentHelp("Samples per forward pass for the activation memory (with the memory figures).", valueName: "N"))
    var batch: Int?

    func validate() throws {
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1, got \(batch)") }
    }

    /// Whether memory figures were asked for.
    var wantsMemory: Bool { dtype != nil || batch != nil }
}

extension ElementType: ExpressibleByArgument {}
