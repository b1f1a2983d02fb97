/// A number of bytes as the user writes a budget, and its IEC rendering.
///
/// `24GiB`, `24 GiB`, `512MiB`, `1TiB`, `64KiB`: powers of 1,024. `24G`, `24g` (a single letter,
/// as GPU sizes are quoted): also GiB, and ``isBinaryShorthand`` says so. `8000MB`, `24GB`, `1TB`,
/// `64kB`: powers of 1,000 (SI). A bare number is bytes. Decimals are accepted (`1.5GiB`); the
/// result is rounded down to a whole byte.
public struct ByteCount: Hashable, Sendable {
    /// Bytes.
    public var bytes: Int
    /// Whether the text used a bare `G`/`M`/`T`/`K` read as GiB/MiB/TiB/KiB.
    public var isBinaryShorthand: Bool

    /// Creates a byte count.
    public init(bytes: Int, isBinaryShorthand: Bool = false) {
        self.bytes = bytes
        self.isBinaryShorthand = isBinaryShorthand
    }

    /// Parses `text`, or returns `nil` (no number, an unknown unit, a negative or overflowing value).
    public init?(parsing text: String) {
        let trimmed = text.filter { $0 != " " && $0 != "_" }
        let numberEnd = trimmed.firstIndex { !($0.isNumber || $0 == ".") } ?? trimmed.endIndex
        let numberText = trimmed[..<numberEnd]
        let unit = trimmed[numberEnd...].lowercased()
        guard !numberText.isEmpty, numberText.filter({ $0 == "." }).count <= 1 else { return nil }
        let multiplier: Int
        var shorthand = false
        switch unit {
        case "", "b": multiplier = 1
        case "kib": multiplier = 1 << 10
        case "mib": multiplier = 1 << 20
        case "gib": multiplier = 1 << 30
        case "tib": multiplier = 1 << 40
        case "k": multiplier = 1 << 10; shorthand = true
        case "m": multiplier = 1 << 20; shorthand = true
        case "g": multiplier = 1 << 30; shorthand = true
        case "t": multiplier = 1 << 40; shorthand = true
        case "kb": multiplier = 1_000
        case "mb": multiplier = 1_000_000
        case "gb": multiplier = 1_000_000_000
        case "tb": multiplier = 1_000_000_000_000
        default: return nil
        }
        // Whole and fractional parts in integers, so 24GiB is exact.
        let parts = numberText.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int(parts[0].isEmpty ? "0" : String(parts[0])) else { return nil }
        let (wholeBytes, overflow) = whole.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        var bytes = wholeBytes
        if parts.count == 2, !parts[1].isEmpty {
            let digits = parts[1].prefix(12)
            guard let fraction = Int(digits) else { return nil }
            var scale = 1
            for _ in digits { scale *= 10 }
            let (partial, overflow2) = fraction.multipliedReportingOverflow(by: multiplier)
            guard !overflow2 else { return nil }
            bytes += partial / scale
        }
        self.init(bytes: bytes, isBinaryShorthand: shorthand)
    }

    /// `17179869184` → "16.00 GiB"; below 1 KiB "512 B". Two decimals, IEC units.
    public static func iec(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes.magnitude)
        var index = 0
        while value >= 1024, index < units.count - 1 {
            value /= 1024
            index += 1
        }
        let sign = bytes < 0 ? "-" : ""
        if index == 0 { return "\(sign)\(bytes.magnitude) B" }
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(sign)\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) \(units[index])"
    }
}
