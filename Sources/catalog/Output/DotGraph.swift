import CatalogService

/// An architecture as a Graphviz `dot` graph: one box per layer labelled with its name, type,
/// output shape and parameters, filled by layer category, with an edge per inbound tensor.
/// Every layer is drawn (repeated blocks are not collapsed); labels stay short so large models
/// remain readable.
enum DotGraph {
    static func render(_ detail: ArchitectureDetail) -> String {
        let s = detail.summary
        let bound = s.isComplete ? "" : "≥ "
        var lines: [String] = []
        lines.append("digraph \(quoted(s.name)) {")
        let title = "\(s.name): \(bound)\(s.totalParameters.grouped) params, \(bound)\(s.macs.siScaled)\(PerStepMACs.mark(for: s)) MACs (\(s.framework) convention)"
        lines.append("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=14, labelloc=t, label=\(quoted(title)), nodesep=0.25, ranksep=0.3];")
        lines.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, margin=\"0.12,0.04\", fillcolor=\"#ffffff\", color=\"#555555\"];")
        lines.append("  edge [color=\"#777777\", arrowsize=0.6];")
        for layer in detail.layers {
            var label = "\(layer.name): \(layer.type)\n\(layer.outputShapeText)"
            var attributes: [String] = []
            if let parameters = layer.parameters {
                if parameters > 0 { label += "\n\(parameters.grouped) params" }
            } else {
                label += "\nparams unknown"
                attributes.append("style=\"rounded,filled,dashed\"")
            }
            attributes.insert("label=\(quoted(label))", at: 0)
            attributes.append("fillcolor=\"\(fill(LayerCategory(layerType: layer.type)))\"")
            lines.append("  \(quoted(layer.name)) [\(attributes.joined(separator: ", "))];")
        }
        var seen: Set<[String]> = []
        for layer in detail.layers {
            for reference in layer.inbound.joined() where seen.insert([reference.layer, layer.name]).inserted {
                lines.append("  \(quoted(reference.layer)) -> \(quoted(layer.name));")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT double-quoted string: quotes and backslashes escaped, newlines as `\n`.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": break
            default: result.append(character)
            }
        }
        return result + "\""
    }

    static func fill(_ category: LayerCategory) -> String {
        switch category {
        case .convolution: "#dbe9f6"
        case .dense: "#fde2c8"
        case .recurrent: "#d9f0d3"
        case .attention: "#e5d8f0"
        case .normalisation: "#eeeeee"
        case .embedding: "#fff3b0"
        case .mlp: "#f6d5d5"
        case .head: "#d5ecec"
        case .other: "#ffffff"
        }
    }
}
