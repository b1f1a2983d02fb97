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
        // One list of all the rows' cell widths, row after row (not an array per row).
        var cellWidths: [Int] = []
        cellWidths.reserveCapacity(rows.reduce(0) { $0 + $1.count })
        var widths = headers.map { showHeaders ? $0.count : 0 }
        for row in rows {
            for (index, cell) in row.enumerated() {
                let width = Self.width(cell)
                cellWidths.append(width)
                if index < widths.count { widths[index] = max(widths[index], width) }
            }
        }
        // Lines are appended as UTF-8 to one buffer (a table of 1,000 layers built 7,000 small
        // strings, then appended 10,000 pieces of text): the cells' bytes are copied as they are.
        var output: [UInt8] = []
        output.reserveCapacity((widths.reduce(0, +) + 2 * widths.count + 1) * (rows.count + 2))
        func appendLine(_ cells: [String], _ cellWidths: ArraySlice<Int>, header: Bool) {
            let last = cells.indices.last { !cells[$0].isEmpty } ?? -1
            for (index, cell) in cells.enumerated() where index <= last {
                if index > 0 { output.append(contentsOf: Self.separator) }
                let padding = max(0, widths[index] - cellWidths[cellWidths.startIndex + index])
                if alignments[index] == .right { output.append(contentsOf: repeatElement(Self.space, count: padding)) }
                if !style.enabled {
                    output.append(contentsOf: cell.utf8)
                } else if header {
                    output.append(contentsOf: style.bold(cell).utf8)
                } else if barColumns.contains(index) {
                    output.append(contentsOf: style.cyan(cell).utf8)
                } else if cell.hasPrefix("≥") {
                    output.append(contentsOf: style.yellow(cell).utf8)
                } else {
                    output.append(contentsOf: cell.utf8)
                }
                if alignments[index] == .left, index != last {
                    output.append(contentsOf: repeatElement(Self.space, count: padding))
                }
            }
            output.append(Self.newline)
        }
        if showHeaders {
            appendLine(headers, headers.map(\.count)[...], header: true)
            let rule = String(repeating: "─", count: widths.reduce(0, +) + 2 * max(0, widths.count - 1))
            output.append(contentsOf: style.dim(rule).utf8)
            output.append(Self.newline)
        }
        var start = 0
        for row in rows {
            appendLine(row, cellWidths[start..<start + row.count], header: false)
            start += row.count
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The Characters in `cell`: its bytes when they are ASCII without a carriage return (a
    /// CR LF pair is one Character), counted otherwise.
    private static func width(_ cell: String) -> Int {
        cell.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "\r") } ? cell.utf8.count : cell.count
    }

    private static let space = UInt8(ascii: " ")
    private static let newline = UInt8(ascii: "\n")
    private static let separator: [UInt8] = [space, space]
}
