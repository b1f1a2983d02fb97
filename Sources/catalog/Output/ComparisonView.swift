import CatalogCore
import CatalogService
import Foundation

/// `compare`'s output: the architectures side by side, relative to the first, their parameters
/// by layer category, their largest layers and the convention notes, in every format.
struct ComparisonView {
    var details: [ArchitectureDetail]
    var notes: [String]
    /// Whether `--flops` asked for FLOPs (2 × MACs) beside MACs.
    var showsFLOPs = false

    /// The compared numbers: ``metrics``, with FLOPs after MACs when asked for.
    var shownMetrics: [Metric] {
        guard showsFLOPs else { return Self.metrics }
        var metrics = Self.metrics
        let index = (metrics.firstIndex { $0.key == "macs" } ?? metrics.count - 1) + 1
        metrics.insert(Metric(key: "flops", label: flopsLabel, value: { $0.macs.flopsFromMACs }), at: index)
        return metrics
    }

    /// The memory section, when `--context` was given.
    var memory: MemoryComparison? = nil

    /// One compared number.
    struct Metric: Sendable {
        var key: String
        var label: String
        /// `nil` when unknown (activation memory of a model with an unknown dimension).
        var value: @Sendable (ArchitectureSummary) -> Int?
        /// Whether an incomplete architecture's value is a lower bound.
        var isCount = true
        var text: @Sendable (Int) -> String = { $0.grouped }
    }

    static let metrics: [Metric] = [
        Metric(key: "layer_count", label: "Layers", value: { $0.layerCount }, isCount: false, text: { String($0) }),
        Metric(key: "depth", label: "Depth (weight layers)", value: { $0.depth }, isCount: false, text: { String($0) }),
        Metric(key: "total_params", label: "Total params", value: { $0.totalParameters }),
        Metric(key: "trainable_params", label: "Trainable params", value: { $0.trainableParameters }),
        Metric(key: "non_trainable_params", label: "Non-trainable params", value: { $0.nonTrainableParameters }),
        Metric(key: "macs", label: "MACs", value: { $0.macs }),
        Metric(key: "parameter_bytes", label: "Parameter memory (float32)", value: { $0.parameterBytes },
               text: { $0.iecSize }),
        // Output shapes are known even for a layer the engine cannot count: not a lower bound.
        Metric(key: "activation_bytes", label: "Activation memory (float32)", value: { $0.activationBytes },
               isCount: false, text: { $0.iecSize }),
    ]

    var reference: ArchitectureSummary { details[0].summary }

    func render(_ format: ListingFormat, headers: Bool, style: TextStyle) -> String {
        switch format {
        case .json: jsonText(encoding: output) + "\n"
        case .jsonl: architectureOutputs.map { jsonLine(encoding: $0) + "\n" }.joined()
        case .csv: csvListing.render(.csv, headers: headers)
        case .table: text(headers: headers, style: style)
        case .markdown: markdown(headers: headers)
        }
    }

    // MARK: - Cells

    func cell(_ metric: Metric, _ summary: ArchitectureSummary) -> String {
        guard let value = metric.value(summary) else { return "unknown" }
        let bound = metric.isCount && !summary.isComplete ? "≥ " : ""
        let perStep = metric.key == "macs" || metric.key == "flops" ? PerStepMACs.mark(for: summary) : ""
        return bound + metric.text(value) + perStep
    }

    /// `×2.50 (+150.0%)`, `=` when equal, `n/a` against 0 or an unknown value.
    static func relative(_ a: Int?, _ b: Int?) -> String {
        guard let a, let b else { return "n/a" }
        if a == b { return "=" }
        guard a != 0 else { return "n/a" }
        let ratio = Double(b) / Double(a)
        return String(format: "×%.2f (%+.1f%%)", ratio, (ratio - 1) * 100)
    }

    /// Categories with parameters in at least one architecture, in the enum's order.
    var categories: [LayerCategory] {
        let breakdowns = details.map(\.parameterBreakdown)
        return LayerCategory.allCases.filter { category in breakdowns.contains { ($0.parameters[category] ?? 0) > 0 } }
    }

    // MARK: - Tables

