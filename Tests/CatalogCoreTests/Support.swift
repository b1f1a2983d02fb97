@testable import CatalogCore

/// Builds a one-layer-after-input architecture and returns the layer's result.
func evaluate(
    _ type: String, _ config: [String: ConfigValue], input: [Int?], framework: Framework = .keras,
    trainable: Bool = true
) throws -> LayerResult {
    let architecture = Architecture(
        name: "t", framework: framework,
        layers: [
            try Layer(name: "in", type: "InputLayer", config: ["shape": .array(input.map { $0.map(ConfigValue.int) ?? .null })], calls: [[]]),
            try Layer(name: "x", type: type, config: config, calls: [[TensorReference(layer: "in")]], isTrainable: trainable),
        ])
    return try Engine.infer(architecture)[1]
}

func ints(_ values: Int...) -> ConfigValue { .array(values.map { .int($0) }) }
