extension Engine {
    /// Add, Subtract, Multiply, Average, Maximum, Minimum.
    ///
    /// Inputs of one rank; per axis the sizes are equal, or one is 1 and broadcasts (Keras'
    /// merging layers), or unknown. Subtract takes exactly two inputs. No parameters, MACs 0.
    /// - Throws: ``LayerFault/incompatibleShapes(_:reason:)`` for unequal sizes.
    static func merge(_ operation: MergeOperation, _ inputs: [TensorShape]) throws(LayerFault) -> LayerEvaluation {
        if operation == .subtract, inputs.count != 2 {
            throw .wrongInputCount(expected: "exactly two inputs", found: inputs.count)
        }
        guard inputs.count >= 1 else { throw .wrongInputCount(expected: "at least one input", found: 0) }
        var result = inputs[0]
        for shape in inputs.dropFirst() {
            guard shape.rank == result.rank else {
                throw .incompatibleShapes(inputs, reason: "ranks differ")
            }
            for axis in 0..<shape.rank {
                switch (result.dimensions[axis], shape.dimensions[axis]) {
                case (let a?, let b?) where a == b: break
                case (1?, let b): result.dimensions[axis] = b
                case (_, 1?): break
                case (nil, _), (_, nil): result.dimensions[axis] = result.dimensions[axis] ?? shape.dimensions[axis]
                default:
                    throw .incompatibleShapes(inputs, reason: "axis \(axis + 1) differs")
                }
            }
        }
        return LayerEvaluation(outputs: [result])
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
