extension Engine {
    /// Add, Subtract, Multiply, Average, Maximum, Minimum.
    ///
    /// Keras' merging layers broadcast (Keras `Merge._compute_elemwise_op_output_shape`): shapes
    /// are aligned on their last axes, a shorter one gains leading axes; per aligned axis the
    /// sizes are equal or one of them is 1, and an unknown size on either side gives an unknown
    /// size. Subtract takes exactly two inputs. No parameters, MACs 0.
    /// - Throws: ``LayerFault/incompatibleShapes(_:reason:)`` for sizes that do not broadcast.
    static func merge(_ operation: MergeOperation, _ inputs: [TensorShape]) throws(LayerFault) -> LayerEvaluation {
        if operation == .subtract, inputs.count != 2 {
            throw .wrongInputCount(expected: "exactly two inputs", found: inputs.count)
        }
        guard inputs.count >= 1 else { throw .wrongInputCount(expected: "at least one input", found: 0) }
        var result = inputs[0]
        for shape in inputs.dropFirst() {
            result = try broadcast(result, shape, inputs: inputs)
        }
        return LayerEvaluation(outputs: [result])
    }

    /// The broadcast of two batch-free shapes by Keras' element-wise rule (see ``merge(_:_:)``).
    static func broadcast(
        _ a: TensorShape, _ b: TensorShape, inputs: [TensorShape]
    ) throws(LayerFault) -> TensorShape {
        let (long, short) = a.rank >= b.rank ? (a, b) : (b, a)
        var dimensions = Array(long.dimensions.prefix(long.rank - short.rank))
        let offset = long.rank - short.rank
        for (index, (i, j)) in zip(long.dimensions.suffix(short.rank), short.dimensions).enumerated() {
            switch (i, j) {
            case (nil, _), (_, nil): dimensions.append(nil)
            case (1?, let other), (let other, 1?): dimensions.append(other)
            case (let x?, let y?):
                guard x == y else {
                    throw .incompatibleShapes(inputs, reason: "axis \(offset + index + 1) differs (\(x) and \(y) do not broadcast)")
                }
                dimensions.append(x)
            }
        }
        return TensorShape(dimensions)
    }

    /// Concatenate along `axis`: every other axis equal, the axis' sizes summed. No parameters.
    static func concatenate(axis: Int, _ inputs: [TensorShape]) throws(LayerFault) -> LayerEvaluation {
        guard let first = inputs.first else { throw .wrongInputCount(expected: "at least one input", found: 0) }
        guard let resolved = first.normalizedAxis(axis) else { throw .invalidAxis(axis, first) }
        var result = first
        for shape in inputs.dropFirst() {
            guard shape.rank == first.rank else { throw .incompatibleShapes(inputs, reason: "ranks differ") }
            for index in 0..<shape.rank where index != resolved {
                if let a = result.dimensions[index], let b = shape.dimensions[index], a != b {
                    throw .incompatibleShapes(inputs, reason: "axis \(index + 1) differs (only the concatenation axis may)")
                }
                result.dimensions[index] = result.dimensions[index] ?? shape.dimensions[index]
            }
            if let a = result.dimensions[resolved], let b = shape.dimensions[resolved] {
                result.dimensions[resolved] = try sum(a, b)
            } else {
                result.dimensions[resolved] = nil
            }
        }
        return LayerEvaluation(outputs: [result])
    }
}
