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
        if let declared = architecture.declaredDType { top["dtype"] = .string(declared) }
        if let rope = architecture.ropeContext {
            // A RoPE model's trained context and scaling, under config.json's names.
            top["max_position_embeddings"] = .int(rope.maxPositionEmbeddings)
            if let scaling = rope.ropeScaling { top["rope_scaling"] = .string(scaling) }
        }
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
            // A layer called more than once, or fed by another call than a layer's first, or a
            // nested model (whose config has an `inputs` of its own): every call written out
            // (`calls`), so that `add` reads back the same graph and numbers.
            let isModel = if case .model = layer.kind { true } else { false }
            if isModel || layer.calls.count > 1 || layer.calls.joined().contains(where: { $0.node != 0 }) {
                entry["calls"] = .array(layer.calls.map { call in
                    .array(call.map { .array([.string($0.layer), .int($0.node), .int($0.tensor)]) })
                })
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
