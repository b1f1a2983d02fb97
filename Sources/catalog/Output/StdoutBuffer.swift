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

    /// Appends one line of compact JSON of an output model (``jsonLine(encoding:)`` and a
    /// newline), written straight into the buffer.
    mutating func writeJSONLine(_ model: some Encodable) {
        var writer = JSONWriter(pretty: false)
        writer.write(JSONTree.value(model))
        bytes.append(contentsOf: writer.bytes)
        bytes.append(UInt8(ascii: "\n"))
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
    /// commas, and a newline; ASCII text without CR LF is quoted byte by byte here, without
    /// building each field's `String`. A fast path of the streamed `list --format csv` (scripts'
    /// output, not people's; BENCHMARKS.md, Fast paths kept).
    mutating func writeCSVLine(_ cells: [CSVCell]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            switch cell {
            case .integer(let value): writeDecimal(value)
            case .text(let text): writeCSVField(text)
            }
        }
        bytes.append(UInt8(ascii: "\n"))
        if bytes.count >= 1 << 16 { flush() }
    }

    private mutating func writeCSVField(_ text: String) {
        var text = text
        let done = text.withUTF8 { utf8 -> Bool in
            var needsQuotes = false
            var previous: UInt8 = 0
            for byte in utf8 {
                // Beyond ASCII, or CR LF (one Character): csvField's Character test decides.
                if byte >= 0x80 || (previous == UInt8(ascii: "\r") && byte == UInt8(ascii: "\n")) { return false }
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
                    || byte == UInt8(ascii: "\r") {
                    needsQuotes = true
                }
                previous = byte
            }
            guard needsQuotes else {
                bytes.append(contentsOf: utf8)
                return true
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 {
                bytes.append(byte)
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            }
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        if !done { bytes.append(contentsOf: csvField(text).utf8) }
    }

    private mutating func writeDecimal(_ value: Int) {
        guard value != 0 else { return bytes.append(UInt8(ascii: "0")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var magnitude = value.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }
}
