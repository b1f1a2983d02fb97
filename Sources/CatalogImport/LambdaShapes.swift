import CatalogCore

/// Keras Lambda layers whose file records no output shape: imported with the output shape
/// assumed equal to the input shape (a Lambda holds no weights, so its parameters are exactly 0;
/// only its shape is unknown). The assumption is named in a warning and can be replaced by the
/// real shape (`catalog add --lambda-shape NAME=DIMS`).
extension ArchitectureImporter {
    /// The names of the layers (nested ones as `outer/inner`) whose output shape is assumed.
    public static func assumedShapeLayers(_ layers: [Layer], prefix: String = "") -> [String] {
        var names: [String] = []
        for layer in layers {
            switch layer.kind {
            case .module(.lambda(nil)): names.append(prefix + layer.name)
            case .model(let model): names += assumedShapeLayers(model.layers, prefix: prefix + layer.name + "/")
            default: break
            }
        }
        return names
    }

    /// The warning for each assumed output shape.
    static func assumptionWarnings(_ architecture: Architecture) -> [String] {
        assumedShapeLayers(architecture.layers).map { name in
            "layer '\(name)' (Lambda): the file records no output shape; it is assumed equal to the layer's input shape (its parameters are 0, exact); give the real one with --lambda-shape \(name)=DIMS"
        }
    }

    /// Sets the output shape of the Lambda layers named in `shapes` (batch excluded), removing
    /// their assumption and its warning.
    /// - Throws: ``ImportError`` naming the file when a name is not a Lambda layer of the model.
    public static func settingLambdaShapes(
        _ imported: ImportedArchitecture, _ shapes: [String: [Int?]], file: String
    ) throws(ImportError) -> ImportedArchitecture {
        guard !shapes.isEmpty else { return imported }
        var result = imported
        var unused = Set(shapes.keys)
        result.architecture.layers = set(result.architecture.layers, shapes, prefix: "", unused: &unused)
        if let name = unused.sorted().first {
            throw ImportError(file: file, problem: "--lambda-shape names '\(name)', which is not a Lambda layer of the model")
        }
        result.warnings = result.warnings.filter { !$0.contains("(Lambda): the file records no output shape") }
            + assumptionWarnings(result.architecture)
        return result
    }

    private static func set(
        _ layers: [Layer], _ shapes: [String: [Int?]], prefix: String, unused: inout Set<String>
    ) -> [Layer] {
        layers.map { layer in
            var layer = layer
            switch layer.kind {
            case .module(.lambda):
                if let shape = shapes[prefix + layer.name] ?? shapes[layer.name] {
                    unused.remove(prefix + layer.name)
                    unused.remove(layer.name)
                    layer.kind = .module(.lambda(outputShape: TensorShape(shape)))
                    layer.config["output_shape"] = .array(shape.map { $0.map(ConfigValue.int) ?? .null })
                }
            case .model(var model):
                model.layers = set(model.layers, shapes, prefix: prefix + layer.name + "/", unused: &unused)
                layer.kind = .model(model)
            default: break
            }
            return layer
        }
    }
}
