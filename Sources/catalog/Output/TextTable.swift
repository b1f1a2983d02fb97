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
        // Each cell's character count, counted once (a count walks the cell's characters).
        let counts = rows.map { $0.map(\.count) }
        for row in counts {
            for (index, count) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], count)
            }
        }
        var output = ""
        func appendLine(_ cells: [String], counts: [Int], header: Bool) {
            let last = cells.indices.last { !cells[$0].isEmpty } ?? -1
            for (index, cell) in cells.enumerated() where index <= last {
                if index > 0 { output += "  " }
                let padding = String(repeating: " ", count: max(0, widths[index] - counts[index]))
                if alignments[index] == .right { output += padding }
                if !style.enabled {
                    output += cell
                } else if header {
                    output += style.bold(cell)
                } else if barColumns.contains(index) {
                    output += style.cyan(cell)
                } else if cell.hasPrefix("≥") {
                    output += style.yellow(cell)
                } else {
                    output += cell
                }
                if alignments[index] == .left, index != last { output += padding }
            }
            output += "\n"
        }
        if showHeaders {
            appendLine(headers, counts: headers.map(\.count), header: true)
            let rule = String(repeating: "─", count: widths.reduce(0, +) + 2 * max(0, widths.count - 1))
            output += style.dim(rule) + "\n"
        }
        for (row, counts) in zip(rows, counts) { appendLine(row, counts: counts, header: false) }
        return output
    }
}
