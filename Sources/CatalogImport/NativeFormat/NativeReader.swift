import CatalogCore
import Foundation

/// Reads the native format (docs/FORMAT.md) from a parsed JSON/YAML document.
enum NativeReader {
    static let topLevelKeys: Set<String> = [
        "name", "description", "source", "tags", "framework", "data_format", "input", "layers", "dtype",
        "max_position_embeddings", "rope_scaling",
    ]
    static let wiringKeys: Set<String> = ["type", "name", "inputs", "calls", "trainable"]

    /// Builds an ``Architecture`` from a native document.
    /// - Throws: ``ImportError`` naming `file`, and the layer where there is one: unknown keys or
    ///   types, wrong value types, a missing input shape, duplicate names, dangling `inputs`.
    static func read(_ document: ConfigValue, file: String, strict: Bool = false) throws(ImportError) -> Architecture {
        guard let top = document.objectValue else {
            throw ImportError(file: file, problem: "expected an object with \"name\", \"input\" and \"layers\"")
        }
        for key in top.keys.sorted() where !topLevelKeys.contains(key) {
            throw ImportError(file: file, problem: "unknown top-level key '\(key)' (expected one of \(topLevelKeys.sorted().joined(separator: ", ")))")
        }
        func text(_ key: String) throws(ImportError) -> String? {
            guard let value = top[key], value != .null else { return nil }
            guard let string = value.stringValue else {
                throw ImportError(file: file, problem: "'\(key)' must be a string, found \(value.kindName) \(value.displayText)")
            }
            return string
        }
        guard let name = try text("name"), !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ImportError(file: file, problem: "missing \"name\"")
        }
        var tags: [String] = []
        if let value = top["tags"], value != .null {
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw ImportError(file: file, problem: "'tags' must be a list of strings, found \(value.displayText)")
            }
            tags = items.compactMap(\.stringValue)
        }
        let framework = try text("framework").map { (value: String) throws(ImportError) -> Framework in
            guard let framework = Framework(rawValue: value.lowercased()) else {
                throw ImportError(file: file, problem: "'framework' must be \"keras\" or \"pytorch\", found \"\(value)\"")
            }
            return framework
        } ?? .keras
        let dataFormat = try text("data_format").map { (value: String) throws(ImportError) -> DataFormat in
            guard let format = DataFormat(rawValue: value.lowercased()) else {
                throw ImportError(file: file, problem: "'data_format' must be \"channels_last\" or \"channels_first\", found \"\(value)\"")
            }
            return format
        } ?? (framework == .pytorch ? .channelsFirst : .channelsLast)  // PyTorch's layout is (C, H, W)
        let options = ParseOptions(
            rejectsUnknownKeys: true, defaultDataFormat: dataFormat, acceptsUnknownTypes: !strict)

        var layers: [Layer] = []
        if let input = top["input"], input != .null {
            do throws(ConfigError) {
                layers.append(try Layer(
                    name: "input", type: "InputLayer", config: ["shape": input], calls: [[]], options: options))
            } catch {
                throw ImportError(file: file, problem: "'input': \(error) (the shape without the batch axis, e.g. [224, 224, 3])")
            }
        }
        guard let entries = top["layers"]?.arrayValue else {
            throw ImportError(file: file, problem: "missing \"layers\" (a list of layer objects)")
        }
        var known = Set(layers.map(\.name))
        for (offset, entry) in entries.enumerated() {
            let layer = try readLayer(
                entry, position: offset + 1, previous: layers.last?.name, known: known,
                options: options, file: file)
            guard known.insert(layer.name).inserted else {
                throw ImportError(file: file, layer: (offset + 1, layer.name), problem: "duplicate layer name '\(layer.name)'")
            }
            layers.append(layer)
        }
        guard layers.contains(where: { if case .input = $0.kind { true } else { false } }) else {
            throw ImportError(file: file, problem: "missing input shape: add \"input\": [height, width, channels] (without the batch axis)")
        }
        // The weights' declared dtype, as config.json or a GGUF file named it (`bfloat16`).
        let declared = try text("dtype")
        if let declared, StorageType.declared(declared) == nil {
            throw ImportError(file: file, problem: "'dtype' \"\(declared)\" is not a weight type (expected float32, float16, bfloat16, or a GGUF file type such as MOSTLY_Q4_K_M)")
        }
        var architecture = Architecture(
            name: name, description: try text("description"), source: try text("source"), tags: tags,
            framework: framework, layers: layers, declaredDType: declared)
        // A RoPE model's trained context and scaling (RoPEContext), as NativeWriter writes them.
        if let positions = top["max_position_embeddings"], positions != .null {
            guard case .int(let count) = positions, count > 0 else {
                throw ImportError(file: file, problem: "'max_position_embeddings' must be a positive integer, found \(positions.kindName) \(positions.displayText)")
            }
            architecture.ropeContext = RoPEContext(maxPositionEmbeddings: count, ropeScaling: try text("rope_scaling"))
        }
        return architecture
    }

    private static func readLayer(
        _ entry: ConfigValue, position: Int, previous: String?, known: Set<String>,
        options: ParseOptions, file: String
    ) throws(ImportError) -> Layer {
        guard var config = entry.objectValue else {
            throw ImportError(file: file, layer: (position, "?"), problem: "a layer must be an object, found \(entry.kindName)")
        }
        guard let typeValue = config.removeValue(forKey: "type") else {
            throw ImportError(file: file, layer: (position, config["name"]?.stringValue ?? "?"), problem: "missing \"type\"")
        }
        guard let type = typeValue.stringValue else {
            throw ImportError(file: file, layer: (position, "?"), problem: "'type' must be a string, found \(typeValue.displayText)")
        }
        var name = "\(type.lowercased())_\(position)"
        if let value = config.removeValue(forKey: "name") {
            guard let given = value.stringValue, !given.isEmpty else {
                throw ImportError(file: file, layer: (position, "?"), problem: "'name' must be a non-empty string, found \(value.displayText)")
            }
            name = given
        }
        let at = (index: position, name: name)
        var trainable = true
        if let value = config.removeValue(forKey: "trainable") {
            guard let flag = value.boolValue else {
                throw ImportError(file: file, layer: at, problem: "'trainable' must be true or false, found \(value.displayText)")
            }
            trainable = flag
        }
        var references: [TensorReference] = []
        if let value = config.removeValue(forKey: "calls") {
            // A layer called several times (a shared layer), or fed by another call of a layer:
            // `[[["layer", node, tensor], …], …]`, one list per call, as Keras' inbound nodes.
            // With `calls`, an `inputs` key is the layer's own (a nested model's input names).
            let isInput = ["input", "inputlayer"].contains(type.lowercased())
            let calls = try Self.calls(value, file: file, at: at)
            do throws(ConfigError) {
                return try Layer(name: name, type: type, config: config, calls: isInput ? [[]] : calls,
                                 isTrainable: trainable, options: options)
            } catch {
                throw ImportError(file: file, layer: at, problem: error.description)
            }
        }
        if let value = config.removeValue(forKey: "inputs") {
            let items = value.arrayValue ?? [value]
            for item in items {
                guard let text = item.stringValue else {
                    throw ImportError(file: file, layer: at, problem: "'inputs' must be a list of layer names, found \(value.displayText)")
                }
                let reference = tensorReference(text)
                guard known.contains(reference.layer) else {
                    throw ImportError(file: file, layer: at, problem: "'inputs' names '\(reference.layer)', which is not an earlier layer")
                }
                references.append(reference)
            }
        } else if let previous {
            references = [TensorReference(layer: previous)]
        }
        let isInput = ["input", "inputlayer"].contains(type.lowercased())
        do throws(ConfigError) {
            return try Layer(
                name: name, type: type, config: config, calls: [isInput ? [] : references],
                isTrainable: trainable, options: options)
        } catch {
            throw ImportError(file: file, layer: at, problem: error.description)
        }
    }

    /// `calls`: a non-empty list of calls, each a list of `["layer", node, tensor]` with whole
    /// numbers ≥ 0. Names are checked when the graph is built (a shared layer's later calls may
    /// consume layers listed after it).
    static func calls(_ value: ConfigValue, file: String, at: (index: Int, name: String)) throws(ImportError) -> [[TensorReference]] {
        let expected = "'calls' must be a list of calls, each a list of [\"layer\", node, tensor]"
        guard let items = value.arrayValue, !items.isEmpty else {
            throw ImportError(file: file, layer: at, problem: "\(expected), found \(value.displayText.prefix(120))")
        }
        var calls: [[TensorReference]] = []
        for call in items {
            guard let entries = call.arrayValue else {
                throw ImportError(file: file, layer: at, problem: "\(expected), found \(call.displayText.prefix(120))")
            }
            var references: [TensorReference] = []
            for entry in entries {
                guard let parts = entry.arrayValue, parts.count == 3, let layer = parts[0].stringValue,
                      case .int(let node) = parts[1], case .int(let tensor) = parts[2], node >= 0, tensor >= 0 else {
                    throw ImportError(file: file, layer: at, problem: "\(expected) (node and tensor whole numbers ≥ 0), found \(entry.displayText.prefix(120))")
                }
                references.append(TensorReference(layer: layer, node: node, tensor: tensor))
            }
            calls.append(references)
        }
        return calls
    }

    /// `"name"` or `"name:1"` (the second output of `name`).
    static func tensorReference(_ text: String) -> TensorReference {
        // In ASCII text every byte is a character: the colon is found among the bytes, without
        // the grapheme breaking of a search by Character (why: BENCHMARKS.md, "Fast paths kept").
        let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        if let colon = isASCII ? text.utf8.lastIndex(of: UInt8(ascii: ":")) : text.lastIndex(of: ":"),
           let index = Int(text[text.index(after: colon)...]), index >= 0 {
            return TensorReference(layer: String(text[..<colon]), tensor: index)
        }
        return TensorReference(layer: text)
    }
}
