// MARK: - rank --format json|jsonl|csv

/// One row of `rank --format json|jsonl|csv` (docs/SCHEMA.md): the rank (1 = largest), the
/// name, the ranked value under the metric's key (`total_params`, `macs`, `flops`, bytes for
/// memory metrics) and whether the architecture is complete (if not, a count is a lower bound).
struct RankedArchitecture: Encodable {
    var rank: Int
    var name: String
    /// The metric's key, the JSON key and CSV column of ``value``.
    var key: String
    /// `nil` (JSON `null`) when unknown: the MACs of a weights-only architecture.
    var value: Int?
    var complete: Bool
    /// For a ranking by MACs or FLOPs: whether the value counts an unknown dimension as 1 (per
    /// step, not a full count); `nil` (no key) for the other metrics.
    var macsPerStep: Bool? = nil

    enum CodingKeys: String, CodingKey {
        case rank, name, complete
        case macsPerStep = "macs_per_step"
    }

    /// The CSV header: rank, name, the metric's key, complete, and `macs_per_step` for a
    /// ranking by MACs or FLOPs.
    static func csvHeader(key: String, macs: Bool = false) -> [String] {
        [CodingKeys.rank.stringValue, CodingKeys.name.stringValue, key, CodingKeys.complete.stringValue]
            + (macs ? [CodingKeys.macsPerStep.stringValue] : [])
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rank, forKey: .rank)
        try container.encode(name, forKey: .name)
        try container.encode(complete, forKey: .complete)
        if let macsPerStep { try container.encode(macsPerStep, forKey: .macsPerStep) }
        var metric = encoder.container(keyedBy: NamedKey.self)
        if let value { try metric.encode(value, forKey: NamedKey(key)) } else { try metric.encodeNil(forKey: NamedKey(key)) }
    }
}
