/// MultiHeadAttention hyperparameters (Keras names).
public struct MultiHeadAttention: Hashable, Sendable {
    public var numHeads: Int
    public var keyDim: Int
    /// Defaults to `keyDim`.
    public var valueDim: Int
    /// Output features; defaults to the query's last axis.
    public var outputShape: [Int]?
    public var useBias: Bool
}

/// Attention / AdditiveAttention hyperparameters.
public struct AttentionLayer: Hashable, Sendable {
    /// AdditiveAttention (Bahdanau) instead of dot-product Attention (Luong).
    public var additive: Bool
    public var useScale: Bool
    /// Attention's `score_mode: "concat"` adds one scalar weight.
    public var concatScore: Bool
}
