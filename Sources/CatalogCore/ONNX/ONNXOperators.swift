// Shape, value and MAC inference for the standard ONNX operators, from the operator
// specification (onnx/docs/Operators.md) and onnx's own shape inference (onnx/defs/*/defs.cc):
// the same output dims, computed without a runtime.

/// The inputs of one node, with attribute access.
struct NodeContext {
    let node: ONNXNode
    let label: String
    let inputs: [ONNXValue?]

    func value(_ position: Int) -> ONNXValue? { position < inputs.count ? inputs[position] : nil }
    func dims(_ position: Int) -> [ONNXDim]? { value(position)?.dims }
    /// The known integer values of input `position`, as plain numbers.
    func integers(_ position: Int) -> [Int]? {
        guard let values = value(position)?.integers else { return nil }
        let numbers = values.compactMap(\.value)
        return numbers.count == values.count ? numbers : nil
    }
    func int(_ name: String, _ fallback: Int) -> Int {
        if case .int(let v) = node.attributes[name] { return v }
        return fallback
    }
    func ints(_ name: String) -> [Int]? {
        switch node.attributes[name] {
        case .ints(let v): v
        case .int(let v): [v]
        default: nil
        }
    }
    func float(_ name: String) -> Double? {
        if case .float(let v) = node.attributes[name] { return v }
        return nil
    }
    func string(_ name: String) -> String? {
        if case .string(let v) = node.attributes[name] { return v }
        return nil
    }
    func fault(_ problem: String) -> ONNXGraphError { .invalidNode(node: label, problem: problem) }
    /// Resolves a possibly negative axis against `rank`.
    func axis(_ axis: Int, rank: Int) throws(ONNXGraphError) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard (0..<max(rank, 1)).contains(resolved) else { throw fault("axis \(axis) is outside rank \(rank)") }
        return resolved
    }
}

extension Analyzer {
    /// Counts dims for MACs: the batch symbol as 1; any other symbol or unknown dim as 1 too,
    /// marking the count per step.
    func count(_ dims: [ONNXDim], _ perStep: inout Bool) -> Int? {
        var total = 1
        for dim in dims {
            var factor: Int
            switch dim {
            case .value(let v): factor = v
            case .symbolic(let c, let s):
                factor = c
                if s.contains(where: { $0 != batchSymbol }) { perStep = true }
            case .unknown: factor = 1; perStep = true
            }
            let (p, o) = total.multipliedReportingOverflow(by: factor)
            if o { return nil }
            total = p
        }
        return total
    }

    /// Why MACs that multiply `factors` cannot be given per step: a symbolic axis other than the
    /// batch appears twice among them (QKᵀ `[b, h, seq, seq]·d` and AV `[b, h, seq, d]·seq` are
    /// quadratic in a symbolic sequence length), or an unknown dim appears with another unknown
    /// or symbolic one (it may be the same axis). Counting each as 1 would give a "per step"
    /// figure that no sequence length multiplies back to the real count, so such MACs are
    /// unknown unless `--input-shape` fixes the axes. `nil` when the MACs are linear in each
    /// unknown axis (or fully known).
    func nonlinearMACs(_ factors: [ONNXDim]) -> String? {
        var symbols: [String: Int] = [:]
        var unknown = 0
        for dim in factors {
            switch dim {
            case .value: break
            case .symbolic(_, let names): for name in names where name != batchSymbol { symbols[name, default: 0] += 1 }
            case .unknown: unknown += 1
            }
        }
        let fix = "they are unknown; give --input-shape INPUT=DIMS to count them"
        if let repeated = symbols.filter({ $0.value > 1 }).keys.sorted().first {
            return "MACs grow with the square of the symbolic axis '\(repeated)' (not a per-step count): \(fix)"
        }
        if unknown >= 2 || (unknown == 1 && !symbols.isEmpty) {
            return "MACs multiply several unknown axes that may be one (not a per-step count): \(fix)"
        }
        return nil
    }

