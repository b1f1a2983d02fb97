import CatalogCore

/// One architecture's catalog row: metadata and cached totals.
public struct ArchitectureSummary: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var source: String?
    public var tags: [String]
    public var framework: String
    public var sourceFormat: String
    public var inputShapes: [TensorShape]
    public var outputShapes: [TensorShape]
    /// Trainable plus non-trainable parameters.
    public var totalParameters: Int
    public var trainableParameters: Int
    public var nonTrainableParameters: Int
    /// Multiply-accumulates of one forward pass at batch 1 (fvcore convention).
    public var macs: Int
    /// Number of layers, input layers included.
    public var layerCount: Int
    /// Weight layers on the longest path (see ``ArchitectureTotals/depth``).
    public var depth: Int
    /// Parameter memory at float32, in bytes.
    public var parameterBytes: Int
    /// The weights `catalog memory` gives without a type asked, in bytes: the stored tensors',
    /// else the parameters in the declared dtype, else in float32 (``Memory/defaultWeights(_:)``);
    /// `nil` until computed.
    public var defaultWeightsBytes: Int? = nil
    /// That figure's type: `stored`, the declared dtype (`bf16`, `q4_k_m`), or `f32`.
    public var defaultWeightType: String? = nil
    /// Output elements of one forward pass at batch 1, when known.
    public var activationElements: Int?
    /// Parameters one token uses: the total minus the routed experts it is not sent to
    /// (mixture-of-experts models); the total for every other model.
    public var activeParameters: Int = 0
    /// Whether ``activeParameters`` is less than the total (a mixture of experts).
    public var hasInactiveExperts: Bool { activeParameters < totalParameters }
    /// Layers the engine could not count; when not empty, the counts above are lower bounds.
    public var uncountedLayers: [String]
    /// Whether every layer was counted.
    public var isComplete: Bool { uncountedLayers.isEmpty }
    /// Layers whose output shape is assumed equal to their input's (Keras Lambda layers whose
    /// file records no shape); empty when every shape is known.
    public var assumedShapeLayers: [String] = []
    /// Layers whose MACs count an unknown dimension (Keras `None`, an ONNX symbolic axis) as 1
    /// (see ``ArchitectureTotals/perStepMACLayers``); when not empty, ``macs`` is per step of the
    /// unknown length, not a full count.
    public var perStepMACLayers: [String] = []
    /// Whether ``macs`` counts an unknown dimension as 1 (per step).
    public var macsArePerStep: Bool { !perStepMACLayers.isEmpty && !isWeightsOnly }
    /// Read from a weight file without a graph: parameters are exact (every stored element),
    /// but output shapes, ``macs`` and ``depth`` are unknown (0 here, never shown as numbers).
    public var isWeightsOnly = false
}

/// One layer as stored, with its cached numbers.
public struct LayerSummary: Sendable, Hashable {
    public var name: String
    public var type: String
    /// Per call, per output tensor (batch excluded).
    public var outputShapes: [[TensorShape]]
    /// `nil` when the engine does not know the layer type (never shown as 0).
    public var parameters: Int?
    public var trainableParameters: Int?
    public var nonTrainableParameters: Int?
    public var macs: Int?
    /// Per call, the inbound tensors.
    public var inbound: [[TensorReference]]
}

/// An architecture with its layers.
public struct ArchitectureDetail: Sendable, Hashable {
    public var summary: ArchitectureSummary
    public var layers: [LayerSummary]
}

/// The outcome of adding one architecture.
public struct AddResult: Sendable, Hashable {
    public var summary: ArchitectureSummary
    /// True when an existing architecture of that name was replaced.
    public var replaced: Bool
    /// Non-fatal remarks from the importer.
    public var warnings: [String]
}
