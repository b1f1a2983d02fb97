/// One row of the `tensors` table (migration 0006): a weight tensor as its file records it.
///
/// CatalogCore's `Tensor` as stored: the shape as JSON text and the dtype as the file's text, so
/// that the store (which depends on GRDB alone and knows no engine type) never parses either;
/// the service converts `Tensor` into it (`WeightColumns.storedWeights(of:)`).
public struct TensorRecord: Sendable, Equatable, Hashable {
    /// The tensor's name in the file.
    public var name: String
    /// The dtype as the file spells it (`BF16`, `Q4_K`, `float32`).
    public var dtype: String
    /// JSON list of the dimensions (`[4096,14336]`).
    public var shape: String
    /// Elements (the product of the shape).
    public var elements: Int
    /// Bytes as stored, or `nil` when unknown for the dtype.
    public var bytes: Int?
    /// The name of the layer (module) it belongs to; linked to that layer's row when saved.
    public var layer: String?
    /// Non-trainable (a buffer or training state).
    public var isBuffer: Bool
    /// Why it is listed but not counted, or `nil`.
    public var uncountedReason: String?

    public init(
        name: String, dtype: String, shape: String, elements: Int, bytes: Int?, layer: String? = nil,
        isBuffer: Bool = false, uncountedReason: String? = nil
    ) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.elements = elements
        self.bytes = bytes
        self.layer = layer
        self.isBuffer = isBuffer
        self.uncountedReason = uncountedReason
    }
}

/// An architecture's stored weights: its tensors and the totals cached on its row.
public struct StoredWeights: Sendable, Equatable, Hashable {
    /// The tensors, in the file's order.
    public var tensors: [TensorRecord]
    /// JSON object `{dtype: elements}` over the counted tensors (`params_by_dtype`).
    public var paramsByDType: String
    /// Bytes of the counted tensors (`weight_bytes`), or `nil` if one's size is unknown.
    public var weightBytes: Int?
    /// JSON object of the file's metadata strings (`weight_metadata`), or `nil`.
    public var metadata: String?

    public init(tensors: [TensorRecord], paramsByDType: String, weightBytes: Int?, metadata: String?) {
        self.tensors = tensors
        self.paramsByDType = paramsByDType
        self.weightBytes = weightBytes
        self.metadata = metadata
    }
}
