import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog show NAME`
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show an architecture's layers with output shapes, parameters and MACs, and its totals.",
        discussion: """
            The table lists each layer as Keras' model.summary() does (name, type, output shape \
            without the batch axis, parameters) plus MACs, and the inbound layers when the graph \
            branches. Totals follow Keras: memory is 4 bytes a parameter (float32), 1024-based.

            Examples:
              catalog show vgg16
              catalog show resnet50 --format json | jq .total_params
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The architecture's name (case-insensitive).")
    var name: String

    @Option(help: "Output format: table or json.")
    var format: DetailFormat = .table

    func run() throws {
        let catalog = try global.openCatalog()
        let detail = try orExit { () throws(ServiceError) in try catalog.detail(named: name) }
        if !detail.summary.isComplete {
            printWarning("'\(detail.summary.name)' is incomplete: totals are lower bounds; not counted: "
                + detail.summary.uncountedLayers.map { "'\($0)'" }.joined(separator: ", "))
        }
        switch format {
        case .json: print(jsonText(detail.jsonObject))
        case .table: print(detail.renderedTable, terminator: "")
        }
    }
}

extension LayerSummary {
    /// A flat list for one output, or a list of lists for several calls or outputs.
    var outputShapeJSON: Any {
        let all = outputShapes.joined().map(\.jsonValue)
        return all.count == 1 ? all[0] : all
    }

    var outputShapeText: String {
        let all = outputShapes.joined().map(\.description)
        return all.count == 1 ? all[0] : "[" + all.joined(separator: ", ") + "]"
    }

    /// Inbound tensors in Keras' "Connected to" form, `conv1[0][0]`.
    var connectedTo: String {
        let references = inbound.joined()
        return references.isEmpty ? "-" : references.map { "\($0.layer)[\($0.node)][\($0.tensor)]" }.joined(separator: ", ")
    }
}

extension ArchitectureDetail {
    /// `show --format json`: the contract of issue 2.
    var jsonObject: [String: Any] {
        var object = summary.jsonObject
        object["input_shape"] = summary.inputShapes.count == 1
            ? summary.inputShapes[0].jsonValue : summary.inputShapes.map(\.jsonValue)
        object["layer_count"] = summary.layerCount
        object["layers"] = layers.map { layer -> [String: Any] in
            [
                "name": layer.name,
                "type": layer.type,
                "output_shape": layer.outputShapeJSON,
                "params": layer.parameters as Any? ?? NSNull(),
                "trainable_params": layer.trainableParameters as Any? ?? NSNull(),
                "non_trainable_params": layer.nonTrainableParameters as Any? ?? NSNull(),
                "macs": layer.macs as Any? ?? NSNull(),
                "inputs": layer.inbound.joined().map(\.layer),
            ]
        }
        return object
    }

    /// True when some layer does not simply consume the previous one.
    var isBranching: Bool {
        var previous: String?
        for layer in layers {
            defer { previous = layer.name }
            let references = Array(layer.inbound.joined())
            if references.isEmpty { continue }
            if references.count != 1 || references[0].layer != previous || layer.inbound.count > 1 { return true }
        }
        return false
    }

    var renderedTable: String {
        var columns: [(String, TextTable.Alignment)] = [
            ("Layer (type)", .left), ("Output Shape", .left), ("Param #", .right), ("MACs", .right),
        ]
        let branching = isBranching
        if branching { columns.append(("Connected to", .left)) }
        var table = TextTable(columns)
        for layer in layers {
            var row = [
                "\(layer.name) (\(layer.type))", layer.outputShapeText,
                layer.parameters?.grouped ?? "unknown", layer.macs?.grouped ?? "unknown",
            ]
            if branching { row.append(layer.connectedTo) }
            table.append(row)
        }
        let s = summary
        let bound = s.isComplete ? "" : "≥ "
        var text = "Architecture: \"\(s.name)\"  (\(s.framework) convention, \(s.layerCount) layers, depth \(s.depth))\n"
        text += table.render()
        text += " Total params: \(bound)\(s.totalParameters.grouped) (\((s.totalParameters * 4).kerasMemorySize))\n"
        text += " Trainable params: \(bound)\(s.trainableParameters.grouped) (\((s.trainableParameters * 4).kerasMemorySize))\n"
        text += " Non-trainable params: \(bound)\(s.nonTrainableParameters.grouped) (\((s.nonTrainableParameters * 4).kerasMemorySize))\n"
        text += " Total MACs: \(bound)\(s.macs.grouped) (\(s.macs.siScaled))\n"
        if !s.isComplete {
            text += " Incomplete: not counted: " + s.uncountedLayers.joined(separator: ", ") + " (totals are lower bounds)\n"
        }
        return text
    }
}
