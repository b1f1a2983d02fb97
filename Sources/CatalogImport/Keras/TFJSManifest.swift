import CatalogCore

/// Cross-checks a TensorFlow.js `weightsManifest` against the computed parameters.
enum TFJSManifest {
    /// The sum of the manifest's weight shapes against the engine's total.
    /// - Returns: warnings (empty when they agree or there is no manifest) naming the layers
    ///   whose weights differ.
    /// - Throws: ``ImportError`` when the engine cannot compute the architecture.
    static func check(_ document: ConfigValue, architecture: Architecture, file: String) throws(ImportError) -> [String] {
        guard let groups = document.objectValue?["weightsManifest"]?.arrayValue else { return [] }
        var manifest: [String: Int] = [:]
        for group in groups {
            for weight in group.objectValue?["weights"]?.arrayValue ?? [] {
                guard let object = weight.objectValue, let name = object["name"]?.stringValue else { continue }
                let count = (object["shape"]?.arrayValue ?? []).reduce(1) { $0 * ($1.intValue ?? 0) }
                // Weight names are "layer/kernel" (or "model/layer/kernel"): group by layer.
                let parts = name.split(separator: "/")
                let layer = parts.count >= 2 ? String(parts[parts.count - 2]) : name
                manifest[layer, default: 0] += count
            }
        }
        let results: [LayerResult]
        do throws(InferenceError) {
            results = try Engine.infer(architecture)
        } catch {
            throw ImportError(file: file, problem: error.description)
        }
        let computed = Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0.parameters) })
        let manifestTotal = manifest.values.reduce(0, +)
        let computedTotal = results.reduce(0) { $0 + $1.parameters }
        guard manifestTotal != computedTotal else { return [] }
        let differing = Set(manifest.keys).union(computed.filter { $0.value > 0 }.keys)
            .filter { manifest[$0, default: 0] != computed[$0, default: 0] }
            .sorted()
            .map { "\($0) (manifest \(manifest[$0, default: 0]), computed \(computed[$0, default: 0]))" }
        return ["weightsManifest holds \(manifestTotal) weights but the layers have \(computedTotal) parameters; differing layers: " + differing.joined(separator: ", ")]
    }
}
