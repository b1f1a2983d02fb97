import CatalogCore

/// Reads Keras model JSON (`model.to_json()` of Keras 1, 2 and 3, and the Keras topology inside
/// a TensorFlow.js `model.json`) into an ``Architecture``.
enum KerasReader {
    /// Whether `document` looks like a Keras model or a TF.js layers model.
    static func recognizes(_ document: ConfigValue) -> Bool {
        guard let top = document.objectValue else { return false }
        if top["modelTopology"] != nil { return true }
        return top["class_name"]?.stringValue != nil && top["config"] != nil
    }

    /// Reads a Keras document.
    /// - Parameters:
    ///   - inputShape: the input shape (batch excluded) to use when the file records none, and to
    ///     fill the unknown dimensions of the first input when it records some.
    /// - Returns: the architecture and the Keras version the file records.
    /// - Throws: ``ImportError`` naming the file and the layer.
    static func read(
        _ document: ConfigValue, file: String, inputShape: [Int?]?, strict: Bool = false
    ) throws(ImportError) -> (Architecture, version: String?) {
        guard var top = document.objectValue else {
            throw ImportError(file: file, problem: "expected a Keras model object")
        }
        var version = top["keras_version"]?.stringValue
        if let topology = top["modelTopology"]?.objectValue {
            version = version ?? topology["keras_version"]?.stringValue
            top = topology["model_config"]?.objectValue ?? topology
        }
        let builder = GraphBuilder(file: file, inputShape: inputShape, strict: strict)
        var graph = try builder.model(top, path: [])
        if let inputShape {
            try fillUnknownDimensions(of: &graph.layers, inputs: graph.inputs, requested: inputShape, file: file)
        }
        guard let name = top["config"]?.objectValue?["name"]?.stringValue ?? top["name"]?.stringValue else {
            return (Architecture(name: "model", layers: graph.layers), version)
        }
        return (Architecture(name: name, layers: graph.layers), version)
    }
}

/// A model's graph: layers in order, input layer names, output tensors.
struct KerasGraph {
    var layers: [Layer]
    var inputs: [String]
    var outputs: [TensorReference]
}

/// Turns Keras layer lists (Sequential or Functional, nested or not) into engine layers.
struct GraphBuilder {
    let file: String
    let inputShape: [Int?]?
    /// Unknown layer classes are errors instead of uncounted layers.
    let strict: Bool

    /// Layer position counter for messages (1-based over the top-level list).
    func fail(_ position: Int?, _ name: String?, _ problem: String) -> ImportError {
        if let position { return ImportError(file: file, layer: (position, name ?? "?"), problem: problem) }
        return ImportError(file: file, problem: problem)
    }

    func model(_ object: [String: ConfigValue], path: [String]) throws(ImportError) -> KerasGraph {
        let className = object["class_name"]?.stringValue ?? ""
        let config = object["config"]
        // Keras 2.0 wrote a Sequential's config as the bare list of layers.
        let layerList = config?.arrayValue ?? config?.objectValue?["layers"]?.arrayValue
        guard let entries = layerList else {
            throw fail(nil, nil, "'\(className)' has no layer list under \"config\"")
        }
        guard path.count < 32 else { throw fail(nil, nil, "models nested more than 32 deep") }
        let configObject = config?.objectValue ?? [:]
        let isSequential = className == "Sequential" || (configObject["input_layers"] == nil && entries.allSatisfy { $0.objectValue?["inbound_nodes"] == nil })
        return isSequential
            ? try sequential(entries, config: configObject, object: object, path: path)
            : try functional(entries, config: configObject, path: path)
    }

    // MARK: - Sequential

