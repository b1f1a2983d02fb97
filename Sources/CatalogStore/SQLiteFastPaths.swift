internal import GRDB
internal import GRDBSQLite

// MARK: - SQLite's C API, in this file only
//
// Everything else in CatalogStore goes through GRDB. The paths below exist because a measured
// figure justifies each ("Fast paths kept" in BENCHMARKS.md); they work on GRDB's own prepared
// statements (`Statement.sqliteStatement`), so GRDB still owns connections and transactions.

/// Inserts rows through SQLite's C API, a few rows per statement (`INSERT … VALUES (…), (…), …`),
/// on GRDB's cached prepared statements.
///
/// Why: one statement per row paid, per row, SQLite's statement set-up and end (a statement
/// journal opened and closed, because the tables have triggers, CHECKs and foreign keys, and
/// every table and index cursor opened again): 196 layer rows and 291 tensor rows of a
/// Llama-3-8B checkpoint cost 21.9 million instructions (callgrind, one `add`).
/// A statement of k rows pays them once, but SQLite 3.40 compiles each row of a `VALUES` list as
/// its own `SELECT` of a compound, about 40,000 instructions more per row to prepare: measured
/// by callgrind on 196 layer rows, k = 1 costs 12.0 million instructions, k = 8 about 8.4 million
/// and k = 98 over 15 million. Hence ``maximumRowsPerStatement``.
/// SQLite evaluates the rows' CHECKs, triggers and foreign keys one by one as before, and a
/// failing row fails its whole statement, which the caller's savepoint rolls back with the rest
/// of the architecture.
///
/// Parameter `?1` is shared by every row (the architecture id); row `r` (from 0) of a statement
/// binds ``parametersPerRow`` parameters from `2 + r · parametersPerRow` on. Values are bound
/// directly (`sqlite3_bind_int64`, `sqlite3_bind_text`), as GRDB binds them. The caller holds the
/// write transaction; a failing statement throws GRDB's `DatabaseError`, as `Statement.execute` would.
struct MultiRowInserter {
    /// The most rows one statement inserts (fewer when SQLite's limit on a statement's parameters,
    /// `SQLITE_LIMIT_VARIABLE_NUMBER`, is lower): the least instructions for one `add`, whose
    /// statements are prepared once (see the type's notes).
    static let maximumRowsPerStatement = 8

    private let db: Database
    /// `INSERT INTO table (columns) VALUES ` (the rows follow).
    private let head: String
    /// One row's values with `@` in place of each row parameter's number (`?@`), which is
    /// written as the row's parameter numbers in order; `?1` is the shared parameter.
    private let rowTemplate: [Substring]
    let parametersPerRow: Int

    /// - Parameters:
    ///   - head: `INSERT INTO table (columns) VALUES `.
    ///   - row: One row's value list, e.g. `(?1, ?@, ?@)`; each `?@` is the row's next parameter.
    init(_ db: Database, head: String, row: String) {
        self.db = db
        self.head = head
        rowTemplate = row.split(separator: "@", omittingEmptySubsequences: false)
        parametersPerRow = rowTemplate.count - 1
    }

    /// The text of a statement inserting `rows` rows (constants and generated placeholders only).
    func sql(rows: Int) -> String {
        var text = Array(head.utf8)
        var parameter = 2
        for row in 0..<rows {
            if row > 0 { text += ", ".utf8 }
            for (index, piece) in rowTemplate.enumerated() {
                if index > 0 {
                    appendDecimal(parameter, to: &text)
                    parameter += 1
                }
                text += piece.utf8
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The rows per statement for `count` rows: every statement but the last inserts this many.
    func rowsPerStatement(count: Int) -> Int {
        Self.rowsPerStatement(
            count: count, parametersPerRow: parametersPerRow,
            variableLimit: Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, -1)))
    }

    /// The rows per statement for `count` rows of `parametersPerRow` parameters each (plus the
    /// shared `?1`) when a statement may have at most `variableLimit` parameters: at most
    /// ``maximumRowsPerStatement`` and `count`, at least 1.
    static func rowsPerStatement(count: Int, parametersPerRow: Int, variableLimit: Int) -> Int {
        let maximum = min(maximumRowsPerStatement, (variableLimit - 1) / max(1, parametersPerRow))
        return max(1, min(maximum, count))
    }

    /// Inserts `count` rows: binds `shared` at `?1` and, for each row `r`, calls `bind(handle, r,
    /// first)` to bind its ``parametersPerRow`` values from index `first` on.
    func insert(
        count: Int, shared: Int64, bind: (_ handle: OpaquePointer, _ row: Int, _ first: Int32) -> Void
    ) throws {
        guard count > 0 else { return }
        let chunk = rowsPerStatement(count: count)
        var start = 0
        var current: (rows: Int, statement: Statement)?
        // Each statement's values are all bound again for its next rows; its copies of the last
        // ones are released when it is done with, not after every step.
        defer { if let current { sqlite3_clear_bindings(current.statement.sqliteStatement) } }
        while start < count {
            let rows = min(chunk, count - start)
            if current?.rows != rows {
                if let current { sqlite3_clear_bindings(current.statement.sqliteStatement) }
                current = (rows, try db.cachedStatement(sql: sql(rows: rows)))
            }
            let statement = current!.statement
            let handle = statement.sqliteStatement
            sqlite3_reset(handle)
            sqlite3_bind_int64(handle, 1, shared)
            for row in 0..<rows {
                bind(handle, start + row, Int32(2 + row * parametersPerRow))
            }
            try stepInsert(statement, db)
            start += rows
        }
    }
}

extension LayerRecord {
    /// The multi-row insert of layer rows (``LayerRecord/insertColumns``, the architecture id
    /// shared at `?1`).
    static func inserter(_ db: Database) -> MultiRowInserter {
        let values = LayerColumn.inserted.map { $0 == .architectureID ? "?1" : "?@" }
        return MultiRowInserter(
            db, head: "INSERT INTO layers (" + insertColumns.joined(separator: ", ") + ") VALUES ",
            row: "(" + values.joined(separator: ", ") + ")")
    }

