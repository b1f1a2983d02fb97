/// Which architectures ``CatalogDatabase/architectures(matching:sortedBy:descending:limit:)``
/// returns: every condition set must hold. Bounds are inclusive; an architecture whose numbers
/// are not computed yet matches no bound.
public struct ArchitectureFilter: Sendable, Equatable, Hashable {
    /// Smallest `total_params` kept, or `nil` for no lower bound.
    public var minParams: Int?
    /// Largest `total_params` kept, or `nil` for no upper bound.
    public var maxParams: Int?
    /// Smallest `macs` kept, or `nil`.
    public var minMACs: Int?
    /// Largest `macs` kept, or `nil`.
    public var maxMACs: Int?
    /// Smallest `active_params` kept, or `nil`.
    public var minActiveParams: Int?
    /// Largest `active_params` kept, or `nil`.
    public var maxActiveParams: Int?
    /// Tags the architecture must all carry (compared case-insensitively).
    public var tags: [String]
    /// Layer types the architecture must all have at least one layer of (case-insensitive,
    /// top-level layers: a layer inside a nested model does not count).
    public var layerTypes: [String]
    /// A glob on the name (`*`, `?`, `[...]`), compared case-insensitively; `nil` for any name.
    public var namePattern: String?
    /// The counting convention (`keras`, `pytorch`), or `nil` for any.
    public var framework: String?
    /// `true` for architectures whose every layer is counted, `false` for those with lower-bound
    /// totals, `nil` for both.
    public var isComplete: Bool?

    /// Creates a filter; with no arguments it keeps every architecture.
    public init(
        minParams: Int? = nil, maxParams: Int? = nil, minMACs: Int? = nil, maxMACs: Int? = nil,
        tags: [String] = [], layerTypes: [String] = [], namePattern: String? = nil,
        framework: String? = nil, isComplete: Bool? = nil, minActiveParams: Int? = nil, maxActiveParams: Int? = nil
    ) {
        self.minActiveParams = minActiveParams
        self.maxActiveParams = maxActiveParams
        self.minParams = minParams
        self.maxParams = maxParams
        self.minMACs = minMACs
        self.maxMACs = maxMACs
        self.tags = tags
        self.layerTypes = layerTypes
        self.namePattern = namePattern
        self.framework = framework
        self.isComplete = isComplete
    }

    /// The filter that keeps every architecture.
    public static let all = ArchitectureFilter()
}

/// The order of ``CatalogDatabase/architectures(matching:sortedBy:descending:limit:)``.
/// Ties are broken by name (ascending, case-insensitive); architectures whose sort value is
/// not computed yet come last in either direction. Each order is served by an index.
public enum ArchitectureSort: String, Sendable, CaseIterable {
    /// By name, case-insensitively.
    case name
    /// By `total_params`.
    case params
    /// By `trainable_params`.
    case trainable
    /// By `macs`.
    case macs
    /// By `layer_count`.
    case layers
    /// By `depth` (weight layers on the longest path).
    case depth
    /// By `parameter_bytes` (parameter memory).
    case memory
    /// In the order the architectures were added (replacing one adds it again).
    case added
    /// By `active_params` (parameters one token uses).
    case active

    /// The column this order sorts on.
    public var column: String {
        switch self {
        case .name: "name"
        case .params: "total_params"
        case .trainable: "trainable_params"
        case .macs: "macs"
        case .layers: "layer_count"
        case .depth: "depth"
        case .memory: "parameter_bytes"
        case .added: "id"
        case .active: "active_params"
        }
    }
}
