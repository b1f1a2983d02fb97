/// One stored weight tensor as a file records it: a safetensors entry, a GGUF tensor info, a
/// PyTorch storage view, an ONNX initializer or a Keras/HDF5 weight dataset.
///
/// Shapes are the file's own (no batch axis is involved: these are weights). `elements` is the
/// product of `shape` (1 for a scalar, shape `[]`); `bytes` is what the data occupies in the file,
/// by ``TensorDType/storedBytes(elements:)`` for the dtype, or `nil` when the dtype's size is not
/// known (the tensor is still listed and its elements counted). Codable, so that a reader in a
/// child process can send its tensors to the parent.
public struct Tensor: Hashable, Sendable, Codable {
    /// The tensor's name in the file (`model.layers.0.self_attn.q_proj.weight`, `blk.0.attn_q.weight`).
    public var name: String
    /// The dtype as the file names it: each reader keeps its format's own spelling (safetensors
    /// `BF16`, `F8_E4M3`; GGUF `Q4_K`; PyTorch `torch.float16` as `F16`-style names are chosen by
    /// its reader and documented in docs/TENSORS.md).
    public var dtype: String
    /// The dimensions in the file's order (GGUF's are reversed to row-major by its reader; the
    /// reader says which).
    public var shape: [Int]
    /// The number of elements: the product of `shape`.
    public var elements: Int
    /// Bytes as stored, or `nil` when not known for the dtype.
    public var bytes: Int?
    /// The layer (module) this tensor belongs to, when the reader can tell: the name's prefix
    /// before `.weight`/`.bias`, or the layer of the graph that consumes it.
    public var layer: String?
    /// Whether the tensor is a buffer rather than a parameter (BatchNorm's `running_mean`,
    /// `running_var`, `num_batches_tracked`): counted as non-trainable.
    public var isBuffer: Bool
    /// Why the tensor is listed but not part of the totals, or `nil` when it is counted: a
    /// PyTorch tensor viewing the same storage as an earlier one (tied weights stored once),
    /// a training checkpoint's optimizer state.
    public var uncountedReason: String?

    /// Creates a tensor record.
    public init(
        name: String, dtype: String, shape: [Int], elements: Int, bytes: Int?, layer: String? = nil,
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