    var totalsTable: TextTable {
        var table = TextTable([("", .left)] + details.map { ($0.summary.name, .right) })
        table.append(["Input shape"] + details.map { shapes($0.summary.inputShapes) })
        table.append(["Output shape"] + details.map { shapes($0.summary.outputShapes) })
        table.append(["Convention"] + details.map(\.summary.framework))
        for metric in shownMetrics { table.append([metric.label] + details.map { cell(metric, $0.summary) }) }
        return table
    }

    var relativeTable: TextTable {
        var table = TextTable([("Relative to \(reference.name)", .left)] + details.dropFirst().map { ($0.summary.name, .right) })
        for metric in shownMetrics {
            table.append([metric.label] + details.dropFirst().map {
                Self.relative(metric.value(reference), metric.value($0.summary))
            })
        }
        return table
    }

    var categoryTable: TextTable {
        var table = TextTable([("Parameters by layer category", .left)] + details.map { ($0.summary.name, .right) })
        let breakdowns = details.map(\.parameterBreakdown)
        for category in categories {
            table.append([category.rawValue] + breakdowns.map { breakdown in
                let count = breakdown.parameters[category] ?? 0
                return "\(count.grouped) (\(String(format: "%.1f%%", breakdown.share(of: category) * 100)))"
            })
        }
        if breakdowns.contains(where: { $0.uncountedLayers > 0 }) {
            table.append(["uncounted layers"] + breakdowns.map { String($0.uncountedLayers) })
        }
        return table
    }

    func largestTable(_ detail: ArchitectureDetail) -> TextTable {
        var table = TextTable([
            ("Largest layers of \(detail.summary.name)", .left), ("Param #", .right), ("Share", .right), ("", .left),
        ])
        table.barColumns = [3]
        let total = detail.summary.totalParameters
        for layer in detail.largestLayers() {
            let parameters = layer.parameters ?? 0
            table.append([
                "\(layer.name) (\(layer.type))", parameters.grouped, percentText(parameters, of: total),
                BarScale.bar(fraction: total > 0 ? Double(parameters) / Double(total) : 0, width: 10, ascii: false,
                             visibleIfPositive: true),
            ])
        }
        return table
    }

    func text(headers: Bool, style: TextStyle) -> String {
        var blocks = [totalsTable, relativeTable, categoryTable].map { $0.render(showHeaders: headers, style: style) }
        blocks += details.map { largestTable($0).render(showHeaders: headers, style: style) }
        if let memory { blocks.append(memory.table.render(showHeaders: headers, style: style)) }
        if !notes.isEmpty { blocks.append(notes.map { "Note: \($0)\n" }.joined()) }
        blocks.append(footnotes.map { "\($0)\n" }.joined())
        return blocks.joined(separator: "\n")
    }

    func markdown(headers: Bool) -> String {
        func md(_ table: TextTable) -> String {
            var listing = Listing(
                columns: zip(table.headers, table.alignments).map { Listing.Column(title: $0, alignment: $1) })
            for row in table.rows { listing.append(cells: row) }
            return listing.render(.markdown, headers: headers)
        }
        var blocks = ["## Comparison: " + details.map(\.summary.name).joined(separator: ", ") + "\n"]
        blocks += [totalsTable, relativeTable, categoryTable].map(md)
        blocks += details.map { md(largestTable($0)) }
        if let memory { blocks.append(md(memory.table)) }
        if !notes.isEmpty { blocks.append(notes.map { "> **Note:** \($0)\n" }.joined(separator: ">\n")) }
        blocks.append(footnotes.map { "> \($0)\n" }.joined(separator: ">\n"))
        return blocks.joined(separator: "\n")
    }

    /// What the figures mean: activation memory always (it is a row), a share of a lower bound
    /// when an architecture is incomplete.
    var footnotes: [String] {
        var notes = [
            "Memory is 1024-based (KiB, MiB, GiB), float32 (4 bytes an element), one sample. " + Footnote.activationMemory,
        ]
        if details.contains(where: { !$0.summary.isComplete }) {
            notes.append("≥ marks a lower bound (a layer the engine does not know); a share of such a total is a share of a lower bound.")
        }
        return notes + PerStepMACs.footnotes(for: details.map(\.summary))
    }

    // MARK: - Scripts

