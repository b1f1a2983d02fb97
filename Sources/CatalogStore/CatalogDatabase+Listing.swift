import CatalogCore
internal import GRDB

// MARK: - Listing: filters and sorts as SQL on the cached columns

extension CatalogDatabase {
    /// The architectures that pass `filter`, in the order `sort` gives, at most `limit` of them.
    ///
    /// Everything runs in SQLite on the cached columns: bounds are range scans of the indexes
    /// of migrations 0001–0003, tags and layer types are lookups in the `architecture_tags` and
    /// `layers_type` indexes, and every sort is served by an index ending in the name (see
    /// ``listingSQL(filter:sort:descending:limit:)``). Ties are
    /// broken by name (ascending, case-insensitive); rows whose sort value is not computed yet
    /// come last in either direction.
    /// - Parameters:
    ///   - filter: The conditions; ``ArchitectureFilter/all`` keeps every row.
    ///   - sort: The column to order by.
    ///   - descending: Largest (or last name, or most recently added) first.
    ///   - limit: The most rows returned; `nil` for all. Must not be negative.
    /// - Returns: The records.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architectures(
        matching filter: ArchitectureFilter = .all,
        sortedBy sort: ArchitectureSort = .name,
        descending: Bool = false,
        limit: Int? = nil
    ) throws(StoreError) -> [ArchitectureRecord] {
        try read { db in
            var records: [ArchitectureRecord] = []
            try Self.forEachListedRow(db, filter: filter, sort: sort, descending: descending, limit: limit, columns: "*") { row, _ in
                records.append(try ArchitectureRecord(row: row))
            }
            return records
        }
    }

    /// Runs the statements of ``listingSQL(filter:sort:descending:limit:columns:)`` in order,
    /// handing `body` each row (a view of the statement, valid until the next) and the statement,
    /// at most `limit` rows in all. The one loop of ``architectures(matching:sortedBy:descending:limit:)``
    /// and ``forEachArchitecture(matching:sortedBy:descending:limit:_:)``.
    static func forEachListedRow(
        _ db: Database, filter: ArchitectureFilter, sort: ArchitectureSort, descending: Bool, limit: Int?,
        columns: String, _ body: (Row, Statement) throws -> Void
    ) throws {
        var count = 0
        for (sql, values) in listingSQL(filter: filter, sort: sort, descending: descending, limit: limit, columns: columns) {
            var arguments = StatementArguments(values)
            if let limit {
                if count >= limit { break }
                arguments += [limit - count]
            }
            let statement = try db.cachedStatement(sql: sql)
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() {
                try body(row, statement)
                count += 1
            }
        }
    }

    /// The number of architectures that pass `filter`.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architectureCount(matching filter: ArchitectureFilter) throws(StoreError) -> Int {
        let (conditions, values) = Self.conditions(of: filter)
        var sql = "SELECT count(*) FROM architectures"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        let arguments = StatementArguments(values)
        return try read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    /// The statements (run in order, their rows concatenated) and their arguments for
    /// ``architectures(matching:sortedBy:descending:limit:)``; with a `limit`, each ends in
    /// `LIMIT ?` whose argument the caller appends (what is left of the limit). Only `?`
    /// placeholders carry user text; column names come from the closed ``ArchitectureSort``.
    ///
    /// NULL sorts first in SQLite, so a descending sort puts uncomputed rows last by itself;
    /// an ascending one reads the computed rows by the index, then the uncomputed ones by name.
    /// Either way the rows are read in index order (a descending sort orders only runs of ties
    /// by name in a temporary B-tree); a bound on another column than the sort's may make
    /// SQLite prefer that column's index and sort the matching rows.
    static func listingSQL(
        filter: ArchitectureFilter, sort: ArchitectureSort, descending: Bool, limit: Int?,
        columns: String = "*"
    ) -> [(sql: String, values: [(any DatabaseValueConvertible)?])] {
        let (conditions, values) = conditions(of: filter)
        let direction = descending ? "DESC" : "ASC"
        func select(_ extra: [String], orderBy order: String) -> (String, [(any DatabaseValueConvertible)?]) {
            let all = conditions + extra
            var sql = "SELECT \(columns) FROM architectures"
            if !all.isEmpty { sql += " WHERE " + all.joined(separator: " AND ") }
            sql += " ORDER BY " + order
            if limit != nil { sql += " LIMIT ?" }
            return (sql, values)
        }
        switch sort {
        case .name, .added:
            return [select([], orderBy: "\(sort.column) \(direction)")]
        default:
            // The second key is the name ascending in both directions; descending by the
            // first key is a backward index scan sorting only the ties.
            if descending {
                return [select([], orderBy: "\(sort.column) DESC, name ASC")]
            }
            return [
                select(["\(sort.column) IS NOT NULL"], orderBy: "\(sort.column) ASC, name ASC"),
                select(["\(sort.column) IS NULL"], orderBy: "name ASC"),
            ]
        }
    }

    /// The `WHERE` conditions of `filter`, each with its `?` arguments in order.
    static func conditions(of filter: ArchitectureFilter) -> ([String], [(any DatabaseValueConvertible)?]) {
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        func bound(_ column: String, _ op: String, _ value: Int?) {
            guard let value else { return }
            conditions.append("\(column) \(op) ?")
            values.append(value)
        }
        bound("total_params", ">=", filter.minParams)
        bound("total_params", "<=", filter.maxParams)
        bound("macs", ">=", filter.minMACs)
        bound("macs", "<=", filter.maxMACs)
        bound("active_params", ">=", filter.minActiveParams)
        bound("active_params", "<=", filter.maxActiveParams)
        for tag in filter.tags {
            conditions.append("id IN (SELECT architecture_id FROM architecture_tags WHERE tag = ?)")
            values.append(tag)
        }
        for type in filter.layerTypes {
            // The names a user would give the layer family (LayerTypeMatch): Linear finds Dense,
            // MultiHeadAttention finds a Hugging Face TransformerAttention.
            let names = LayerTypeMatch.storedTypes(matching: type)
            conditions.append(
                "id IN (SELECT architecture_id FROM layers WHERE type COLLATE NOCASE IN ("
                    + names.map { _ in "?" }.joined(separator: ", ") + "))")
            values.append(contentsOf: names.map { $0 as (any DatabaseValueConvertible)? })
        }
        if let pattern = filter.namePattern {
            conditions.append("lower(name) GLOB lower(?)")
            values.append(pattern)
        }
        if let framework = filter.framework {
            conditions.append("framework = ?")
            values.append(framework)
        }
        if let assumed = filter.hasAssumedShapes {
            conditions.append(assumed
                ? "COALESCE(json_array_length(assumed_layers), 0) > 0"
                : "COALESCE(json_array_length(assumed_layers), 0) = 0")
        }
        if let perStep = filter.hasPerStepMACs {
            conditions.append(perStep
                ? "COALESCE(json_array_length(per_step_mac_layers), 0) > 0"
                : "COALESCE(json_array_length(per_step_mac_layers), 0) = 0")
        }
        if let isComplete = filter.isComplete {
            conditions.append("is_complete = ?")
            values.append(isComplete)
        }
        return (conditions, values)
    }
}
