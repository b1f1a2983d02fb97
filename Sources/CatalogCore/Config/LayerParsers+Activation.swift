// Parsers for the learned activation (PReLU) (Keras config names).


extension LayerRegistry {
    /// Registers the parsers for the learned activation (PReLU).
    static func registerActivationLayers(_ add: (String, [String], @escaping Parser) -> Void) {
        add("PReLU", []) { reader, _ throws(ConfigError) in
            for key in ["alpha_initializer", "alpha_regularizer", "alpha_constraint"] { _ = reader.take(key) }
            return try parsePReLU(&reader)
        }
    }
}
