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

    /// Levenshtein distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
