import CatalogCore
import Foundation

/// Writes an ``Architecture`` in the native format, which ``ArchitectureImporter`` reads back to
/// the same layers and numbers.
public enum NativeWriter {
    /// The native document as a ``ConfigValue`` object.
    public static func document(for architecture: Architecture) -> ConfigValue {
        var top: [String: ConfigValue] = ["name": .string(architecture.name)]
        if let description = architecture.description { top["description"] = .string(description) }
        if let source = architecture.source { top["source"] = .string(source) }
        if !architecture.tags.isEmpty { top["tags"] = .array(architecture.tags.map { .string($0) }) }
        if architecture.framework != .keras { top["framework"] = .string(architecture.framework.rawValue) }
        var layers: [ConfigValue] = []
        var previous: String?
        for layer in architecture.layers {
            defer { previous = layer.name }
            if case .input = layer.kind, previous == nil, layer.name == "input", top["input"] == nil {
                top["input"] = layer.config["shape"] ?? .null
                continue
            }
            var entry = layer.config
            entry["type"] = .string(layer.type)
            entry["name"] = .string(layer.name)
            if !layer.isTrainable { entry["trainable"] = .bool(false) }
            if case .input = layer.kind {
                layers.append(.object(entry))
                continue
            }
            let references = layer.calls.first ?? []
            if !(references.count == 1 && references[0] == TensorReference(layer: previous ?? "")) {
                entry["inputs"] = .array(references.map {
                    .string($0.tensor == 0 ? $0.layer : "\($0.layer):\($0.tensor)")
                })
            }
            layers.append(.object(entry))
        }
        top["layers"] = .array(layers)
        return .object(top)
    }

    /// Pretty-printed JSON with sorted keys, ending in a newline.
    public static func json(for architecture: Architecture) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(document(for: architecture))) ?? Data()
        data.append(0x0A)
        return data
    }
}
