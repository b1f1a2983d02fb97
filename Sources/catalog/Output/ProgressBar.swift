/// A one-line progress bar on stderr, redrawn in place; drawn only when enabled (stderr is a
/// terminal), so redirected output never contains it.
struct ProgressBar {
    var total: Int
    var isEnabled: Bool
    var width = 24
    private var isShown = false

    init(total: Int, isEnabled: Bool) {
        self.total = total
        self.isEnabled = isEnabled
    }

    /// Draws `[████▌      ] 3/10 file`.
    mutating func show(done: Int, current: String) {
        guard isEnabled, total > 0 else { return }
        let bar = BarScale.bar(fraction: Double(done) / Double(total), width: width, ascii: false)
        let padding = String(repeating: " ", count: max(0, width - bar.count))
        var name = current
        if name.count > 40 { name = "…" + name.suffix(39) }
        writeToStderr("\r\u{1B}[2K[\(bar)\(padding)] \(done)/\(total) \(name)")
        isShown = true
    }

    /// Erases the bar so a line can be printed; the next ``show(done:current:)`` redraws it.
    mutating func clear() {
        guard isShown else { return }
        writeToStderr("\r\u{1B}[2K")
        isShown = false
    }

    /// Erases the bar for good.
    mutating func finish() { clear() }
}
