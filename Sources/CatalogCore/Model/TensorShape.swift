/// The shape of one tensor, **without the batch dimension**.
///
/// Layout is whatever the architecture declares: channels-last (`(height, width, channels)`,
/// Keras' default) unless a layer says `data_format: "channels_first"`. A dimension is `nil` when
/// it is unknown until run time (a sequence of variable length, Keras' `None`).
public struct TensorShape: Hashable, Sendable, CustomStringConvertible {
    /// The dimensions in order, batch excluded; `nil` marks an unknown dimension.
    public var dimensions: [Int?]

    /// Creates a shape from its dimensions (batch excluded).
    public init(_ dimensions: [Int?]) {
        self.dimensions = dimensions
    }

    /// The number of axes (rank), batch excluded.
    public var rank: Int { dimensions.count }

    /// The number of elements in one sample (the product of all dimensions), or `nil` when a
    /// dimension is unknown or the product does not fit in 64 bits.
    public var elementCount: Int? {
        var product = 1
        for dimension in dimensions {
            guard let dimension else { return nil }
            let (value, overflow) = product.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            product = value
        }
        return product
    }

    /// Keras-style text without the batch axis: `(224, 224, 3)`, `(None, 64)`.
    public var description: String {
        // Appended in place: `list` and `show` write one or more shapes per row.
        var text = "("
        for (index, dimension) in dimensions.enumerated() {
            if index > 0 { text += ", " }
            text += dimension.map(String.init) ?? "None"
        }
        text += dimensions.count == 1 ? ",)" : ")"
        return text
    }

    /// Resolves a possibly negative Keras axis (`-1` is the last axis) against this rank.
    /// - Returns: the non-negative axis, or `nil` when it is out of range.
    public func normalizedAxis(_ axis: Int) -> Int? {
        let resolved = axis < 0 ? axis + rank : axis
        return (0..<rank).contains(resolved) ? resolved : nil
    }
}
