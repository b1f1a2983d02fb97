import CatalogCore
import Foundation
internal import GRDB

// MARK: - Read-only access: completion and `catalog query`

extension CatalogDatabase {
    /// Opens an existing catalog through a read-only connection: nothing done through it can
    /// change the file (SQLite refuses every write with `SQLITE_READONLY`), and no migration is
    /// applied. Writes through the returned database fail with ``StoreError/readOnly(path:)``.
    /// - Parameter path: An existing database file.
    /// - Returns: A database whose ``wasCreated`` is `false`.
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` if the file does not exist or is a
    ///   directory; ``StoreError/notADatabase(path:)``, ``StoreError/corrupt(path:)``,
    ///   ``StoreError/newerSchema(path:migration:)`` as ``init(path:)``.
    public static func openReadOnly(path: String) throws(StoreError) -> CatalogDatabase {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .cannotOpen(path: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw .cannotOpen(path: path, reason: "it is a directory") }
        try inspect(path: path)
        do {
            let queue = try DatabaseQueue(path: Self.fileName(path), configuration: configuration(readonly: true))
            return CatalogDatabase(path: path, writer: queue, wasCreated: false)
        } catch {
            throw storeError(error, path: path)
        }
    }

    /// Runs one read-only SQL statement and returns its rows.
    ///
    /// The statement is compiled first and refused unless SQLite reports it read-only
    /// (`sqlite3_stmt_readonly`); on a database from ``openReadOnly(path:)`` the connection
    /// itself refuses writes as well.
    /// - Parameters:
    ///   - sql: One statement (`SELECT …`, `WITH …`, `PRAGMA table_info(…)`, `EXPLAIN …`);
    ///     `?` placeholders are bound to `arguments`.
    ///   - arguments: Values for the placeholders, as text.
    /// - Returns: The column names and rows.
    /// - Throws: ``StoreError/invalidQuery(_:)`` for SQL that does not compile, is several
    ///   statements, or would change the database; other ``StoreError``s if the file cannot be
    ///   read.
    public func query(_ sql: String, arguments: [String] = []) throws(StoreError) -> QueryResult {
        do {
            return try writer.read { db in
                let statement: Statement
                do {
                    statement = try db.makeStatement(sql: sql)
                } catch let error as DatabaseError {
                    let message = error.message ?? "\(error.resultCode)"
                    throw StoreError.invalidQuery(
                        message.hasPrefix("Multiple statements found") ? "give one statement, not several" : message)
                }
                guard statement.isReadonly else {
                    throw StoreError.invalidQuery(
                        "only statements that read are allowed (SELECT, WITH, PRAGMA of a value, EXPLAIN); the database is opened read-only")
                }
                let columns = statement.columnNames
                var rows: [[QueryValue]] = []
                do {
                    try statement.setArguments(StatementArguments(arguments))
                    let cursor = try Row.fetchCursor(statement)
                    while let row = try cursor.next() {
                        rows.append(row.databaseValues.map(QueryValue.init))
                    }
                } catch let error as DatabaseError where Self.isQueryFault(error.resultCode) {
                    throw StoreError.invalidQuery(error.message ?? "\(error.resultCode)")
                }
                return QueryResult(columns: columns, rows: rows)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error, path: path)
        }
    }
}

extension CatalogDatabase {
    /// Errors a statement causes by what it asks (a missing table, a wrong argument count, an
    /// ATTACH of a file that cannot be opened read-only), as opposed to the file's state.
    static func isQueryFault(_ code: ResultCode) -> Bool {
        [.SQLITE_ERROR, .SQLITE_MISUSE, .SQLITE_RANGE, .SQLITE_MISMATCH, .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_AUTH,
         .SQLITE_TOOBIG, .SQLITE_CONSTRAINT].contains(code.primaryResultCode)
    }
}

extension QueryValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(Array(data))
        }
    }
}
