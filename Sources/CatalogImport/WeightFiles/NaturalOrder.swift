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
    ///
    /// ASCII names with no leading zero in a digit run are compared by ``key(_:)`` (one byte
    /// compare each: sorting a Llama-3-8B index's 291 names by `compareASCII` cost 1.6 million
    /// instructions, BENCHMARKS.md section 6); any other pair as before.
    static func sort<T>(_ items: inout [T], by name: (T) -> String) {
        let names = items.map(name)
        let keys = names.map { Array($0.utf8) }
        let ascii = keys.map { $0.allSatisfy { $0 < 0x80 } }
        let fast = keys.indices.map { ascii[$0] ? key(keys[$0]) : nil }
        let order = items.indices.sorted { i, j in
            if let a = fast[i], let b = fast[j] { return a.lexicographicallyPrecedes(b) }
            if ascii[i] && ascii[j], let result = compareASCII(keys[i], keys[j]) { return result == .orderedAscending }
            return names[i].compare(names[j], options: [.numeric]) == .orderedAscending
        }
        items = order.map { items[$0] }
    }

    /// A byte string whose plain lexicographic order is ``compareASCII(_:_:)``'s for ASCII
    /// names, or `nil` for a name with a digit run that starts with `0` and goes on (`01`), where
    /// two spellings of one value are left to Foundation, or with a run of more than 18 digits
    /// (Foundation does not order numbers past 64 bits by value; it decides those too).
    ///
    /// Each digit run becomes `0`, its length, its digits: runs compare by length, then digit by
    /// digit, as numbers without leading zeros do; against any other byte the run's `0` compares
    /// as its first digit did, since no other byte lies between `0` and `9`.
    static func key(_ bytes: [UInt8]) -> [UInt8]? {
        var key: [UInt8] = []
        key.reserveCapacity(bytes.count + 8)
        var i = 0
        while i < bytes.count {
            guard isDigit(bytes[i]) else {
                key.append(bytes[i])
                i += 1
                continue
            }
            var end = i
            while end < bytes.count && isDigit(bytes[end]) { end += 1 }
            if bytes[i] == 0x30 && end - i > 1 { return nil }
            if end - i > 18 { return nil }
            key.append(0x30)
            key.append(UInt8(end - i))
            key.append(contentsOf: bytes[i..<end])
            i = end
        }
        return key
    }

    /// The natural order of two ASCII names, or `nil` where Foundation's compare decides (digit
    /// runs of one value written differently, runs of more than 18 digits).
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
                if iEnd - i > 18 || jEnd - j > 18 { return nil }
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
