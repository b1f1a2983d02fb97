import Foundation
internal import GRDB

/// The catalog's SQLite database: opens or creates it, applies the schema migrations
/// compiled into the binary, and offers the reads and writes of the repository layer.
///
/// A file database uses WAL journaling through one connection (a `DatabaseQueue`: GRDB's
/// `DatabasePool` writes a throw-away table at every open to create the WAL file, which changed
/// the file even for a command that failed or only read); it has
/// foreign keys on, and the writer waits up to 60 s for the write lock held by another process
/// (in WAL mode readers are not blocked by writers). Every write is one transaction. Errors are always ``StoreError``s.
///
/// The schema lives in `migrations/NNNN_name.sql`; each file is one migration whose
/// identifier is its name without `.sql`. A database that records a migration this binary
/// does not know was written by a newer `catalog`, and is refused without being modified.
public final class CatalogDatabase: Sendable {
    /// The path of the database file, or `:memory:` for an in-memory database.
    public let path: String
    /// Whether opening created the database's schema (it had no migration applied). Decided under
    /// the write lock, so of several processes opening a new file at once exactly one sees `true`.
    public let wasCreated: Bool
    /// The connection every operation goes through.
    let writer: any DatabaseWriter

    /// How long a connection waits for another process's lock before failing: 60 s, bounded
    /// but long enough for 16 bulk `add`s queueing behind each other (with 5 s, one of 16
    /// writers of 40 files each failed in 2 of 11 runs).
    static let busyTimeout: TimeInterval = 60

    // MARK: - Opening

    /// Opens the database file at `path`, creating it (and, when `createsMissingFolders`, its
    /// missing parent directories) if needed, and applies the migrations it lacks.
    ///
    /// An existing file is first inspected through a read-only connection, so a file that
    /// is refused is never modified.
    /// - Parameters:
    ///   - path: The database file; see ``defaultPath(environment:)``.
    ///   - createsMissingFolders: Create the file's missing parent directories (for the default
    ///     location); when `false` a new file's folder must exist, so that a mistyped `--db`
    ///     folder does not silently start a new catalog.
    /// - Throws: ``StoreError/cannotCreate(path:reason:)`` if a parent directory or the file
    ///   cannot be created; ``StoreError/missingFolder(path:folder:)`` for a new file whose folder
    ///   does not exist when `createsMissingFolders` is `false`; ``StoreError/notADatabase(path:)`` for a file that is not a SQLite
    ///   database or holds another program's tables; ``StoreError/corrupt(path:)``;
    ///   ``StoreError/newerSchema(path:migration:)`` if a newer `catalog` migrated it;
    ///   ``StoreError/readOnly(path:)`` if it is not writable;
    ///   ``StoreError/cannotOpen(path:reason:)`` for a directory or an unreadable file.
    public init(path: String, createsMissingFolders: Bool = true) throws(StoreError) {
        let fileManager = FileManager.default
        // stat(2) and lstat(2) as FileManager's `fileExists(atPath:isDirectory:)` and
        // `attributesOfItem(atPath:)[.size]` use them, without the bridged attribute dictionary
        // and its cast from `Any` (1.7 million instructions per open).
        var status = stat()
        let exists = stat(path, &status) == 0
        if exists && status.st_mode & S_IFMT == S_IFDIR {
            throw .cannotOpen(path: path, reason: "it is a directory")
        }
        var linkStatus = stat()
        let size = exists && lstat(path, &linkStatus) == 0 ? Int(linkStatus.st_size) : 0
        // A file in WAL mode (every catalog after its first open) is inspected through the
        // read-write connection itself, before the migration check: opening it and asking for
        // WAL changes nothing in such a file, so a refused one is still left as it was, and the
        // second connection (and its parse of the schema) is saved.
        let inspectsOnOpen = exists && size > 0 && Self.isWALDatabase(path: path)
        if exists && size > 0 && !inspectsOnOpen {
            try Self.inspect(path: path)
            if !fileManager.isWritableFile(atPath: path) { throw .readOnly(path: path) }
        } else if !exists {
            if createsMissingFolders {
                try Self.createParentDirectory(of: path)
            } else {
                try Self.requireParentDirectory(of: path)
            }
        }
        let created: Bool
        do {
            let queue = try DatabaseQueue(path: Self.fileName(path), configuration: Self.configuration(path: path))
            // The inspection reads only (two SELECTs); it runs on the read-write connection, first
            // thing in the migration check, so that the check needs no second round trip.
            created = try Self.migrate(queue, path: path, inspectingFirst: !inspectsOnOpen ? nil : { db in
                try Self.inspect(db, path: path)
                if !fileManager.isWritableFile(atPath: path) { throw StoreError.readOnly(path: path) }
            })
            self.writer = queue
        } catch {
            if !exists {
                // Another process may have created the file meanwhile and be using it: only an
                // empty file with no journal beside it is ours to remove.
                Self.removeIfUnused(path)
                if let error = error as? DatabaseError, error.resultCode == .SQLITE_CANTOPEN {
                    throw .cannotCreate(path: path, reason: error.message ?? "unable to open database file")
                }
            }
            throw Self.storeError(error, path: path)
        }
        self.path = path
        self.wasCreated = created
    }