    /// One object per architecture: its `list` object plus the comparison's numbers.
    var architectureOutputs: [ComparedArchitecture] {
        details.map { detail in
            let breakdown = detail.parameterBreakdown
            let total = detail.summary.totalParameters
            var relative: [String: ComparedFigures.Relative] = [:]
            for metric in shownMetrics {
                let a = metric.value(reference), b = metric.value(detail.summary)
                relative[metric.key] = ComparedFigures.Relative(
                    difference: a.flatMap { a in b.map { $0 - a } },
                    ratio: a.flatMap { a in b.flatMap { a == 0 ? nil : Double($0) / Double(a) } })
            }
            let figures = ComparedFigures(
                activationBytes: detail.summary.activationBytes,
                relativeToFirst: relative,
                paramsByCategory: Dictionary(uniqueKeysWithValues: LayerCategory.allCases.map {
                    ($0.rawValue, ComparedFigures.CategoryShare(params: breakdown.parameters[$0] ?? 0, share: breakdown.share(of: $0)))
                }),
                largestLayers: detail.largestLayers().map { layer in
                    let parameters = layer.parameters ?? 0
                    return ComparedFigures.LargestLayer(
                        name: layer.name, type: layer.type, params: parameters,
                        share: total > 0 ? Double(parameters) / Double(total) : 0)
                })
            return ComparedArchitecture(base: ListedArchitecture(detail.summary), extra: figures)
        }
    }

    /// `compare --format json`'s object.
    var output: ComparisonOutput {
        // The two-way form of earlier versions, first against second, for scripts written for it.
        let (a, b) = (details[0].summary, details[1].summary)
        var comparison: [String: ComparisonOutput.Pair] = [:]
        for metric in shownMetrics {
            guard let x = metric.value(a), let y = metric.value(b) else { continue }
            comparison[metric.key] = ComparisonOutput.Pair(a: x, b: y, difference: y - x, ratio: x == 0 ? nil : Double(y) / Double(x))
        }
        return ComparisonOutput(
            architectures: architectureOutputs, reference: reference.name, notes: notes, memory: memory?.output,
            a: ListedArchitecture(a), b: ListedArchitecture(b), comparison: comparison)
    }

    /// `compare --format csv`: one row per architecture; the header names the keys of the JSON
    /// (``ListedArchitecture``'s, the metrics', `<metric>_ratio` = `relative_to_first.<metric>.ratio`,
    /// `params_<category>` = `params_by_category.<category>.params`).
    var csvListing: Listing {
        let listed: [ListedArchitecture.CodingKeys] = [.name, .framework, .inputShapes, .outputShapes]
        let header = listed.map(\.stringValue) + shownMetrics.map(\.key) + [ListedArchitecture.CodingKeys.complete.stringValue]
            + shownMetrics.map { $0.key + "_ratio" } + LayerCategory.allCases.map { "params_" + $0.rawValue }
            + [ListedArchitecture.CodingKeys.macsPerStep.stringValue]
        var listing = Listing(columns: [], csvHeader: header)
        for detail in details {
            let s = detail.summary
            let row = ListedArchitecture(s)
            let breakdown = detail.parameterBreakdown
            var fields = listed.map { row.csvCell($0).text }
            fields += shownMetrics.map { $0.value(s).map(String.init) ?? "" }
            fields.append(row.csvCell(.complete).text)
            fields += shownMetrics.map { metric in
                guard let a = metric.value(reference), a != 0, let b = metric.value(s) else { return "" }
                return String(Double(b) / Double(a))
            }
            fields += LayerCategory.allCases.map { String(breakdown.parameters[$0] ?? 0) }
            fields.append(row.csvCell(.macsPerStep).text)
            listing.append(cells: [], csv: fields)
        }
        return listing
    }

    private func shapes(_ list: [TensorShape], separator: String = ", ") -> String {
        list.map(\.description).joined(separator: separator)
    }
}

extension ArchitectureSummary {
    /// Activation memory at float32: 4 bytes an output element, `nil` when a shape is unknown.
    var activationBytes: Int? {
        activationElements.flatMap { elements in
            let (bytes, overflow) = elements.multipliedReportingOverflow(by: 4)
            return overflow ? nil : bytes
        }
    }
}
