import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog compare A B`
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two architectures side by side.",
        discussion: """
            Rows: input and output shape, layers, depth, total / trainable / non-trainable \
            parameters, MACs and parameter memory (float32), with B relative to A.

            Examples:
              catalog compare vgg16 resnet50
              catalog compare resnet18 resnet34 --format json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The first architecture (the reference).")
    var first: String

    @Argument(help: "The second architecture.")
    var second: String

    @Option(help: "Output format: table or json.")
    var format: DetailFormat = .table

    func run() throws {
        let catalog = try global.openCatalog()
        let (a, b) = try orExit { () throws(ServiceError) in
            (try catalog.detail(named: first).summary, try catalog.detail(named: second).summary)
        }
        let metrics: [(key: String, label: String, a: Int, b: Int)] = [
            ("layers", "Layers", a.layerCount, b.layerCount),
            ("depth", "Depth (weight layers)", a.depth, b.depth),
            ("total_params", "Total params", a.totalParameters, b.totalParameters),
            ("trainable_params", "Trainable params", a.trainableParameters, b.trainableParameters),
            ("non_trainable_params", "Non-trainable params", a.nonTrainableParameters, b.nonTrainableParameters),
            ("macs", "MACs", a.macs, b.macs),
            ("parameter_bytes", "Parameter memory (float32, bytes)", a.parameterBytes, b.parameterBytes),
        ]
        switch format {
        case .json:
            var comparison: [String: Any] = [:]
            for metric in metrics {
                comparison[metric.key] = [
                    "a": metric.a, "b": metric.b, "difference": metric.b - metric.a,
                    "ratio": metric.a == 0 ? NSNull() : Double(metric.b) / Double(metric.a) as Any,
                ]
            }
            print(jsonText(["a": a.jsonObject, "b": b.jsonObject, "comparison": comparison]))
        case .table:
            var table = TextTable([("", .left), (a.name, .right), (b.name, .right), ("B vs A", .right)])
            table.append(["Input shape", shapes(a.inputShapes), shapes(b.inputShapes), ""])
            table.append(["Output shape", shapes(a.outputShapes), shapes(b.outputShapes), ""])
            table.append(["Convention", a.framework, b.framework, ""])
            for metric in metrics {
                let aText = metric.key == "parameter_bytes" ? metric.a.kerasMemorySize : metric.a.grouped
                let bText = metric.key == "parameter_bytes" ? metric.b.kerasMemorySize : metric.b.grouped
                table.append([metric.label, aText, bText, relative(metric.a, metric.b)])
            }
            print(table.render(), terminator: "")
        }
    }

    private func shapes(_ list: [TensorShape]) -> String {
        list.map(\.description).joined(separator: ", ")
    }

    /// `×2.50 (+150.0%)`, or `=` when equal.
    private func relative(_ a: Int, _ b: Int) -> String {
        if a == b { return "=" }
        guard a != 0 else { return "n/a" }
        let ratio = Double(b) / Double(a)
        return String(format: "×%.2f (%+.1f%%)", ratio, (ratio - 1) * 100)
    }
}
