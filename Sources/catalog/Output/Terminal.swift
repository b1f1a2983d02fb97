import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the process's standard streams are connected to, and whether to colour.
enum Terminal {
    /// Whether stdout is a terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    /// Whether stderr is a terminal (progress bars are drawn only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Colour on stdout: only when it is a terminal, `NO_COLOR` is unset or empty
    /// (https://no-color.org) and `TERM` is not `dumb`. Output never changes otherwise.
    static var colorsStdout: Bool {
        // The environment is read only for a terminal (BENCHMARKS.md, Fast paths kept).
        stdoutIsTerminal && colors(isTerminal: true, environment: ProcessInfo.processInfo.environment)
    }

    /// The rule behind ``colorsStdout``, for tests.
    static func colors(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }
}

/// ANSI styles, applied only when ``enabled``.
struct TextStyle {
    var enabled: Bool

    static let plain = TextStyle(enabled: false)

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func cyan(_ text: String) -> String { wrap(text, "36") }
    func yellow(_ text: String) -> String { wrap(text, "33") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Flushes the C `stdout` buffer that `print` fills, so stdout and stderr interleave in order.
/// A failed write ends the command (see ``StandardStreams``).
func flushStdout() {
    StandardStreams.flushOrFail()  // `print` writes to stdout's buffer
}

extension String {
    /// The text with its control characters made visible for a terminal: `\n`, `\r`, `\t`, and
    /// `\u{1B}`-style escapes for the rest of C0, DEL and C1 (ESC could otherwise move the cursor
    /// or recolour the screen). Human tables use it; JSON and CSV keep the exact text. A name
    /// stored by an earlier release, or written into the database by hand, can hold them.
    var terminalSafe: String {
        guard utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return self }
        var text = ""
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x09: text += "\\t"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                text += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
