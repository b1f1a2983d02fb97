import CatalogCore
import CatalogImport
import CatalogStore

/// Errors of the compute service, each with a readable message and the exit code a CLI should use.
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
        }
    }

    /// 65 for bad input data, 66 for a missing architecture, 69 when a library needed to read
    /// the file is not installed (sysexits' EX_UNAVAILABLE), 1 otherwise.
    public var exitCode: Int32 {
        switch self {
        case .importFailed(let error) where error.isMissingFile: 66
        case .importFailed(let error) where error.isMissingLibrary: 69
        case .importFailed, .inferenceFailed, .memory: 65
        case .notFound, .layerNotFound: 66
        case .store, .corruptRow: 1
        }
    }
}
