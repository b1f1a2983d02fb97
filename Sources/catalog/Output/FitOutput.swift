import CatalogCore
import CatalogService

// MARK: - fit --format json

/// `fit --format json` (docs/MEMORY.md): the budget and request, what fits in it and the
/// inference total at the request, in bytes and tokens; `null` where nothing fits.
struct FitOutput: Encodable {
    var name: String
    var budgetBytes: Int
    var context: Int
    var batch: Int
    /// Tokens at the requested batch; `nil` when not even one token fits or the model has no
    /// context (no KV cache).
    var largestContext: Int?
    /// At the requested context; `nil` when batch 1 does not fit.
    var largestBatch: Int?
    /// The highest-precision weight type that fits at the request, and its total bytes.
    var highestPrecisionType: String?
    var highestPrecisionTotalBytes: Int?
    /// The inference total at the request.
    var totalBytes: Int
    /// Whether ``totalBytes`` ≤ ``budgetBytes``.
    var fits: Bool

    enum CodingKeys: String, CodingKey {
        case name
        case budgetBytes = "budget_bytes"
        case context, batch
        case largestContext = "largest_context"
        case largestBatch = "largest_batch"
        case highestPrecisionType = "highest_precision_type"
        case highestPrecisionTotalBytes = "highest_precision_total_bytes"
        case totalBytes = "total_bytes"
        case fits
    }

    init(name: String, budgetBytes: Int, request: MemoryRequest, fit: MemoryFit) {
        self.name = name
        self.budgetBytes = budgetBytes
        context = request.context
        batch = request.batch
        largestContext = fit.largestContext
        largestBatch = fit.largestBatch
        highestPrecisionType = fit.highestPrecision?.type.name
        highestPrecisionTotalBytes = fit.highestPrecision?.totalBytes
        totalBytes = fit.atRequest.totalBytes
        fits = fit.atRequest.totalBytes <= budgetBytes
    }
}
