/// Shapes, parameters and MACs of every node of an ``ONNXGraph``, computed over the whole graph
/// at once.
///
/// ONNX shapes depend on values computed inside the graph (`Shape → Gather → Concat → Reshape`),
/// which a layer-by-layer pass over shapes cannot carry; so the analysis propagates, for each
/// value, its dims (symbolic dims kept as products of the file's `dim_param` names) and, for
/// small integer tensors, its values, in dependency order. The results then become layers whose
/// kind (``LayerKind/onnxOperator(_:)``) carries them.
///
/// - Parameters: a floating-point initializer consumed by a node is a parameter of the first
///   node (in dependency order) that consumes it: tied weights once. BatchNormalization's
///   `input_mean` and `input_var` are non-trainable. A float `Constant` node's value is a
///   parameter only where an operator takes it as a weight (Conv/ConvTranspose W and B, Gemm B
///   and C, a MatMul operand, normalisation scale/bias/statistics, LSTM/GRU/RNN W, R, B, a
///   Gather's data). Integer and boolean tensors (shapes, axes, indices) are never parameters.
/// - MACs (the convention of the rest of the catalog, fvcore's): Conv = output elements ·
///   (C_in/groups) · kernel; ConvTranspose = input elements · (C_out/groups) · kernel (PyTorch's
///   and fvcore's, not thop's output-element form); Gemm/MatMul = M·N·K, activation × activation
///   products (attention) included; LSTM = seq · dirs · 4H(I+H), GRU 3H(I+H), RNN H(I+H) (the
///   gate matmuls per step, ONNX operator spec); everything else 0. Per sample: the batch is 1.
public struct ONNXAnalysis: Sendable {
    /// One result per node of the top-level graph, in the graph's node order.
    public var nodes: [ONNXNodeResult]
    /// Dims of every top-level value that the analysis knows (inputs, initializers, outputs).
    public var dims: [String: [ONNXDim]]
    /// The batch axis's symbol when the inputs' first dims are symbolic (`batch`), else `nil`.
    public var batchSymbol: String?
    /// 1 when the inputs' first dim is fixed at 1 (the batch of most exports); a fixed first dim
    /// larger than 1 is not taken as a batch (it may be a sequence): shapes keep it.
    public var staticBatch: Int?
    /// Remarks: declared shapes contradicting inference, unknown operators.
    public var warnings: [String]
}

/// What the analysis finds for one node.
public struct ONNXNodeResult: Hashable, Sendable {
    /// Output dims per output (batch included, as the file); `nil` when unknown.
    public var outputs: [[ONNXDim]?]
    /// Trainable parameters this node owns (its first-use initializers).
    public var trainable: Int
    /// Non-trainable parameters (BatchNormalization's mean and variance).
    public var nonTrainable: Int
    /// MACs per sample; `nil` when they cannot be known (an unknown operator or input rank).
    public var macs: Int?
    /// Whether one of the dims counted in ``macs`` was symbolic or unknown (counted as 1).
    public var macsArePerStep: Bool
    /// Whether the operator is one the analysis knows.
    public var isKnownOperator: Bool
    /// The weight tensors this node owns, by name.
    public var weights: [String]
    /// Why ``macs`` is `nil` for an operator the analysis knows: they grow faster than linearly
    /// with an unknown axis (attention's QKᵀ and AV over a symbolic sequence), so no per-step
    /// figure is right; `nil` otherwise.
    public var macsUnknownReason: String? = nil
}

/// A malformed graph.
public enum ONNXGraphError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A node consumes a value that nothing produces.
    case danglingInput(node: String, input: String)
    /// Two nodes (or a node and an input/initializer) produce the same value.
    case duplicateValue(String)
    /// Nodes that depend on each other.
    case cycle([String])
    /// A dimension that is negative or whose product overflows.
    case absurdDimension(tensor: String, dims: String)
    /// A node is broken: wrong attribute types, missing required inputs.
    case invalidNode(node: String, problem: String)

    public var description: String {
        switch self {
        case .danglingInput(let node, let input): "node '\(node)' reads '\(input)', which no node, input or initializer produces"
        case .duplicateValue(let name): "value '\(name)' is produced twice"
        case .cycle(let names): "the graph has a cycle through \(names.prefix(5).map { "'\($0)'" }.joined(separator: ", "))"
        case .absurdDimension(let tensor, let dims): "tensor '\(tensor)' has impossible dims \(dims)"
        case .invalidNode(let node, let problem): "node '\(node)': \(problem)"
        }
    }
}

/// What the analysis knows about one value.
struct ONNXValue {
    var dims: [ONNXDim]?
    var elementType = 0
    /// The flat values of a small integer tensor (symbolic where computed from a symbolic shape).
    var integers: [ONNXDim]?
    /// The flat values of a small float tensor.
    var floats: [Double]?
    /// Computed only from initializers and constants (a MatMul's weight operand).
    var isConstant = false
    /// The Constant node or initializer it is (for parameter ownership).
    var constantSource: String?
}

