/// The inverse questions of `catalog fit`: what fits in a budget.
extension Memory {
    /// The largest context (tokens) at which `request` fits in `budget` bytes, searching up to
    /// `limit` (the model's learned positions, ``MemoryProfile/maxContext``, else 2²⁴); `nil` when even 1 token does
    /// not fit. The total grows monotonically with the context, so a binary search is exact.
    /// - Throws: ``MemoryError`` from ``breakdown(_:_:)``.
    public static func largestContext(
        _ profile: MemoryProfile, _ request: MemoryRequest, budget: Int, limit: Int? = nil
    ) throws(MemoryError) -> Int? {
        let upper = limit ?? profile.maxContext ?? (1 << 24)
        return try largest(in: 1...max(upper, 1)) { (context: Int) throws(MemoryError) -> Bool in
            var candidate = request
            candidate.context = context
            return try breakdown(profile, candidate).totalBytes <= budget
        }
    }

    /// The largest batch that fits in `budget` at the request's context, up to 2²⁰; `nil` when
    /// batch 1 does not fit.
    public static func largestBatch(
        _ profile: MemoryProfile, _ request: MemoryRequest, budget: Int
    ) throws(MemoryError) -> Int? {
        try largest(in: 1...(1 << 20)) { (batch: Int) throws(MemoryError) -> Bool in
            var candidate = request
            candidate.batch = batch
            return try breakdown(profile, candidate).totalBytes <= budget
        }
    }

    /// The highest-precision weight type of ``StorageType/weightNames`` whose total fits in
    /// `budget` at the request's context and batch, with that total; `nil` when none does.
    public static func highestPrecisionType(
        _ profile: MemoryProfile, _ request: MemoryRequest, budget: Int
    ) throws(MemoryError) -> (type: StorageType, totalBytes: Int)? {
        for name in StorageType.weightNames {
            var candidate = request
            candidate.weightType = try StorageType.named(name)
            let total = try breakdown(profile, candidate).totalBytes
            if total <= budget { return (candidate.weightType!, total) }
        }
        return nil
    }

    /// The largest value in `range` for which the monotone (true then false) `fits` holds.
    static func largest(
        in range: ClosedRange<Int>, _ fits: (Int) throws(MemoryError) -> Bool
    ) throws(MemoryError) -> Int? {
        guard try fits(range.lowerBound) else { return nil }
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = low + (high - low + 1) / 2
            if try fits(middle) { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