    /// Creates an empty in-memory database with the full schema, for tests and dry runs.
    /// - Returns: A database whose ``wasCreated`` is `true` and ``path`` is `:memory:`.
    /// - Throws: ``StoreError/underlying(_:)`` if a migration fails.
    public static func inMemory() throws(StoreError) -> CatalogDatabase {
        let path = ":memory:"
        do {
            let queue = try DatabaseQueue(configuration: configuration())
            try migrate(queue, path: path)
            return CatalogDatabase(path: path, writer: queue, wasCreated: true)
        } catch {
            throw storeError(error, path: path)
        }
    }

    init(path: String, writer: any DatabaseWriter, wasCreated: Bool) {
        self.path = path
        self.writer = writer
        self.wasCreated = wasCreated
    }

    /// Closes the connections now instead of when the object is released; later calls fail.
    /// - Throws: ``StoreError/underlying(_:)`` if a statement is still running.
    public func close() throws(StoreError) {
        do { try writer.close() } catch { throw Self.storeError(error, path: path) }
    }

    // MARK: - Default path

    /// The database path used when `--db` is not given: `$CATALOG_DB` if set and non-empty,
    /// else `$XDG_DATA_HOME/catalog/catalog.sqlite` (if absolute, as the XDG Base Directory
    /// specification requires), else `$HOME/.local/share/catalog/catalog.sqlite`.
    /// - Parameter environment: The environment to read; default the process's.
    /// - Returns: The path; nothing is created.
    public static func defaultPath(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let path = environment["CATALOG_DB"], !path.isEmpty {
            return path
        }
        if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
            return joined(dataHome, "catalog/catalog.sqlite")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        return joined(home, ".local/share/catalog/catalog.sqlite")
    }

    private static func joined(_ directory: String, _ relative: String) -> String {
        var directory = directory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        return directory == "/" ? "/" + relative : directory + "/" + relative
    }

    /// `path` as SQLite must be given it to read it as a file path, always: a relative path gets
    /// `./` in front, so that `file:abc.db` is not read as a URI and `:memory:` is a file of that
    /// name, not a throw-away in-memory database that would keep nothing.
    static func fileName(_ path: String) -> String {
        path.hasPrefix("/") || path.hasPrefix("./") || path.hasPrefix("../") ? path : "./" + path
    }

    // MARK: - Setup

