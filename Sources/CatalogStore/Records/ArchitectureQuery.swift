/// Which architectures ``CatalogDatabase/architectures(matching:sortedBy:descending:limit:)``
/// returns. Bounds are inclusive and apply to `total_params`; an architecture whose
/// parameters are not computed yet matches only the empty filter.
public struct ArchitectureFilter: Sendable, Equatable, Hashable {
    /// Smallest total parameter count kept, or `nil` for no lower bound.
    public var minParams: Int?
    /// Largest total parameter count kept, or `nil` for no upper bound.
    public var maxParams: Int?

    /// Creates a filter; with no arguments it keeps every architecture.
    public init(minParams: Int? = nil, maxParams: Int? = nil) {
        self.minParams = minParams
        self.maxParams = maxParams
    }

    /// The filter that keeps every architecture.
    public static let all = ArchitectureFilter()
}

/// The order of ``CatalogDatabase/architectures(matching:sortedBy:descending:limit:)``.
/// Ties are broken by name (ascending, case-insensitive); architectures whose sort value is
/// not computed yet come last in either direction.
public enum ArchitectureSort: String, Sendable, CaseIterable {
    /// By name, case-insensitively.
    case name
    /// By `total_params`.
    case params
    /// By `macs`.
    case macs
    /// By `layer_count`.
    case layers
}
