// Shape operators (Reshape, Squeeze, Unsqueeze, Concat, Split, Slice, Gather, Resize, Pad, the
// reductions) with value propagation for the small integer tensors that carry shapes. Rules from
// the ONNX operator spec; opset differences (attributes that became inputs) are both read.

extension Analyzer {
    /// Dims that are all fixed numbers.
    static func fixed(_ dims: [ONNXDim]) -> [Int]? {
        let values = dims.compactMap(\.value)
        return values.count == dims.count ? values : nil
    }

    /// Row-major elements of a small tensor picked by a per-axis index map: output element at
    /// multi-index `o` is input element at `(source(axis, o[axis]))`.
    static func gatherElements(
        _ values: [ONNXDim], shape: [Int], outShape: [Int], source: (Int, Int) -> Int
    ) -> [ONNXDim]? {
        guard values.count == shape.reduce(1, *) else { return nil }
        let count = outShape.reduce(1, *)
        guard count <= ONNXConstant.maximumKeptValues else { return nil }
        var strides = Array(repeating: 1, count: shape.count)
        for axis in shape.indices.reversed().dropFirst() { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        var result: [ONNXDim] = []
        for flat in 0..<count {
            var rest = flat
            var offset = 0
            for axis in outShape.indices.reversed() {
                let i = rest % outShape[axis]
                rest /= outShape[axis]
                let j = source(axis, i)
                guard (0..<shape[axis]).contains(j) else { return nil }
                offset += j * strides[axis]
            }
            result.append(values[offset])
        }
        return result
    }

    /// The axes of a node: input `position` (newer opsets) or attribute `axes` (older ones).
    func axes(_ c: NodeContext, input position: Int) -> [Int]? {
        if let values = c.integers(position) { return values }
        return c.ints("axes")
    }

    func reshape(_ c: NodeContext) throws(ONNXGraphError) -> Inferred {
        let x = c.value(0)
        var out = ONNXValue(elementType: x?.elementType ?? 0)
        guard let target = c.value(1)?.integers ?? c.ints("shape")?.map(ONNXDim.value) else { return Inferred(outputs: [out]) }
        let allowZero = c.int("allowzero", 0) != 0
        var dims: [ONNXDim] = []
        var inferAt: Int?
        for (axis, t) in target.enumerated() {
            switch t {
            case .value(-1):
                guard inferAt == nil else { throw c.fault("shape \(Self.text(target)) has two -1") }
                inferAt = axis
                dims.append(.unknown)
            case .value(0) where !allowZero:
                guard let input = x?.dims, axis < input.count else {
                    if x?.dims == nil { dims.append(.unknown); continue }
                    throw c.fault("shape \(Self.text(target)) copies axis \(axis) of a rank-\(x?.dims?.count ?? 0) input")
                }
                dims.append(input[axis])
            case .value(let v) where v < -1:
                throw c.fault("shape \(Self.text(target)) has the size \(v)")
            default:
                dims.append(t)
            }
        }
        if let inferAt {
            if let input = x?.dims {
                let known = dims.enumerated().filter { $0.offset != inferAt }.map(\.element).reduce(ONNXDim.value(1), *)
                let total = input.reduce(ONNXDim.value(1), *)
                dims[inferAt] = total / known
                if let t = total.value, let k = known.value, k != 0, t % k != 0 {
                    throw c.fault("cannot reshape \(Self.text(input)) (\(t) elements) to \(Self.text(target))")
                }
            }
        } else if let input = x?.dims, let a = input.reduce(ONNXDim.value(1), *).value,
                  let b = dims.reduce(ONNXDim.value(1), *).value, a != b {
            throw c.fault("cannot reshape \(Self.text(input)) (\(a) elements) to \(Self.text(dims)) (\(b))")
        }
        out.dims = dims
        out.integers = x?.integers
        out.isConstant = x?.isConstant ?? false
        return Inferred(outputs: [out])
    }

    func squeeze(_ c: NodeContext, unsqueeze: Bool) throws(ONNXGraphError) -> Inferred {
        let x = c.value(0)
        var out = ONNXValue(elementType: x?.elementType ?? 0)
        out.integers = x?.integers
        out.floats = x?.floats
        out.isConstant = x?.isConstant ?? false
        guard let dims = x?.dims else { return Inferred(outputs: [out]) }
        let given = axes(c, input: 1)
        if unsqueeze {
            guard let given else { throw c.fault("Unsqueeze without axes") }
            let rank = dims.count + given.count
            var resolved: [Int] = []
            for a in given { resolved.append(try c.axis(a, rank: rank)) }
            var result: [ONNXDim] = []
            var source = dims.makeIterator()
            for axis in 0..<rank { result.append(resolved.contains(axis) ? .value(1) : source.next() ?? .unknown) }
            out.dims = result
        } else if let given {
            var resolved = Set<Int>()
            for a in given { resolved.insert(try c.axis(a, rank: dims.count)) }
            for a in resolved where dims[a].value != nil && dims[a] != .value(1) {
                throw c.fault("cannot squeeze axis \(a) of size \(dims[a])")
            }
            out.dims = dims.enumerated().filter { !resolved.contains($0.offset) }.map(\.element)
        } else {
            guard dims.allSatisfy({ $0.value != nil }) else { return Inferred(outputs: [ONNXValue(elementType: out.elementType)]) }
            out.dims = dims.filter { $0 != .value(1) }
        }
        return Inferred(outputs: [out])
    }

    func concat(_ c: NodeContext) throws(ONNXGraphError) -> Inferred {
        let present = c.inputs.compactMap { $0 }
        var out = ONNXValue(elementType: present.first?.elementType ?? 0)
        out.isConstant = present.allSatisfy(\.isConstant)
        guard let first = present.first?.dims, present.allSatisfy({ $0.dims?.count == first.count }) else {
            return Inferred(outputs: [out])
        }
        let axis = try c.axis(c.int("axis", 0), rank: first.count)
        var dims = first
        dims[axis] = .value(0)
        for value in present {
            let d = value.dims!
            dims[axis] = dims[axis] + d[axis]
            for i in d.indices where i != axis && dims[i].value == nil && d[i].value != nil { dims[i] = d[i] }
        }
        out.dims = dims
        if axis == 0, present.allSatisfy({ $0.integers != nil }) {
            out.integers = present.flatMap { $0.integers! }
        }
        if axis == 0, present.allSatisfy({ $0.floats != nil }) {
            out.floats = present.flatMap { $0.floats! }
        }
        return Inferred(outputs: [out])
    }

    func split(_ c: NodeContext) throws(ONNXGraphError) -> Inferred {
        let x = c.value(0)
        let count = c.node.outputs.count
        let type = x?.elementType ?? 0
        guard let dims = x?.dims else { return Inferred(outputs: Array(repeating: ONNXValue(elementType: type), count: count)) }
        let axis = try c.axis(c.int("axis", 0), rank: dims.count)
        var sizes: [ONNXDim]
        if let given = c.integers(1) ?? c.ints("split") {
            guard given.count == count else { throw c.fault("split \(given) into \(count) outputs") }
            sizes = given.map(ONNXDim.value)
        } else if let total = dims[axis].value {
            let n = c.int("num_outputs", count)
            let chunk = (total + n - 1) / max(n, 1)
            sizes = (0..<count).map { .value(min(chunk, max(total - $0 * chunk, 0))) }
        } else {
            sizes = Array(repeating: dims[axis] / .value(count), count: count)
        }
        return Inferred(outputs: sizes.map { size in
            var d = dims
            d[axis] = size
            return ONNXValue(dims: d, elementType: type)
        })
    }

    func slice(_ c: NodeContext) throws(ONNXGraphError) -> Inferred {
        let x = c.value(0)
        var out = ONNXValue(elementType: x?.elementType ?? 0)
        out.isConstant = x?.isConstant ?? false
        guard let dims = x?.dims else { return Inferred(outputs: [out]) }
        // Bounds computed from a symbolic shape (`x[:, :seq]`, position ids sliced to the sequence):
        // from 0 by 1 to a symbolic end, the size is that end (the end must fit for the model to run).
        if c.node.inputs.count >= 3, let s = c.value(1)?.integers, let e = c.value(2)?.integers,
           c.integers(1) == nil || c.integers(2) == nil, s.count == e.count {
            let axes = (c.node.inputs.count > 3 && !c.node.inputs[3].isEmpty ? c.integers(3) : nil) ?? Array(0..<s.count)
            let steps = (c.node.inputs.count > 4 && !c.node.inputs[4].isEmpty ? c.integers(4) : nil) ?? Array(repeating: 1, count: s.count)
            guard axes.count == s.count, steps.count == s.count else { return Inferred(outputs: [out]) }
            var result = dims
            for i in s.indices {
                let axis = try c.axis(axes[i], rank: dims.count)
                if s[i] == .value(0), steps[i] == 1, e[i].value == nil, e[i] != .unknown {
                    result[axis] = e[i]
                } else if s[i] == .value(0), steps[i] == 1, let end = e[i].value, let size = dims[axis].value {
                    result[axis] = .value(min(max(end < 0 ? end + size : end, 0), size))
                } else {
                    result[axis] = .unknown
                }
            }
            out.dims = result
            return Inferred(outputs: [out])
        }
        let starts: [Int]?, ends: [Int]?, steps: [Int]?
        var axesList: [Int]?
        if c.node.inputs.count >= 3 {
            (starts, ends) = (c.integers(1), c.integers(2))
            axesList = c.node.inputs.count > 3 && !c.node.inputs[3].isEmpty ? c.integers(3) : nil
            steps = c.node.inputs.count > 4 && !c.node.inputs[4].isEmpty ? c.integers(4) : nil
            if c.node.inputs.count > 3 && !c.node.inputs[3].isEmpty && axesList == nil { return Inferred(outputs: [out]) }
            if c.node.inputs.count > 4 && !c.node.inputs[4].isEmpty && steps == nil { return Inferred(outputs: [out]) }
        } else {
            (starts, ends, steps) = (c.ints("starts"), c.ints("ends"), nil)
            axesList = c.ints("axes")
        }
        guard let starts, let ends, starts.count == ends.count else { return Inferred(outputs: [out]) }
        let axes = axesList ?? Array(0..<starts.count)
        let stepList = steps ?? Array(repeating: 1, count: starts.count)
        guard axes.count == starts.count, stepList.count == starts.count else { throw c.fault("starts, ends, axes and steps differ in length") }
        var result = dims
        var ranges: [Int: (Int, Int, Int)] = [:]
        for i in starts.indices {
            let axis = try c.axis(axes[i], rank: dims.count)
            let step = stepList[i]
            guard step != 0 else { throw c.fault("step 0") }
            guard let size = dims[axis].value else {
                // Slicing from 0 to the end keeps a symbolic dim; otherwise its size is unknown.
                result[axis] = starts[i] == 0 && step == 1 && ends[i] >= Int(Int32.max) ? dims[axis] : .unknown
                continue
            }
            func clamp(_ v: Int, _ low: Int, _ high: Int) -> Int { min(max(v, low), high) }
            var start = starts[i] < 0 ? starts[i] + size : starts[i]
            var end = ends[i] < 0 ? ends[i] + size : ends[i]
            let n: Int
            // ⌈(end − start) / step⌉ elements, written so that no step (Int.max, Int.min) overflows.
            if step > 0 {
                start = clamp(start, 0, size)
                end = clamp(end, 0, size)
                n = end > start ? (end - start - 1) / step + 1 : 0
            } else {
                start = clamp(start, 0, size - 1)
                end = clamp(end, -1, size - 1)
                n = start > end ? (step == Int.min ? 1 : (start - end - 1) / -step + 1) : 0
            }
            result[axis] = .value(n)
            ranges[axis] = (start, step, n)
        }
        out.dims = result
        if let values = x?.integers, let shape = Self.fixed(dims), let outShape = Self.fixed(result) {
            // Small tensors (shape computations): the picked elements, axis by axis.
            out.integers = Self.gatherElements(values, shape: shape, outShape: outShape) { axis, i in
                if let (start, step, _) = ranges[axis] { return start + i * step }
                return i
            }
        }
        return Inferred(outputs: [out])
    }

    func gather(_ c: NodeContext) throws(ONNXGraphError) -> Inferred {
        let data = c.value(0)
        var out = ONNXValue(elementType: data?.elementType ?? 0)
        out.isConstant = (data?.isConstant ?? false) && (c.value(1)?.isConstant ?? false)
        guard let dims = data?.dims, let indices = c.dims(1) else { return Inferred(outputs: [out]) }
        let axis = try c.axis(c.int("axis", 0), rank: dims.count)
        out.dims = Array(dims[..<axis]) + indices + Array(dims[(axis + 1)...])
        if dims.count == 1, let values = data?.integers, let picks = c.integers(1) {
            var picked: [ONNXDim] = []
            for p in picks {
                let i = p < 0 ? p + values.count : p
                guard values.indices.contains(i) else { throw c.fault("index \(p) outside \(values.count) values") }
                picked.append(values[i])
            }
            out.integers = picked
        }
        return Inferred(outputs: [out])
    }

    /// Resize (opset 10: scales; 11+: roi, scales, sizes; 18: axes) and Upsample: output
    /// `sizes`, or `floor(in · scale)`.
    func resize(_ c: NodeContext) -> Inferred {
        let x = c.value(0)
        var out = ONNXValue(elementType: x?.elementType ?? 1)
        guard let dims = x?.dims else { return Inferred(outputs: [out]) }
        let opsetTenForm = c.node.opType == "Upsample" || c.node.inputs.count == 2
        let sizes = opsetTenForm ? nil : (c.node.inputs.count > 3 ? c.value(3)?.integers : nil)
        let scales = (opsetTenForm ? c.value(1) : c.value(2))?.floats ?? (c.node.attributes["scales"].flatMap { if case .floats(let f) = $0 { f } else { nil } })
        let axes = c.ints("axes") ?? Array(0..<dims.count)
        var result = dims
        if let sizes, !sizes.isEmpty, sizes.count == axes.count {
            for (i, a) in axes.enumerated() where a < dims.count { result[a] = sizes[i] }
        } else if let scales, scales.count == axes.count {
            for (i, a) in axes.enumerated() where a < dims.count {
                // floor(size · scale), as onnxruntime computes a Resize output size; a size past
                // 64 bits (or a scale that is not finite) is unknown, never a trap.
                if let v = dims[a].value {
                    result[a] = Int(exactly: (Double(v) * scales[i]).rounded(.down)).map(ONNXDim.value) ?? .unknown
                } else {
                    result[a] = scales[i] == 1 ? dims[a] : .unknown
                }
            }
        } else {
            return Inferred(outputs: [out])
        }
        out.dims = result
        return Inferred(outputs: [out])
    }

    /// Pad: `in + pad_begin + pad_end` per axis (pads from the input, opset 11+, or the attribute).
    func pad(_ c: NodeContext) throws(ONNXGraphError) -> Inferred {
        let x = c.value(0)
        var out = ONNXValue(elementType: x?.elementType ?? 1)
        guard let dims = x?.dims, let pads = c.integers(1) ?? c.ints("pads") else { return Inferred(outputs: [out]) }
        let axes = c.node.inputs.count > 3 && !c.node.inputs[3].isEmpty ? c.integers(3) : Array(0..<dims.count)
        guard let axes, pads.count == 2 * axes.count else { throw c.fault("pads \(pads) do not fit rank \(dims.count)") }
        var result = dims
        for (i, a) in axes.enumerated() {
            let axis = try c.axis(a, rank: dims.count)
            result[axis] = result[axis] + .value(pads[i] + pads[i + axes.count])
        }
        out.dims = result
        return Inferred(outputs: [out])
    }

    /// The reductions and ArgMax/ArgMin.
    func reduce(_ c: NodeContext) throws(ONNXGraphError) -> Inferred {
        let x = c.value(0)
        let isArg = c.node.opType.hasPrefix("Arg")
        var out = ONNXValue(elementType: isArg ? 7 : x?.elementType ?? 1)
        guard let dims = x?.dims else { return Inferred(outputs: [out]) }
        let keep = c.int("keepdims", 1) != 0
        var given: [Int]
        if isArg {
            given = [c.int("axis", 0)]
        } else if let a = axes(c, input: 1) {
            given = a
        } else if c.node.inputs.count > 1 && !c.node.inputs[1].isEmpty {
            return Inferred(outputs: [out])  // axes computed at run time
        } else {
            given = c.int("noop_with_empty_axes", 0) != 0 ? [] : Array(0..<dims.count)
        }
        var resolved = Set<Int>()
        for a in given { resolved.insert(try c.axis(a, rank: dims.count)) }
        out.dims = keep
            ? dims.enumerated().map { resolved.contains($0.offset) ? .value(1) : $0.element }
            : dims.enumerated().filter { !resolved.contains($0.offset) }.map(\.element)
        return Inferred(outputs: [out])
    }
}
