/// A plain-text table: a header, a rule, and rows; numeric columns right-aligned.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The rendered table, each line without trailing spaces, ending in a newline.
    func render(showHeaders: Bool = true) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                parts.append(alignments[index] == .right ? padding + cell : cell + padding)
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var lines: [String] = []
        if showHeaders {
            lines.append(line(headers))
            lines.append(String(repeating: "─", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
        }
        for row in rows { lines.append(line(row)) }
        return lines.joined(separator: "\n") + "\n"
    }
}
