import Foundation

/// Rows rendered in every output format: a table or Markdown for people (grouped digits,
/// numbers right-aligned), CSV, JSON and JSON lines for scripts (raw integers, `null` for an
/// unknown number).
///
/// Each row carries its human cells, its CSV fields and its JSON object separately, so a table can
/// show `≥ 1,234` or a bar while CSV says `1234` and JSON `1234`.
struct Listing {
    struct Column {
        /// The header of the table and Markdown.
        var title: String
        var alignment: TextTable.Alignment
        /// Whether the column holds bars (coloured on a terminal).
        var isBar = false

        static func left(_ title: String) -> Column { Column(title: title, alignment: .left) }
        static func right(_ title: String) -> Column { Column(title: title, alignment: .right) }
        static func bar(_ title: String) -> Column { Column(title: title, alignment: .left, isBar: true) }
    }

    struct Row {
        /// One cell per ``Listing/columns``.
        var cells: [String]
        /// One field per ``Listing/csvHeader``, raw.
        var csv: [String]
        /// The row as JSON (keys sorted when printed): the ``JSONTree`` of the command's output
        /// model, `nil` when the listing is not built for JSON.
        var json: JSONValue?
    }

    var columns: [Column]
    /// The CSV header: the coding keys of the command's output model, in CSV order (empty for a
    /// listing only a table or Markdown prints).
    var csvHeader: [String]
    var rows: [Row] = []
    /// Lines printed under a table or Markdown (never in CSV or JSON), each defining a mark used
    /// in the cells (``PerStepMACs/mark``).
    var footnotes: [String] = []
    /// The format the listing is built for, when known: each row then builds only what that
    /// format prints (a table of 1,000 layers built their CSV fields and JSON objects too).
    var format: ListingFormat?

    init(columns: [Column], csvHeader: [String] = [], for format: ListingFormat? = nil) {
        self.columns = columns
        self.csvHeader = csvHeader
        self.format = format
    }

    /// Appends a row: its human cells, its CSV fields and its output model (printed as JSON).
    mutating func append(
        cells: @autoclosure () -> [String], csv: @autoclosure () -> [String] = [],
        json: @autoclosure () -> any Encodable = JSONTree.Absent()
    ) {
        rows.append(Row(
            cells: format == nil || format == .table || format == .markdown ? cells() : [],
            csv: format == nil || format == .csv ? csv() : [],
            json: format == nil || format == .json || format == .jsonl ? JSONTree.value(json()) : nil))
    }

    /// The listing in `format`, ending in a newline (JSON: an array of the rows' objects).
    /// - Precondition: the listing was built for `format`, or for any format.
    func render(_ format: ListingFormat, headers: Bool = true, style: TextStyle = .plain) -> String {
        precondition(self.format == nil || self.format == format, "a listing built for \(self.format!) rendered as \(format)")
        return switch format {
        case .table: table.render(showHeaders: headers, style: style) + footnotes.map { $0 + "\n" }.joined()
        case .markdown: markdown(headers: headers) + footnotes.map { "\n" + $0 + "\n" }.joined()
        case .csv: csv(headers: headers)
        case .json: JSONWriter.text(JSONValue(array: rows.map { $0.json ?? JSONValue() }), pretty: true) + "\n"
        case .jsonl: rows.map { JSONWriter.text($0.json ?? JSONValue(), pretty: false) + "\n" }.joined()
        }
    }

    var table: TextTable {
        var table = TextTable(columns.map { ($0.title, $0.alignment) })
        table.barColumns = Set(columns.indices.filter { columns[$0].isBar })
        for row in rows { table.append(row.cells.map(\.terminalSafe)) }
        return table
    }

    func markdown(headers: Bool) -> String {
        var lines: [String] = []
        if headers {
            lines.append(markdownRow(columns.map(\.title)))
            lines.append("|" + columns.map { $0.alignment == .right ? " ---: |" : " --- |" }.joined())
        }
        for row in rows { lines.append(markdownRow(row.cells.map(\.terminalSafe))) }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    func csv(headers: Bool) -> String {
        var lines: [String] = []
        if headers { lines.append(csvHeader.map(csvField).joined(separator: ",")) }
        for row in rows { lines.append(row.csv.map(csvField).joined(separator: ",")) }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}

/// One Markdown table row; `|` in a cell is escaped.
func markdownRow(_ cells: [String]) -> String {
    "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
}

/// A Markdown list item for a key-value block: `- **Total params:** 1,234`.
func markdownItem(_ label: String, _ value: String) -> String {
    "- **\(label):** \(value)"
}
