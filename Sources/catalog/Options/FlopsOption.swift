import ArgumentParser

/// `--flops`: FLOPs beside MACs, as 2 × MACs.
struct FlopsOption: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Also print FLOPs = 2 × MACs (one multiply and one add per multiply-accumulate: the convention of onnxsim, calflops and torch's FlopCounterMode)."))
    var flops = false
}

/// The label FLOPs carry wherever they are printed.
let flopsLabel = "FLOPs (2 × MACs)"

/// The footnotes that define a figure where it is shown (show, compare, report).
enum Footnote {
    /// What "Activation memory" counts.
    static let activationMemory =
        "Activation memory = every layer's output elements for one forward pass (each call and output, the input excluded) × bytes per element × batch, all held at once: no buffer reuse, no gradients."

    /// The units of the tool's own sizes and of the lines that copy Keras' summary.
    static let kerasUnits =
        "Sizes in parentheses after the params totals copy Keras' model.summary(): float32, its \"MB\" = 1024² bytes (MiB); the tool's own sizes are 1024-based with IEC labels (KiB, MiB, GiB)."

    /// The units of the lines that copy torchinfo's summary.
    static let torchinfoUnits = "Lines marked torchinfo copy torchinfo's summary: its MB = 10⁶ bytes."

    /// The meaning of the share column of an incomplete architecture.
    static let lowerBoundShare =
        "Share is of a lower bound: the total leaves out the layers the engine does not know, so each share is at most what is shown."
}