extension ONNXAnalysis {
    /// Analyses `graph`.
    /// - Parameters:
    ///   - inputDims: dims per input name replacing the file's (batch included); a symbol fixed
    ///     here is fixed everywhere it appears.
    ///   - functions: local functions (`FunctionProto`) by `domain:name`, expanded at each call.
    /// - Throws: ``ONNXGraphError`` for a dangling value, a cycle, a duplicate output, an absurd dim.
    public static func analyze(
        _ graph: ONNXGraph, inputDims: [String: [ONNXDim]] = [:], functions: [String: ONNXFunction] = [:]
    ) throws(ONNXGraphError) -> ONNXAnalysis {
        var inputs = graph.inputs
        var bindings: [String: Int] = [:]
        for index in inputs.indices {
            guard let given = inputDims[inputs[index].name] else { continue }
            if let old = inputs[index].shape, old.count == given.count {
                for (o, g) in zip(old, given) {
                    if case .symbolic(1, let s) = o, s.count == 1, let v = g.value { bindings[s[0]] = v }
                }
            }
            inputs[index].shape = given
        }
        // The batch: the first dim of every input of rank >= 2.
        var batchSymbol: String?
        var staticBatch: Int?
        for input in inputs {
            guard let shape = input.shape, shape.count >= 2 else { continue }
            switch shape[0] {
            case .symbolic(1, let s) where s.count == 1: batchSymbol = batchSymbol ?? s[0]
            // A fixed first dim is taken as the batch only when it is 1: a larger one may be a
            // sequence (seq-first RNN inputs), so it is kept, and MACs are the graph's as written.
            case .value(1): staticBatch = 1
            default: break
            }
        }
        var analyzer = Analyzer(functions: functions, bindings: bindings, batchSymbol: batchSymbol)
        var scope: [String: ONNXValue] = [:]
        let results = try analyzer.run(graph, inputs: inputs, scope: &scope, top: true)
        var dims: [String: [ONNXDim]] = [:]
        for (name, value) in scope { if let d = value.dims { dims[name] = d } }
        var analysis = ONNXAnalysis(
            nodes: results, dims: dims, batchSymbol: batchSymbol, staticBatch: staticBatch,
            warnings: analyzer.warnings)
        return analysis
    }

    /// The stored (batch-free) form of a value's dims: a leading batch dim dropped (the batch
    /// symbol, or the static batch size on a value computed from the inputs), the batch symbol
    /// elsewhere counted as 1, any other symbol or unknown dim `nil`.
    public func storedShape(_ dims: [ONNXDim], fromInputs: Bool = true) -> [Int?] {
        var d = dims
        if let first = d.first {
            if let b = batchSymbol, first == .symbol(b) {
                d.removeFirst()
            } else if batchSymbol == nil, let n = staticBatch, fromInputs, d.count >= 2, first == .value(n) {
                d.removeFirst()
            }
        }
        return d.map { dim in
            var dim = dim
            if let b = batchSymbol { dim = dim.substituting(b, with: 1) }
            return dim.value
        }
    }
}

/// A local function (`FunctionProto`): called as an operator of its domain and name.
public struct ONNXFunction: Hashable, Sendable {
    public var name: String
    public var domain: String
    /// Formal input and output names.
    public var inputs: [String]
    public var outputs: [String]
    public var nodes: [ONNXNode]

    public init(name: String, domain: String, inputs: [String], outputs: [String], nodes: [ONNXNode]) {
        self.name = name
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.nodes = nodes
    }
}

/// The graph walk: one scope of values, parameters claimed once.
struct Analyzer {
    let functions: [String: ONNXFunction]
    /// Symbols fixed by the caller.
    let bindings: [String: Int]
    var warnings: [String] = []
    /// Weight tensors already counted (tied weights once), by scope-qualified name.
    var claimed: Set<String> = []
    /// Float constants and initializers: name -> elements (scope-qualified).
    var floatConstants: [String: Int] = [:]
    /// Outputs of float Constant nodes (parameters only in a weight slot).
    var constantNodeOutputs: Set<String> = []
    /// The batch symbol, counted as 1 in MACs without marking them per step.
    let batchSymbol: String?
    var depth = 0

    init(functions: [String: ONNXFunction], bindings: [String: Int], batchSymbol: String?) {
        self.functions = functions
        self.bindings = bindings
        self.batchSymbol = batchSymbol
    }

    func bind(_ dims: [ONNXDim]) -> [ONNXDim] {
        guard !bindings.isEmpty else { return dims }
        return dims.map { d in bindings.reduce(d) { $0.substituting($1.key, with: $1.value) } }
    }

