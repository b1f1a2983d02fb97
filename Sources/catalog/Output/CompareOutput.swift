// MARK: - compare --format json|jsonl

/// One architecture in `compare --format json|jsonl` (docs/SCHEMA.md): its `list` object
/// (``ListedArchitecture``) with the comparison's figures added.
typealias ComparedArchitecture = Extended<ListedArchitecture, ComparedFigures>

/// The keys `compare` adds to an architecture's `list` object: activation memory (bytes, float32,
/// `null` when a shape is unknown), each metric against the first architecture, parameters by
/// layer category and the largest layers.
struct ComparedFigures: Encodable {
    var activationBytes: Int?
    /// By metric key (`total_params`, `macs`, …).
    var relativeToFirst: [String: Relative]
    /// By ``LayerCategory`` raw value.
    var paramsByCategory: [String: CategoryShare]
    var largestLayers: [LargestLayer]

    /// A metric against the first architecture's: `difference` = this − first, `ratio` = this /
    /// first; `null` when either is unknown (and the ratio when the first is 0).
    struct Relative: Encodable {
        var difference: Int?
        var ratio: Double?
    }

    /// A category's parameters and their share of the total (0…1).
    struct CategoryShare: Encodable {
        var params: Int
        var share: Double
    }

    /// A layer's parameters and their share of the architecture's total (0…1).
    struct LargestLayer: Encodable {
        var name: String
        var type: String
        var params: Int
        var share: Double
    }

    enum CodingKeys: String, CodingKey {
        case activationBytes = "activation_bytes"
        case relativeToFirst = "relative_to_first"
        case paramsByCategory = "params_by_category"
        case largestLayers = "largest_layers"
    }
}

/// `compare --format json`: every architecture, the reference (the first), the convention
/// notes, the memory section when `--context` was given (the key is absent otherwise), and the
/// two-way form of earlier versions (`a`, `b`, `comparison`: first against second).
struct ComparisonOutput: Encodable {
    var architectures: [ComparedArchitecture]
    var reference: String
    var notes: [String]
    var memory: MemoryComparisonOutput?
    var a: ListedArchitecture
    var b: ListedArchitecture
    /// By metric key; a metric unknown for either architecture is left out.
    var comparison: [String: Pair]

    /// A metric of `a` and `b`: `difference` = b − a, `ratio` = b / a (`null` when a is 0).
    struct Pair: Encodable {
        var a: Int
        var b: Int
        var difference: Int
        var ratio: Double?
    }

    enum CodingKeys: String, CodingKey {
        case architectures, reference, notes, memory, a, b, comparison
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(architectures, forKey: .architectures)
        try container.encode(reference, forKey: .reference)
        try container.encode(notes, forKey: .notes)
        if let memory { try container.encode(memory, forKey: .memory) }
        try container.encode(a, forKey: .a)
        try container.encode(b, forKey: .b)
        try container.encode(comparison, forKey: .comparison)
    }
}

/// `compare --context N --format json`'s `memory` object (docs/MEMORY.md): the request and each
/// architecture's inference terms in bytes, `null` where unknown (the keys of `catalog memory`'s
/// totals, ``MemoryTotals``).
struct MemoryComparisonOutput: Encodable {
    var context: Int
    var batch: Int
    var architectures: [MemoryTotals]
}
