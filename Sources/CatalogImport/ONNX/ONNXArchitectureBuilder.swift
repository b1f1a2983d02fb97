import CatalogCore

/// Turns an analysed ONNX graph into the catalog's layers, tensors and notes.
struct ONNXArchitectureBuilder {
    let graph: ONNXGraph
    let analysis: ONNXAnalysis
    let file: String
    /// Each node's layer name: its own, else `op_type_N` (N its index), made unique.
    let layerNames: [String]

    init(graph: ONNXGraph, analysis: ONNXAnalysis, file: String) {
        self.graph = graph
        self.analysis = analysis
        self.file = file
        var used = Set(graph.inputs.map(\.name))
        var names: [String] = []
        for (index, node) in graph.nodes.enumerated() {
            let base = node.name.isEmpty ? "\(node.opType)_\(index)" : node.name
            var name = base
            var suffix = 1
            while used.contains(name) {
                name = "\(base)_\(suffix)"
                suffix += 1
            }
            used.insert(name)
            names.append(name)
        }
        layerNames = names
    }

    func architecture() -> Architecture {
        var producer: [String: TensorReference] = [:]
        var layers: [Layer] = []
        for input in graph.inputs {
            // The dims analysed (--input-shape applied), else the file's.
            let shape = TensorShape((analysis.dims[input.name] ?? input.shape).map { analysis.storedShape($0) } ?? [])
            producer[input.name] = TensorReference(layer: input.name)
            layers.append(Layer(
                name: input.name, type: "InputLayer",
                config: ["shape": .array(shape.dimensions.map { $0.map(ConfigValue.int) ?? .null })],
                kind: .input(shape: shape), calls: [[]]))
        }
        for (index, node) in graph.nodes.enumerated() {
            for (position, output) in node.outputs.enumerated() where !output.isEmpty {
                producer[output] = TensorReference(layer: layerNames[index], tensor: position)
            }
        }
        for (index, node) in graph.nodes.enumerated() {
            let result = analysis.nodes[index]
            let shapes = result.outputs.map { dims in TensorShape(dims.map { analysis.storedShape($0) } ?? []) }
            var config: [String: ConfigValue] = [
                ONNXOperator.marker: .string(node.opType),
                "onnx_output_shapes": .array(shapes.map { .array($0.dimensions.map { $0.map(ConfigValue.int) ?? .null }) }),
                "onnx_output_dims": .array(result.outputs.map { dims in
                    .string(dims.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? "unknown") }),
                "trainable_params": .int(result.trainable),
                "non_trainable_params": .int(result.nonTrainable),
                "macs": result.macs.map(ConfigValue.int) ?? .null,
            ]
            if result.macsArePerStep { config["macs_per_step"] = .bool(true) }
            if let reason = result.macsUnknownReason { config["macs_unknown"] = .string(reason) }
            if !result.weights.isEmpty { config["weights"] = .array(result.weights.map(ConfigValue.string)) }
            if !node.isStandard { config["domain"] = .string(node.domain) }
            var attributes: [String: ConfigValue] = [:]
            for (key, value) in node.attributes {
                switch value {
                case .int(let v): attributes[key] = .int(v)
                case .float(let v): attributes[key] = .double(v)
                case .string(let v): attributes[key] = .string(v)
                case .ints(let v) where v.count <= 64: attributes[key] = .array(v.map(ConfigValue.int))
                case .floats(let v) where v.count <= 64: attributes[key] = .array(v.map(ConfigValue.double))
                default: break
                }
            }
            if !attributes.isEmpty { config["attributes"] = .object(attributes) }
            let kind = ONNXOperator(
                opType: node.opType, outputs: shapes, trainableParameters: result.trainable,
                nonTrainableParameters: result.nonTrainable, macs: result.macs)
            let inbound = node.inputs.compactMap { $0.isEmpty ? nil : producer[$0] }
            layers.append(Layer(
                name: layerNames[index], type: node.opType, config: config, kind: .onnxOperator(kind),
                calls: [inbound]))
        }
        return Architecture(name: "", framework: .keras, layers: layers)
    }