    /// Foreign keys on, busy timeout, and (writable files) WAL journaling, which lets readers in
    /// other processes go on while one writes.
    ///
    /// WAL is asked for as each writable connection opens (`prepareDatabase`): the mode is kept
    /// in the file, so only the first open of a new (or pre-WAL) file changes it; afterwards the
    /// pragma only reads it. Not GRDB's `journalMode = .wal`: that also lowers `synchronous` to
    /// NORMAL and writes a throw-away table into the file whenever its WAL file is missing or
    /// empty, i.e. at nearly every open, even for a command that only reads.
    /// An in-memory database keeps its `memory` journal.
    /// - Parameter path: The file, named in the error when WAL cannot be turned on.
    static func configuration(readonly: Bool = false, path: String = ":memory:") -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.readonly = readonly
        configuration.label = "catalog"
        if !readonly {
            configuration.prepareDatabase { db in
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")?.lowercased()
                guard mode == "wal" || mode == "memory" else {
                    throw StoreError.underlying("cannot turn on WAL journaling for \(path)")
                }
            }
        }
        return configuration
    }

    /// Looks at an existing file through a read-only connection and refuses it, unmodified,
    /// if it is not a SQLite database, holds another program's tables, or was migrated by a
    /// newer catalog.
    static func inspect(path: String) throws(StoreError) {
        do {
            let queue = try DatabaseQueue(path: Self.fileName(path), configuration: configuration(readonly: true))
            defer { try? queue.close() }
            try queue.read { db in try inspect(db, path: path) }
        } catch {
            throw storeError(error, path: path)
        }
    }

    /// The checks of ``inspect(path:)`` on an open connection, which they do not write to.
    /// - Throws: ``StoreError/notADatabase(path:)`` for another program's tables,
    ///   ``StoreError/newerSchema(path:migration:)``; GRDB's errors for a file SQLite cannot read.
    static func inspect(_ db: Database, path: String) throws {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        guard tables.contains("grdb_migrations") else {
            if !tables.isEmpty { throw StoreError.notADatabase(path: path) }
            return
        }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        let known = Set(knownMigrations)
        if let unknown = applied.filter({ !known.contains($0) }).max() {
            throw StoreError.newerSchema(path: path, migration: unknown)
        }
    }

    /// Whether the file starts with a SQLite database header in WAL mode: the 16-byte magic
    /// string and file format read and write versions (bytes 18 and 19) of 2, which
    /// <https://www.sqlite.org/fileformat2.html#the_database_header> gives for WAL. Such a file has
    /// no rollback journal for a read-write connection to replay.
    /// - Returns: `false` for a file that cannot be read or is shorter than the header's 20 bytes.
    static func isWALDatabase(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 20), header.count == 20 else { return false }
        return header.starts(with: Array("SQLite format 3\0".utf8)) && header[18] == 2 && header[19] == 2
    }

    /// Removes a database file this process failed to set up, if it is empty and has no WAL or
    /// shared-memory file beside it (so no other process is using it).
    private static func removeIfUnused(_ path: String) {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: path + "-wal"), !fileManager.fileExists(atPath: path + "-shm"),
              let size = (try? fileManager.attributesOfItem(atPath: path))?[.size] as? Int, size == 0
        else { return }
        try? fileManager.removeItem(atPath: path)
    }

    private static func createParentDirectory(of path: String) throws(StoreError) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(path: path, reason: reason(cannotCreate: parent, error: error))
        }
    }

    /// Refuses a new database file whose folder does not exist (naming the ancestor in the way
    /// when one is a file), without creating anything.
    private static func requireParentDirectory(of path: String) throws(StoreError) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue {
            if !FileManager.default.isWritableFile(atPath: parent.path) {
                throw .cannotCreate(path: path, reason: "permission denied on directory '\(parent.path)'")
            }
            return
        }
        let reason = reason(cannotCreate: parent, error: CocoaError(.fileNoSuchFile))
        if reason.hasSuffix("is not a directory") { throw .cannotCreate(path: path, reason: reason) }
        throw .missingFolder(path: path, folder: parent.path)
    }

    /// Why `directory` could not be created: names the ancestor that is in the way.
    private static func reason(cannotCreate directory: URL, error: any Error) -> String {
        let fileManager = FileManager.default
        var ancestor = directory
        while ancestor.path != "/" {
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
                if !isDirectory.boolValue { return "'\(ancestor.path)' is not a directory" }
                if !fileManager.isWritableFile(atPath: ancestor.path) {
                    return "permission denied on directory '\(ancestor.path)'"
                }
                break
            }
            ancestor.deleteLastPathComponent()
        }
        return "cannot create directory '\(directory.path)' (\(error.localizedDescription))"
    }
}