    private func sequential(
        _ entries: [ConfigValue], config: [String: ConfigValue], object: [String: ConfigValue], path: [String]
    ) throws(ImportError) -> KerasGraph {
        var layers: [Layer] = []
        var previous: TensorReference?
        for (offset, entry) in entries.enumerated() {
            let position = offset + 1
            guard let layerObject = entry.objectValue else {
                throw fail(position, nil, "a layer must be an object")
            }
            let className = layerObject["class_name"]?.stringValue ?? "?"
            let layerConfig = layerObject["config"]?.objectValue ?? [:]
            let name = layerConfig["name"]?.stringValue ?? layerObject["name"]?.stringValue ?? "\(className.lowercased())_\(position)"
            if previous == nil, className != "InputLayer" {
                // No InputLayer: the shape comes from the first layer, the build config, or --input-shape.
                let shape = try sequentialInputShape(first: layerObject, model: config, outer: object)
                let inputName = uniqueName("input_layer", among: layers.map(\.name) + entryNames(entries))
                layers.append(try inputLayer(name: inputName, shape: shape, position: position))
                previous = TensorReference(layer: inputName)
            }
            let calls: [[TensorReference]] = className == "InputLayer" ? [[]] : [[previous!]]
            // Keras 3 records each layer's input shape: the next layer's is this one's output.
            var recorded: [[TensorShape]] = []
            if offset + 1 < entries.count,
               let next = entries[offset + 1].objectValue?["build_config"]?.objectValue?["input_shape"],
               let shape = recordedShape(next) {
                recorded = [[shape]]
            }
            let layer = try convert(
                layerObject, name: name, calls: calls, position: position, path: path, recorded: recorded)
            layers.append(layer)
            previous = TensorReference(layer: layer.name)
        }
        guard let last = previous else { throw fail(nil, nil, "the model has no layers") }
        let inputs = layers.filter { if case .input = $0.kind { true } else { false } }.map(\.name)
        return KerasGraph(layers: layers, inputs: inputs, outputs: [last])
    }

    private func entryNames(_ entries: [ConfigValue]) -> [String] {
        entries.compactMap { $0.objectValue?["config"]?.objectValue?["name"]?.stringValue }
    }

    private func uniqueName(_ base: String, among names: [String]) -> String {
        var candidate = base
        var counter = 1
        while names.contains(candidate) { candidate = "\(base)_\(counter)"; counter += 1 }
        return candidate
    }

    private func sequentialInputShape(
        first: [String: ConfigValue], model: [String: ConfigValue], outer: [String: ConfigValue]
    ) throws(ImportError) -> [Int?] {
        let config = first["config"]?.objectValue ?? [:]
        let className = first["class_name"]?.stringValue ?? ""
        // A nested model first (Keras 2.0 wrote a Sequential inside a Sequential): its own first
        // layer gives the input, as in Keras.
        if ["Sequential", "Functional", "Model"].contains(className),
           let inner = (first["config"]?.arrayValue ?? config["layers"]?.arrayValue)?.first?.objectValue,
           let shape = try? sequentialInputShape(first: inner, model: config, outer: first) {
            return shape
        }
        // A wrapper first (Bidirectional, TimeDistributed): the wrapped layer's keys count too.
        if let wrapped = config["layer"]?.objectValue, wrapped["config"]?.objectValue != nil,
           config["batch_input_shape"] == nil, config["batch_shape"] == nil,
           let shape = try? sequentialInputShape(first: wrapped, model: [:], outer: [:]) {
            return shape
        }
        let candidates: [ConfigValue?] = [
            config["batch_input_shape"], config["batch_shape"],
            first["build_config"]?.objectValue?["input_shape"],
            model["build_input_shape"], outer["build_config"]?.objectValue?["input_shape"],
        ]
        for candidate in candidates {
            if let list = candidate?.arrayValue, list.count >= 2 {
                return list.dropFirst().map(\.intValue)
            }
        }
        // Keras 1/2 shorthand: input_shape / input_dim on the first layer.
        if let list = config["input_shape"]?.arrayValue { return list.map(\.intValue) }
        // Keras 1 recurrent layers: input_dim with input_length gives (steps, features).
        if let dim = config["input_dim"]?.intValue {
            let recurrent = ["LSTM", "GRU", "SimpleRNN"].contains(KerasLegacy.modernClassName(className))
            if config["input_length"] != nil || recurrent { return [config["input_length"]?.intValue, dim] }
            return [dim]
        }
        if let inputShape { return inputShape }
        throw fail(nil, nil, "no input shape anywhere in the model (a Sequential never built); give one with --input-shape, e.g. `catalog add FILE --input-shape 224,224,3`")
    }

    private func inputLayer(name: String, shape: [Int?], position: Int) throws(ImportError) -> Layer {
        do throws(ConfigError) {
            return try Layer(
                name: name, type: "InputLayer",
                config: ["shape": .array(shape.map { $0.map(ConfigValue.int) ?? .null })], calls: [[]])
        } catch {
            throw fail(position, name, "input shape: \(error)")
        }
    }

    // MARK: - Functional

