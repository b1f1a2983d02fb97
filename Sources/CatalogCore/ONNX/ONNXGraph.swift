/// An ONNX computation graph as plain values: what the ONNX reader (CatalogImport/ONNX) turns a
/// `ModelProto` into, and what ``ONNXAnalysis`` computes over.
///
/// Names follow onnx.proto (`GraphProto`, `NodeProto`, `TensorProto`, `ValueInfoProto`); shapes
/// keep the batch axis, as the file does. Weight data is never carried: a constant keeps its dims
/// and, when it is a small integer tensor (shapes, axes, indices) or a small float tensor (Resize
/// scales), its values.
public struct ONNXGraph: Hashable, Sendable {
    /// The graph's inputs that are not initializers (`GraphProto.input`), in order.
    public var inputs: [ONNXValueInfo]
    /// The graph's outputs (`GraphProto.output`).
    public var outputs: [ONNXValueInfo]
    /// Shapes the file declares for intermediate values (`GraphProto.value_info`).
    public var valueInfo: [ONNXValueInfo]
    /// The initializers (`GraphProto.initializer`), weights included.
    public var initializers: [ONNXConstant]
    /// The nodes in file order (ONNX requires topological order; the analysis does not rely on it).
    public var nodes: [ONNXNode]

    public init(
        inputs: [ONNXValueInfo], outputs: [ONNXValueInfo], valueInfo: [ONNXValueInfo] = [],
        initializers: [ONNXConstant], nodes: [ONNXNode]
    ) {
        self.inputs = inputs
        self.outputs = outputs
        self.valueInfo = valueInfo
        self.initializers = initializers
        self.nodes = nodes
    }
}

/// One dimension of an ONNX tensor: a number, a symbolic product (`batch`, `2·seq`), or unknown.
public enum ONNXDim: Hashable, Sendable, CustomStringConvertible {
    /// A fixed size.
    case value(Int)
    /// `coefficient` times the product of the named symbols (sorted, repeats allowed): the file's
    /// `dim_param` (`batch`, `sequence`) and what Reshape/Concat/Mul make of them.
    case symbolic(coefficient: Int, symbols: [String])
    /// Not known from the file (an empty `dim_param`, or nothing inference can tell).
    case unknown

    /// A single named dimension.
    public static func symbol(_ name: String) -> ONNXDim { .symbolic(coefficient: 1, symbols: [name]) }

    /// The fixed size, if any.
    public var value: Int? { if case .value(let v) = self { v } else { nil } }

    /// `224`, `batch`, `2*seq`, `?`.
    public var description: String {
        switch self {
        case .value(let v): String(v)
        case .symbolic(let c, let s): (c == 1 ? "" : "\(c)*") + s.joined(separator: "*")
        case .unknown: "?"
        }
    }

    /// The product of two dimensions (unknown when either is, or on overflow).
    public static func * (a: ONNXDim, b: ONNXDim) -> ONNXDim {
        switch (a, b) {
        case (.value(let x), .value(let y)):
            let (p, o) = x.multipliedReportingOverflow(by: y)
            return o ? .unknown : .value(p)
        case (.value(let x), .symbolic(let c, let s)), (.symbolic(let c, let s), .value(let x)):
            if x == 0 { return .value(0) }
            let (p, o) = x.multipliedReportingOverflow(by: c)
            return o ? .unknown : .symbolic(coefficient: p, symbols: s)
        case (.symbolic(let c1, let s1), .symbolic(let c2, let s2)):
            let (p, o) = c1.multipliedReportingOverflow(by: c2)
            return o ? .unknown : .symbolic(coefficient: p, symbols: (s1 + s2).sorted())
        default:
            return .unknown
        }
    }

    /// `a / b` when it divides exactly (symbols cancel), else unknown.
    public static func / (a: ONNXDim, b: ONNXDim) -> ONNXDim {
        let (ca, sa) = a.parts ?? (0, [])
        // Int.min / −1 (and Int.min % −1) overflow: unknown, never a trap.
        guard a.parts != nil, let (cb, sb) = b.parts, cb != 0, !(ca == Int.min && cb == -1), ca % cb == 0 else { return .unknown }
        var rest = sa
        for symbol in sb {
            guard let at = rest.firstIndex(of: symbol) else { return .unknown }
            rest.remove(at: at)
        }
        return ONNXDim.make(ca / cb, rest)
    }

    /// `a + b` when both are fixed or the same symbolic product.
    public static func + (a: ONNXDim, b: ONNXDim) -> ONNXDim {
        guard let (ca, sa) = a.parts, let (cb, sb) = b.parts else { return .unknown }
        if sa == sb {
            let (s, o) = ca.addingReportingOverflow(cb)
            return o ? .unknown : make(s, sa)
        }
        if ca == 0 { return b }
        if cb == 0 { return a }
        return .unknown
    }

    /// Coefficient and symbols (a value is a coefficient without symbols).
    var parts: (Int, [String])? {
        switch self {
        case .value(let v): (v, [])
        case .symbolic(let c, let s): (c, s)
        case .unknown: nil
        }
    }