    /// Binds this layer's values but the architecture id, from parameter `first` on, in the order
    /// of ``LayerColumn/inserted``.
    func bind(_ handle: OpaquePointer, from first: Int32) {
        var index = first
        for column in LayerColumn.inserted where column != .architectureID {
            switch value(of: column) {
            case .integer(let value?): sqlite3_bind_int64(handle, index, value)
            case .text(let text?): bindText(handle, index, text)
            case .integer(nil), .text(nil): sqlite3_bind_null(handle, index)
            }
            index += 1
        }
    }
}

extension TensorRecord {
    /// The multi-row insert of tensor rows (migration 0006), the architecture id shared at `?1`;
    /// each row's layer is looked up by its name among that architecture's layers.
    static func inserter(_ db: Database) -> MultiRowInserter {
        MultiRowInserter(
            db,
            head: "INSERT INTO tensors (architecture_id, layer_id, position, name, dtype, shape, elements, bytes, buffer, uncounted_reason) VALUES ",
            row: "(?1, (SELECT id FROM layers WHERE architecture_id = ?1 AND name = ?@), ?@, ?@, ?@, ?@, ?@, ?@, ?@, ?@)")
    }

    /// Binds this tensor at `position` from parameter `first` on: layer name, position, name,
    /// dtype, shape, elements, bytes, buffer (as GRDB binds a `Bool`: 0 or 1), uncounted reason.
    func bind(_ handle: OpaquePointer, position: Int, from first: Int32) {
        bindText(handle, first, layer)
        sqlite3_bind_int64(handle, first + 1, Int64(position))
        bindText(handle, first + 2, name)
        bindText(handle, first + 3, dtype)
        bindText(handle, first + 4, shape)
        sqlite3_bind_int64(handle, first + 5, Int64(elements))
        if let bytes { sqlite3_bind_int64(handle, first + 6, Int64(bytes)) } else { sqlite3_bind_null(handle, first + 6) }
        sqlite3_bind_int64(handle, first + 7, isBuffer ? 1 : 0)
        bindText(handle, first + 8, uncountedReason)
    }
}

/// Appends the decimal digits of `value` (not negative) to `bytes`.
private func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
    var divisor = 1
    while divisor * 10 <= value { divisor *= 10 }
    var rest = value
    while divisor > 0 {
        bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
        rest %= divisor
        divisor /= 10
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

/// Steps the bound insert `statement` once, then resets it (its bindings are kept).
/// - Throws: GRDB's `DatabaseError` with SQLite's code and message, as `Statement.execute` would.
private func stepInsert(_ statement: Statement, _ db: Database) throws {
    let handle = statement.sqliteStatement
    let code = sqlite3_step(handle)
    defer { sqlite3_reset(handle) }
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

// MARK: - Schema questions

// Why: GRDB's schema introspection (`Database.columns(in:)`, `tableExists(_:)`) runs PRAGMAs
// and builds its schema cache, 0.7 and 2.4 million instructions (callgrind) for the one question
// each of an `add` asks; SQLite answers from the schema it has parsed.

/// Whether a table named `table` (in any attached schema) has a column named `column`
/// (`sqlite3_table_column_metadata`); `false` when the table does not exist.
func hasColumn(_ db: Database, table: String, column: String) -> Bool {
    sqlite3_table_column_metadata(db.sqliteConnection, nil, table, column, nil, nil, nil, nil, nil) == SQLITE_OK
}

/// Whether a table (or view) named `table` exists in any attached schema, compared
/// case-insensitively as SQLite names are (`sqlite3_table_column_metadata` without a column).
func hasTable(_ db: Database, _ table: String) -> Bool {
    sqlite3_table_column_metadata(db.sqliteConnection, nil, table, nil, nil, nil, nil, nil, nil) == SQLITE_OK
}

// MARK: - For tests

extension CatalogDatabase {
    /// The texts of the layer and tensor inserts of `rows` rows. For tests only (`@testable import`).
    func multiRowSQLForTesting(rows: Int) -> (layers: String, tensors: String) {
        writer.writeWithoutTransaction { db in
            (LayerRecord.inserter(db).sql(rows: rows), TensorRecord.inserter(db).sql(rows: rows))
        }
    }

    /// Lowers (or raises) the writer connection's `SQLITE_LIMIT_VARIABLE_NUMBER`, the most
    /// parameters one statement may have. For tests only (`@testable import`).
    func setVariableLimitForTesting(_ limit: Int32) {
        writer.writeWithoutTransaction { db in
            _ = sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, limit)
        }
    }
}
