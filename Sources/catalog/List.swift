import ArgumentParser
import Foundation
import CatalogService

/// `catalog list`
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the catalog's architectures with their totals, filtered and sorted.",
        discussion: """
            Counts accept 1000000, 1_000_000, 1e7, 2.5e6, 25M, 3.5k, 1.2G. Bounds are inclusive \
            and apply to total parameters (trainable + non-trainable).

            Examples:
              catalog list --max-params 1e7 --sort macs
              catalog list --sort params --desc --limit 5 --format csv
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only architectures with at most N total parameters.", valueName: "N"))
    var maxParams: CountArgument?

    @Option(help: ArgumentHelp("Only architectures with at least N total parameters.", valueName: "N"))
    var minParams: CountArgument?

    @Option(help: "Sort by name, params, macs or layers.")
    var sort: ListSort = .name

    @Flag(help: "Sort in descending order.")
    var desc = false

    @Option(help: ArgumentHelp("Print at most N rows.", valueName: "N"))
    var limit: Int?

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative, got \(limit)") }
        if let minParams, let maxParams, minParams.value > maxParams.value {
            throw ValidationError("--min-params \(minParams.value) is larger than --max-params \(maxParams.value)")
        }
    }

    func run() throws {
        let catalog = try global.openCatalog()
        let query = ListQuery(
            minParameters: minParams?.value, maxParameters: maxParams?.value, sort: sort,
            descending: desc, limit: limit)
        let rows = try orExit { () throws(ServiceError) in try catalog.list(query) }
        switch format {
        case .json:
            print(jsonText(rows.map(\.jsonObject)))
        case .csv:
            print("name,total_params,trainable_params,non_trainable_params,macs,layers,depth,input_shape")
            for row in rows {
                print([
                    csvField(row.name), String(row.totalParameters), String(row.trainableParameters),
                    String(row.nonTrainableParameters), String(row.macs), String(row.layerCount),
                    String(row.depth), csvField(row.inputShapes.map(\.description).joined(separator: " ")),
                ].joined(separator: ","))
            }
        case .table:
            var table = TextTable([
                ("Name", .left), ("Total params", .right), ("Trainable", .right),
                ("Non-trainable", .right), ("MACs", .right), ("Layers", .right), ("Input shape", .left),
            ])
            for row in rows {
                let bound = row.isComplete ? "" : "≥ "
                table.append([
                    row.name, bound + row.totalParameters.grouped, row.trainableParameters.grouped,
                    row.nonTrainableParameters.grouped, row.macs.grouped, String(row.layerCount),
                    row.inputShapes.map(\.description).joined(separator: ", "),
                ])
            }
            print(table.render(), terminator: "")
        }
    }
}

extension ListSort: ExpressibleByArgument {}

extension ArchitectureSummary {
    /// The JSON contract of `list --format json` (integers are raw).
    var jsonObject: [String: Any] {
        [
            "name": name,
            "description": description as Any? ?? NSNull(),
            "source": source as Any? ?? NSNull(),
            "tags": tags,
            "framework": framework,
            "source_format": sourceFormat,
            "input_shapes": inputShapes.map(\.jsonValue),
            "output_shapes": outputShapes.map(\.jsonValue),
            "total_params": totalParameters,
            "trainable_params": trainableParameters,
            "non_trainable_params": nonTrainableParameters,
            "macs": macs,
            "layers": layerCount,
            "depth": depth,
            "parameter_bytes": parameterBytes,
            "activation_elements": activationElements as Any? ?? NSNull(),
            "complete": isComplete,
            "uncounted_layers": uncountedLayers,
        ]
    }
}