    func multiply(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        let (p, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : p
    }

    /// One standard operator.
    mutating func infer(
        _ node: ONNXNode, label: String, inputs: [ONNXValue?], scope: [String: ONNXValue]
    ) throws(ONNXGraphError) -> Inferred {
        let c = NodeContext(node: node, label: label, inputs: inputs)
        let x = c.value(0)
        let type = x?.elementType ?? 0
        func same(_ dims: [ONNXDim]?, _ elementType: Int? = nil) -> ONNXValue {
            ONNXValue(dims: dims, elementType: elementType ?? type)
        }
        func result(_ values: ONNXValue...) -> Inferred { Inferred(outputs: values) }
        var perStep = false
        switch node.opType {
        // MARK: element-wise, one input
        case "Relu", "Sigmoid", "Tanh", "Erf", "Sqrt", "Exp", "Log", "Neg", "Abs", "Reciprocal", "Floor", "Ceil",
             "Round", "Sign", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Softplus", "Softsign",
             "Elu", "Selu", "Celu", "LeakyRelu", "ThresholdedRelu", "HardSigmoid", "HardSwish", "Mish", "Gelu",
             "Softmax", "LogSoftmax", "Hardmax", "Clip", "LRN", "InstanceNormalization", "MeanVarianceNormalization",
             "CumSum", "Shrink", "Trilu", "ScatterND", "ScatterElements", "Scatter", "ReverseSequence",
             "QuantizeLinear", "DequantizeLinear", "GroupNormalization", "RMSNormalization", "BitwiseNot":
            var out = same(x?.dims)
            if node.opType == "DequantizeLinear" { out.elementType = 1 }
            if node.opType == "QuantizeLinear" { out.elementType = c.value(2)?.elementType ?? 2 }
            return result(out)
        case "Not", "IsNaN", "IsInf":
            return result(same(x?.dims, 9))
        case "Identity", "Cast", "CastLike":
            var out = x ?? ONNXValue()
            if node.opType == "Cast" { out.elementType = c.int("to", type) }
            if node.opType == "CastLike" { out.elementType = c.value(1)?.elementType ?? type }
            if node.opType == "Cast", !ONNXDataType.isFloatingPoint(out.elementType) { out.floats = nil }
            return result(out)
        case "Dropout":
            return result(same(x?.dims), same(x?.dims, 9))
        case "BatchNormalization":
            // Training-mode outputs (opset < 14: mean, var, saved mean, saved var) are per channel.
            let channel = (x?.dims?.count ?? 0) > 1 ? x!.dims![1] : ONNXDim.unknown
            return Inferred(outputs: [same(x?.dims)] + Array(repeating: same([channel]), count: max(node.outputs.count - 1, 0)))
        case "LayerNormalization":
            guard let dims = x?.dims else { return result(same(nil), same(nil), same(nil)) }
            let axis = try c.axis(c.int("axis", -1), rank: dims.count)
            let reduced = Array(dims[..<axis]) + Array(repeating: ONNXDim.value(1), count: dims.count - axis)
            return result(same(dims), same(reduced, 1), same(reduced, 1))

        // MARK: element-wise with broadcasting
        case "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Sum", "Mean", "BitShift", "PRelu",
             "BitwiseAnd", "BitwiseOr", "BitwiseXor":
            var out = same(broadcast(inputs.map { $0?.dims }))
            out.isConstant = inputs.allSatisfy { $0?.isConstant ?? false }
            out.integers = integerArithmetic(node.opType, inputs)
            return result(out)
        case "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "And", "Or", "Xor":
            var out = same(broadcast(inputs.map { $0?.dims }), 9)
            out.isConstant = inputs.allSatisfy { $0?.isConstant ?? false }
            if node.opType == "Equal", let a = c.value(0)?.integers, let b = c.value(1)?.integers {
                out.integers = elementwise(a, b) { x, y in
                    guard let xv = x.value, let yv = y.value else {
                        if x == y && x != .unknown { return .value(1) }
                        // A size is never negative: a symbolic dim never equals -1 (Reshape's "infer").
                        if let v = x.value ?? y.value, v < 0, x != .unknown, y != .unknown { return .value(0) }
                        return .unknown
                    }
                    return .value(xv == yv ? 1 : 0)
                }
            }
            return result(out)
        case "Where":
            var out = same(broadcast(inputs.map { $0?.dims }), c.value(1)?.elementType)
            if let cond = c.value(0)?.integers, let a = c.value(1)?.integers, let b = c.value(2)?.integers,
               let ab = elementwise(a, b, { ($0, $1) }), cond.count == ab.count || cond.count == 1 {
                out.integers = zip(ab.indices, ab).map { index, pair in
                    switch cond[cond.count == 1 ? 0 : index] {
                    case .value(0): pair.1
                    case .value: pair.0
                    default: .unknown
                    }
                }
            }
            return result(out)

        // MARK: convolution, pooling, matmul, recurrent
        case "Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool", "ConvInteger", "QLinearConv",
             "MaxRoiPool":
            return try window(c, perStep: &perStep)
        case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool":
            guard let dims = x?.dims, dims.count >= 2 else { return result(same(nil)) }
            return result(same(Array(dims[..<2]) + Array(repeating: .value(1), count: dims.count - 2)))
        case "Gemm":
            guard var a = x?.dims, var b = c.dims(1), a.count == 2, b.count == 2 else {
                return Inferred(outputs: [same(nil)], macs: nil)
            }
            if c.int("transA", 0) != 0 { a.reverse() }
            if c.int("transB", 0) != 0 { b.reverse() }
            let y = [a[0], b[1]]
            if let reason = nonlinearMACs(y + [a[1]]) {
                return Inferred(outputs: [same(y)], macs: nil, macsUnknownReason: reason)
            }
            let macs = multiply(count(y, &perStep), count([a[1]], &perStep))
            return Inferred(outputs: [same(y)], macs: macs, perStep: perStep)
        case "MatMul", "MatMulInteger", "QLinearMatMul":
            let (a, b) = node.opType == "QLinearMatMul" ? (c.dims(0), c.dims(3)) : (c.dims(0), c.dims(1))
            guard let a, let b, !a.isEmpty, !b.isEmpty else { return Inferred(outputs: [same(nil)], macs: nil) }
            let elementType = node.opType == "MatMul" ? type : (node.opType == "MatMulInteger" ? 6 : c.value(7)?.elementType ?? 2)
            guard let (y, k) = matmul(a, b) else { throw c.fault("MatMul of \(Self.text(a)) and \(Self.text(b)): inner dims differ") }
            var out = same(y, elementType)
            out.isConstant = (c.value(0)?.isConstant ?? false) && (c.value(1)?.isConstant ?? false)
            if let reason = nonlinearMACs(y + [k]) {
                return Inferred(outputs: [out], macs: nil, macsUnknownReason: reason)
            }
            return Inferred(outputs: [out], macs: multiply(count(y, &perStep), count([k], &perStep)), perStep: perStep)
        case "Einsum":
            return try einsum(c, perStep: &perStep)
        case "LSTM", "GRU", "RNN":
            return recurrent(c, perStep: &perStep)

        // MARK: shape and data movement
        case "Flatten":
            guard let dims = x?.dims else { return result(same(nil)) }
            let axis = try c.axis(c.int("axis", 1), rank: dims.count + 1)
            return result(same([dims[..<axis].reduce(.value(1), *), dims[axis...].reduce(.value(1), *)]))
        case "Reshape":
            return try reshape(c)
        case "Transpose":
            guard let dims = x?.dims else { return result(same(nil)) }
            let perm = c.ints("perm") ?? Array((0..<dims.count).reversed())
            guard perm.count == dims.count, Set(perm) == Set(0..<dims.count) else {
                throw c.fault("perm \(perm) does not permute \(dims.count) axes")
            }
            var out = same(perm.map { dims[$0] })
            if let v = x?.integers, let shape = Self.fixed(dims) {
                // Output axis a walks input axis perm[a]: element o comes from i with i[perm[a]] = o[a].
                let outShape = perm.map { shape[$0] }
                var strides = Array(repeating: 1, count: shape.count)
                for axis in shape.indices.reversed().dropFirst() { strides[axis] = strides[axis + 1] * shape[axis + 1] }
                let count = outShape.reduce(1, *)
                if count == v.count, count <= ONNXConstant.maximumKeptValues {
                    out.integers = (0..<count).map { flat in
                        var rest = flat, offset = 0
                        for axis in outShape.indices.reversed() {
                            offset += (rest % outShape[axis]) * strides[perm[axis]]
                            rest /= outShape[axis]
                        }
                        return v[offset]
                    }
                }
            }
            return result(out)
        case "Squeeze", "Unsqueeze":
            return try squeeze(c, unsqueeze: node.opType == "Unsqueeze")
        case "Concat":
            return try concat(c)
        case "Split":
            return try split(c)
        case "Slice":
            return try slice(c)
        case "Gather":
            return try gather(c)
        case "GatherElements":
            return result(same(c.dims(1)))
        case "Shape":
            guard let dims = x?.dims else { return result(same(nil, 7)) }
            let rank = dims.count
            var start = c.int("start", 0), end = c.int("end", rank)
            if start < 0 { start += rank }
            if end < 0 { end += rank }
            start = min(max(start, 0), rank)
            end = min(max(end, start), rank)
            var out = ONNXValue(dims: [.value(end - start)], elementType: 7)
            out.integers = Array(dims[start..<end])
            out.isConstant = !dims[start..<end].contains { $0.value == nil } || (x?.isConstant ?? false)
            return result(out)
        case "Size":
            var out = ONNXValue(dims: [], elementType: 7)
            if let dims = x?.dims { out.integers = [dims.reduce(.value(1), *)] }
            return result(out)
        case "ConstantOfShape":
            var elementType = 1
            var fill: Int?
            if case .tensor(let t) = node.attributes["value"] {
                elementType = t.dataType
                fill = t.integerValues?.first
            }
            guard let shape = c.value(0)?.integers else { return result(same(nil, elementType)) }
            var out = ONNXValue(dims: shape, elementType: elementType)
            if let fill, let n = shape.reduce(ONNXDim.value(1), *).value, n <= ONNXConstant.maximumKeptValues {
                out.integers = Array(repeating: .value(fill), count: n)
            }
            out.isConstant = true
            return result(out)
        case "Constant":
            return result(constant(node))
        case "Expand":
            guard let shape = c.value(1)?.integers else { return result(same(nil)) }
            return result(same(broadcast([x?.dims, shape])))
        case "Tile":
            guard let dims = x?.dims, let repeats = c.value(1)?.integers, repeats.count == dims.count else {
                return result(same(nil))
            }
            return result(same(zip(dims, repeats).map { $0 * $1 }))
        case "Range":
            var out = same([.unknown])
            if let start = c.value(0)?.integers?.first?.value, let limit = c.value(1)?.integers?.first?.value,
               let delta = c.value(2)?.integers?.first?.value, delta != 0 {
                let n = max(0, (limit - start + delta + (delta > 0 ? -1 : 1)) / delta)
                out.dims = [.value(n)]
                if n <= ONNXConstant.maximumKeptValues { out.integers = (0..<n).map { .value(start + $0 * delta) } }
            }
            return result(out)
        case "Resize", "Upsample":
            return resize(c)
        case "Pad":
            return try pad(c)
        case "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
             "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare", "ArgMax", "ArgMin":
            return try reduce(c)
        case "TopK":
            guard let dims = x?.dims else { return result(same(nil), same(nil, 7)) }
            let axis = try c.axis(c.int("axis", -1), rank: dims.count)
            var out = dims
            out[axis] = c.value(1)?.integers?.first ?? (c.ints("k")?.first.map(ONNXDim.value) ?? .unknown)
            return result(same(out), same(out, 7))
        case "OneHot":
            guard let dims = c.dims(0) else { return result(same(nil, c.value(2)?.elementType)) }
            let axis = try c.axis(c.int("axis", -1), rank: dims.count + 1)
            var out = dims
            out.insert(c.value(1)?.integers?.first ?? .unknown, at: axis)
            return result(same(out, c.value(2)?.elementType))
        case "DepthToSpace", "SpaceToDepth":
            guard let dims = x?.dims, dims.count == 4 else { return result(same(nil)) }
            let b = ONNXDim.value(c.int("blocksize", 1))
            return node.opType == "DepthToSpace"
                ? result(same([dims[0], dims[1] / (b * b), dims[2] * b, dims[3] * b]))
                : result(same([dims[0], dims[1] * b * b, dims[2] / b, dims[3] / b]))
        case "NonZero":
            return result(same([.value(x?.dims?.count ?? 0), .unknown], 7))
        case "If", "Loop", "Scan":
            return try control(c, scope: scope)
        default:
            return .unknown(node.outputs.count)
        }
    }

    /// A Constant node's value.
    func constant(_ node: ONNXNode) -> ONNXValue {
        switch node.attributes["value"] ?? node.attributes["sparse_value"] {
        case .tensor(let t): return Self.constantValue(t)
        default: break
        }
        switch node.attributes["value_int"] ?? node.attributes["value_ints"] ?? node.attributes["value_float"]
            ?? node.attributes["value_floats"] {
        case .int(let v): return ONNXValue(dims: [], elementType: 7, integers: [.value(v)], isConstant: true)
        case .ints(let v): return ONNXValue(dims: [.value(v.count)], elementType: 7, integers: v.map(ONNXDim.value), isConstant: true)
        case .float(let v): return ONNXValue(dims: [], elementType: 1, floats: [v], isConstant: true)
        case .floats(let v): return ONNXValue(dims: [.value(v.count)], elementType: 1, floats: v, isConstant: true)
        default: return ONNXValue(isConstant: true)
        }
    }

    /// Numpy broadcasting of several shapes; `nil` when one is unknown.
    func broadcast(_ shapes: [[ONNXDim]?]) -> [ONNXDim]? {
        var result: [ONNXDim] = []
        for shape in shapes {
            guard let shape else { return nil }
            let rank = max(result.count, shape.count)
            let a = Array(repeating: ONNXDim.value(1), count: rank - result.count) + result
            let b = Array(repeating: ONNXDim.value(1), count: rank - shape.count) + shape
            result = zip(a, b).map { x, y in
                if x == .value(1) { return y }
                if y == .value(1) || x == y { return x }
                if x.value != nil && y.value == nil { return x }  // the fixed size wins (or it fails at run time)
                if y.value != nil && x.value == nil { return y }
                // An unknown dim against a symbolic one is 1 or the same size: either way the symbol.
                if x == .unknown { return y }
                if y == .unknown { return x }
                return .unknown
            }
        }
        return result
    }

    /// Element-wise integer arithmetic on known small tensors (shape computations).
    func integerArithmetic(_ op: String, _ inputs: [ONNXValue?]) -> [ONNXDim]? {
        guard inputs.count == 2, let a = inputs[0]?.integers, let b = inputs[1]?.integers else { return nil }
        return elementwise(a, b) { x, y in
            switch op {
            case "Add": return x + y
            case "Mul": return x * y
            case "Sub":
                // −Int.min does not exist: unknown, never a trap.
                if let (cy, sy) = y.parts, cy != Int.min { return x + ONNXDim.make(-cy, sy) }
                return .unknown
            case "Div":
                if let xv = x.value, let yv = y.value, yv != 0 {
                    // The floor of the quotient, in integers (exact past 2^53); Int.min / −1 overflows.
                    guard !(xv == Int.min && yv == -1) else { return .unknown }
                    let quotient = xv / yv
                    return .value(xv % yv != 0 && (xv < 0) != (yv < 0) ? quotient - 1 : quotient)
                }
                return x / y
            case "Max": if let xv = x.value, let yv = y.value { return .value(max(xv, yv)) }
            case "Min": if let xv = x.value, let yv = y.value { return .value(min(xv, yv)) }
            default: break
            }
            return .unknown
        }
    }

    /// Pairs two flat value lists with scalar broadcasting.
    func elementwise<T>(_ a: [ONNXDim], _ b: [ONNXDim], _ f: (ONNXDim, ONNXDim) -> T) -> [T]? {
        if a.count == b.count { return zip(a, b).map(f) }
        if a.count == 1 { return b.map { f(a[0], $0) } }
        if b.count == 1 { return a.map { f($0, b[0]) } }
        return nil
    }

    /// Numpy matmul dims: output and the contracted size K.
    func matmul(_ a: [ONNXDim], _ b: [ONNXDim]) -> ([ONNXDim], ONNXDim)? {
        let a2 = a.count == 1 ? [.value(1)] + a : a
        let b2 = b.count == 1 ? b + [.value(1)] : b
        let k = a2[a2.count - 1]
        if let x = k.value, let y = b2[b2.count - 2].value, x != y { return nil }
        guard let batch = broadcast([Array(a2.dropLast(2)), Array(b2.dropLast(2))]) else { return nil }
        var y = batch
        if a.count > 1 { y.append(a2[a2.count - 2]) }
        if b.count > 1 { y.append(b2[b2.count - 1]) }
        return (y, k.value == nil ? b2[b2.count - 2] : k)
    }
}
