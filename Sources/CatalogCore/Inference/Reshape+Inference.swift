extension Engine {
    /// Flatten: output `(d₁·d₂·…,)`, unknown when any axis is unknown. No parameters.
    static func flatten(_ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        var total: Int? = 1
        for dimension in input.dimensions {
            guard let known = total, let dimension else { total = nil; continue }
            total = try product(known, dimension)
        }
        return LayerEvaluation(outputs: [TensorShape([total])])
    }

    /// ZeroPadding1D / 2D / 3D: each spatial axis grows by `before + after`. No parameters.
    static func zeroPad(_ padding: ZeroPadding, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let (spatial, channels) = try splitChannels(input, rank: padding.rank, format: padding.dataFormat)
        var out: [Int?] = []
        for (length, amount) in zip(spatial, padding.padding) {
            guard let length else { out.append(nil); continue }
            out.append(try sum(length, amount.before, amount.after))
        }
        return LayerEvaluation(outputs: [joinChannels(out, channels: channels, format: padding.dataFormat)])
    }
}
