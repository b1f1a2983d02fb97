internal import GRDB
internal import GRDBSQLite

/// Inserts layer rows through SQLite's C API on one of GRDB's cached prepared statements.
///
/// GRDB binds through `StatementArguments`, built from existential or key-path-mapped values:
/// about 35,000 instructions a row, as much as SQLite's own insert. Here each value is bound
/// directly (`sqlite3_bind_int64`, `sqlite3_bind_text`) at its ``LayerColumn``'s index and the
/// statement stepped once. The caller holds the write transaction
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
            case .text(let text?): bind(text, index)
            case .integer(nil), .text(nil): sqlite3_bind_null(handle, index)
            }
        }
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

    private func bind(_ text: String, _ index: Int32) {
        var text = text
        text.withUTF8 { utf8 in
            // SQLITE_TRANSIENT: SQLite copies the text before this returns.
            _ = sqlite3_bind_text(
                statement.sqliteStatement, index, utf8.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                Int32(utf8.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }
}
