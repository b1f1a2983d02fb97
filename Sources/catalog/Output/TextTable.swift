/// A plain-text table: a header, a rule, and rows; numeric columns right-aligned.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Columns holding bars (coloured when colour is on).
    var barColumns: Set<Int> = []

    init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The rendered table, each line without trailing spaces, ending in a newline (an empty
    /// string when there is nothing to print). Widths count characters, so styles are applied
    /// after padding: the text is the same with colour on or off, escape codes aside.
    func render(showHeaders: Bool = true, style: TextStyle = .plain) -> String {
        var widths = headers.map { showHeaders ? $0.count : 0 }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String], header: Bool) -> String {
            var parts: [String] = []
            let last = cells.indices.last { !cells[$0].isEmpty } ?? -1
            for (index, cell) in cells.enumerated() where index <= last {
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                var styled = cell
                if header {
                    styled = style.bold(cell)
                } else if barColumns.contains(index) {
                    styled = style.cyan(cell)
                } else if cell.hasPrefix("≥") {
                    styled = style.yellow(cell)
                }
                let isLast = index == last
                parts.append(alignments[index] == .right ? padding + styled : styled + (isLast ? "" : padding))
            }
            return parts.joined(separator: "  ")
        }
        var lines: [String] = []
        if showHeaders {
            lines.append(line(headers, header: true))
            lines.append(style.dim(String(repeating: "─", count: widths.reduce(0, +) + 2 * max(0, widths.count - 1))))
        }
        for row in rows { lines.append(line(row, header: false)) }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
