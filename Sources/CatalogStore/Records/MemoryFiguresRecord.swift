internal import GRDB

/// One row of `architecture_memory` (migrations/0009_memory.sql): the figures memory answers are
/// computed from, as plain values. The store does no arithmetic on them beyond the SQL of
/// ``CatalogDatabase/architecturesFitting(_:matching:descending:limit:)``.
///
/// The same integers as CatalogCore's `MemoryFigures` (less its `isExact`, which is not stored),
/// defined again because CatalogStore depends on GRDB alone: it stores rows and knows no engine
/// type or formula. The service converts one into the other (`MemoryFiguresRecord.init(_:)`).
public struct MemoryFiguresRecord: Sendable, Equatable, Hashable {
    /// Σ stored tensor bytes, or `nil`.
    public var storedWeightBytes: Int?
    /// Bytes per parameter of the declared dtype (4 when none).
    public var declaredBytesPerParam: Int
    /// KV values per token of the layers keeping every token, summed.
    public var kvValuesPerToken: Int
    /// KV values per token of the sliding-window layers, summed.
    public var kvWindowValuesPerToken: Int
    /// Their window, or `nil`.
    public var kvWindow: Int?
    /// Sliding-window layers of different windows: JSON `[[window, values per token], …]`
    /// (`kv_windows`, migration 0010), or `nil` when they share one window.
    public var kvWindows: String?
    /// Cross-attention values per sequence.
    public var kvFixedValues: Int
    /// GCD of the KV rows, 0 without a KV cache.
    public var kvRowGCD: Int
    /// Bytes per value of the default KV type.
    public var kvDefaultBytes: Int
    /// Activation values per token, or `nil`.
    public var activationValuesPerToken: Int?
    /// Activation values per sample, or `nil`.
    public var activationValuesPerSample: Int?
    /// The model's learned (absolute) positions (`learned_positions`, migration 0011), or `nil`.
    public var learnedPositions: Int?
    /// The weight bytes of llama.cpp's k-quant mixes: JSON `{"q4_k_m": bytes, …}`
    /// (`mix_weight_bytes`, migration 0013), or `nil` when the model's tensors cannot be typed.
    public var mixWeightBytes: String? = nil

    /// Creates a record.
    public init(
        storedWeightBytes: Int?, declaredBytesPerParam: Int, kvValuesPerToken: Int, kvWindowValuesPerToken: Int,
        kvWindow: Int?, kvFixedValues: Int, kvRowGCD: Int, kvDefaultBytes: Int, activationValuesPerToken: Int?,
        activationValuesPerSample: Int?, kvWindows: String? = nil, learnedPositions: Int? = nil
    ) {
        self.kvWindows = kvWindows
        self.learnedPositions = learnedPositions
        self.storedWeightBytes = storedWeightBytes
        self.declaredBytesPerParam = declaredBytesPerParam
        self.kvValuesPerToken = kvValuesPerToken
        self.kvWindowValuesPerToken = kvWindowValuesPerToken
        self.kvWindow = kvWindow
        self.kvFixedValues = kvFixedValues
        self.kvRowGCD = kvRowGCD
        self.kvDefaultBytes = kvDefaultBytes
        self.activationValuesPerToken = activationValuesPerToken
        self.activationValuesPerSample = activationValuesPerSample
    }

    /// The columns of `architecture_memory` after `architecture_id`, in the order of ``values``.
    static let columns = [
        "stored_weight_bytes", "declared_bytes_per_param", "kv_values_per_token",
        "kv_window_values_per_token", "kv_window", "kv_fixed_values", "kv_row_gcd", "kv_default_bytes",
        "activation_values_per_token", "activation_values_per_sample", "kv_windows",
        "learned_positions", "mix_weight_bytes",
    ]

