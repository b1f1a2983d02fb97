import Foundation

/// Text for stdout gathered and written in blocks of 64 kB, for commands that print one line
/// per row as the rows arrive (`list --format csv|jsonl`). What `print` has buffered is flushed
/// first, so the two never reorder.
struct StdoutBuffer {
    fileprivate var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1 << 16)
    }

    mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= 1 << 16 { flush() }
    }

    /// Hands what is gathered to `stdout`.
    mutating func flush() {
        guard !bytes.isEmpty else { return }
        StandardStreams.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }
}

// MARK: - CSV

/// One CSV field before quoting: text, or an integer written in decimal.
enum CSVCell {
    case text(String)
    case integer(Int)

    /// The field's text, unquoted.
    var text: String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        }
    }
}

extension StdoutBuffer {
    /// Appends one CSV line: the cells quoted as ``csvField(_:)`` quotes them, separated by
    /// commas, and a newline.
    mutating func writeCSVLine(_ cells: [CSVCell]) {
        write(cells.map { csvField($0.text) }.joined(separator: ",") + "\n")
    }
}
