import Foundation

/// An error from the catalog database, with a message meant for the user.
///
/// Every failure of the store surfaces as one of these cases: SQLite's own errors (GRDB's
/// `DatabaseError`) are translated at the store boundary and never escape it.
public enum StoreError: Error, Equatable, Sendable {
    /// An architecture with this name (compared case-insensitively) already exists.
    /// The associated value is the stored name, in its stored spelling.
    case duplicateName(String)
    /// No architecture matches; the associated value says what was looked for
    /// (`"id 42"`, `"name 'vgg16'"`, `"layer at position 3 of architecture id 42"`).
    case notFound(String)
    /// The database was migrated by a newer `catalog`: `migration` is the first applied
    /// migration identifier this binary does not know. The file was not modified.
    case newerSchema(path: String, migration: String)
    /// The file exists but is not a SQLite database, or is a database of another program.
    /// The file was not modified.
    case notADatabase(path: String)
    /// The file is a SQLite database but is damaged. The file was not modified.
    case corrupt(path: String)
    /// The database file or one of its parent directories could not be created.
    case cannotCreate(path: String, reason: String)
    /// A new database file was asked for in a folder that does not exist (`--db` or
    /// `$CATALOG_DB` names the file; only the default location's folders are created).
    case missingFolder(path: String, folder: String)
    /// The database file exists but could not be opened (a directory, no permission, …).
    case cannotOpen(path: String, reason: String)
    /// The database file (or its directory) is not writable.
    case readOnly(path: String)
    /// A row broke a constraint of the schema (a negative count, a duplicate layer name, …).
    case constraint(String)
    /// A read-only query (`catalog query`) was refused: SQL that does not compile, several
    /// statements, or a statement that would write. The associated value says why.
    case invalidQuery(String)
    /// Any other failure, already rendered as text.
    case underlying(String)
}

// MARK: - Messages

extension StoreError: CustomStringConvertible, LocalizedError {
    /// The message shown to the user: what failed, on what, why, and the remedy.
    public var description: String {
        switch self {
        case .duplicateName(let name):
            "architecture '\(name)' already exists; use --name to add it under another name, or --replace to overwrite it"
        case .notFound(let what):
            "no \(what)"
        case .newerSchema(let path, let migration):
            "the database at \(path) was written by a newer catalog (migration \(migration)); upgrade catalog"
        case .notADatabase(let path):
            "\(path) is not a catalog database (left unchanged); use --db to choose another file"
        case .corrupt(let path):
            "the database at \(path) is corrupt (left unchanged); restore it from a backup or use --db to choose another file"
        case .cannotCreate(let path, let reason):
            "cannot create the database at \(path): \(reason)"
        case .missingFolder(let path, let folder):
            "cannot create the database at \(path): the folder '\(folder)' does not exist; create it first, or check the path for a typo"
        case .cannotOpen(let path, let reason):
            "cannot open the database at \(path): \(reason)"
        case .readOnly(let path):
            "the database at \(path) is read-only; check the permissions of the file and its directory"
        case .constraint(let message):
            "database constraint violated: \(message)"
        case .invalidQuery(let message):
            "invalid query: \(message)"
        case .underlying(let message):
            "database error: \(message)"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
