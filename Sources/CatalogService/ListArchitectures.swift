import CatalogStore

/// How `list` and `rank` order architectures (a closed set: never a column name from the user).
public typealias ListSort = ArchitectureSort

/// A `list` request: filters (all must hold), order and row limit. Bounds are inclusive.
public struct ListQuery: Sendable, Hashable {
    /// Bounds on total parameters (trainable + non-trainable).
    public var minParameters: Int?
    public var maxParameters: Int?
    /// Bounds on MACs.
    public var minMACs: Int?
    public var maxMACs: Int?
    /// Tags that must all be present (case-insensitive).
    public var tags: [String]
    /// Layer types that must all be present (case-insensitive, e.g. `LSTM`).
    public var layerTypes: [String]
    /// A glob on the name (`resnet*`), case-insensitive.
    public var namePattern: String?
    /// `keras` or `pytorch`.
    public var framework: String?
    /// `true`: only architectures with every layer counted; `false`: only those with lower-bound
    /// totals.
    public var isComplete: Bool?
    public var sort: ListSort
    public var descending: Bool
    public var limit: Int?

    public init(
        minParameters: Int? = nil, maxParameters: Int? = nil, minMACs: Int? = nil, maxMACs: Int? = nil,
        tags: [String] = [], layerTypes: [String] = [], namePattern: String? = nil,
        framework: String? = nil, isComplete: Bool? = nil,
        sort: ListSort = .name, descending: Bool = false, limit: Int? = nil
    ) {
        self.minParameters = minParameters
        self.maxParameters = maxParameters
        self.minMACs = minMACs
        self.maxMACs = maxMACs
        self.tags = tags
        self.layerTypes = layerTypes
        self.namePattern = namePattern
        self.framework = framework
        self.isComplete = isComplete
        self.sort = sort
        self.descending = descending
        self.limit = limit
    }

    /// The store's filter for this query.
    var filter: ArchitectureFilter {
        ArchitectureFilter(
            minParams: minParameters, maxParams: maxParameters, minMACs: minMACs, maxMACs: maxMACs,
            tags: tags, layerTypes: layerTypes, namePattern: namePattern, framework: framework,
            isComplete: isComplete)
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
        for record in records { summaries.append(try RecordDecoding.summary(of: record)) }
        return summaries
    }

    /// Every architecture with its layers, by name (for `report`).
    /// - Parameter names: The architectures to return, in this order; empty for all of them.
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