    static func make(_ coefficient: Int, _ symbols: [String]) -> ONNXDim {
        symbols.isEmpty || coefficient == 0 ? .value(coefficient) : .symbolic(coefficient: coefficient, symbols: symbols)
    }

    /// Replaces the symbol `name` by `size`.
    func substituting(_ name: String, with size: Int) -> ONNXDim {
        guard case .symbolic(let c, let s) = self, s.contains(name) else { return self }
        var result = ONNXDim.make(c, s.filter { $0 != name })
        for symbol in s where symbol == name { result = result * .value(size) }
        return result
    }
}

/// A graph input, output or declared intermediate value (`ValueInfoProto`).
public struct ONNXValueInfo: Hashable, Sendable {
    /// The value's name.
    public var name: String
    /// `TensorProto.DataType` (1 FLOAT, 7 INT64, …; 0 when not a tensor or not given).
    public var elementType: Int
    /// The dims, batch included; `nil` when the file gives no shape (unknown rank).
    public var shape: [ONNXDim]?

    public init(name: String, elementType: Int, shape: [ONNXDim]?) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
    }
}

/// An initializer or a Constant node's value (`TensorProto`), without its weight data.
public struct ONNXConstant: Hashable, Sendable {
    /// The tensor's name.
    public var name: String
    /// `TensorProto.DataType`.
    public var dataType: Int
    /// The dims as stored.
    public var dims: [Int]
    /// The values of a small integer tensor (at most ``ONNXConstant/maximumKeptValues``
    /// elements: shapes, axes, indices, pads), else `nil`.
    public var integerValues: [Int]?
    /// The values of a small floating-point tensor (Resize scales), else `nil`.
    public var floatValues: [Double]?
    /// Whether the data lives in an external file (`data_location: EXTERNAL`; never read).
    public var isExternal: Bool

    /// Values kept per small tensor.
    public static let maximumKeptValues = 64

    public init(
        name: String, dataType: Int, dims: [Int], integerValues: [Int]? = nil, floatValues: [Double]? = nil,
        isExternal: Bool = false
    ) {
        self.name = name
        self.dataType = dataType
        self.dims = dims
        self.integerValues = integerValues
        self.floatValues = floatValues
        self.isExternal = isExternal
    }

    /// The number of elements (the product of dims; 1 for a scalar), `nil` on overflow.
    public var elements: Int? {
        var p = 1
        for d in dims {
            let (v, o) = p.multipliedReportingOverflow(by: d)
            if o || d < 0 { return nil }
            p = v
        }
        return p
    }

    /// Whether the element type is floating point (FLOAT, DOUBLE, FLOAT16, BFLOAT16 and the
    /// float8 / float4 types): only these can be weights.
    public var isFloatingPoint: Bool { ONNXDataType.isFloatingPoint(dataType) }
}

/// `TensorProto.DataType` names and sizes (onnx.proto).
public enum ONNXDataType {
    /// The name onnx.proto gives the type (`FLOAT`, `INT64`, …), or `TYPE_n`.
    public static func name(_ type: Int) -> String {
        let names = [
            "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL",
            "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16",
            "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1",
        ]
        return names.indices.contains(type) ? names[type] : "TYPE_\(type)"
    }

    /// Whether the type is floating point.
    public static func isFloatingPoint(_ type: Int) -> Bool {
        [1, 10, 11, 16, 17, 18, 19, 20, 23].contains(type)
    }

    /// Bits per element (`nil` for STRING and unknown types).
    public static func bits(_ type: Int) -> Int? {
        switch type {
        case 1, 6, 12: 32
        case 2, 3, 9, 17, 18, 19, 20: 8
        case 4, 5, 10, 16: 16
        case 7, 11, 13, 14: 64
        case 15: 128
        case 21, 22, 23: 4
        default: nil
        }
    }
}

/// One node (`NodeProto`).
public struct ONNXNode: Hashable, Sendable {
    /// The node's name (may be empty in the file).
    public var name: String
    /// The operator (`Conv`, `MatMul`, …).
    public var opType: String
    /// The operator set domain (`""` or `ai.onnx` for the standard set).
    public var domain: String
    /// Input value names in order; `""` marks an omitted optional input.
    public var inputs: [String]
    /// Output value names in order; `""` marks an omitted optional output.
    public var outputs: [String]
    /// The attributes by name.
    public var attributes: [String: ONNXAttribute]

    public init(
        name: String, opType: String, domain: String = "", inputs: [String], outputs: [String],
        attributes: [String: ONNXAttribute] = [:]
    ) {
        self.name = name
        self.opType = opType
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    /// Whether the node belongs to the standard operator set.
    public var isStandard: Bool { domain.isEmpty || domain == "ai.onnx" }
}

/// An attribute value (`AttributeProto`).
public indirect enum ONNXAttribute: Hashable, Sendable {
    case int(Int)
    case float(Double)
    case string(String)
    case ints([Int])
    case floats([Double])
    case strings([String])
    case tensor(ONNXConstant)
    /// A subgraph (If's branches, Loop's and Scan's body).
    case graph(ONNXGraph)
    case graphs([ONNXGraph])
    /// A type the analysis does not use (sparse tensors, type protos).
    case other
}
