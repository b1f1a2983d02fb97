import ArgumentParser
import Foundation

/// A non-negative count written as `1000000`, `1_000_000`, `1,000,000`, `1e7`, `2.5e6`, `25M`,
/// `3.5k`, `1.2G` or `2T` (k = 10³, M = 10⁶, G = 10⁹, T = 10¹²; case-insensitive).
///
/// Commas are digit-group separators only: every group after the first has exactly three
/// digits (`1,500,000`, `1,500.5k`); `1,5M` or `15,00` is refused, never read as `15M` or `1500`.
struct CountArgument: ExpressibleByArgument, Hashable {
    let value: Int

    init?(argument: String) {
        guard let value = Self.parse(argument) else { return nil }
        self.value = value
    }

    static func parse(_ text: String) -> Int? {
        var body = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        if body.contains(",") {
            guard hasDigitGroups(body) else { return nil }
            body = body.replacingOccurrences(of: ",", with: "")
        }
        guard !body.isEmpty, !body.hasPrefix("-"), !body.hasPrefix("+") else { return nil }
        var scale: Double = 1
        if let last = body.last, let factor = ["k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12][last.lowercased()] {
            scale = factor
            body.removeLast()
        }
        if let integer = Int(body), scale == 1 { return integer }
        guard body.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-" }),
              body.first?.isNumber == true || body.first == ".",
              let number = Double(body), number.isFinite, number >= 0 else { return nil }
        let scaled = number * scale
        guard scaled < 9.2e18, scaled.rounded() == scaled else { return nil }
        return Int(scaled)
    }

    /// Whether the commas of `text` separate groups of three digits: the digits before the first
    /// non-digit (other than a comma) are 1–3, then `,ddd` groups, and no comma follows.
    static func hasDigitGroups(_ text: String) -> Bool {
        let characters = Array(text)
        let end = characters.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ",")) } ?? characters.count
        guard !characters[end...].contains(",") else { return false }
        let groups = characters[..<end].split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    /// What a count looks like, for the message refusing one.
    static let examples = "write a count like 1500000, 1,500,000, 1_500_000, 1.5M or 1.5e6"

    static var defaultCompletionKind: CompletionKind { .default }
}

