import CatalogCore

// MARK: - memory --format json

/// The inference terms of one architecture in bytes (`null` where unknown): the keys
/// `catalog memory --format json` shares with each architecture of `compare --context N`'s
/// `memory` object (docs/MEMORY.md).
struct MemoryTotals: Encodable {
    var name: String
    var weightType: String
    var kvType: String?
    var weightsBytes: Int
    var kvCacheBytesPerToken: Int
    var kvCacheBytes: Int
    /// An estimate; `nil` when a shape is unknown.
    var activationBytes: Int?
    var totalBytes: Int

    enum CodingKeys: String, CodingKey {
        case name
        case weightType = "weight_type"
        case kvType = "kv_type"
        case weightsBytes = "weights_bytes"
        case kvCacheBytesPerToken = "kv_cache_bytes_per_token"
        case kvCacheBytes = "kv_cache_bytes"
        case activationBytes = "activation_bytes"
        case totalBytes = "total_bytes"
    }

    init(_ breakdown: MemoryBreakdown, name: String) {
        self.name = name
        weightType = breakdown.weightType
        kvType = breakdown.kvType
        weightsBytes = breakdown.weightsBytes
        kvCacheBytesPerToken = breakdown.kvCacheBytesPerToken
        kvCacheBytes = breakdown.kvCacheBytes
        activationBytes = breakdown.activationBytes
        totalBytes = breakdown.totalBytes
    }
}

/// `catalog memory --format json` (docs/MEMORY.md): the request, the terms' totals
/// (``MemoryTotals``) and each term, integers in bytes; `null` where a figure is unknown
/// (activations of an unknown shape, no KV cache type).
struct MemoryReport: Encodable {
    var totals: MemoryTotals
    /// `inference`, or the training mode.
    var mode: String
    var context: Int
    var batch: Int
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
        case mode, context, batch, terms, notes
    }

    init(_ breakdown: MemoryBreakdown, request: MemoryRequest, name: String) {
        totals = MemoryTotals(breakdown, name: name)
        mode = request.training?.rawValue ?? "inference"
        context = request.context
        batch = request.batch
        terms = breakdown.terms.map { Term(name: $0.name, formula: $0.formula, bytes: $0.bytes, estimate: $0.isEstimate) }
        notes = breakdown.notes
    }

    func encode(to encoder: any Encoder) throws {
        try totals.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(context, forKey: .context)
        try container.encode(batch, forKey: .batch)
        try container.encode(terms, forKey: .terms)
        try container.encode(notes, forKey: .notes)
    }
}
