/// One term of a memory answer: its name, the formula with the numbers filled in, the bytes,
/// and whether it is an estimate (activations, a llama.cpp mix priced as its base type) rather
/// than exact arithmetic on the architecture.
public struct MemoryTerm: Hashable, Sendable {
    /// `weights`, `kv_cache`, `activations`, `gradients`, `optimizer_states`, `lora_adapters`.
    public var name: String
    /// The formula with numbers (`2 · 32 layers · 8 kv_heads · 128 head_dim · 2 B · 8,192 tokens`).
    public var formula: String
    /// Bytes.
    public var bytes: Int
    /// Whether the figure is an estimate.
    public var isEstimate: Bool
    /// Creates a term.
    public init(name: String, formula: String, bytes: Int, isEstimate: Bool = false) {
        self.name = name
        self.formula = formula
        self.bytes = bytes
        self.isEstimate = isEstimate
    }
}

/// A memory answer: its terms and figures, in bytes.
public struct MemoryBreakdown: Hashable, Sendable {
    /// Every term, in order; `total` is their sum.
    public var terms: [MemoryTerm]
    /// Weight bytes.
    public var weightsBytes: Int
    /// KV bytes per cached token, summed over the self-attention layers (full, sliding-window,
    /// MLA; a sliding-window layer holds at most its window of such tokens), for one sequence.
    public var kvCacheBytesPerToken: Int
    /// KV cache bytes at the request's context and batch.
    public var kvCacheBytes: Int
    /// Activation bytes (an estimate).
    public var activationBytes: Int?
    /// Σ terms.
    public var totalBytes: Int
    /// The convention lines (bytes per parameter, what is estimated).
    public var notes: [String]
    /// The weight type priced (`bf16`, `q4_k_m`), or `stored` for the stored tensors' bytes.
    public var weightType: String
    /// The KV cache type priced (`f16`, `q8_0`), `nil` when there is no KV term.
    public var kvType: String?
    /// The note about the context answered at (also first in ``notes``): the default capped at
    /// learned positions, or a RoPE model past `max_position_embeddings`; `nil` otherwise.
    public var contextNote: String? = nil

    /// The term named `name`, if present.
    public func term(_ name: String) -> MemoryTerm? { terms.first { $0.name == name } }
}

/// What to compute memory for.
public struct MemoryRequest: Hashable, Sendable {
    /// Training modes.
    public enum Training: String, Hashable, Sendable, CaseIterable {
        case full, lora, qlora
    }
    /// Optimizers.
    public enum Optimizer: String, Hashable, Sendable, CaseIterable {
        case adamw, sgd, adafactor
    }
    /// Tokens per sequence (ignored by models without a KV cache and a per-token activation).
    public var context: Int
    /// Sequences (samples).
    public var batch: Int
    /// Weight type; `nil`: as stored, else declared, else f32.
    public var weightType: StorageType?
    /// KV cache type; `nil`: the weights' 16-bit type (bf16 unless weights are f32/f16:
    /// vLLM's `kv_cache_dtype="auto"` follows the model dtype).
    public var kvType: StorageType?
    /// Training mode, or `nil` for inference.
    public var training: Training?
    /// Optimizer for training (AdamW when `nil`).
    public var optimizer: Optimizer
    /// LoRA rank r.
    public var loraRank: Int
    /// LoRA target module names (last dotted component); `nil`: every linear module.
    public var loraTargets: [String]?
    /// Activation checkpointing (full recomputation, Korthikanti et al. §4).
    public var checkpointing: Bool

    /// Creates a request.
    public init(
        context: Int = 1, batch: Int = 1, weightType: StorageType? = nil, kvType: StorageType? = nil,
        training: Training? = nil, optimizer: Optimizer = .adamw, loraRank: Int = 16,
        loraTargets: [String]? = nil, checkpointing: Bool = false
    ) {
        self.context = context
        self.batch = batch
        self.weightType = weightType
        self.kvType = kvType
        self.training = training
        self.optimizer = optimizer
        self.loraRank = loraRank
        self.loraTargets = loraTargets
        self.checkpointing = checkpointing
    }
}
