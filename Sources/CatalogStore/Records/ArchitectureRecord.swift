import Foundation

/// One row of the `architectures` table, as plain values.
///
/// JSON columns (`tags`, `document`, `inputShapes`, `outputShapes`) hold JSON text; the store
/// checks that they are valid JSON but does not interpret them. The cached columns (from
/// `outputShapes` down) are `nil` until the compute service has filled them. Counts are
/// `Int` (64-bit), never negative. Timestamps are ISO-8601 text (see ``timestamp(_:)``).
public struct ArchitectureRecord: Sendable, Equatable, Hashable {
    /// The row id; `nil` before the record is saved. Saving ignores it and assigns a new one.
    public var id: Int64?
    /// The catalog name; unique, compared case-insensitively.
    public var name: String
    /// Free text, or `nil`.
    public var description: String?
    /// The paper or URL the architecture comes from, or `nil`.
    public var source: String?
    /// A JSON array of strings, e.g. `["cnn","example"]`.
    public var tags: String
    /// Whose counting convention the numbers follow: `keras` (default) or `pytorch`.
    public var framework: String
    /// The format the architecture was imported from: `native`, `keras`, …
    public var sourceFormat: String
    /// The version of the source format or of the framework that wrote it, or `nil`.
    public var sourceVersion: String?
    /// JSON of top-level metadata the service keeps (e.g. for `export`), or `nil`.
    public var document: String?
    /// JSON of the input shape(s), batch axis excluded, e.g. `[[224,224,3]]`.
    public var inputShapes: String
    /// The dtype the file declares for its weights, as it names it (`bfloat16`,
    /// `MOSTLY_Q4_K_M`), or `nil` (`declared_dtype`, migration 0010).
    public var declaredDType: String?
    /// A RoPE model's `max_position_embeddings` (migration 0013), or `nil`.
    public var maxPositionEmbeddings: Int? = nil
    /// A RoPE model's `rope_scaling` as text (migration 0013), or `nil`.
    public var ropeScaling: String? = nil
    /// When the row was first written (ISO-8601).
    public var createdAt: String
    /// When the row was last written (ISO-8601).
    public var updatedAt: String

    // MARK: Cached columns

    /// JSON of the output shape(s), or `nil` until computed.
    public var outputShapes: String?
    /// Trainable plus non-trainable parameters.
    public var totalParams: Int?
    /// Parameters updated by training.
    public var trainableParams: Int?
    /// Parameters not updated by training (e.g. BatchNormalization's moving statistics).
    public var nonTrainableParams: Int?
    /// Multiply-accumulates for one sample.
    public var macs: Int?
    /// Number of layers.
    public var layerCount: Int?
    /// Weighted depth (longest path of weighted layers).
    public var depth: Int?
    /// Bytes taken by the parameters.
    public var parameterBytes: Int?
    /// Elements of all layers' outputs for one sample.
    public var activationElements: Int?
    /// Parameters one token uses (total minus idle routed experts; the total without experts).
    public var activeParams: Int?
    /// The engine version that computed the cached columns.
    public var computeVersion: Int?
    /// When the cached columns were computed (ISO-8601).
    public var computedAt: String?
    /// Whether every layer was counted; when false the totals are lower bounds.
    public var isComplete: Bool?
    /// Names of the layers the engine could not count, as a JSON array.
    public var uncountedLayers: String?
    /// Names of the layers whose output shape is assumed (Keras Lambda layers without a recorded
    /// shape), as a JSON array.
    public var assumedLayers: String?
    /// Names of the layers whose MACs count an unknown dimension as 1 (per step), as a JSON
    /// array (migration 0012); empty when the MACs are a full count.
    public var perStepMACLayers: String?
    /// The weights term `catalog memory` gives without a type asked: stored bytes, else the
    /// declared dtype's, else float32's (`default_weights_bytes`, migration 0013).
    public var defaultWeightsBytes: Int? = nil
    /// Its type's name (`stored`, `bf16`, `f32`, …; `default_weight_type`).
    public var defaultWeightType: String? = nil
    /// The weight tensors to save with the architecture (not a column: `tensors` rows and the
    /// `params_by_dtype` / `weight_bytes` / `weight_metadata` columns, migration 0006).
    /// Written by saving; reads leave it `nil` (see ``CatalogDatabase/weights(ofArchitecture:)``).
    public var weights: StoredWeights?
    /// The memory figures (`architecture_memory`, migration 0009), written with the cached
    /// columns when not `nil`; reads leave it `nil`.
    public var memoryFigures: MemoryFiguresRecord? = nil

    /// Creates a record; the cached columns default to `nil` (not computed).
    public init(
        id: Int64? = nil,
        name: String,
        description: String? = nil,
        source: String? = nil,
        tags: String = "[]",
        framework: String = "keras",
        sourceFormat: String,
        sourceVersion: String? = nil,
        document: String? = nil,
        inputShapes: String,
        createdAt: String,
        updatedAt: String,
        outputShapes: String? = nil,
        totalParams: Int? = nil,
        trainableParams: Int? = nil,
        nonTrainableParams: Int? = nil,
        macs: Int? = nil,
        layerCount: Int? = nil,
        depth: Int? = nil,
        parameterBytes: Int? = nil,
        activationElements: Int? = nil,
        computeVersion: Int? = nil,
        computedAt: String? = nil,
        isComplete: Bool? = nil,
        uncountedLayers: String? = nil,
        assumedLayers: String? = nil,
        activeParams: Int? = nil,
        declaredDType: String? = nil
    ) {
        self.declaredDType = declaredDType
        self.activeParams = activeParams
        self.id = id
        self.name = name
        self.description = description
        self.source = source
        self.tags = tags
        self.framework = framework
        self.sourceFormat = sourceFormat
        self.sourceVersion = sourceVersion
        self.document = document
        self.inputShapes = inputShapes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.outputShapes = outputShapes
        self.totalParams = totalParams
        self.trainableParams = trainableParams
        self.nonTrainableParams = nonTrainableParams
        self.macs = macs
        self.layerCount = layerCount
        self.depth = depth
        self.parameterBytes = parameterBytes
        self.activationElements = activationElements
        self.computeVersion = computeVersion
        self.computedAt = computedAt
        self.isComplete = isComplete
        self.uncountedLayers = uncountedLayers
        self.assumedLayers = assumedLayers
    }

    /// The ISO-8601 text stored in `created_at`, `updated_at` and `computed_at`:
    /// UTC, whole seconds, e.g. `2025-01-31T12:00:00Z`.
    /// - Parameter date: The instant to format; default now.
    /// - Returns: The timestamp text.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601)
    }
}
