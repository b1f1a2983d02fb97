// Convolution, pooling, Einsum and the recurrent operators (ONNX operator spec, onnx/defs/nn
// and onnx/defs/rnn shape inference).

extension Analyzer {
    /// Conv, ConvTranspose and the windowed pools.
    ///
    /// Output size per spatial axis (onnx/defs/nn/defs.cc, `convPoolShapeInference`):
    /// `floor((in + pad_begin + pad_end − ((k − 1)·d + 1)) / s) + 1` (`ceil` with `ceil_mode`, the
    /// last window starting inside the input); `auto_pad` SAME_*: `ceil(in / s)`. ConvTranspose:
    /// `s·(in − 1) + output_padding + (k − 1)·d + 1 − pad_begin − pad_end`, or `output_shape`.
    /// MACs: Conv `prod(Y) · prod(W[1:])`; ConvTranspose `prod(X) · prod(W[1:])`; pools 0.
    mutating func window(_ c: NodeContext, perStep: inout Bool) throws(ONNXGraphError) -> Inferred {
        let op = c.node.opType
        let isConv = op == "Conv" || op == "ConvTranspose" || op == "ConvInteger" || op == "QLinearConv"
        let weightPosition = op == "QLinearConv" ? 3 : 1
        let outType = op == "ConvInteger" ? 6 : (op == "QLinearConv" ? c.value(7)?.elementType ?? 2 : c.value(0)?.elementType ?? 1)
        let w = isConv ? c.dims(weightPosition) : nil
        guard let x = c.dims(0), x.count >= 3 else {
            return Inferred(outputs: [ONNXValue(dims: nil, elementType: outType), ONNXValue(dims: nil, elementType: 7)], macs: isConv ? nil : 0)
        }
        let spatial = x.count - 2
        var kernel: [Int]
        if let given = c.ints("kernel_shape") {
            kernel = given
        } else if let w, w.count == x.count, w[2...].allSatisfy({ $0.value != nil }) {
            kernel = w[2...].map { $0.value! }
        } else {
            return Inferred(outputs: [ONNXValue(dims: nil, elementType: outType)], macs: isConv ? nil : 0)
        }
        guard kernel.count == spatial, kernel.allSatisfy({ $0 > 0 }) else {
            throw c.fault("kernel_shape \(kernel) does not fit a rank-\(x.count) input")
        }
        let strides = c.ints("strides") ?? Array(repeating: 1, count: spatial)
        let dilations = c.ints("dilations") ?? Array(repeating: 1, count: spatial)
        var pads = c.ints("pads") ?? Array(repeating: 0, count: 2 * spatial)
        guard strides.count == spatial, dilations.count == spatial, pads.count == 2 * spatial,
              strides.allSatisfy({ $0 > 0 }), dilations.allSatisfy({ $0 > 0 }), pads.allSatisfy({ $0 >= 0 }) else {
            throw c.fault("strides \(strides), dilations \(dilations) or pads \(pads) do not fit \(spatial) spatial axes")
        }
        let autoPad = c.string("auto_pad") ?? "NOTSET"
        let group = c.int("group", 1)
        guard group >= 1 else { throw c.fault("group \(group)") }
        let transposed = op == "ConvTranspose"
        var out: [ONNXDim] = [x[0]]
        switch op {
        case "Conv", "ConvInteger", "QLinearConv":
            guard let w, w.count == x.count else { throw c.fault("weight rank does not match the input") }
            if let cin = x[1].value, let wc = w[1].value, cin != wc * group {
                throw c.fault("input has \(cin) channels but the weight takes \(wc)·\(group) groups")
            }
            out.append(w[0])
        case "ConvTranspose":
            guard let w, w.count == x.count else { throw c.fault("weight rank does not match the input") }
            out.append(w[1] * .value(group))
        default:
            out.append(x[1])
        }
        let outputShape = c.ints("output_shape")
        let outputPadding = c.ints("output_padding") ?? Array(repeating: 0, count: spatial)
        for axis in 0..<spatial {
            guard let size = x[2 + axis].value else { out.append(.unknown); continue }
            let effective = (kernel[axis] - 1) * dilations[axis] + 1
            if transposed {
                if let outputShape, outputShape.count == spatial { out.append(.value(outputShape[axis])); continue }
                if autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER" { out.append(.value(size * strides[axis])); continue }
                if autoPad == "VALID" { pads[axis] = 0; pads[axis + spatial] = 0 }
                let padding = outputPadding.count == spatial ? outputPadding[axis] : 0
                let n = strides[axis] * (size - 1) + padding + effective - pads[axis] - pads[axis + spatial]
                guard n > 0 else { throw c.fault("output size \(n) along spatial axis \(axis)") }
                out.append(.value(n))
                continue
            }
            switch autoPad {
            case "SAME_UPPER", "SAME_LOWER":
                out.append(.value((size + strides[axis] - 1) / strides[axis]))
                continue
            case "VALID":
                pads[axis] = 0
                pads[axis + spatial] = 0
            default: break
            }
            let padded = size + pads[axis] + pads[axis + spatial]
            guard padded >= effective else {
                throw c.fault("window \(kernel) (dilations \(dilations)) does not fit the padded input \(Self.text(x))")
            }
            var n: Int
            if c.int("ceil_mode", 0) != 0 {
                n = (padded - effective + strides[axis] - 1) / strides[axis] + 1
                if (n - 1) * strides[axis] >= size + pads[axis] { n -= 1 }
            } else {
                n = (padded - effective) / strides[axis] + 1
            }
            out.append(.value(n))
        }
        guard isConv, let w else {
            return Inferred(outputs: [ONNXValue(dims: out, elementType: outType), ONNXValue(dims: out, elementType: 7)])
        }
        let perWindow = count(Array(w.dropFirst()), &perStep)
        let positions = count(transposed ? x : out, &perStep)
        return Inferred(outputs: [ONNXValue(dims: out, elementType: outType)], macs: multiply(positions, perWindow), perStep: perStep)
    }

