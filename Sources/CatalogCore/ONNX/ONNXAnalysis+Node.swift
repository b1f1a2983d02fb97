// One node of the analysis: its outputs, the weights it owns, its MACs; subgraphs and local
// functions.

/// What an operator's inference gives: output values, MACs (`nil` unknown) and whether one of
/// the counted dims was not a number.
struct Inferred {
    var outputs: [ONNXValue]
    var macs: Int? = 0
    var perStep = false
    /// Why ``macs`` is `nil` for a known operator: its MACs are not linear in an unknown axis
    /// (``Analyzer/nonlinearMACs(_:)``).
    var macsUnknownReason: String? = nil
    var isKnown = true
    /// Parameters found inside subgraphs or function bodies.
    var trainable = 0
    var nonTrainable = 0
    var weights: [String] = []

    static func unknown(_ count: Int) -> Inferred {
        Inferred(outputs: Array(repeating: ONNXValue(), count: count), macs: nil, isKnown: false)
    }
}

extension Analyzer {
    /// Evaluates one node and stores its outputs in `scope`.
    mutating func evaluate(
        _ node: ONNXNode, index: Int, scope: inout [String: ONNXValue], declared: [String: [ONNXDim]]
    ) throws(ONNXGraphError) -> ONNXNodeResult {
        let label = Self.label(node, index)
        let inputs: [ONNXValue?] = node.inputs.map { $0.isEmpty ? nil : scope[$0] }
        var inferred: Inferred
        if let function = functions[node.domain + ":" + node.opType] {
            inferred = try call(function, node: node, label: label, inputs: inputs, scope: scope)
        } else if node.domain == "ai.onnx.ml", let ml = try inferML(node, label: label, inputs: inputs) {
            inferred = ml
        } else if !node.isStandard {
            inferred = .unknown(node.outputs.count)
            warnings.append("node '\(label)': operator \(node.domain).\(node.opType) is not in the standard set; its shapes come from the file and its MACs are unknown")
        } else {
            inferred = try infer(node, label: label, inputs: inputs, scope: scope)
        }
        if let reason = inferred.macsUnknownReason {
            warnings.append("node '\(label)': \(node.opType) \(reason)")
        }
        if !inferred.isKnown && node.isStandard && functions[node.domain + ":" + node.opType] == nil {
            warnings.append("node '\(label)': operator \(node.opType) is not known to the catalog; its MACs are unknown")
        }
        // Outputs: inferred dims, else the file's declared dims; a contradiction is a warning.
        var outputs: [[ONNXDim]?] = []
        for (position, name) in node.outputs.enumerated() {
            var value = position < inferred.outputs.count ? inferred.outputs[position] : ONNXValue()
            if let given = declared[name], !name.isEmpty {
                if let dims = value.dims {
                    if Self.contradicts(dims, given) {
                        warnings.append("node '\(label)': output '\(name)' is declared \(Self.text(given)) but inferred \(Self.text(dims)); the inferred shape is used")
                    }
                } else {
                    value.dims = given
                }
            }
            if let dims = value.dims, dims.contains(where: { if case .value(let v) = $0 { v < 0 } else { false } }) {
                throw .absurdDimension(tensor: name, dims: Self.text(dims))
            }
            outputs.append(value.dims)
            if node.opType == "Constant" { value.constantSource = name }
            if !name.isEmpty { scope[name] = value }
        }
        if node.opType == "Constant", node.isStandard, let name = node.outputs.first, let value = scope[name],
           ONNXDataType.isFloatingPoint(value.elementType), let dims = value.dims {
            constantNodeOutputs.insert(name)
            floatConstants[name] = dims.reduce(1) { $0 * ($1.value ?? 0) }
        }
        // Weights: first consumer owns them.
        var result = ONNXNodeResult(
            outputs: outputs, trainable: inferred.trainable, nonTrainable: inferred.nonTrainable,
            macs: inferred.macs, macsArePerStep: inferred.perStep, isKnownOperator: inferred.isKnown,
            weights: inferred.weights, macsUnknownReason: inferred.macsUnknownReason)
        // Identity and Cast pass a weight on (old exporters feed BatchNormalization through
        // Identity): its consumer owns it.
        let passesOn = node.opType == "Identity" || node.opType == "Cast"
        for (position, input) in node.inputs.enumerated() where !input.isEmpty && !passesOn {
            let name = inputs[position]?.constantSource ?? input
            guard let elements = floatConstants[name], !claimed.contains(name) else { continue }
            if constantNodeOutputs.contains(name) && !Self.isWeightSlot(node.opType, position, inputs) { continue }
            claimed.insert(name)
            result.weights.append(name)
            if node.opType == "BatchNormalization" && (position == 3 || position == 4) {
                result.nonTrainable += elements
            } else {
                result.trainable += elements
            }
        }
        return result
    }