    private func functional(
        _ entries: [ConfigValue], config: [String: ConfigValue], path: [String]
    ) throws(ImportError) -> KerasGraph {
        var layers: [Layer] = []
        var seen = Set<String>()
        let recorded = recordedOutputs(entries)
        for (offset, entry) in entries.enumerated() {
            let position = offset + 1
            guard let layerObject = entry.objectValue else { throw fail(position, nil, "a layer must be an object") }
            let layerConfig = layerObject["config"]?.objectValue ?? [:]
            guard let name = layerObject["name"]?.stringValue ?? layerConfig["name"]?.stringValue else {
                throw fail(position, nil, "a layer has no name")
            }
            guard seen.insert(name).inserted else { throw fail(position, name, "duplicate layer name '\(name)'") }
            var calls: [[TensorReference]] = []
            for node in layerObject["inbound_nodes"]?.arrayValue ?? [] {
                calls.append(try inboundNode(node, position: position, name: name))
            }
            if calls.isEmpty { calls = [[]] }
            layers.append(try convert(
                layerObject, name: name, calls: calls, position: position, path: path,
                recorded: recorded[name] ?? []))
        }
        try remapNestedModelNodes(&layers)
        let inputs = try tensorList(config["input_layers"]).map(\.layer)
        let outputs = try tensorList(config["output_layers"])
        try checkOutputs(outputs, of: layers, listed: config["output_layers"])
        return KerasGraph(layers: layers, inputs: inputs, outputs: outputs)
    }

    /// Keras' `output_layers` must name at least one output, each a call and output that exist
    /// (Keras itself fails to load such a model); a wrong one is never passed over silently.
    private func checkOutputs(
        _ outputs: [TensorReference], of layers: [Layer], listed: ConfigValue?
    ) throws(ImportError) {
        guard !outputs.isEmpty else {
            throw fail(nil, nil, "\"output_layers\" names no output (\(listed?.displayText.prefix(120) ?? "missing"))")
        }
        for output in outputs {
            guard let layer = layers.first(where: { $0.name == output.layer }) else {
                throw fail(nil, nil, "\"output_layers\" names '\(output.layer)', which is not a layer of the model")
            }
            // Keras 2 numbers a nested model's calls after its own construction node (see
            // remapNestedModelNodes): one more call number is valid there.
            let extra = if case .model = layer.kind { 1 } else { 0 }
            guard output.node < max(layer.calls.count, 1) + extra else {
                throw fail(nil, nil, "\"output_layers\" names call \(output.node) of '\(output.layer)', which is called \(max(layer.calls.count, 1)) time(s)")
            }
        }
    }

    /// A node or tensor index of a reference: absent is 0; anything but an integer ≥ 0 is refused
    /// (a negative index would pick another call: Python's `list[-1]`).
    private func referenceIndex(
        _ parts: [ConfigValue], _ at: Int, what: String, entry: ConfigValue, position: Int?, name: String?
    ) throws(ImportError) -> Int {
        guard parts.count > at else { return 0 }
        guard case .int(let index) = parts[at], index >= 0 else {
            throw fail(position, name, "the \(what) index \(parts[at].displayText.prefix(40)) in \(entry.displayText.prefix(120)) is not an integer ≥ 0 (Keras indexes a list with it)")
        }
        return index
    }

    /// `["name", 0, 0]` or `[["name", 0, 0], …]`.
    private func tensorList(_ value: ConfigValue?) throws(ImportError) -> [TensorReference] {
        guard let items = value?.arrayValue else { return [] }
        if items.first?.stringValue != nil { return [try kerasReference(value!)] }
        var references: [TensorReference] = []
        for item in items { references.append(try kerasReference(item)) }
        return references
    }

    private func kerasReference(_ value: ConfigValue) throws(ImportError) -> TensorReference {
        guard let parts = value.arrayValue, parts.count >= 1, let layer = parts[0].stringValue else {
            throw fail(nil, nil, "malformed tensor reference \(value.displayText)")
        }
        return TensorReference(
            layer: layer, node: try referenceIndex(parts, 1, what: "node", entry: value, position: nil, name: nil),
            tensor: try referenceIndex(parts, 2, what: "tensor", entry: value, position: nil, name: nil))
    }

