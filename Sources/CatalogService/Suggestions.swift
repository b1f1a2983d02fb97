import CatalogCore

/// Close names for "did you mean" messages.
enum Suggestions {
    /// Up to three names within a small edit distance of `name` (case-insensitive), or sharing
    /// it as a prefix, closest first.
    static func closeNames(to name: String, among names: [String]) -> [String] {
        let target = Array(name.lowercased())
        let threshold = max(2, target.count / 3)
        let scored = names.compactMap { candidate -> (String, Int)? in
            let lowered = candidate.lowercased()
            if lowered.hasPrefix(String(target)) || String(target).hasPrefix(lowered) {
                return (candidate, 0)
            }
            let distance = editDistance(target, Array(lowered))
            return distance <= threshold ? (candidate, distance) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// Levenshtein distance (CatalogCore's ``levenshteinDistance(_:_:)``).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int { levenshteinDistance(a, b) }
}
