// Parsers for the Dot merge layer (Keras config names).


extension LayerRegistry {
    /// Registers the parsers for the Dot merge layer.
    static func registerMergeLayers(_ add: (String, [String], @escaping Parser) -> Void) {
        add("Dot", []) { reader, _ throws(ConfigError) in
            _ = reader.take("normalize")
            guard let value = reader.take("axes") else { throw .missingKey("axes") }
            let raw: [Int]
            if value.intValue != nil {
                let axis = try ConfigReader.integer(value, key: "axes", minimum: Int.min)
                raw = [axis, axis]
            } else {
                raw = try ConfigReader.tuple(value, key: "axes", rank: 2, minimum: Int.min)
            }
            return .dot(axes: [try kerasAxis(raw[0], key: "axes"), try kerasAxis(raw[1], key: "axes")])
        }
    }
}