    /// One inbound node: Keras 3 `{"args": […], "kwargs": {…}}` with `__keras_tensor__`s, or
    /// Keras 1/2 `[["name", node, tensor(, kwargs)], …]`.
    private func inboundNode(_ node: ConfigValue, position: Int, name: String) throws(ImportError) -> [TensorReference] {
        if let object = node.objectValue {
            var references: [TensorReference] = []
            try collectTensors(object["args"] ?? .null, into: &references, position: position, name: name)
            if let kwargs = object["kwargs"]?.objectValue {
                for key in kwargs.keys.sorted() where key != "mask" && key != "training" {
                    try collectTensors(kwargs[key]!, into: &references, position: position, name: name)
                }
            }
            return references
        }
        guard let items = node.arrayValue else {
            throw fail(position, name, "malformed inbound node \(node.displayText.prefix(120))")
        }
        var references: [TensorReference] = []
        for item in items {
            guard let parts = item.arrayValue, let layer = parts.first?.stringValue else {
                throw fail(position, name, "malformed inbound node entry \(item.displayText.prefix(120))")
            }
            references.append(TensorReference(
                layer: layer, node: try referenceIndex(parts, 1, what: "node", entry: item, position: position, name: name),
                tensor: try referenceIndex(parts, 2, what: "tensor", entry: item, position: position, name: name)))
        }
        return references
    }

    private func collectTensors(
        _ value: ConfigValue, into references: inout [TensorReference], position: Int, name: String
    ) throws(ImportError) {
        switch value {
        case .object(let object):
            if object["class_name"]?.stringValue == "__keras_tensor__",
               let historyValue = object["config"]?.objectValue?["keras_history"],
               let history = historyValue.arrayValue,
               let layer = history.first?.stringValue {
                references.append(TensorReference(
                    layer: layer,
                    node: try referenceIndex(history, 1, what: "node", entry: historyValue, position: position, name: name),
                    tensor: try referenceIndex(history, 2, what: "tensor", entry: historyValue, position: position, name: name)))
            } else {
                for key in object.keys.sorted() {
                    try collectTensors(object[key]!, into: &references, position: position, name: name)
                }
            }
        case .array(let items):
            for item in items { try collectTensors(item, into: &references, position: position, name: name) }
        default:
            break
        }
    }

    /// Keras 2 numbers a nested model's calls after its own construction node, so an outer
    /// graph may reference `inner[1][0]` for its first call. Shift such references down.
    private func remapNestedModelNodes(_ layers: inout [Layer]) throws(ImportError) {
        let models = Dictionary(uniqueKeysWithValues: layers.compactMap { layer -> (String, Int)? in
            if case .model = layer.kind { return (layer.name, layer.calls.count) }
            return nil
        })
        guard !models.isEmpty else { return }
        var lowest: [String: Int] = [:]
        var needsShift = Set<String>()
        for layer in layers {
            for reference in layer.calls.joined() where models[reference.layer] != nil {
                lowest[reference.layer] = min(lowest[reference.layer] ?? Int.max, reference.node)
                if reference.node >= models[reference.layer]! { needsShift.insert(reference.layer) }
            }
        }
        guard !needsShift.isEmpty else { return }
        for index in layers.indices {
            layers[index].calls = layers[index].calls.map { call in
                call.map { reference in
                    guard needsShift.contains(reference.layer) else { return reference }
                    var shifted = reference
                    shifted.node -= lowest[reference.layer]!
                    return shifted
                }
            }
        }
    }

    // MARK: - Recorded shapes

    /// A Keras shape with its batch axis (`[null, 8, 16]`) as a batch-free shape.
    private func recordedShape(_ value: ConfigValue) -> TensorShape? {
        guard let items = value.arrayValue, items.count >= 2,
              items.allSatisfy({ $0 == .null || $0.intValue != nil }) else { return nil }
        return TensorShape(items.dropFirst().map(\.intValue))
    }

