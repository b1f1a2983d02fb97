import CatalogCore

/// The layers of a transformer being built, each parsed from its native-format type and keys
/// (so that `export` writes a file `add` reads back), wired in order.
struct TransformerGraph {
    var layers: [Layer] = []

    /// Adds a layer consuming `inputs` (the previous layer by default) and returns its name;
    /// `trainable: false` makes its parameters non-trainable (a tensor transformers freezes).
    /// - Throws: ``TransformerConfigError`` naming the layer when a value is invalid.
    @discardableResult
    mutating func add(
        _ name: String, _ type: String, _ config: [String: ConfigValue] = [:], inputs: [String]? = nil,
        trainable: Bool = true
    ) throws(TransformerConfigError) -> String {
        let sources = inputs ?? (layers.last.map { [$0.name] } ?? [])
        do {
            layers.append(try Layer(
                name: name, type: type, config: config,
                calls: type == "InputLayer" ? [[]] : [sources.map { TensorReference(layer: $0) }], isTrainable: trainable))
        } catch {
            throw TransformerConfigError("layer '\(name)' (\(type)): \(error)")
        }
        return name
    }

    /// The name of the last layer added.
    var last: String { layers.last?.name ?? "" }
}

extension ConfigValue {
    static func ints(_ values: [Int]) -> ConfigValue { .array(values.map { .int($0) }) }
}
