import CatalogStore

/// How `list` and `rank` order architectures (a closed set: never a column name from the user).
public typealias ListSort = ArchitectureSort

/// Which architectures `list` and `rank` keep: bounds on parameters and MACs, tags, layer types,
/// a name glob, the convention, completeness (see ``ArchitectureFilter``).
public typealias ListFilter = ArchitectureFilter

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
    /// - Throws: ``ServiceError/store(_:)`` with ``StoreError/invalidQuery(_:)`` for SQL that
    ///   does not compile or would write.
    public func query(_ sql: String, arguments: [String] = []) throws(ServiceError) -> QueryResult {
        do {
            let readOnly = database.path == ":memory:" ? database : try CatalogDatabase.openReadOnly(path: database.path)
            defer { if readOnly !== database { try? readOnly.close() } }
            return try readOnly.query(sql, arguments: arguments)
        } catch {
            throw .store(error)
        }
    }
}
