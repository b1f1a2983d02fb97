import CatalogService

/// How outputs label MACs that count an unknown dimension as 1 (``ArchitectureSummary/macsArePerStep``):
/// a mark after the number in tables, Markdown and the report, with ``footnote`` under them, and
/// `macs_per_step` in JSON and CSV (docs/SCHEMA.md). Such MACs are per step (per unit of the
/// unknown length: a Keras `None` height, width or sequence length, an ONNX symbolic axis), not
/// a full count; `add --input-shape` gives the full one.
enum PerStepMACs {
    /// The mark after a per-step MAC or FLOP figure: `1,234 †`.
    static let mark = " \u{2020}"

    /// The line that defines ``mark`` under a table that shows it.
    static let footnote =
        "\u{2020} MACs per step: an input dimension is unknown (None, or a symbolic ONNX axis) and counted as 1, so the figure is not a full count; add the file again with --input-shape for one."

    /// ``mark`` for `summary`'s MACs, or nothing.
    static func mark(for summary: ArchitectureSummary) -> String {
        summary.macsArePerStep ? mark : ""
    }

    /// ``footnote`` when one of `rows` has per-step MACs, else nothing.
    static func footnotes(for rows: [ArchitectureSummary]) -> [String] {
        rows.contains(where: \.macsArePerStep) ? [footnote] : []
    }
}
