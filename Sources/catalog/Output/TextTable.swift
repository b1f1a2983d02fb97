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
        // Each cell's width (in Characters) is counted once: counting walks the whole text.
        let cellWidths = rows.map { row in row.map(\.count) }
        var widths = headers.map { showHeaders ? $0.count : 0 }
        for row in cellWidths {
            for (index, width) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], width)
            }
        }
        // Lines are appended to one text (a table of 1,000 layers built 7,000 small strings).
        var output = ""
        func appendLine(_ cells: [String], _ cellWidths: [Int], header: Bool) {
            let last = cells.indices.last { !cells[$0].isEmpty } ?? -1
            for (index, cell) in cells.enumerated() where index <= last {
                if index > 0 { output += "  " }
                let padding = Self.spaces(max(0, widths[index] - cellWidths[index]))
                var styled = cell
                if header {
                    styled = style.bold(cell)
                } else if barColumns.contains(index) {
                    styled = style.cyan(cell)
                } else if cell.hasPrefix("≥") {
                    styled = style.yellow(cell)
                }
                if alignments[index] == .right {
                    output.append(contentsOf: padding)
                    output += styled
                } else {
                    output += styled
                    if index != last { output.append(contentsOf: padding) }
                }
            }
            output += "\n"
        }
        if showHeaders {
            appendLine(headers, headers.map(\.count), header: true)
            output += style.dim(String(repeating: "─", count: widths.reduce(0, +) + 2 * max(0, widths.count - 1)))
            output += "\n"
        }
        for (row, widths) in zip(rows, cellWidths) { appendLine(row, widths, header: false) }
        return output
    }

    private static let blanks = String(repeating: " ", count: 256)

    /// `count` spaces, without building a string for the usual widths.
    private static func spaces(_ count: Int) -> Substring {
        count <= 256 ? blanks.prefix(count) : Substring(String(repeating: " ", count: count))
    }
}