    /// Einsum: output dims from the equation's letters; MACs the product of every index's size
    /// (each output element sums over the contracted indices), as fvcore's einsum handler for
    /// two operands.
    mutating func einsum(_ c: NodeContext, perStep: inout Bool) throws(ONNXGraphError) -> Inferred {
        let type = c.value(0)?.elementType ?? 1
        guard let equation = c.string("equation")?.filter({ $0 != " " }) else { throw c.fault("Einsum without equation") }
        let sides = equation.split(separator: "->", omittingEmptySubsequences: false).map(String.init)
        let terms = sides[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard terms.count == c.inputs.count else { throw c.fault("equation '\(equation)' names \(terms.count) operands, node has \(c.inputs.count)") }
        var size: [Character: ONNXDim] = [:]
        var ellipsis: [ONNXDim] = []
        for (position, term) in terms.enumerated() {
            guard let dims = c.dims(position) else { return Inferred(outputs: [ONNXValue(dims: nil, elementType: type)], macs: nil) }
            let letters = Array(term.replacing("...", with: "."))
            let dotCount = dims.count - (letters.count - (letters.contains(".") ? 1 : 0))
            var axis = 0
            for letter in letters {
                if letter == "." {
                    ellipsis = broadcast([ellipsis, Array(dims[axis..<axis + max(dotCount, 0)])]) ?? []
                    axis += max(dotCount, 0)
                    continue
                }
                guard axis < dims.count else { throw c.fault("equation '\(equation)' does not fit operand \(position)") }
                if let old = size[letter], old != .value(1) { if dims[axis] != .value(1) { size[letter] = old.value == nil ? dims[axis] : old } } else { size[letter] = dims[axis] }
                axis += 1
            }
        }
        var output: [ONNXDim] = []
        if sides.count > 1 {
            for letter in sides[1].replacing("...", with: ".") {
                if letter == "." { output += ellipsis; continue }
                guard let dim = size[letter] else { throw c.fault("output index '\(letter)' is not an input index") }
                output.append(dim)
            }
        } else {
            let counts = terms.joined().reduce(into: [Character: Int]()) { $0[$1, default: 0] += 1 }
            output = ellipsis + counts.filter { $0.value == 1 && $0.key != "." }.keys.sorted().map { size[$0]! }
        }
        let factors = ellipsis + size.keys.sorted().map { size[$0]! }
        if terms.count >= 2, let reason = nonlinearMACs(factors) {
            return Inferred(outputs: [ONNXValue(dims: output, elementType: type)], macs: nil, macsUnknownReason: reason)
        }
        let macs = terms.count >= 2 ? count(factors, &perStep) : 0
        return Inferred(outputs: [ONNXValue(dims: output, elementType: type)], macs: macs, perStep: perStep)
    }

    /// LSTM, GRU, RNN: `Y (seq, dirs, batch, H)`, `Y_h`/`Y_c (dirs, batch, H)` (batch first with
    /// `layout` 1). MACs per step and direction are the gate matmuls `numel(W) + numel(R)` per
    /// direction (4H(I+H) LSTM, 3H(I+H) GRU, H(I+H) RNN); times the sequence length.
    mutating func recurrent(_ c: NodeContext, perStep: inout Bool) -> Inferred {
        let type = c.value(0)?.elementType ?? 1
        let outputs = c.node.outputs.count
        guard let x = c.dims(0), x.count == 3, let w = c.dims(1), w.count == 3, let r = c.dims(2), r.count == 3 else {
            return Inferred(outputs: Array(repeating: ONNXValue(dims: nil, elementType: type), count: outputs), macs: nil)
        }
        let batchFirst = c.int("layout", 0) == 1
        let (seq, batch) = batchFirst ? (x[1], x[0]) : (x[0], x[1])
        let directions = w[0]
        let hidden = c.ints("hidden_size")?.first.map(ONNXDim.value) ?? r[2]
        let y = batchFirst ? [batch, seq, directions, hidden] : [seq, directions, batch, hidden]
        let state = batchFirst ? [batch, directions, hidden] : [directions, batch, hidden]
        let perDirection = (count(Array(w.dropFirst()), &perStep) ?? 0) + (count(Array(r.dropFirst()), &perStep) ?? 0)
        let macs = multiply(multiply(count([seq, batch], &perStep), count([directions], &perStep)), perDirection)
        var values = [ONNXValue(dims: y, elementType: type)]
        for _ in 1..<max(outputs, 1) { values.append(ONNXValue(dims: state, elementType: type)) }
        return Inferred(outputs: values, macs: macs, perStep: perStep)
    }

    /// If (both branches' weights counted, MACs of the larger branch), Loop (the body's MACs
    /// times a constant trip count, else per iteration) and Scan (times the scanned length).
    mutating func control(_ c: NodeContext, scope: [String: ONNXValue]) throws(ONNXGraphError) -> Inferred {
        let outputs = c.node.outputs.count
        switch c.node.opType {
        case "If":
            guard case .graph(let thenBranch) = c.node.attributes["then_branch"],
                  case .graph(let elseBranch) = c.node.attributes["else_branch"] else {
                throw c.fault("If without then_branch and else_branch graphs")
            }
            let a = try subgraph(thenBranch, inputs: [], scope: scope)
            let b = try subgraph(elseBranch, inputs: [], scope: scope)
            var first = Inferred(outputs: a.outputs)
            accumulate(a.results, into: &first)
            var second = Inferred(outputs: b.outputs)
            accumulate(b.results, into: &second)
            var merged = first
            merged.trainable += second.trainable
            merged.nonTrainable += second.nonTrainable
            merged.weights += second.weights
            merged.isKnown = first.isKnown && second.isKnown
            merged.perStep = first.perStep || second.perStep
            if let x = first.macs, let y = second.macs { merged.macs = max(x, y) } else { merged.macs = nil }
            for index in merged.outputs.indices where index < b.outputs.count {
                if let d = merged.outputs[index].dims, let e = b.outputs[index].dims, d != e {
                    merged.outputs[index].dims = d.count == e.count ? zip(d, e).map { $0 == $1 ? $0 : .unknown } : nil
                }
            }
            return merged
        case "Loop", "Scan":
            guard case .graph(let body) = c.node.attributes["body"] else { throw c.fault("\(c.node.opType) without body graph") }
            var formal = body.inputs
            let isLoop = c.node.opType == "Loop"
            // Loop: (iteration, condition, carried...); carried values take the node's inputs' dims.
            let carriedOffset = isLoop ? 2 : 0
            let firstCarried = isLoop ? 2 : 0
            for index in formal.indices where index >= carriedOffset {
                let position = index - carriedOffset + firstCarried
                if formal[index].shape == nil, let dims = c.dims(position) { formal[index].shape = dims }
            }
            let inner = try subgraph(body, inputs: formal, scope: scope)
            let trip: Int? = isLoop ? c.value(0)?.integers?.first?.value
                : (c.dims(c.node.inputs.count - 1)?.first?.value)
            var inferred = Inferred(outputs: [])
            accumulate(inner.results, into: &inferred, times: trip ?? 1)
            if trip == nil { inferred.perStep = true }
            let carried = isLoop ? max(c.node.inputs.count - 2, 0) : c.int("num_scan_inputs", 0) == 0 ? 0 : max(c.node.inputs.count - c.int("num_scan_inputs", 0), 0)
            for index in 0..<outputs {
                let bodyOutput = (isLoop ? 1 : 0) + index
                var value = bodyOutput < inner.outputs.count ? inner.outputs[bodyOutput] : ONNXValue()
                if index >= carried, let d = value.dims {
                    value.dims = [trip.map(ONNXDim.value) ?? .unknown] + d  // scan outputs stack the iterations
                }
                inferred.outputs.append(value)
            }
            return inferred
        default:
            return .unknown(outputs)
        }
    }
}
