import CatalogCore
import CatalogStore
import Foundation

/// A `list` request: a filter (every condition must hold), an order and a row limit.
public struct ListQuery: Sendable, Hashable {
    /// The conditions; ``ArchitectureFilter/all`` keeps every architecture.
    public var filter: ArchitectureFilter
    /// The order; ties are broken by name.
    public var sort: ArchitectureSort
    /// `true` for descending order (architectures without the sort value still come last).
    public var descending: Bool
    /// At most this many architectures, or `nil` for all.
    public var limit: Int?

    /// Creates a request; with no arguments it lists every architecture by name.
    public init(filter: ArchitectureFilter = .all, sort: ArchitectureSort = .name, descending: Bool = false, limit: Int? = nil) {
        self.filter = filter
        self.sort = sort
        self.descending = descending
        self.limit = limit
    }

    /// A query bounding total parameters only (inclusive bounds).
    public init(
        minParameters: Int? = nil, maxParameters: Int? = nil, sort: ArchitectureSort = .name,
        descending: Bool = false, limit: Int? = nil
    ) {
        self.init(
            filter: ArchitectureFilter(minParams: minParameters, maxParams: maxParameters), sort: sort,
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
                matching: query.filter, sortedBy: query.sort, descending: query.descending, limit: query.limit)
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
        do {
            let readOnly = database.path == ":memory:" ? database : try CatalogDatabase.openReadOnly(path: database.path)
            defer { if readOnly !== database { try? readOnly.close() } }
            return try readOnly.query(sql, arguments: arguments)
        } catch .invalidQuery(let message) {
            throw .invalidQuery(message)
        } catch {
            throw .store(error)
        }
    }
}
