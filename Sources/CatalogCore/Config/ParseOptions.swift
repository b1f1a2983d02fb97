/// How ``LayerKind/parse(type:config:options:)`` treats what it does not use.
public struct ParseOptions: Hashable, Sendable {
    /// Reject keys a layer type does not take (the native format); Keras files carry many keys
    /// that do not affect counts and are read leniently.
    public var rejectsUnknownKeys: Bool
    /// The `data_format` assumed when a layer does not give one.
    public var defaultDataFormat: DataFormat

    /// Accept a type the engine does not know when it gives its output shape (kept uncounted);
    /// `false` makes every unknown type an error (`catalog add --strict`).
    public var acceptsUnknownTypes: Bool

    public init(
        rejectsUnknownKeys: Bool, defaultDataFormat: DataFormat = .channelsLast, acceptsUnknownTypes: Bool = true
    ) {
        self.rejectsUnknownKeys = rejectsUnknownKeys
        self.defaultDataFormat = defaultDataFormat
        self.acceptsUnknownTypes = acceptsUnknownTypes
    }

    /// Unknown keys are errors; channels-last.
    public static let strict = ParseOptions(rejectsUnknownKeys: true)
    /// Unknown keys are ignored; channels-last.
    public static let lenient = ParseOptions(rejectsUnknownKeys: false)
}

/// The result of parsing a layer: canonical class name, the config keys used, typed kind.
public struct ParsedLayer: Hashable, Sendable {
    public var type: String
    public var config: [String: ConfigValue]
    public var kind: LayerKind
}
