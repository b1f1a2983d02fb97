/// Which architectures `list` and `rank` keep (the store's `architectures(matching:…)`): every
/// condition set must hold. Bounds are inclusive (parameters, MACs); an architecture whose
/// numbers are not computed yet matches no bound. A plain value, defined once here so the store
/// (which turns it into SQL) and the service (which hands it to the CLI) share one definition.
public struct ArchitectureFilter: Sendable, Equatable, Hashable {
    /// Smallest total parameters kept, or `nil` for no lower bound.
    public var minParams: Int?
    /// Largest total parameters kept, or `nil` for no upper bound.
    public var maxParams: Int?
    /// Smallest MACs kept, or `nil`.
    public var minMACs: Int?
    /// Largest MACs kept, or `nil`.
    public var maxMACs: Int?
    /// Smallest active parameters (parameters one token uses) kept, or `nil`.
    public var minActiveParams: Int?
    /// Largest active parameters kept, or `nil`.
    public var maxActiveParams: Int?
    /// Tags the architecture must all carry (compared case-insensitively).
    public var tags: [String]
    /// Layer types the architecture must all have at least one layer of (case-insensitive,
    /// top-level layers: a layer inside a nested model does not count); each word also finds the
    /// names of its family (``LayerTypeMatch/storedTypes(matching:)``: `Linear` finds `Dense`,
    /// `MultiHeadAttention` a Hugging Face `TransformerAttention`).
    public var layerTypes: [String]
    /// A glob on the name (`*`, `?`, `[...]`), compared case-insensitively; `nil` for any name.
    public var namePattern: String?
    /// The counting convention (`keras`, `pytorch`), or `nil` for any.
    public var framework: String?
    /// `true` for architectures whose every layer is counted, `false` for those with lower-bound
    /// totals, `nil` for both.
    public var isComplete: Bool?
    /// `true` for architectures with an assumed output shape (a Keras Lambda layer whose file
    /// records none), `false` for those without, `nil` for both.
    public var hasAssumedShapes: Bool? = nil
    /// `true` for architectures whose MACs count an unknown dimension as 1 (per step, not a full
    /// count), `false` for those whose MACs are a full count, `nil` for both. The MAC bounds and
    /// sort use the stored figure either way.
    public var hasPerStepMACs: Bool? = nil

    /// Creates a filter; with no arguments it keeps every architecture.
    public init(
        minParams: Int? = nil, maxParams: Int? = nil, minMACs: Int? = nil, maxMACs: Int? = nil,
        tags: [String] = [], layerTypes: [String] = [], namePattern: String? = nil,
        framework: String? = nil, isComplete: Bool? = nil, minActiveParams: Int? = nil, maxActiveParams: Int? = nil
    ) {
        self.minParams = minParams
        self.maxParams = maxParams
        self.minMACs = minMACs
        self.maxMACs = maxMACs
        self.minActiveParams = minActiveParams
        self.maxActiveParams = maxActiveParams
        self.tags = tags
        self.layerTypes = layerTypes
        self.namePattern = namePattern
        self.framework = framework
        self.isComplete = isComplete
    }

    /// The filter that keeps every architecture.
    public static let all = ArchitectureFilter()
}

/// How `list` and `rank` order architectures (a closed set: never a column name from the user).
/// Ties are broken by name (ascending, case-insensitive); architectures whose sort value is not
/// computed yet come last in either direction.
public enum ArchitectureSort: String, Sendable, CaseIterable {
    /// By name, case-insensitively.
    case name
    /// By total parameters.
    case params
    /// By trainable parameters.
    case trainable
    /// By MACs.
    case macs
    /// By FLOPs = 2 × MACs: the order of `macs`.
    case flops
    /// By layer count.
    case layers
    /// By depth (weight layers on the longest path).
    case depth
    /// By parameter memory (bytes).
    case memory
    /// In the order the architectures were added (replacing one adds it again).
    case added
    /// By active parameters (parameters one token uses).
    case active
}
