import ArgumentParser
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
            Takes the filters of `catalog list`. Memory is parameter memory (4 bytes a parameter).

            Examples:
              catalog rank
              catalog rank --by macs --top 5 --log
              catalog rank --by macs --max-params 1e7
              catalog rank --by memory --ascii --format markdown
            """)

    enum Metric: String, ExpressibleByArgument, CaseIterable {
        case params, macs, memory, layers, active

        var sort: ListSort {
            switch self {
            case .params: .params
            case .macs: .macs
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
            case .memory: "parameter_bytes"
            case .layers: "layers"
            case .active: "active_params"
            }
        }

        var title: String {
            switch self {
            case .params: "Total params"
            case .macs: "MACs"
            case .memory: "Memory"
            case .layers: "Layers"
            case .active: "Active params"
            }
        }

        func value(_ summary: ArchitectureSummary) -> Int {
            switch self {
            case .params: summary.totalParameters
            case .macs: summary.macs
            case .memory: summary.parameterBytes
            case .layers: summary.layerCount
            case .active: summary.activeParameters
            }
        }

        /// Whether the value of an incomplete architecture is a lower bound.
        var isCount: Bool { self != .layers }

        func text(_ value: Int) -> String {
            switch self {
            case .memory: value.kerasMemorySize
            default: value.grouped
            }
        }
    }

    @OptionGroup var global: GlobalOptions

    @Option(help: "The total to rank by: params, macs, memory or layers.")
    var by: Metric = .params

    @Option(help: ArgumentHelp("Show the first N.", valueName: "N"))
    var top: Int?

    @Flag(help: "Plain '#' bars for terminals without Unicode block characters.")
    var ascii = false

    @Flag(name: .customLong("log"), help: "Logarithmic bars (each decade the same length).")
    var logarithmic = false

    @Option(help: ArgumentHelp("The longest bar, in characters.", valueName: "N"))
    var width = 40

    @OptionGroup(title: "Filters") var filters: FilterOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let top, top < 0 { throw ValidationError("--top must not be negative, got \(top)") }
        if width < 1 || width > 1000 { throw ValidationError("--width must be between 1 and 1000, got \(width)") }
    }

    func run() throws {
        let catalog = try global.openCatalog()
        let rows = try orExit { () throws(ServiceError) in
            try catalog.list(filters.query(sort: by.sort, descending: true, limit: top))
        }
        output.emit(listing(rows).render(output.format, headers: !output.noHeaders, style: output.style))
    }

    func listing(_ rows: [ArchitectureSummary]) -> Listing {
        let scale = BarScale(values: rows.map(by.value), width: width, ascii: ascii, logarithmic: logarithmic)
        var listing = Listing(
            columns: [.right("Rank"), .left("Name"), .right(by.title), .bar(logarithmic ? "log scale" : "")],
            csvHeader: ["rank", "name", by.key, "complete"])
        for (index, row) in rows.enumerated() {
            let value = by.value(row)
            let bound = !row.isComplete && by.isCount ? "≥ " : ""
            listing.append(
                cells: [String(index + 1), row.name, bound + by.text(value), scale.bar(value)],
                csv: [String(index + 1), row.name, String(value), row.isComplete ? "true" : "false"],
                json: ["rank": index + 1, "name": row.name, by.key: value, "complete": row.isComplete])
        }
        return listing
    }
}
