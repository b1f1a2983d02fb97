import CatalogCore
import CatalogImport
import CatalogStore

/// Errors of the compute service, each with a readable message.
public enum ServiceError: Error, CustomStringConvertible, Sendable {
    /// A file could not be read or parsed.
    case importFailed(ImportError)
    /// The engine could not compute the architecture (an impossible shape, an overflow).
    case inferenceFailed(file: String, InferenceError)
    /// The database refused the operation.
    case store(StoreError)
    /// No architecture has this name; `suggestions` are close names.
    case notFound(name: String, suggestions: [String])
    /// A stored row could not be decoded (the database was edited by hand).
    case corruptRow(name: String, detail: String)
    /// The architecture has no layer of this name; `suggestions` are close layer names.
    case layerNotFound(architecture: String, layer: String, suggestions: [String])
    /// A memory figure cannot be given for the architecture (a KV type whose block does not
    /// divide a row, LoRA targets matching no module, an overflow).
    case memory(architecture: String, MemoryError)
    /// Two files of one bulk add name the same architecture (compared case-insensitively):
    /// `file` names `name`, as `earlierFile` of the same command does. Nothing was added.
    case nameClash(file: String, name: String, earlierFile: String)
    /// A read-only query was refused: SQL that does not compile, several statements, or a
    /// statement that would write. The associated value says why.
    case invalidQuery(String)

    /// The message, always on one line (names from files may hold newlines: they are escaped).
    public var description: String { message.escapingControlCharacters }

    private var message: String {
        switch self {
        case .importFailed(let error): error.description
        case .inferenceFailed(let file, let error): "\(file): \(error)"
        case .store(let error): error.description
        case .notFound(let name, let suggestions):
            suggestions.isEmpty
                ? "no architecture named '\(name)'"
                : "no architecture named '\(name)' (did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?)"
        case .corruptRow(let name, let detail): "stored architecture '\(name)' is unreadable: \(detail)"
        case .layerNotFound(let architecture, let layer, let suggestions):
            "'\(architecture)' has no layer named '\(layer)'"
                + (suggestions.isEmpty ? "" : " (did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?)")
        case .memory(let architecture, let error): "\(architecture): \(error.description)"
        case .nameClash(let file, let name, let earlierFile):
            "\(file): architecture '\(name)' is also in \(earlierFile) of this command (names compare case-insensitively); nothing was added"
        case .invalidQuery(let message): StoreError.invalidQuery(message).description
        }
    }
}