    /// The values of ``columns``, one per column in its order.
    var values: [(any DatabaseValueConvertible)?] {
        [
            storedWeightBytes, declaredBytesPerParam, kvValuesPerToken, kvWindowValuesPerToken, kvWindow,
            kvFixedValues, kvRowGCD, kvDefaultBytes, activationValuesPerToken, activationValuesPerSample,
            kvWindows, learnedPositions, mixWeightBytes,
        ]
    }
}

/// The question of `list --fits`: which architectures' inference total fits in `budget` bytes at
/// `context` tokens and `batch` sequences, with the weights, KV and activation types given.
/// The arithmetic is CatalogCore's `Memory.breakdown` for inference (docs/MEMORY.md), done in SQL.
public struct MemoryBudgetQuery: Sendable, Equatable, Hashable {
    /// Bytes available.
    public var budget: Int
    /// Tokens per sequence.
    public var context: Int
    /// Sequences.
    public var batch: Int
    /// The weight type's block (elements, bytes), or `nil` for each architecture's default
    /// (stored bytes, else the declared dtype).
    public var weightBlock: (elements: Int, bytes: Int)?
    /// The llama.cpp mix asked (`q4_k_m`, a key of `mix_weight_bytes`), priced per tensor where
    /// the row has the mix's bytes, else by `weightBlock` (the base type); `nil` for another type.
    public var mix: String? = nil
    /// Bytes per activation value when `weightBlock` is given (4 for f32, else 2).
    public var activationBytes: Int
    /// The KV type's block (elements, bytes), or `nil` for each architecture's default.
    public var kvBlock: (elements: Int, bytes: Int)?

    /// Creates a query.
    public init(
        budget: Int, context: Int, batch: Int, weightBlock: (elements: Int, bytes: Int)?, activationBytes: Int,
        kvBlock: (elements: Int, bytes: Int)?
    ) {
        self.budget = budget
        self.context = context
        self.batch = batch
        self.weightBlock = weightBlock
        self.activationBytes = activationBytes
        self.kvBlock = kvBlock
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.budget == b.budget && a.context == b.context && a.batch == b.batch
            && a.weightBlock?.elements == b.weightBlock?.elements && a.weightBlock?.bytes == b.weightBlock?.bytes
            && a.activationBytes == b.activationBytes && a.kvBlock?.elements == b.kvBlock?.elements
            && a.kvBlock?.bytes == b.kvBlock?.bytes && a.mix == b.mix
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(budget)
        hasher.combine(context)
        hasher.combine(batch)
        hasher.combine(mix)
        hasher.combine(weightBlock?.elements)
        hasher.combine(weightBlock?.bytes)
        hasher.combine(kvBlock?.elements)
        hasher.combine(kvBlock?.bytes)
    }
}

/// One architecture that fits, with its terms in bytes.
public struct MemoryFitRow: Sendable, Equatable {
    /// The architecture.
    public var architecture: ArchitectureRecord
    /// Weight bytes.
    public var weightsBytes: Int
    /// KV cache bytes.
    public var kvCacheBytes: Int
    /// Activation bytes (estimate), `nil` when unknown (then not in the total).
    public var activationBytes: Int?
    /// Their sum.
    public var totalBytes: Int
}

/// An architecture that `list --fits` and `rank --by memory` leave out although it passes the
/// filter: it cannot run at the request at all (``CatalogDatabase/architecturesLeftOut(_:matching:)``).
public struct MemoryLeftOutRow: Sendable, Equatable {
    /// The architecture's name.
    public var name: String
    /// Its learned positions when fewer than the context (migration 0011), else `nil`.
    public var learnedPositions: Int?
    /// The values of its KV rows' common divisor (`kv_row_gcd`) when they are not whole blocks of
    /// the KV type, else `nil`.
    public var kvRowValues: Int?

    public init(name: String, learnedPositions: Int?, kvRowValues: Int?) {
        self.name = name
        self.learnedPositions = learnedPositions
        self.kvRowValues = kvRowValues
    }
}
