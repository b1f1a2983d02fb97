import CatalogCore

/// Identical consecutive transformer blocks shown as one row each (`show`'s table and Markdown;
/// `show --expand`, JSON, JSONL and CSV list every layer).
extension ArchitectureDetail {
    /// The layers with every run of two or more identical consecutive blocks replaced by one row.
    ///
    /// A block is the consecutive layers named `<prefix>.<i>.<rest>` where the container is
    /// transformers' `layers`, `layer`, `h`, `block` or `blocks` (`model.layers.7.mlp`,
    /// `bert.encoder.layer.3.output.LayerNorm`, `transformer.h.0.attn`). Blocks `i, i+1, …` of one
    /// prefix are identical when their layers have, in order, the same `rest`, type, output
    /// shapes, parameters (trainable and non-trainable) and MACs, all known. The row is named
    /// `<prefix>.<first>–<last> ×<count>`; its type (starting ``LayerSummary/repeatedBlocksPrefix``) states the layers per block and one block's
    /// parameters and MACs; its figures are the run's sums (its share is the run's share), its
    /// output shapes the last block's and its inbound the first layer's. Only architectures
    /// tagged `transformer` are grouped; any other is returned unchanged.
    public func groupingRepeatedBlocks() -> [LayerSummary] {
        guard summary.tags.contains("transformer") else { return layers }
        // Split the layers into segments: a block instance (prefix, index) or a single other layer.
        struct Segment {
            var key: (prefix: String, index: Int)?
            var rows: [LayerSummary]
            var rests: [String]
        }
        var segments: [Segment] = []
        for layer in layers {
            if let (prefix, index, rest) = Self.blockName(layer.name) {
                if let last = segments.last, let key = last.key, key.prefix == prefix, key.index == index {
                    segments[segments.count - 1].rows.append(layer)
                    segments[segments.count - 1].rests.append(rest)
                    continue
                }
                segments.append(Segment(key: (prefix, index), rows: [layer], rests: [rest]))
            } else {
                segments.append(Segment(key: nil, rows: [layer], rests: []))
            }
        }
        func same(_ a: Segment, _ b: Segment) -> Bool {
            guard a.rows.count == b.rows.count, a.rests == b.rests else { return false }
            return zip(a.rows, b.rows).allSatisfy { x, y in
                x.type == y.type && x.outputShapes == y.outputShapes && x.parameters == y.parameters
                    && x.trainableParameters == y.trainableParameters
                    && x.nonTrainableParameters == y.nonTrainableParameters && x.macs == y.macs
                    && x.parameters != nil && x.macs != nil
            }
        }
        var result: [LayerSummary] = []
        var i = 0
        while i < segments.count {
            let first = segments[i]
            guard let key = first.key else { result += first.rows; i += 1; continue }
            var j = i + 1
            while j < segments.count, let next = segments[j].key, next.prefix == key.prefix,
                  next.index == key.index + (j - i), same(first, segments[j]) {
                j += 1
            }
            let count = j - i
            if count < 2 { result += first.rows; i += 1; continue }
            let perBlock = first.rows.reduce(0) { $0 + ($1.parameters ?? 0) }
            let perBlockMACs = first.rows.reduce(0) { $0 + ($1.macs ?? 0) }
            func total(_ value: KeyPath<LayerSummary, Int?>) -> Int? {
                var sum = 0
                for row in first.rows {
                    guard let v = row[keyPath: value] else { return nil }
                    let (scaled, o1) = v.multipliedReportingOverflow(by: count)
                    let (next, o2) = sum.addingReportingOverflow(scaled)
                    if o1 || o2 { return nil }
                    sum = next
                }
                return sum
            }
            let lastIndex = key.index + count - 1
            result.append(LayerSummary(
                name: "\(key.prefix).\(key.index)–\(lastIndex) ×\(count)",
                type: "\(LayerSummary.repeatedBlocksPrefix)\(first.rows.count) layers each, one block \(decimal(perBlock)) params, \(decimal(perBlockMACs)) MACs",
                outputShapes: segments[j - 1].rows.last!.outputShapes,
                parameters: total(\.parameters), trainableParameters: total(\.trainableParameters),
                nonTrainableParameters: total(\.nonTrainableParameters), macs: total(\.macs),
                inbound: first.rows[0].inbound))
            i = j
        }
        return result
    }

    /// `(prefix, index, rest)` of a layer named `<prefix>.<container>.<index>.<rest>`, the first
    /// container (`layers`, `layer`, `h`, `block`, `blocks`) followed by a number and a dot.
    static func blockName(_ name: String) -> (String, Int, String)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        for k in 0..<(parts.count - 2) where ["layers", "layer", "h", "block", "blocks"].contains(parts[k]) {
            guard let index = Int(parts[k + 1]), !parts[k + 1].hasPrefix("+"), !parts[k + 1].hasPrefix("-") else { continue }
            return (parts[...k].joined(separator: "."), index, parts[(k + 2)...].joined(separator: "."))
        }
        return nil
    }
}

extension LayerSummary {
    /// How the type of a row of ``ArchitectureDetail/groupingRepeatedBlocks()`` starts.
    public static let repeatedBlocksPrefix = "repeated blocks: "

    /// Whether this row stands for a run of identical blocks.
    public var isRepeatedBlocks: Bool { type.hasPrefix(Self.repeatedBlocksPrefix) }

    /// The layers the row stands for: blocks × layers per block for a run of blocks, else 1.
    public var representedLayerCount: Int {
        guard isRepeatedBlocks, let times = name.split(separator: "×").last.flatMap({ Int($0) }),
              let each = type.dropFirst(Self.repeatedBlocksPrefix.count).split(separator: " ").first.flatMap({ Int($0) })
        else { return 1 }
        return times * each
    }
}
