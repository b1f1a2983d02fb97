import CatalogCore

// MARK: - memory --format json

/// `catalog memory --format json` (docs/MEMORY.md): the request, the terms' totals and each term,
/// integers in bytes; `null` where a figure is unknown (activations of an unknown shape, no KV
/// cache type).
struct MemoryReport: Encodable {
    var name: String
    /// `inference`, or the training mode.
    var mode: String
    var context: Int
    var batch: Int
    var weightType: String
    var kvType: String?
    var weightsBytes: Int
    var kvCacheBytesPerToken: Int
    var kvCacheBytes: Int
    var activationBytes: Int?
    var totalBytes: Int
    var terms: [Term]
    var notes: [String]

    /// One term: its name, the formula as text, its bytes and whether it is an estimate.
    struct Term: Encodable {
        var name: String
        var formula: String
        var bytes: Int
        var estimate: Bool
    }

    enum CodingKeys: String, CodingKey {
        case name, mode, context, batch
        case weightType = "weight_type"
        case kvType = "kv_type"
        case weightsBytes = "weights_bytes"
        case kvCacheBytesPerToken = "kv_cache_bytes_per_token"
        case kvCacheBytes = "kv_cache_bytes"
        case activationBytes = "activation_bytes"
        case totalBytes = "total_bytes"
        case terms, notes
    }

    init(_ breakdown: MemoryBreakdown, request: MemoryRequest, name: String) {
        self.name = name
        mode = request.training?.rawValue ?? "inference"
        context = request.context
        batch = request.batch
        weightType = breakdown.weightType
        kvType = breakdown.kvType
        weightsBytes = breakdown.weightsBytes
        kvCacheBytesPerToken = breakdown.kvCacheBytesPerToken
        kvCacheBytes = breakdown.kvCacheBytes
        activationBytes = breakdown.activationBytes
        totalBytes = breakdown.totalBytes
        terms = breakdown.terms.map { Term(name: $0.name, formula: $0.formula, bytes: $0.bytes, estimate: $0.isEstimate) }
        notes = breakdown.notes
    }
}
