import CatalogCore
internal import GRDB

// MARK: - Memory budgets: `list --fits` as one SQL query over architecture_memory

extension CatalogDatabase {
    /// The architectures that pass `filter` and whose inference total at `query`'s context and
    /// batch fits in its budget, most room left first (`descending`: least room first), ties by
    /// name; at most `limit`.
    ///
    /// One statement: the terms are computed per row from `architecture_memory` (migration 0009)
    /// and `total_params`, as CatalogCore's `Memory.breakdown` computes them for inference
    /// (docs/MEMORY.md): weights = stored bytes, else parameters × the declared bytes, or
    /// ⌈parameters / block⌉ · block bytes for a requested type (a llama.cpp mix: the row's
    /// `mix_weight_bytes` for it when there, migration 0013); KV = batch · (full values per token
    /// · context + window values per token · min(context, window), for each window of
    /// `kv_windows` when they differ, + cross values) · bytes (÷ block
    /// elements · block bytes for a quantized type, whose block must divide every KV row);
    /// activations = batch · (context · values per token, or values per sample) · bytes.
    /// Architectures without figures (not computed) and those whose learned positions are fewer
    /// than the context are left out.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architecturesFitting(
        _ query: MemoryBudgetQuery, matching filter: ArchitectureFilter = .all, descending: Bool = false,
        limit: Int? = nil
    ) throws(StoreError) -> [MemoryFitRow] {
        let (sql, arguments) = Self.fittingSQL(query, filter: filter, descending: descending, limit: limit)
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                MemoryFitRow(
                    architecture: try ArchitectureRecord(row: row), weightsBytes: row["memory_weights_bytes"],
                    kvCacheBytes: row["memory_kv_cache_bytes"], activationBytes: row["memory_activation_bytes"],
                    totalBytes: row["memory_total_bytes"])
            }
        }
    }

    /// ``architecturesFitting(_:matching:descending:limit:)`` one row at a time, read by
    /// position as ``forEachArchitecture(matching:sortedBy:descending:limit:_:)`` reads them
    /// (the records carry the listed columns only): `list --fits --format csv` of 100,000
    /// architectures without holding them.
    /// - Throws: A ``StoreError`` if the database cannot be read, or what `body` throws.
    public func forEachArchitectureFitting(
        _ query: MemoryBudgetQuery, matching filter: ArchitectureFilter = .all, descending: Bool = false,
        limit: Int? = nil, _ body: (MemoryFitRow) throws -> Void
    ) throws(StoreError) {
        let columns = ArchitectureColumn.listedSQL
        let (sql, arguments) = Self.fittingSQL(query, filter: filter, descending: descending, limit: limit, columns: columns)
        let first = Int32(ArchitectureColumn.listed.count)
        try read { db in
            let statement = try db.cachedStatement(sql: sql)
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while try rows.next() != nil {
                let pointer = statement.sqliteStatement
                func integer(_ column: Int32) -> Int? { columnComputedInteger(pointer, column) }
                try body(MemoryFitRow(
                    architecture: ArchitectureRecord(listedColumnsOf: pointer), weightsBytes: integer(first) ?? 0,
                    kvCacheBytes: integer(first + 1) ?? 0, activationBytes: integer(first + 2),
                    totalBytes: integer(first + 3) ?? 0))
            }
        }
    }

    /// The architectures that pass `filter` and have memory figures but that
    /// ``architecturesFitting(_:matching:descending:limit:)`` leaves out whatever the budget:
    /// fewer learned positions than `query`'s context, or (with a KV block type) KV rows that are
    /// not whole blocks. By name.
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func architecturesLeftOut(
        _ query: MemoryBudgetQuery, matching filter: ArchitectureFilter = .all
    ) throws(StoreError) -> [MemoryLeftOutRow] {
        let (conditions, conditionValues) = Self.conditions(of: filter)
        // A KV block of one value (a float type) divides every row.
        let block = query.kvBlock?.elements ?? 1
        let values: [(any DatabaseValueConvertible)?] = [query.context, block, block]
        // The filter's conditions are literal SQL with `?` placeholders (`conditions(of:)`).
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT name, short, misfit FROM (SELECT architectures.name AS name, "
            + "(CASE WHEN m.learned_positions < ? THEN m.learned_positions END) AS short, "
            + "(CASE WHEN ? > 1 AND m.kv_row_gcd % ? <> 0 THEN m.kv_row_gcd END) AS misfit "
            + "FROM architectures JOIN architecture_memory m ON m.architecture_id = architectures.id" + whereClause
            + ") WHERE short IS NOT NULL OR misfit IS NOT NULL ORDER BY name"
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values + conditionValues)).map { row in
                MemoryLeftOutRow(name: row[0], learnedPositions: row[1], kvRowValues: row[2])
            }
        }
    }

    /// The statement of ``architecturesFitting(_:matching:descending:limit:)`` and its arguments;
    /// `columns` is the select list of the architecture's columns, followed by the four terms.
    static func fittingSQL(
        _ query: MemoryBudgetQuery, filter: ArchitectureFilter, descending: Bool, limit: Int?, columns: String = "*"
    ) -> (String, StatementArguments) {
        var values: [(any DatabaseValueConvertible)?] = []
        let weights: String
        if let block = query.weightBlock, let mix = query.mix {
            // A llama.cpp mix: its per-tensor bytes where stored (migration 0013), else the base type.
            weights = "COALESCE(json_extract(m.mix_weight_bytes, ?), ((total_params + ?) / ?) * ?)"
            values += ["$.\"\(mix)\"", block.elements - 1, block.elements, block.bytes]
        } else if let block = query.weightBlock {
            weights = "((total_params + ?) / ?) * ?"
            values += [block.elements - 1, block.elements, block.bytes]
        } else {
            weights = "COALESCE(m.stored_weight_bytes, weight_bytes, total_params * m.declared_bytes_per_param)"
        }
        // Sliding-window layers of different windows (migration 0010): each window's values per
        // token · min(context, window), summed over kv_windows' [window, values] pairs.
        let windows = "(CASE WHEN m.kv_windows IS NULL THEN 0 ELSE (SELECT SUM(json_extract(value, '$[1]') * min(?, json_extract(value, '$[0]'))) FROM json_each(m.kv_windows)) END)"
        var kv = "(m.kv_values_per_token * ? + m.kv_window_values_per_token * min(?, COALESCE(m.kv_window, 0)) + \(windows) + m.kv_fixed_values) * ?"
        values += [query.context, query.context, query.context, query.batch]
        var extra: [String] = []
        var extraValues: [(any DatabaseValueConvertible)?] = []
        if let block = query.kvBlock {
            kv = "(\(kv)) / ? * ?"
            values += [block.elements, block.bytes]
            extra.append("m.kv_row_gcd % ? = 0")
            extraValues.append(block.elements)
        } else {
            kv = "(\(kv)) * m.kv_default_bytes"
        }
        let activationBytes: String
        if query.weightBlock != nil {
            activationBytes = "?"
        } else {
            activationBytes = "(CASE WHEN m.declared_bytes_per_param = 4 THEN 4 ELSE 2 END)"
        }
        let activations = """
            (CASE WHEN m.activation_values_per_token IS NOT NULL THEN ? * ? * m.activation_values_per_token * \(activationBytes) \
            WHEN m.activation_values_per_sample IS NOT NULL THEN ? * m.activation_values_per_sample * \(activationBytes) END)
            """
        if query.weightBlock != nil {
            values += [query.batch, query.context, query.activationBytes, query.batch, query.activationBytes]
        } else {
            values += [query.batch, query.context, query.batch]
        }
        // A model with learned positions cannot run past them (migration 0011).
        extra.append("(m.learned_positions IS NULL OR m.learned_positions >= ?)")
        extraValues.append(query.context)
        let (conditions, conditionValues) = conditions(of: filter)
        let direction = descending ? "DESC" : "ASC"
        let whereClause = (conditions + extra).isEmpty ? "" : " WHERE " + (conditions + extra).joined(separator: " AND ")
        var sql = """
            SELECT \(columns), memory_weights_bytes, memory_kv_cache_bytes, memory_activation_bytes, memory_total_bytes \
            FROM (SELECT architectures.*, w AS memory_weights_bytes, k AS memory_kv_cache_bytes, \
            act AS memory_activation_bytes, w + k + COALESCE(act, 0) AS memory_total_bytes FROM (SELECT architectures.*, \
            \(weights) AS w, \(kv) AS k, \(activations) AS act FROM architectures \
            JOIN architecture_memory m ON m.architecture_id = architectures.id\(whereClause)) AS architectures) \
            WHERE memory_total_bytes <= ? ORDER BY memory_total_bytes \(direction), name ASC
            """
        if limit != nil { sql += " LIMIT ?" }
        var all = values + conditionValues + extraValues
        all.append(query.budget)
        if let limit { all.append(limit) }
        return (sql, StatementArguments(all))
    }
}
