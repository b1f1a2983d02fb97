internal import GRDB
internal import GRDBSQLite

// MARK: - SQLite's C API, in this file only
//
// Everything else in CatalogStore goes through GRDB. The paths below exist because a measured
// figure justifies each ("Fast paths kept" in BENCHMARKS.md); they work on GRDB's own prepared
// statements (`Statement.sqliteStatement`), so GRDB still owns connections and transactions.

/// Inserts layer rows through SQLite's C API on one of GRDB's cached prepared statements.
///
/// Why: GRDB's `StatementArguments` cost as much per row as SQLite's insert (BENCHMARKS.md,
/// "Fast paths kept"). Each value is bound directly (`sqlite3_bind_int64`, `sqlite3_bind_text`)
/// at its ``LayerColumn``'s index and the statement stepped once. The caller holds the write transaction
/// (``CatalogDatabase/insert(_:layers:replace:_:)``); a failing row throws GRDB's
/// `DatabaseError`, as `Statement.execute` would.
struct LayerRowInserter {
    private let statement: Statement
    private let db: Database

    /// Prepares (or reuses) `sql`, the insert of ``LayerRecord/insertColumns`` (whose n-th `?`
    /// is then the column of raw value n), on `db`.
    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
        precondition(sqlite3_bind_parameter_count(statement.sqliteStatement) == Int32(LayerColumn.inserted.count))
    }

    /// Inserts `layer` as a row of architecture `architectureID`.
    func insert(_ layer: LayerRecord, architectureID: Int64) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        for column in LayerColumn.inserted {
            let index = column.rawValue
            switch column == .architectureID ? .integer(architectureID) : layer.value(of: column) {
            case .integer(let value?): sqlite3_bind_int64(handle, index, value)
            case .text(let text?): bindText(handle, index, text)
            case .integer(nil), .text(nil): sqlite3_bind_null(handle, index)
            }
        }
        try stepInsert(statement, db)
    }
}

/// Binds `text` (NULL for `nil`) at `index` as SQLite's own copy (`SQLITE_TRANSIENT`).
private func bindText(_ handle: OpaquePointer, _ index: Int32, _ text: String?) {
    guard var text else {
        sqlite3_bind_null(handle, index)
        return
    }
    text.withUTF8 { utf8 in
        _ = sqlite3_bind_text(
            handle, index, utf8.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
            Int32(utf8.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }
}

/// Steps the bound insert `statement` once, then resets it and clears its bindings.
/// - Throws: GRDB's `DatabaseError` with SQLite's code and message, as `Statement.execute` would.
private func stepInsert(_ statement: Statement, _ db: Database) throws {
    let handle = statement.sqliteStatement
    let code = sqlite3_step(handle)
    defer {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }
    guard code == SQLITE_DONE else {
        throw DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
            message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
    }
}

// MARK: - Columns read by position

// Why: GRDB's lookup of a row's columns by name cost more than the values (`show`, `list`;
// BENCHMARKS.md, "Fast paths kept"). Positions come from ``ArchitectureColumn`` and
// ``LayerColumn``.

/// A text column of the statement's current row; `nil` for NULL.
func columnText(_ statement: OpaquePointer, _ column: Int32) -> String? {
    guard let characters = sqlite3_column_text(statement, column) else { return nil }
    let count = Int(sqlite3_column_bytes(statement, column))
    return String(decoding: UnsafeBufferPointer(start: characters, count: count), as: UTF8.self)
}

/// An integer column of the statement's current row; `nil` for NULL.
/// - Throws: ``StoreError/underlying(_:)`` for text, a real or a blob (SQLite would read it as
///   0 or a truncated number), naming `table`, the row's id (column 0) and the column.
func columnInteger(_ statement: OpaquePointer, _ column: Int32, table: String) throws(StoreError) -> Int? {
    switch sqlite3_column_type(statement, column) {
    case SQLITE_NULL: return nil
    case SQLITE_INTEGER: return Int(sqlite3_column_int64(statement, column))
    default:
        let name = sqlite3_column_name(statement, column).map { String(cString: $0) } ?? "column \(column)"
        let id = sqlite3_column_type(statement, 0) == SQLITE_INTEGER ? "\(sqlite3_column_int64(statement, 0))" : "?"
        throw CatalogDatabase.notAnInteger(table: table, id: id, column: name, value: columnText(statement, column) ?? "")
    }
}

/// A computed column of the statement's current row (an SQL expression, not a stored count),
/// as SQLite converts it to an integer; `nil` for NULL.
func columnComputedInteger(_ statement: OpaquePointer, _ column: Int32) -> Int? {
    sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(statement, column))
}

/// Inserts tensor rows (migration 0006) through SQLite's C API on GRDB's cached statement `sql`,
/// whose parameters are, in order: architecture id, layer name (looked up by the statement),
/// position, name, dtype, shape, elements, bytes, buffer, uncounted reason.
///
/// Why: bound through GRDB's `StatementArguments`, the 291 rows of a Llama-3-8B checkpoint
/// cost 12.7 million instructions, most of them in dynamic casts (BENCHMARKS.md section 6).
/// Values are bound as GRDB binds them (a `Bool` as the integer 0 or 1). The caller holds the
/// write transaction; a failing row throws GRDB's `DatabaseError`.
struct TensorRowInserter {
    private let statement: Statement
    private let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
        precondition(sqlite3_bind_parameter_count(statement.sqliteStatement) == 10)
    }

    /// Inserts `tensor` at `position` of architecture `architectureID`.
    func insert(_ tensor: TensorRecord, position: Int, architectureID: Int64) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, architectureID)
        bindText(handle, 2, tensor.layer)
        sqlite3_bind_int64(handle, 3, Int64(position))
        bindText(handle, 4, tensor.name)
        bindText(handle, 5, tensor.dtype)
        bindText(handle, 6, tensor.shape)
        sqlite3_bind_int64(handle, 7, Int64(tensor.elements))
        if let bytes = tensor.bytes { sqlite3_bind_int64(handle, 8, Int64(bytes)) } else { sqlite3_bind_null(handle, 8) }
        sqlite3_bind_int64(handle, 9, tensor.isBuffer ? 1 : 0)
        bindText(handle, 10, tensor.uncountedReason)
        try stepInsert(statement, db)
    }
}