    /// Whether input `position` of `op` is a weight (a float Constant node there is a parameter).
    static func isWeightSlot(_ op: String, _ position: Int, _ inputs: [ONNXValue?]) -> Bool {
        switch op {
        case "Conv", "ConvTranspose", "InstanceNormalization", "LayerNormalization", "GroupNormalization",
             "RMSNormalization", "SkipLayerNormalization":
            position >= 1
        case "BatchNormalization": (1...4).contains(position)
        case "LSTM", "GRU", "RNN": (1...3).contains(position)
        case "Gemm": position >= 1
        case "MatMul", "Gather", "PRelu": true
        default: false
        }
    }

    /// Two shapes that cannot both be right: different ranks, or two different fixed sizes.
    static func contradicts(_ a: [ONNXDim], _ b: [ONNXDim]) -> Bool {
        guard a.count == b.count else { return true }
        for (x, y) in zip(a, b) { if let x = x.value, let y = y.value, x != y { return true } }
        return false
    }

    static func text(_ dims: [ONNXDim]) -> String {
        "[" + dims.map(\.description).joined(separator: ", ") + "]"
    }

    // MARK: - Local functions and subgraphs

    /// A call of a local function: its body analysed with the call's inputs bound to the formal
    /// names, counted at each call (a function holds no weights of its own).
    mutating func call(
        _ function: ONNXFunction, node: ONNXNode, label: String, inputs: [ONNXValue?], scope: [String: ONNXValue]
    ) throws(ONNXGraphError) -> Inferred {
        var local: [String: ONNXValue] = [:]
        var formal: [ONNXValueInfo] = []
        for (position, name) in function.inputs.enumerated() {
            let value = position < inputs.count ? inputs[position] : nil
            local[name] = value ?? ONNXValue()
            formal.append(ONNXValueInfo(name: name, elementType: value?.elementType ?? 0, shape: value?.dims))
        }
        let body = ONNXGraph(
            inputs: [], outputs: [], initializers: [],
            nodes: function.nodes.map { inner in
                var inner = inner
                // Attribute references (`ref_attr_name`) are resolved by the reader; here only names.
                inner.name = label + "/" + (inner.name.isEmpty ? inner.opType : inner.name)
                return inner
            })
        var bodyScope = local
        let results = try run(body, inputs: formal, scope: &bodyScope, top: false)
        var inferred = Inferred(outputs: function.outputs.map { bodyScope[$0] ?? ONNXValue() })
        accumulate(results, into: &inferred)
        return inferred
    }

    /// A subgraph (If branch, Loop/Scan body) analysed in the enclosing scope.
    mutating func subgraph(
        _ graph: ONNXGraph, inputs: [ONNXValueInfo], scope: [String: ONNXValue]
    ) throws(ONNXGraphError) -> (results: [ONNXNodeResult], outputs: [ONNXValue]) {
        var inner = scope
        let results = try run(graph, inputs: inputs, scope: &inner, top: false)
        return (results, graph.outputs.map { output in
            var value = inner[output.name] ?? ONNXValue()
            if value.dims == nil, let shape = output.shape { value.dims = bind(shape) }
            return value
        })
    }

    /// Sums a body's node results into one node's.
    func accumulate(_ results: [ONNXNodeResult], into inferred: inout Inferred, times: Int? = 1) {
        for result in results {
            inferred.trainable += result.trainable
            inferred.nonTrainable += result.nonTrainable
            inferred.weights += result.weights
            inferred.isKnown = inferred.isKnown && result.isKnownOperator
            inferred.perStep = inferred.perStep || result.macsArePerStep
            if let m = result.macs, let total = inferred.macs, let times {
                let (p, o1) = m.multipliedReportingOverflow(by: times)
                let (s, o2) = total.addingReportingOverflow(p)
                inferred.macs = o1 || o2 ? nil : s
            } else {
                inferred.macs = nil
            }
        }
    }
}
