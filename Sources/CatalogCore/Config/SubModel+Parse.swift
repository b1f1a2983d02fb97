/// Parses a nested model's config:
/// `{"layers": [{"name", "type", "config", "inbound": [[[layer, node, tensor], …], …], "trainable"}],
///   "inputs": [input layer names], "outputs": [[layer, node, tensor], …]}`.
func parseModel(_ reader: inout ConfigReader, options: ParseOptions) throws(ConfigError) -> LayerKind {
    guard let entries = reader.take("layers")?.arrayValue else { throw .missingKey("layers") }
    var layers: [Layer] = []
    for entry in entries {
        guard let object = entry.objectValue, let name = object["name"]?.stringValue,
              let type = object["type"]?.stringValue else {
            throw .wrongType(key: "layers", expected: "objects with \"name\" and \"type\"", found: entry)
        }
        let calls = try references(object["inbound"] ?? .array([]), key: "inbound", nested: true)
        do throws(ConfigError) {
            layers.append(try Layer(
                name: name, type: type, config: object["config"]?.objectValue ?? [:],
                calls: calls.isEmpty ? [[]] : calls, isTrainable: object["trainable"]?.boolValue ?? true,
                options: ParseOptions(rejectsUnknownKeys: false, defaultDataFormat: options.defaultDataFormat)))
        } catch {
            throw .nested(layer: name, error)
        }
    }
    let inputs = (reader.take("inputs")?.arrayValue ?? []).compactMap(\.stringValue)
    guard let outputValue = reader.take("outputs") else { throw .missingKey("outputs") }
    let outputs = try references(outputValue, key: "outputs", nested: false).first ?? []
    return .model(SubModel(layers: layers, inputs: inputs, outputs: outputs))
}

/// `[[layer, node, tensor], …]` (nested: false) or a list of such lists (nested: true).
private func references(_ value: ConfigValue, key: String, nested: Bool) throws(ConfigError) -> [[TensorReference]] {
    guard let items = value.arrayValue else {
        throw .wrongType(key: key, expected: "a list of [layer, node, tensor] entries", found: value)
    }
    func reference(_ item: ConfigValue) throws(ConfigError) -> TensorReference {
        guard let parts = item.arrayValue, parts.count == 3, let layer = parts[0].stringValue,
              let node = parts[1].intValue, let tensor = parts[2].intValue, node >= 0, tensor >= 0 else {
            throw .wrongType(key: key, expected: "[layer, node ≥ 0, tensor ≥ 0]", found: item)
        }
        return TensorReference(layer: layer, node: node, tensor: tensor)
    }
    if nested {
        var calls: [[TensorReference]] = []
        for call in items {
            var refs: [TensorReference] = []
            for item in call.arrayValue ?? [] { refs.append(try reference(item)) }
            calls.append(refs)
        }
        return calls
    }
    var refs: [TensorReference] = []
    for item in items { refs.append(try reference(item)) }
    return [refs]
}

extension SubModel {
    /// The config ``parseModel(_:options:)`` reads, for storing a nested model.
    public var config: [String: ConfigValue] {
        func entry(_ reference: TensorReference) -> ConfigValue {
            .array([.string(reference.layer), .int(reference.node), .int(reference.tensor)])
        }
        return [
            "layers": .array(layers.map { layer in
                var object: [String: ConfigValue] = [
                    "name": .string(layer.name), "type": .string(layer.type), "config": .object(layer.config),
                    "inbound": .array(layer.calls.map { .array($0.map(entry)) }),
                ]
                if !layer.isTrainable { object["trainable"] = .bool(false) }
                return .object(object)
            }),
            "inputs": .array(inputs.map { .string($0) }),
            "outputs": .array(outputs.map(entry)),
        ]
    }
}
