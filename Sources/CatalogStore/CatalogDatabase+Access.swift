internal import GRDB

// MARK: - Running operations and translating errors

extension CatalogDatabase {
    /// Runs `body` on a read connection (a consistent snapshot).
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// Runs `body` in one `IMMEDIATE` transaction: it takes the write lock up front, so a
    /// concurrent writer makes it wait (busy timeout) instead of failing mid-transaction.
    /// Any error rolls the whole transaction back.
    ///
    /// The transaction's statement and savepoint journals (the pages each statement or savepoint
    /// would restore) are kept in memory (`PRAGMA temp_store = MEMORY`): by default SQLite spills
    /// them to a temporary file past 64 KiB and then writes every later statement's journal to
    /// it (1,714 writes to /var/tmp for one add of a Llama-3-8B folder). The database file, its
    /// WAL and their syncs are the same either way; the journals hold about one statement's or
    /// one architecture's pages at a time.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// Executes raw SQL outside the repository API. For tests only (`@testable import`).
    func executeForTesting(_ sql: String) throws(StoreError) {
        do {
            try writer.writeWithoutTransaction { db in try db.execute(sql: sql) }
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// Fetches one text value with raw SQL on the writer connection. For tests only
    /// (`@testable import`).
    func fetchTextForTesting(_ sql: String) throws(StoreError) -> String? {
        do {
            return try writer.writeWithoutTransaction { db in try String.fetchOne(db, sql: sql) }
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// The `EXPLAIN QUERY PLAN` details of a query. For tests only (`@testable import`).
    func queryPlanForTesting(_ sql: String) throws(StoreError) -> [String] {
        try read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
        }
    }

    /// Translates any error thrown by GRDB or the store into a ``StoreError``.
    static func storeError(_ error: any Error, path: String) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as DatabaseError:
            let message = error.message ?? "\(error.resultCode)"
            switch error.resultCode {
            case .SQLITE_CONSTRAINT:
                return .constraint(message)
            case .SQLITE_NOTADB:
                return .notADatabase(path: path)
            case .SQLITE_CORRUPT:
                return .corrupt(path: path)
            case .SQLITE_READONLY:
                return .readOnly(path: path)
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
                return .cannotOpen(path: path, reason: message)
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .underlying(
                    "the database at \(path) is locked by another catalog process (waited \(Int(busyTimeout)) s); try again")
            case .SQLITE_FULL:
                return .underlying("the disk holding \(path) is full")
            case .SQLITE_IOERR:
                return .underlying("I/O error on \(path): \(message)")
            default:
                return .underlying("\(path): \(message)")
            }
        default:
            return .underlying(String(describing: error))
        }
    }
}
