import Foundation

/// The order of `compare(_:options: [.numeric])` (Foundation), for tensor names: runs of digits
/// compare by their value (`layers.2` before `layers.10`), other characters one by one.
///
/// Why not Foundation's compare itself: it cost 9,000 instructions a comparison (24 million of
/// the 177 million of adding the header-only Llama-3-8B folder, BENCHMARKS.md section 6). Names
/// that are not ASCII, and digit runs of equal value written differently (`01` and `1`), are
/// left to Foundation's compare, so the order is the same in every case.
enum NaturalOrder {
    /// Sorts `items` by the natural order of `name(item)`.
    static func sort<T>(_ items: inout [T], by name: (T) -> String) {
        let names = items.map(name)
        let keys = names.map { Array($0.utf8) }
        let ascii = keys.map { $0.allSatisfy { $0 < 0x80 } }
        let order = items.indices.sorted { i, j in
            if ascii[i] && ascii[j], let result = compareASCII(keys[i], keys[j]) { return result == .orderedAscending }
            return names[i].compare(names[j], options: [.numeric]) == .orderedAscending
        }
        items = order.map { items[$0] }
    }

    /// The natural order of two ASCII names, or `nil` where Foundation's compare decides (digit
    /// runs of one value written differently).
    static func compareASCII(_ a: [UInt8], _ b: [UInt8]) -> ComparisonResult? {
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let x = a[i], y = b[j]
            if isDigit(x) && isDigit(y) {
                var iEnd = i, jEnd = j
                while iEnd < a.count && isDigit(a[iEnd]) { iEnd += 1 }
                while jEnd < b.count && isDigit(b[jEnd]) { jEnd += 1 }
                var iStart = i, jStart = j
                while iStart < iEnd - 1 && a[iStart] == 0x30 { iStart += 1 }
                while jStart < jEnd - 1 && b[jStart] == 0x30 { jStart += 1 }
                if iEnd - iStart != jEnd - jStart { return iEnd - iStart < jEnd - jStart ? .orderedAscending : .orderedDescending }
                for k in 0..<(iEnd - iStart) where a[iStart + k] != b[jStart + k] {
                    return a[iStart + k] < b[jStart + k] ? .orderedAscending : .orderedDescending
                }
                if iEnd - i != jEnd - j { return nil }
                i = iEnd
                j = jEnd
                continue
            }
            if x != y { return x < y ? .orderedAscending : .orderedDescending }
            i += 1
            j += 1
        }
        if a.count - i == b.count - j { return .orderedSame }
        return a.count - i < b.count - j ? .orderedAscending : .orderedDescending
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
