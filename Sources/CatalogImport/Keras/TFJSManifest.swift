import CatalogCore

/// Cross-checks a TensorFlow.js `weightsManifest` against the computed parameters.
enum TFJSManifest {
    /// The sum of the manifest's weight shapes against the engine's total.
    /// - Returns: warnings (empty when they agree or there is no manifest) naming the layers
    ///   whose weights differ.
    /// - Throws: ``ImportError`` when the engine cannot compute the architecture, or a weight's
    ///   `shape` is not a list of sizes ≥ 0, or the sizes multiply or add up beyond 64 bits.
    static func check(_ document: ConfigValue, architecture: Architecture, file: String) throws(ImportError) -> [String] {
        guard let groups = document.objectValue?["weightsManifest"]?.arrayValue else { return [] }
        var manifest: [String: Int] = [:]
        for group in groups {
            for weight in group.objectValue?["weights"]?.arrayValue ?? [] {
                guard let object = weight.objectValue, let name = object["name"]?.stringValue else { continue }
                // Every size checked: a negative size made "holds -9 weights", a huge one trapped.
                let shown = String(name.prefix(80))
                guard let sizes = object["shape"]?.arrayValue else {
                    throw ImportError(file: file, problem: "weightsManifest: weight '\(shown)' has no \"shape\" list")
                }
                var count = 1
                for size in sizes {
                    guard case .int(let value) = size, value >= 0 else {
                        throw ImportError(file: file, problem: "weightsManifest: weight '\(shown)' has shape \(String(object["shape"]!.displayText.prefix(80))), not a list of sizes ≥ 0")
                    }
                    let (product, overflow) = count.multipliedReportingOverflow(by: value)
                    guard !overflow else {
                        throw ImportError(file: file, problem: "weightsManifest: weight '\(shown)' has more than 2^63 − 1 elements")
                    }
                    count = product
                }
                // Weight names are "layer/kernel" (or "model/layer/kernel"): group by layer.
                let parts = name.split(separator: "/")
                let layer = parts.count >= 2 ? String(parts[parts.count - 2]) : name
                let (sum, overflow) = manifest[layer, default: 0].addingReportingOverflow(count)
                guard !overflow else {
                    throw ImportError(file: file, problem: "weightsManifest: the weights of layer '\(String(layer.prefix(80)))' add up to more than 2^63 − 1")
                }
                manifest[layer] = sum
            }
        }
        let results: [LayerResult]
        do throws(InferenceError) {
            results = try Engine.infer(architecture)
        } catch {
            throw ImportError(file: file, problem: error.description)
        }
        let computed = Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0.parameters) })
        var manifestTotal = 0, computedTotal = 0
        for count in manifest.values {
            let (sum, overflow) = manifestTotal.addingReportingOverflow(count)
            guard !overflow else { throw ImportError(file: file, problem: "weightsManifest: the weights add up to more than 2^63 − 1") }
            manifestTotal = sum
        }
        for result in results {
            // The engine's totals report an overflow of the parameters themselves.
            let (sum, overflow) = computedTotal.addingReportingOverflow(result.parameters)
            guard !overflow else { return [] }
            computedTotal = sum
        }
        guard manifestTotal != computedTotal else { return [] }
        let differing = Set(manifest.keys).union(computed.filter { $0.value > 0 }.keys)
            .filter { manifest[$0, default: 0] != computed[$0, default: 0] }
            .sorted()
            .map { "\($0) (manifest \(manifest[$0, default: 0]), computed \(computed[$0, default: 0]))" }
        return ["weightsManifest holds \(manifestTotal) weights but the layers have \(computedTotal) parameters; differing layers: " + differing.joined(separator: ", ")]
    }
}
