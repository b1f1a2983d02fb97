// Parsers for the Embedding layer (Keras config names).


extension LayerRegistry {
    /// Registers the parsers for the Embedding layer.
    static func registerEmbeddingLayers(_ add: (String, [String], @escaping Parser) -> Void) {
        add("Embedding", []) { reader, _ throws(ConfigError) in
            .embedding(inputDim: try reader.int("input_dim"), outputDim: try reader.int("output_dim"))
        }
    }
}
