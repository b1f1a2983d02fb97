import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog list`
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the catalog's architectures with their totals, filtered and sorted.",
        discussion: """
            Counts accept 1000000, 1_000_000, 1e7, 2.5e6, 25M, 3.5k, 1.2G. Bounds are inclusive \
            and apply to total parameters (trainable + non-trainable) or MACs. Every filter and \
            sort runs as one SQL query on the cached totals, using an index. Totals of an \
            incomplete architecture (a layer type the engine does not know) are lower bounds, \
            shown as "≥ 1,234" in tables. MACs that count an unknown input dimension (None, an \
            ONNX symbolic axis) as 1 are per step, marked "†" in tables and macs_per_step in \
            JSON/CSV; --max-macs and --sort macs use them as stored, --no-per-step-macs leaves \
            them out. Memory is the weights `catalog memory` gives without \
            --dtype, labelled with their type: the stored tensors' bytes ("stored"), else the \
            parameters in the declared dtype (config.json's dtype, a GGUF file type: "bf16", \
            "q4_k_m"), else float32 ("f32"); 1024-based (KiB, MiB, GiB). JSON and CSV give it in \
            bytes (weights_memory_bytes, weights_memory_type) beside parameter_bytes (float32). --flops \
            adds FLOPs = 2 × MACs (JSON/CSV key flops); --min-flops/--max-flops filter on them.

            Examples:
              catalog list --max-params 1e7 --sort macs
              catalog list --tag cnn --has-layer BatchNormalization --framework pytorch
              catalog list --name 'resnet*' --sort depth --desc
              catalog list --sort params --desc --limit 5 --format csv
              catalog list --incomplete --format jsonl
              catalog list --flops --max-flops 2G --sort flops
              catalog list --fits 24GiB --context 8192 --kv-dtype q8_0   # most room first
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Filters") var filters: FilterOptions

    @OptionGroup var flops: FlopsOption

    @Option(help: "Sort by name, params, trainable, macs, flops (the order of macs), layers, depth, memory, added or active (parameters one token uses).")
    var sort: ArchitectureSort = .name

    @Flag(help: "Sort in descending order.")
    var desc = false

    // Unconditional: `--limit -1` is a negative count (refused by validate), not a missing value.
    @Option(parsing: .unconditional, help: ArgumentHelp("Print at most N rows.", valueName: "N"))
    var limit: Int?

    @OptionGroup(title: "Memory budget") var budget: FitsOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative, got \(limit)") }
    }

    func run() throws {
        let catalog = try global.openCatalog()
        let query = filters.query(sort: sort, descending: desc, limit: limit)
        if let fits = budget.fits {
            try listFitting(catalog, query: query, budget: fits)
            return
        }
        switch output.format {
        case .csv, .jsonl:
            // One line per row, written as the rows arrive: memory stays flat at any size.
            var out = StdoutBuffer()
            defer { out.flush() }
            let withFLOPs = flops.flops
            if output.format == .csv, !output.noHeaders {
                out.write(ListedArchitecture.csvHeader(flops: withFLOPs).map(csvField).joined(separator: ",") + "\n")
            }
            let isCSV = output.format == .csv
            try orExit { () throws(ServiceError) in
                try catalog.forEachListed(query) { row in
                    if isCSV {
                        out.writeCSVLine(Self.csvCells(of: row, flops: withFLOPs))
                    } else {
                        out.writeJSONLine(Self.jsonRow(row, flops: withFLOPs))
                    }
                }
            }
        case .table, .markdown, .json:
            let rows = try orExit { () throws(ServiceError) in try catalog.list(query) }
            output.emit(
                Self.listing(rows, flops: flops.flops, active: sort == .active)
                    .render(output.format, headers: !output.noHeaders, style: output.style))
        }
    }

    /// A row's JSON object: the contract's keys, with `flops` (2 × MACs) for `--flops`.
    static func jsonRow(_ row: ArchitectureSummary, flops: Bool) -> Extended<ListedArchitecture, FLOPsField> {
        Extended(base: ListedArchitecture(row), extra: flops ? FLOPsField(flops: row.macs.flopsFromMACs) : nil)
    }

    /// A row's CSV fields, raw numbers, in the order of ``ListedArchitecture/csvHeader(flops:)``.
    static func csvCells(of row: ArchitectureSummary, flops: Bool) -> [CSVCell] {
        ListedArchitecture(row).csvCells(flops: flops ? .some(row.macs.flopsFromMACs) : nil)
    }

    /// The list's columns: the JSON contract's keys, CSV's raw numbers, the table's grouped ones.
    /// `active` (`--sort active`) adds the table's "Active params" column after the total, the
    /// parameters one token uses (JSON and CSV keep the contract's keys; `show` has
    /// `active_params`).
    static func listing(_ rows: [ArchitectureSummary], flops: Bool = false, active: Bool = false) -> Listing {
        var columns: [Listing.Column] = [.left("Name"), .right("Total params")]
        if active { columns.append(.right("Active params")) }
        columns += [.right("Trainable"), .right("Non-trainable"), .right("MACs")]
        if flops { columns.append(.right("FLOPs")) }
        columns += [.right("Layers"), .right("Depth"), .right("Memory"), .left("Input shape")]
        var listing = Listing(columns: columns, csvHeader: ListedArchitecture.csvHeader(flops: flops))
        for row in rows {
            let bound = row.isComplete ? "" : "≥ "
            let perStep = PerStepMACs.mark(for: row)
            var cells = [row.name, bound + row.totalParameters.grouped]
            if active { cells.append(bound + row.activeParameters.grouped) }
            cells += [
                bound + row.trainableParameters.grouped, bound + row.nonTrainableParameters.grouped,
                row.isWeightsOnly ? "unknown" : bound + row.macs.grouped + perStep,
            ]
            if flops {
                cells.append(row.isWeightsOnly ? "unknown" : row.macs.flopsFromMACs.map { bound + $0.grouped + perStep } ?? "unknown")
            }
            cells += [
                String(row.layerCount), row.isWeightsOnly ? "unknown" : String(row.depth), Self.memoryCell(row, bound: bound),
                row.inputShapes.map(\.description).joined(separator: ", "),
            ]
            listing.append(
                cells: cells,
                csv: csvCells(of: row, flops: flops).map(\.text),
                json: jsonRow(row, flops: flops))
        }
        listing.footnotes = PerStepMACs.footnotes(for: rows)
        return listing
    }
}

extension List {
    /// The Memory column: memory's default weights with their type (`14.96 GiB bf16`, formatted
    /// as `catalog memory` formats them), or `unknown` when not computed.
    static func memoryCell(_ row: ArchitectureSummary, bound: String) -> String {
        guard let bytes = row.defaultWeightsBytes, let type = row.defaultWeightType else { return "unknown" }
        // Stored bytes are the file's own, exact even when a layer is not counted.
        return (type == "stored" ? "" : bound) + ByteCount.iec(bytes) + " " + type
    }
}

extension ArchitectureSort: ExpressibleByArgument {}
