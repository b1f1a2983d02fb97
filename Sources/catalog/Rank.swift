import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog rank`
struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank architectures by a total, with a bar proportional to it.",
        discussion: """
            Largest first. Bars are Unicode blocks to an eighth of a character (--ascii: '#'); \
            --log scales them logarithmically, since model sizes span orders of magnitude. \
            Takes the filters of `catalog list`. Memory is the inference total of `catalog memory` \
            (weights, KV cache and the activation estimate, so a total is marked "≈") at --context, \
            --batch, --dtype and --kv-dtype, from the stored figures `list --fits` uses \
            (docs/MEMORY.md); 1024-based (KiB, \
            MiB, GiB; JSON and CSV: bytes). --by flops (or --flops with --by macs) ranks by FLOPs = \
            2 × MACs. MACs that count an unknown input dimension as 1 (per step, not a full count) \
            are ranked as stored and marked "†" (JSON/CSV: macs_per_step); --no-per-step-macs \
            leaves them out.

            Examples:
              catalog rank
              catalog rank --by macs --top 5 --log
              catalog rank --by macs --max-params 1e7
              catalog rank --by memory --ascii --format markdown
              catalog rank --by flops --top 3
              catalog rank --by memory --context 32768 --dtype q4_k_m --top 10
            """)

    enum Metric: String, ExpressibleByArgument, CaseIterable {
        case params, macs, flops, memory, layers, active

        var sort: ArchitectureSort {
            switch self {
            case .params: .params
            case .macs: .macs
            case .flops: .flops
            case .memory: .memory
            case .layers: .layers
            case .active: .active
            }
        }

        /// The JSON key and CSV header (the list's names).
        var key: String {
            switch self {
            case .params: "total_params"
            case .macs: "macs"
            case .flops: "flops"
            case .memory: "total_bytes"
            case .layers: "layer_count"
            case .active: "active_params"
            }
        }

        var title: String {
            switch self {
            case .params: "Total params"
            case .macs: "MACs"
            case .flops: flopsLabel
            case .memory: "Inference memory"
            case .layers: "Layers"
            case .active: "Active params"
            }
        }

        func value(_ summary: ArchitectureSummary) -> Int {
            switch self {
            case .params: summary.totalParameters
            case .macs: summary.macs
            // 2 × MACs; past 64 bits (never for a real network) the largest integer.
            case .flops: summary.macs.flopsFromMACs ?? Int.max
            case .memory: summary.parameterBytes
            case .layers: summary.layerCount
            case .active: summary.activeParameters
            }
        }

        /// Whether the value is MACs or FLOPs, which may be per step (``PerStepMACs``).
        var isMACs: Bool { self == .macs || self == .flops }

        /// Whether the value of an incomplete architecture is a lower bound.
        var isCount: Bool { self != .layers }

        func text(_ value: Int) -> String {
            switch self {
            case .memory: ByteCount.iec(value)
            default: value.grouped
            }
        }
    }

    @OptionGroup var global: GlobalOptions

    @Option(help: "The total to rank by: params, macs, flops (2 × MACs), memory, layers or active (parameters one token uses).")
    var by: Metric = .params

    @OptionGroup var flops: FlopsOption

    /// `--by`, with `--flops` turning MACs into FLOPs.
    var metric: Metric { flops.flops && by == .macs ? .flops : by }

    // Unconditional: `--top -1` is a negative count (refused by validate), not a missing value.
    @Option(parsing: .unconditional, help: ArgumentHelp("Show the first N.", valueName: "N"))
    var top: Int?

    @Flag(help: "Plain '#' bars for terminals without Unicode block characters.")
    var ascii = false

    @Flag(name: .customLong("log"), help: "Logarithmic bars (each decade the same length).")
    var logarithmic = false

    @Option(help: ArgumentHelp("The longest bar, in characters.", valueName: "N"))
    var width = 40

    @OptionGroup(title: "Filters") var filters: FilterOptions
    @OptionGroup(title: "Memory (--by memory)") var memory: FitsOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let top, top < 0 { throw ValidationError("--top must not be negative, got \(top)") }
        if width < 1 || width > 1000 { throw ValidationError("--width must be between 1 and 1000, got \(width)") }
    }

    func run() throws {
        let catalog = try global.openCatalog()
        if by == .memory {
            // The inference total of `memory` and `list --fits`, from the same stored figures.
            let request = memory.request
            let query = filters.query(sort: .memory, descending: true, limit: top)
            try List.noteLeftOut(catalog, query: query, request: request)
            let fitting = try orExit { () throws(ServiceError) in
                try catalog.listFitting(
                    query, budget: memory.fits?.count.bytes ?? .max,
                    request: request)
            }
            var ranked = listing(fitting.map(\.summary), values: fitting.map(\.totalBytes), activations: fitting.map(\.activationBytes))
            ranked.footnotes += Self.memoryFootnotes(activations: fitting.map(\.activationBytes))
            output.emit(ranked.render(output.format, headers: !output.noHeaders, style: output.style))
            return
        }
        if memory.fits != nil { throw ValidationError("--fits ranks only with --by memory (or use list --fits)") }
        let rows = try orExit { () throws(ServiceError) in
            try catalog.list(filters.query(sort: metric.sort, descending: true, limit: top))
        }
        output.emit(listing(rows).render(output.format, headers: !output.noHeaders, style: output.style))
    }

    /// The marks of a complete architecture's memory total in the table: `≈ ` when it includes
    /// the activation estimate (docs/MEMORY.md: every layer output of one pass), `≥ ` when the
    /// activations are unknown and left out, so the total is weights and KV cache only. (An
    /// incomplete architecture's total is `≥ ` as every count of it.)
    static func memoryMark(activationBytes: Int?) -> String {
        guard let activationBytes else { return "≥ " }
        return activationBytes > 0 ? "≈ " : ""
    }

    /// The lines that define ``memoryMark(activationBytes:)``'s marks, for those shown.
    static func memoryFootnotes(activations: [Int?]) -> [String] {
        var notes: [String] = []
        if activations.contains(where: { ($0 ?? 0) > 0 }) {
            notes.append("≈ includes the activation estimate (every layer output of one forward pass; catalog memory NAME shows each term).")
        }
        if activations.contains(where: { $0 == nil }) {
            notes.append("≥ activations unknown (a shape with an unknown dimension): weights and KV cache only, a lower bound.")
        }
        return notes
    }

    /// The ranking's rows; `activations` (for `--by memory`) marks each total's estimate.
    func listing(_ rows: [ArchitectureSummary], values: [Int]? = nil, activations: [Int?]? = nil) -> Listing {
        let by = metric
        let values = values ?? rows.map(by.value)
        let scale = BarScale(values: values, width: width, ascii: ascii, logarithmic: logarithmic)
        var listing = Listing(
            columns: [.right("Rank"), .left("Name"), .right(by.title), .bar(logarithmic ? "log scale" : "")],
            csvHeader: RankedArchitecture.csvHeader(key: by.key, macs: by.isMACs))
        for (index, row) in rows.enumerated() {
            // A weights-only architecture's MACs are unknown (no graph): shown as such, never 0.
            let value: Int? = by.isMACs && row.isWeightsOnly ? nil : values[index]
            let bound = !row.isComplete && by.isCount ? "≥ " : activations.map { Self.memoryMark(activationBytes: $0[index]) } ?? ""
            let perStep = by.isMACs ? PerStepMACs.mark(for: row) : ""
            var ranked = RankedArchitecture(rank: index + 1, name: row.name, key: by.key, value: value, complete: row.isComplete)
            if by.isMACs { ranked.macsPerStep = row.macsArePerStep }
            listing.append(
                cells: [String(index + 1), row.name, value.map { bound + by.text($0) + perStep } ?? "unknown", value.map(scale.bar) ?? ""],
                csv: [String(index + 1), row.name, value.map(String.init) ?? "", row.isComplete ? "true" : "false"]
                    + (by.isMACs ? [row.macsArePerStep ? "true" : "false"] : []),
                json: ranked)
        }
        if by.isMACs { listing.footnotes = PerStepMACs.footnotes(for: rows) }
        return listing
    }
}
