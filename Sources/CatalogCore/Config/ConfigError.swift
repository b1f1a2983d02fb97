/// A problem with a layer's type or hyperparameters, before any shape is known.
///
/// Importers add the file and layer to it; ``description`` is the problem alone.
public enum ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The layer type is not one the engine knows.
    case unknownType(String)
    /// A key this layer type does not take; `missing` names a required key that is absent too
    /// (the unknown key is then probably a misspelling of it).
    case unknownKey(String, type: String, missing: String?)
    /// A required key is absent.
    case missingKey(String)
    /// The value has the wrong JSON kind, e.g. a string where an integer belongs.
    case wrongType(key: String, expected: String, found: ConfigValue)
    /// The value has the right kind but is not allowed, e.g. `filters: 0`.
    case invalidValue(key: String, value: ConfigValue, reason: String)
    /// A problem inside a layer of a nested model.
    indirect case nested(layer: String, ConfigError)
    /// An unknown layer type refused because `--strict` asks for every layer to be known.
    case unknownTypeStrict(String)

    public var description: String {
        switch self {
        case .unknownType(let type):
            "unknown layer type '\(type)'" + (KeyHints.forType(type).map { " (\($0))" } ?? "")
                + " (give its \"output_shape\" to keep it as an uncounted layer, and \"params\" to declare its counts)"
        case .unknownTypeStrict(let type):
            "unknown layer type '\(type)'" + (KeyHints.forType(type).map { " (\($0))" } ?? "")
                + ": --strict refuses layer types the engine does not know, even with a declared output_shape or params"
        case .unknownKey(let key, let type, nil):
            "unknown key '\(key)' for \(type)" + (KeyHints.forKey(key).map { " (\($0))" } ?? "")
        case .unknownKey(let key, let type, let missing?):
            "unknown key '\(key)' for \(type), and required key '\(missing)' is missing (a misspelling?)"
        case .missingKey(let key):
            "missing required key '\(key)'"
        case .wrongType(let key, let expected, let found):
            "'\(key)' must be \(expected), found \(found.kindName) \(found.displayText)"
        case .invalidValue(let key, let value, let reason):
            "'\(key)' = \(value.displayText) is invalid: \(reason)"
        case .nested(let layer, let error):
            "nested layer '\(layer)': \(error)"
        }
    }
}
