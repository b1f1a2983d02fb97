extension Engine {
    /// Cropping1D / 2D / 3D: each spatial axis shrinks by `before + after`, which must leave at
    /// least one element. No parameters.
    static func crop(_ cropping: ZeroPadding, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let (spatial, channels) = try splitChannels(input, rank: cropping.rank, format: cropping.dataFormat)
        var out: [Int?] = []
        for (length, amount) in zip(spatial, cropping.padding) {
            guard let length else { out.append(nil); continue }
            // Cropping beyond 64 bits leaves nothing either: an error, never a trap.
            let remaining = (try? difference(difference(length, amount.before), amount.after)) ?? 0
            guard remaining > 0 else {
                throw .other("cropping (\(amount.before), \(amount.after)) leaves nothing of length \(length) in \(input)")
            }
            out.append(remaining)
        }
        return LayerEvaluation(outputs: [joinChannels(out, channels: channels, format: cropping.dataFormat)])
    }

    /// UpSampling1D / 2D / 3D: each spatial axis multiplied by its `size`. No parameters.
    static func upSample(rank: Int, size: [Int], format: DataFormat, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let (spatial, channels) = try splitChannels(input, rank: rank, format: format)
        var out: [Int?] = []
        for (length, factor) in zip(spatial, size) {
            out.append(try length.map { (value: Int) throws(LayerFault) -> Int in try product(value, factor) })
        }
        return LayerEvaluation(outputs: [joinChannels(out, channels: channels, format: format)])
    }

    /// Reshape: `target_shape` with at most one -1, inferred so the element count is unchanged.
    static func reshape(_ target: [Int], _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let known = try product(target.filter { $0 != -1 })
        let total = input.elementCount
        if let missing = target.firstIndex(of: -1) {
            var dims: [Int?] = target.map { $0 }
            if let total {
                guard known > 0, total % known == 0 else {
                    throw .other("cannot reshape \(input) (\(total) elements) to \(target)")
                }
                dims[missing] = total / known
            } else {
                dims[missing] = nil
            }
            return LayerEvaluation(outputs: [TensorShape(dims)])
        }
        if let total, total != known {
            throw .other("cannot reshape \(input) (\(total) elements) to \(target) (\(known) elements)")
        }
        return LayerEvaluation(outputs: [TensorShape(target.map { $0 })])
    }

    /// Permute: output axis `i` is input axis `dims[i]` (1-based, batch excluded).
    static func permute(_ dims: [Int], _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        guard dims.count == input.rank else {
            throw .wrongRank(expected: "an input of rank \(dims.count)", found: input)
        }
        return LayerEvaluation(outputs: [TensorShape(dims.map { input.dimensions[$0 - 1] })])
    }

    /// RepeatVector: `(features,)` to `(n, features)`.
    static func repeatVector(_ n: Int, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        guard input.rank == 1 else { throw .wrongRank(expected: "a rank-1 input (features,)", found: input) }
        return LayerEvaluation(outputs: [TensorShape([n] + input.dimensions)])
    }

    /// Resizing / CenterCrop: the two spatial axes become `(height, width)`.
    static func resize(height: Int, width: Int, format: DataFormat, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let (_, channels) = try splitChannels(input, rank: 2, format: format)
        return LayerEvaluation(outputs: [joinChannels([height, width], channels: channels, format: format)])
    }
}