    /// The initializers of the graph and its subgraphs, each with the layer that owns it.
    func tensors() -> [Tensor] {
        var owner: [String: String] = [:]
        var statistics = Set<String>()
        for (index, result) in analysis.nodes.enumerated() {
            for name in result.weights where owner[name] == nil { owner[name] = layerNames[index] }
        }
        var tensors: [Tensor] = []
        func collect(_ g: ONNXGraph) {
            for node in g.nodes where node.opType == "BatchNormalization" {
                for position in [3, 4] where position < node.inputs.count { statistics.insert(node.inputs[position]) }
            }
            for initializer in g.initializers {
                let elements = initializer.elements ?? 0
                let bytes = ONNXDataType.bits(initializer.dataType).map { (elements * $0 + 7) / 8 }
                tensors.append(Tensor(
                    name: initializer.name, dtype: ONNXDataType.name(initializer.dataType), shape: initializer.dims,
                    elements: elements, bytes: bytes, layer: owner[initializer.name],
                    isBuffer: statistics.contains(initializer.name)))
            }
            for node in g.nodes {
                for attribute in node.attributes.values {
                    switch attribute {
                    case .graph(let sub): collect(sub)
                    case .graphs(let subs): subs.forEach(collect)
                    default: break
                    }
                }
            }
        }
        collect(graph)
        // Statistics are known once every BatchNormalization node has been seen.
        return tensors.map { var t = $0; t.isBuffer = statistics.contains(t.name); return t }
    }

    /// What `show` prints about the file: exporter, opset, and the signs that its parameter
    /// count differs from PyTorch's `sum(p.numel())`.
    func notes(producer: String, version: String, opset: Int?) -> [String] {
        var notes = ["ONNX model" + (producer.isEmpty ? "" : " from \(producer) \(version)") + (opset.map { ", opset \($0)" } ?? "") + "."]
        let batchNorms = graph.nodes.filter { $0.opType == "BatchNormalization" }
        let statistics = analysis.nodes.reduce(0) { $0 + $1.nonTrainable }
        if !batchNorms.isEmpty {
            notes.append("BatchNormalization statistics present: \(batchNorms.count) nodes keep running mean and variance (\(statistics) elements, non-trainable here; PyTorch counts them as buffers, not in sum(p.numel())).")
        }
        let initializerNames = Set(graph.initializers.map(\.name))
        let exporterMade = graph.nodes.filter { node in
            node.opType == "Conv" && node.inputs.count > 1 && initializerNames.contains(node.inputs[1])
                && !node.inputs[1].hasSuffix(".weight")
        }
        if batchNorms.isEmpty && !exporterMade.isEmpty {
            notes.append("BatchNormalization folded into Conv: \(exporterMade.count) Conv nodes carry exporter-made weights (like '\(exporterMade[0].inputs[1])') and the file has no BatchNormalization node: an exporter folds each BatchNormalization into the Conv before it, so the file holds C fewer elements per folded layer than PyTorch's sum(p.numel()) (its weight and bias, 2·C, become the Conv's bias, C) and no running statistics.")
        }
        if analysis.batchSymbol == nil, analysis.staticBatch == nil,
           let n = graph.inputs.compactMap({ $0.shape?.first?.value }).first(where: { $0 > 1 }) {
            notes.append("The inputs' first dim is fixed at \(n): it is not taken as the batch (it may be a sequence), so shapes keep it and MACs are for the graph as written.")
        }
        return notes
    }

    /// A warning when weights live in external files (catalogued from the graph alone).
    func externalDataWarning() -> String? {
        let external = graph.initializers.filter(\.isExternal)
        guard !external.isEmpty else { return nil }
        return "\(external.count) initializers keep their data in external files, which were not read: the catalog counts them from the graph's dims"
    }
}