    /// Analyses a graph (or a subgraph, whose `scope` holds the enclosing values).
    mutating func run(
        _ graph: ONNXGraph, inputs: [ONNXValueInfo], scope: inout [String: ONNXValue], top: Bool
    ) throws(ONNXGraphError) -> [ONNXNodeResult] {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 32 else { throw .invalidNode(node: "(subgraph)", problem: "subgraphs nested more than 32 deep") }
        var produced = Set<String>()
        for input in inputs {
            if let shape = input.shape {
                for d in shape { if case .value(let v) = d, v < 0 { throw .absurdDimension(tensor: input.name, dims: "\(shape)") } }
            }
            scope[input.name] = ONNXValue(dims: input.shape.map(bind), elementType: input.elementType)
            produced.insert(input.name)
        }
        for initializer in graph.initializers {
            guard initializer.dims.allSatisfy({ $0 >= 0 }), let elements = initializer.elements else {
                throw .absurdDimension(tensor: initializer.name, dims: "\(initializer.dims)")
            }
            if produced.contains(initializer.name) && !inputs.contains(where: { $0.name == initializer.name }) {
                throw .duplicateValue(initializer.name)
            }
            // An initializer also listed as an input (IR < 4) is a weight with a default.
            scope[initializer.name] = Self.constantValue(initializer)
            if initializer.isFloatingPoint { floatConstants[initializer.name] = elements }
            produced.insert(initializer.name)
        }
        // Declared shapes for values the analysis cannot infer.
        var declared: [String: [ONNXDim]] = [:]
        for info in graph.valueInfo + graph.outputs { if let s = info.shape { declared[info.name] = bind(s) } }

        // Dependency order (Kahn); outer-scope names count as available.
        let nodes = graph.nodes
        var producer: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for output in node.outputs where !output.isEmpty {
                if producer[output] != nil || produced.contains(output) { throw .duplicateValue(output) }
                producer[output] = index
            }
        }
        var waiting = [Int](repeating: 0, count: nodes.count)
        var dependents = [[Int]](repeating: [], count: nodes.count)
        for (index, node) in nodes.enumerated() {
            for input in Self.consumedNames(node) where !input.isEmpty {
                if let p = producer[input] {
                    if p == index { throw .cycle([Self.label(node, index)]) }
                    waiting[index] += 1
                    dependents[p].append(index)
                } else if scope[input] == nil {
                    throw .danglingInput(node: Self.label(node, index), input: input)
                }
            }
        }
        var ready = (0..<nodes.count).filter { waiting[$0] == 0 }
        var cursor = 0
        var results = [ONNXNodeResult?](repeating: nil, count: nodes.count)
        while cursor < ready.count {
            let index = ready[cursor]
            cursor += 1
            results[index] = try evaluate(nodes[index], index: index, scope: &scope, declared: declared)
            for next in dependents[index] {
                waiting[next] -= 1
                if waiting[next] == 0 { ready.append(next) }
            }
        }
        guard cursor == nodes.count else {
            throw .cycle((0..<nodes.count).filter { results[$0] == nil }.map { Self.label(nodes[$0], $0) })
        }
        return results.map { $0! }
    }

    /// A node's name, else `op_type_N` (its index in the graph).
    static func label(_ node: ONNXNode, _ index: Int) -> String {
        node.name.isEmpty ? "\(node.opType)_\(index)" : node.name
    }

    /// The names a node reads: its inputs and the outer-scope names its subgraphs read.
    static func consumedNames(_ node: ONNXNode) -> [String] {
        var names = node.inputs
        for attribute in node.attributes.values {
            switch attribute {
            case .graph(let g): names += outerNames(g)
            case .graphs(let gs): for g in gs { names += outerNames(g) }
            default: break
            }
        }
        return names
    }

    /// Names a subgraph reads from enclosing scopes.
    static func outerNames(_ graph: ONNXGraph) -> [String] {
        var local = Set(graph.inputs.map(\.name) + graph.initializers.map(\.name))
        for node in graph.nodes { local.formUnion(node.outputs) }
        var outer: [String] = []
        for node in graph.nodes {
            for name in consumedNames(node) where !name.isEmpty && !local.contains(name) { outer.append(name) }
        }
        for output in graph.outputs where !local.contains(output.name) { outer.append(output.name) }
        return outer
    }

    /// An initializer or Constant value.
    static func constantValue(_ constant: ONNXConstant) -> ONNXValue {
        ONNXValue(
            dims: constant.dims.map(ONNXDim.value), elementType: constant.dataType,
            integers: constant.integerValues.map { $0.map(ONNXDim.value) }, floats: constant.floatValues,
            isConstant: true, constantSource: constant.name)
    }
}