    /// Output shapes per layer, node and tensor, as Keras 3 records them in every consumer's
    /// inbound `__keras_tensor__` (`config.shape` with `keras_history`).
    private func recordedOutputs(_ entries: [ConfigValue]) -> [String: [[TensorShape]]] {
        var found: [String: [Int: [Int: TensorShape]]] = [:]
        // A layer has no more calls, nor a call more outputs, than the model has layers and
        // inbound nodes.
        let limit = entries.reduce(entries.count) { $0 + ($1.objectValue?["inbound_nodes"]?.arrayValue?.count ?? 0) }
        func visit(_ value: ConfigValue) {
            switch value {
            case .object(let object):
                if object["class_name"]?.stringValue == "__keras_tensor__",
                   let config = object["config"]?.objectValue,
                   let history = config["keras_history"]?.arrayValue, let layer = history.first?.stringValue,
                   let shape = config["shape"].flatMap(recordedShape) {
                    let node = history.count > 1 ? history[1].intValue ?? 0 : 0
                    let tensor = history.count > 2 ? history[2].intValue ?? 0 : 0
                    // Only indices that can be real: a negative one (refused with its layer
                    // named where the inbound nodes are read) or one beyond the file's count of
                    // tensors would make an empty or huge range here.
                    if (0...limit).contains(node), (0...limit).contains(tensor) {
                        found[layer, default: [:]][node, default: [:]][tensor] = shape
                    }
                } else {
                    object.values.forEach(visit)
                }
            case .array(let items): items.forEach(visit)
            default: break
            }
        }
        for entry in entries { visit(entry.objectValue?["inbound_nodes"] ?? .null) }
        return found.mapValues { nodes in
            (0...(nodes.keys.max() ?? 0)).map { node in
                let tensors = nodes[node] ?? [:]
                return tensors.isEmpty ? [] : (0...(tensors.keys.max() ?? 0)).compactMap { tensors[$0] }
            }
        }
    }

    // MARK: - Layers

    /// One Keras layer object into an engine layer (a nested model recursively).
    private func convert(
        _ object: [String: ConfigValue], name: String, calls: [[TensorReference]], position: Int,
        path: [String], recorded: [[TensorShape]]
    ) throws(ImportError) -> Layer {
        let className = object["class_name"]?.stringValue ?? "?"
        var config = object["config"]?.objectValue ?? [:]
        let trainable = config["trainable"]?.boolValue ?? true
        if ["Sequential", "Functional", "Model"].contains(className) {
            let inner = try model(object, path: path + [name])
            let sub = SubModel(layers: inner.layers, inputs: inner.inputs, outputs: inner.outputs)
            return Layer(
                name: name, type: className == "Model" ? "Functional" : className, config: sub.config,
                kind: .model(sub), calls: calls, isTrainable: trainable)
        }
        let type = KerasLegacy.modernClassName(className)
        if !LayerKind.isKnownType(type) {
            // Never counted as zero: kept with the shapes the file records, or refused.
            if strict {
                throw fail(position, name, "unknown layer type '\(className)' (--strict)")
            }
            guard !recorded.isEmpty, recorded.allSatisfy({ !$0.isEmpty }) else {
                throw fail(position, name, "unknown layer type '\(className)', and the file records no output shape for it, so the layers after it cannot be computed")
            }
            var kept = config
            kept.removeValue(forKey: "name")
            kept.removeValue(forKey: "trainable")
            kept["output_shapes"] = .array(recorded.map { .array($0.map { shape in
                .array(shape.dimensions.map { $0.map(ConfigValue.int) ?? .null }) }) })
            return Layer(
                name: name, type: className, config: kept,
                kind: .unsupported(recordedOutputs: recorded), calls: calls, isTrainable: trainable)
        }
        if className == "Lambda", recorded.count == 1, recorded[0].count == 1 {
            // Keras 3 records the Lambda's output shape in its consumers' inputs: no assumption.
            config["output_shape"] = .array(recorded[0][0].dimensions.map { $0.map(ConfigValue.int) ?? .null })
            config["output_shape_type"] = .string("raw")
        } else if className == "Lambda", recorded.count > 1 || recorded.first.map({ $0.count > 1 }) == true {
            // Several calls or outputs: the recorded shapes, uncounted as before.
            var kept = config
            kept.removeValue(forKey: "name")
            kept.removeValue(forKey: "trainable")
            return Layer(
                name: name, type: className, config: kept,
                kind: .unsupported(recordedOutputs: recorded), calls: calls, isTrainable: trainable)
        }
        config = KerasLegacy.modernConfig(config, className: className)
        if let wrapped = config["layer"]?.objectValue, let innerClass = wrapped["class_name"]?.stringValue {
            // Keras 1 keys inside wrappers (a Bidirectional LSTM's output_dim) are renamed too.
            var modern = wrapped
            modern["class_name"] = .string(KerasLegacy.modernClassName(innerClass))
            modern["config"] = .object(KerasLegacy.modernConfig(wrapped["config"]?.objectValue ?? [:], className: innerClass))
            config["layer"] = .object(modern)
        }
        config.removeValue(forKey: "name")
        config.removeValue(forKey: "trainable")
        do throws(ConfigError) {
            return try Layer(
                name: name, type: type, config: config, calls: calls, isTrainable: trainable,
                options: .lenient)
        } catch {
            throw fail(position, name, "\(className): \(error)")
        }
    }
}
