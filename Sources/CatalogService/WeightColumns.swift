import CatalogCore
import CatalogImport
import CatalogStore
import Foundation

/// The rows of stored weights: the `tensors` rows and cached totals of any architecture read
/// with its tensors, and the whole rows of a weights-only architecture (a bare safetensors,
/// GGUF or PyTorch file), whose layers are the modules named by the tensors.
enum WeightColumns {
    /// The formats whose architectures may be weights-only.
    static let weightFormats: Set<String> = ["safetensors", "gguf", "pytorch", "torchscript"]

    /// Whether `imported` has tensors but no graph.
    static func isWeightsOnly(_ imported: ImportedArchitecture) -> Bool {
        imported.architecture.layers.isEmpty && !imported.tensors.isEmpty
    }

    /// Whether a stored row is weights-only: read from a weight file, with no input.
    static func isWeightsOnly(_ record: ArchitectureRecord) -> Bool {
        weightFormats.contains(record.sourceFormat) && record.inputShapes == "[]"
    }

    /// The tensors and their totals: `params_by_dtype` over the counted tensors, their
    /// bytes (`nil` if one dtype's size is unknown) and the file's metadata.
    static func storedWeights(of imported: ImportedArchitecture) -> StoredWeights? {
        guard !imported.tensors.isEmpty else { return nil }
        var byDType: [String: Int] = [:]
        var bytes: Int? = 0
        for tensor in imported.tensors where tensor.uncountedReason == nil {
            byDType[tensor.dtype, default: 0] &+= tensor.elements
            if let size = tensor.bytes, let total = bytes { bytes = total &+ size } else { bytes = nil }
        }
        let rows = imported.tensors.map { tensor in
            var shape = JSONText.Writer()
            shape.array(tensor.shape) { $0.int($1) }
            return TensorRecord(
                name: tensor.name, dtype: tensor.dtype, shape: shape.text,
                elements: tensor.elements, bytes: tensor.bytes, layer: tensor.layer, isBuffer: tensor.isBuffer,
                uncountedReason: tensor.uncountedReason)
        }
        let metadata = imported.weightMetadata.isEmpty ? nil : JSONText.encode(imported.weightMetadata)
        return StoredWeights(tensors: rows, paramsByDType: JSONText.encode(byDType), weightBytes: bytes, metadata: metadata)
    }

    /// Compares the parameters the engine counted for the graph with the elements the file
    /// stores, and says why they differ where it can tell: a head tied to the embedding but
    /// stored twice, or not stored (tied, or missing); buffers stored beside the parameters.
    /// - Returns: a warning, or `nil` when they agree.
    static func crossCheck(counted: Int, imported: ImportedArchitecture) -> String? {
        let counted_ = imported.tensors.filter { $0.uncountedReason == nil }
        let stored = counted_.reduce(0) { $0 &+ $1.elements }
        guard stored != counted else { return nil }
        let difference = stored - counted
        var reason = ""
        let buffers = counted_.filter(\.isBuffer).reduce(0) { $0 &+ $1.elements }
        let matrices = counted_.filter { $0.shape.count == 2 }
        if difference > 0, buffers == difference {
            reason = ": the file also stores \(buffers) elements of buffers (running statistics)"
        } else if difference > 0, let twin = matrices.first(where: { $0.elements == difference && ($0.name.contains("lm_head") || $0.name.hasPrefix("output.")) }) {
            reason = ": '\(twin.name)' is stored although the head is counted tied to the embedding"
        } else if difference < 0, matrices.contains(where: { $0.elements == -difference }) {
            reason = ": a matrix of \(-difference) elements is counted but not stored (a head tied to the embedding and stored once, or missing)"
        } else if difference > 0 {
            // Tensors no layer of the architecture owns (a stored `rotary_emb.inv_freq`), when
            // they are exactly the difference.
            let unlinked = counted_.filter { $0.layer == nil }
            if !unlinked.isEmpty, unlinked.reduce(0, { $0 &+ $1.elements }) == difference {
                let names = unlinked.prefix(5).map { "'\($0.name)'" }.joined(separator: ", ")
                reason = ": the file also stores tensors no layer of the architecture holds: \(names)"
                    + (unlinked.count > 5 ? " and \(unlinked.count - 5) more" : "")
            }
        }
        return "the file stores \(stored) elements; the architecture counts \(counted) parameters (a difference of \(difference))" + reason
    }

    /// The rows of a weights-only architecture: one layer per module (``StoredModule``) with its
    /// exact parameters, its output shape and MACs unknown (NULL, never 0); totals over every
    /// counted stored element (buffers non-trainable); no inputs, MACs NULL.
    static func weightsOnlyRecords(
        for architecture: Architecture, imported: ImportedArchitecture, now: Date = Date()
    ) -> (ArchitectureRecord, [LayerRecord]) {
        let modules = StoredModule.modules(of: imported.tensors)
        let timestamp = Timestamp.iso8601(now)
        var record = ArchitectureRecord(
            name: architecture.name, description: architecture.description, source: architecture.source,
            tags: JSONText.encode(architecture.tags), framework: architecture.framework.rawValue,
            sourceFormat: imported.sourceFormat, sourceVersion: imported.sourceVersion,
            inputShapes: "[]", createdAt: timestamp, updatedAt: timestamp)
        var layers: [LayerRecord] = []
        var trainable = 0
        var nonTrainable = 0
        for (position, module) in modules.enumerated() {
            let total = module.trainableParameters &+ module.nonTrainableParameters
            trainable &+= module.trainableParameters
            nonTrainable &+= module.nonTrainableParameters
            layers.append(LayerRecord(
                position: position, name: module.name, type: module.type,
                config: tensorsConfig(module.tensorNames), inbound: "[]", trainable: true,
                outputShapes: "[]", params: total, trainableParams: module.trainableParameters,
                nonTrainableParams: module.nonTrainableParameters, macs: nil))
        }
        record.outputShapes = "[]"
        record.totalParams = trainable &+ nonTrainable
        record.trainableParams = trainable
        record.nonTrainableParams = nonTrainable
        record.macs = nil
        record.layerCount = layers.count
        record.depth = nil
        record.parameterBytes = record.totalParams.map { $0 &* 4 }
        record.activationElements = nil
        record.isComplete = true
        record.uncountedLayers = "[]"
        record.computeVersion = Engine.computeVersion
        record.computedAt = timestamp
        return (record, layers)
    }

    /// A weights-only layer's config, `{"tensors":["a.weight","a.bias"]}`.
    private static func tensorsConfig(_ names: [String]) -> String {
        var writer = JSONText.Writer()
        writer.object(["tensors": names]) { $0.strings($1) }
        return writer.text
    }
}
