import CatalogStore
import Foundation

/// How `list` and `rank` order architectures (a closed set: never a column name from the user).
/// Ties are broken by name (ascending, case-insensitive); architectures whose sort value is not
/// computed yet come last in either direction.
public enum ListSort: String, Sendable, CaseIterable {
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

    /// The store's order.
    var store: ArchitectureSort {
        switch self {
        case .name: .name
        case .params: .params
        case .trainable: .trainable
        case .macs: .macs
        case .flops: .flops
        case .layers: .layers
        case .depth: .depth
        case .memory: .memory
        case .added: .added
        case .active: .active
        }
    }
}

/// Which architectures `list` and `rank` keep: every condition set must hold. Bounds are
/// inclusive (parameters, MACs); an architecture whose numbers are not computed yet matches no
/// bound.
public struct ListFilter: Sendable, Hashable {
    /// Smallest total parameters kept, or `nil` for no lower bound.
    public var minParams: Int?
    /// Largest total parameters kept, or `nil` for no upper bound.
    public var maxParams: Int?
    /// Smallest MACs kept, or `nil`.
    public var minMACs: Int?
    /// Largest MACs kept, or `nil`.
    public var maxMACs: Int?
    /// Smallest active parameters kept, or `nil`.
    public var minActiveParams: Int?
    /// Largest active parameters kept, or `nil`.
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
    /// `true` for architectures with an assumed output shape (a Keras Lambda layer whose file
    /// records none), `false` for those without, `nil` for both.
    public var hasAssumedShapes: Bool? = nil

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
    public static let all = ListFilter()

    /// The store's filter.
    var store: ArchitectureFilter {
        var filter = ArchitectureFilter(
            minParams: minParams, maxParams: maxParams, minMACs: minMACs, maxMACs: maxMACs, tags: tags,
            layerTypes: layerTypes, namePattern: namePattern, framework: framework, isComplete: isComplete,
            minActiveParams: minActiveParams, maxActiveParams: maxActiveParams)
        filter.hasAssumedShapes = hasAssumedShapes
        return filter
    }
}

/// The rows of a read-only SQL query (`catalog query`), as plain values.
public struct QueryResult: Sendable, Equatable {
    /// The column names, in the statement's order (duplicates possible: `SELECT 1, 1`).
    public var columns: [String]
    /// The rows, each with one value per column.
    public var rows: [[QueryValue]]

    /// Creates a result.
    public init(columns: [String], rows: [[QueryValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// One SQLite value: SQLite's five storage classes.
public enum QueryValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    /// The store's value as the service hands it out.
    init(_ value: CatalogStore.QueryValue) {
        switch value {
        case .null: self = .null
        case .integer(let value): self = .integer(value)
        case .real(let value): self = .real(value)
        case .text(let text): self = .text(text)
        case .blob(let data): self = .blob(data)
        }
    }
}

/// A `list` request: a filter (every condition must hold), an order and a row limit.
public struct ListQuery: Sendable, Hashable {
    public var filter: ListFilter
    public var sort: ListSort
    public var descending: Bool
    public var limit: Int?

    public init(filter: ListFilter = .all, sort: ListSort = .name, descending: Bool = false, limit: Int? = nil) {
        self.filter = filter
        self.sort = sort
        self.descending = descending
        self.limit = limit
    }

    /// A query bounding total parameters only (inclusive bounds).
    public init(
        minParameters: Int? = nil, maxParameters: Int? = nil, sort: ListSort = .name,
        descending: Bool = false, limit: Int? = nil
    ) {
        self.init(
            filter: ListFilter(minParams: minParameters, maxParams: maxParameters), sort: sort,
            descending: descending, limit: limit)
    }
}

extension Catalog {
    /// The architectures matching `query`, in its order: one SQL query on the cached columns.
    /// - Throws: ``ServiceError/store(_:)``.
    public func list(_ query: ListQuery) throws(ServiceError) -> [ArchitectureSummary] {
        let records: [ArchitectureRecord]
        do {
            records = try database.architectures(
                matching: query.filter.store, sortedBy: query.sort.store, descending: query.descending, limit: query.limit)
        } catch {
            throw .store(error)
        }
        var summaries: [ArchitectureSummary] = []
        summaries.reserveCapacity(records.count)
        var cache = JSONText.Cache()
        for record in records { summaries.append(try RecordDecoding.summary(of: record, cache: &cache)) }
        return summaries
    }

    /// Architectures with their layers (for `report`).
    /// - Parameter names: The architectures to return, in this order; empty for all of them, by name.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)`` for an unknown name.
    public func details(named names: [String] = []) throws(ServiceError) -> [ArchitectureDetail] {
        let wanted = names.isEmpty ? try list(ListQuery()).map(\.name) : names
        var details: [ArchitectureDetail] = []
        for name in wanted { details.append(try detail(named: name)) }
        return details
    }

    /// Runs one read-only SQL statement on a read-only connection to the catalog's file, so no
    /// statement can change it (`catalog query`).
    /// - Parameters:
    ///   - sql: One statement; `?` placeholders take `arguments` in order.
    /// - Throws: ``ServiceError/invalidQuery(_:)`` for SQL that does not compile or would
    ///   write; ``ServiceError/store(_:)`` when the catalog cannot be read.
    public func query(_ sql: String, arguments: [String] = []) throws(ServiceError) -> QueryResult {
        let result: CatalogStore.QueryResult
        do {
            let readOnly = database.path == ":memory:" ? database : try CatalogDatabase.openReadOnly(path: database.path)
            defer { if readOnly !== database { try? readOnly.close() } }
            result = try readOnly.query(sql, arguments: arguments)
        } catch .invalidQuery(let message) {
            throw .invalidQuery(message)
        } catch {
            throw .store(error)
        }
        return QueryResult(columns: result.columns, rows: result.rows.map { $0.map(QueryValue.init) })
    }
}
