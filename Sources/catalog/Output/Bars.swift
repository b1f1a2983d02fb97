import Foundation

/// Horizontal bars proportional to values: Unicode eighth blocks (`█▉▊▋▌▍▎▏`), or `#` for plain
/// terminals; linear, or logarithmic for values that span orders of magnitude.
struct BarScale {
    /// The longest bar, in characters.
    var width: Int
    /// `#` instead of block characters.
    var ascii: Bool = false
    /// Logarithmic lengths.
    var logarithmic: Bool = false
    /// The largest value (the full-width bar).
    var maximum: Double
    /// The value a logarithmic bar starts from: a decade at or below the smallest positive value.
    var logFloor: Double = 1

    /// A scale for `values`.
    init(values: [Int], width: Int, ascii: Bool = false, logarithmic: Bool = false) {
        self.width = width
        self.ascii = ascii
        self.logarithmic = logarithmic
        maximum = Double(values.max() ?? 0)
        let smallest = values.filter { $0 > 0 }.min().map(Double.init) ?? 1
        // One decade below the smallest value's decade, so the smallest bar is still visible.
        logFloor = pow(10, (log10(smallest)).rounded(.down) - 1)
        if logFloor >= maximum { logFloor = maximum / 10 }
    }

    /// The fraction of the full width for `value`, in 0…1.
    func fraction(_ value: Int) -> Double {
        guard value > 0, maximum > 0 else { return 0 }
        if logarithmic {
            let span = log10(maximum) - log10(logFloor)
            guard span > 0 else { return 1 }
            return min(1, max(0, (log10(Double(value)) - log10(logFloor)) / span))
        }
        return min(1, Double(value) / maximum)
    }

    /// The bar for `value`; a positive value always gets at least the thinnest bar.
    func bar(_ value: Int) -> String {
        Self.bar(fraction: fraction(value), width: width, ascii: ascii, visibleIfPositive: value > 0)
    }

    /// A bar `fraction` (0…1) of `width` characters long, to an eighth of a character.
    static func bar(fraction: Double, width: Int, ascii: Bool, visibleIfPositive: Bool = false) -> String {
        let clamped = min(1, max(0, fraction.isFinite ? fraction : 0))
        if ascii {
            var count = Int((clamped * Double(width)).rounded())
            if count == 0, visibleIfPositive, clamped > 0 { count = 1 }
            return String(repeating: "#", count: count)
        }
        var eighths = Int((clamped * Double(width) * 8).rounded())
        if eighths == 0, visibleIfPositive, clamped > 0 { eighths = 1 }
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
    }
}
