import ArgumentParser

/// The output formats every listing command takes (`--format`).
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns for people: numbers right-aligned with thousands separators.
    case table
    /// One JSON document, raw integers.
    case json
    /// One compact JSON object per line (newline-delimited JSON), raw integers.
    case jsonl
    /// RFC 4180 CSV with a header line, raw integers.
    case csv
    /// A GitHub-flavoured Markdown table, numbers as in the table.
    case markdown
}

/// The output formats of the commands that print one report, not a listing (`memory`, `fit`).
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    /// Lines for people.
    case table
    /// One JSON document, raw integers.
    case json
}

/// `--format` and `--no-headers`, shared by list, rank, show, compare and query.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Output format: table, json, jsonl (one object per line), csv or markdown. JSON, JSON lines and CSV carry raw integers.",
            valueName: "format"))
    var format: ListingFormat = .table

    @Flag(name: .long, help: "Leave out the header line of table, csv and markdown output.")
    var noHeaders = false

    /// Colour for the table, when stdout is a terminal and NO_COLOR is not set.
    var style: TextStyle { TextStyle(enabled: format == .table && Terminal.colorsStdout) }

    /// Prints `text` (already ending in a newline) to stdout.
    func emit(_ text: String) {
        print(text, terminator: "")
    }
}
