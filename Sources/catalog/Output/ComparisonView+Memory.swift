import CatalogCore
import Foundation

// MARK: - compare --context N: the inference memory of each architecture side by side

/// The memory section of `compare` at a stated context (docs/MEMORY.md): one column per
/// architecture, the terms of `catalog memory` in IEC units, estimates marked ≈.
struct MemoryComparison {
    var context: Int
    var batch: Int
    var names: [String]
    var breakdowns: [MemoryBreakdown]

    var table: TextTable {
        var table = TextTable([("Memory at context \(context.grouped), batch \(batch)", .left)] + names.map { ($0, .right) })
        table.append(["Weights"] + breakdowns.map { "\(ByteCount.iec($0.weightsBytes)) [\($0.weightType)]" })
        table.append(["KV cache per token"] + breakdowns.map { ByteCount.iec($0.kvCacheBytesPerToken) })
        table.append(["KV cache"] + breakdowns.map { ByteCount.iec($0.kvCacheBytes) + ($0.kvType.map { " [\($0)]" } ?? "") })
        table.append(["Activations ≈ (estimate)"] + breakdowns.map { $0.activationBytes.map(ByteCount.iec) ?? "unknown" })
        table.append(["Total"] + breakdowns.map { ByteCount.iec($0.totalBytes) })
        return table
    }

    /// `compare --format json`'s `memory` object.
    var output: MemoryComparisonOutput {
        MemoryComparisonOutput(
            context: context, batch: batch,
            architectures: zip(names, breakdowns).map { name, breakdown in MemoryTotals(breakdown, name: name) })
    }
}
