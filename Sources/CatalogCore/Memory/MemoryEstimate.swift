/// The element type memory is estimated for.
public enum ElementType: String, Hashable, Sendable, CaseIterable {
    case float32, float16, bfloat16, int8

    /// Bytes per element: 4, 2, 2, 1.
    public var bytes: Int {
        switch self {
        case .float32: 4
        case .float16, .bfloat16: 2
        case .int8: 1
        }
    }
}

/// Memory of an architecture's parameters and of one forward pass, in bytes.
///
/// The figures follow torchinfo's summary (torchinfo/model_statistics.py): "Params size" is
/// the parameters times the bytes per element; "Input size" the input elements times the bytes;
/// "Forward/backward pass size" twice the output elements of the layers that have parameters
/// (×2 for their gradients, the first output of each call only); "Estimated Total Size" their
/// sum. Token ids (an input read only by embedding lookups) are int64, 8 bytes each, as PyTorch
/// holds them, whatever the element type. torchinfo prints them in MB of 10⁶ bytes; Keras' summary prints parameter memory in
/// 1024-based units. ``activationBytes`` is the plain sum of every layer's outputs for one
/// forward pass. Activation figures scale linearly with the batch; parameter memory does not.
/// A figure is `nil` when a shape has an unknown (`None`) dimension.
public struct MemoryEstimate: Hashable, Sendable {
    /// The element type of parameters and activations.
    public var elementType: ElementType
    /// Samples per forward pass.
    public var batchSize: Int
    /// Parameters (trainable and non-trainable, under the architecture's convention) × bytes.
    public var parameterBytes: Int
    /// Input elements × batch × bytes, token ids at 8 bytes (int64) (torchinfo's "Input size").
    public var inputBytes: Int?
    /// Every layer output of one forward pass (each call, each output tensor, inputs excluded)
    /// × batch × bytes.
    public var activationBytes: Int?
    /// torchinfo's "Forward/backward pass size": 2 × the outputs of layers with parameters
    /// × batch × bytes.
    public var forwardBackwardBytes: Int?
    /// torchinfo's "Estimated Total Size": input + forward/backward + parameters.
    public var totalBytes: Int? {
        guard let inputBytes, let forwardBackwardBytes else { return nil }
        let (partial, overflow1) = inputBytes.addingReportingOverflow(forwardBackwardBytes)
        let (total, overflow2) = partial.addingReportingOverflow(parameterBytes)
        return overflow1 || overflow2 ? nil : total
    }
}

extension Engine {
    /// Parameter and activation memory of `architecture` (see ``MemoryEstimate``).
    /// - Parameters:
    ///   - results: ``infer(_:)``'s output for `architecture` (under the convention wanted).
    ///   - elementType: bytes per parameter and per activation element (float32: 4).
    ///   - batchSize: samples per forward pass (≥ 1); scales the input and activation figures.
    /// - Throws: ``InferenceError/layer(index:name:type:fault:)`` with ``LayerFault/overflow``
    ///   when a figure exceeds 64 bits, or ``LayerFault/other(_:)`` for a batch size below 1.
    public static func memory(
        of architecture: Architecture, results: [LayerResult], elementType: ElementType = .float32,
        batchSize: Int = 1
    ) throws(InferenceError) -> MemoryEstimate {
        var parameters = 0
        var inputs: Int? = 0, tokenIDs: Int? = 0, all: Int? = 0, withParameters: Int? = 0
        // Inputs every consumer of which is an embedding lookup: token ids (int64 in PyTorch).
        var lookedUp = Set<String>(), otherwiseRead = Set<String>()
        for layer in architecture.layers {
            let sources = layer.calls.flatMap { $0.map(\.layer) }
            switch layer.kind {
            case .tokenEmbedding, .embedding: lookedUp.formUnion(sources)
            default: otherwiseRead.formUnion(sources)
            }
        }
        let tokenInputs = lookedUp.subtracting(otherwiseRead)
        func add(_ running: Int?, _ value: Int?) throws(LayerFault) -> Int? {
            guard let running, let value else { return nil }
            return try sum(running, value)
        }
        func bytes(_ elements: Int?, factor: Int = 1) throws(LayerFault) -> Int? {
            guard let elements else { return nil }
            return try product(elements, batchSize, elementType.bytes, factor)
        }
        for (index, (layer, result)) in zip(architecture.layers, results).enumerated() {
            do throws(LayerFault) {
                guard batchSize >= 1 else { throw .other("batch size \(batchSize) is not positive") }
                parameters = try sum(parameters, result.parameters)
                if case .input = layer.kind, tokenInputs.contains(layer.name) {
                    tokenIDs = try add(tokenIDs, result.outputElements)
                } else if case .input = layer.kind {
                    inputs = try add(inputs, result.outputElements)
                } else {
                    all = try add(all, result.outputElements)
                    withParameters = try add(withParameters, result.outputElementsOfLayersWithParameters)
                }
                if index == results.count - 1 {
                    var tokenBytes: Int?
                    if let tokenIDs { tokenBytes = try product(tokenIDs, batchSize, 8) }
                    return MemoryEstimate(
                        elementType: elementType, batchSize: batchSize,
                        parameterBytes: try product(parameters, elementType.bytes),
                        inputBytes: try add(bytes(inputs), tokenBytes),
                        activationBytes: try bytes(all),
                        forwardBackwardBytes: try bytes(withParameters, factor: 2))
                }
            } catch {
                throw .layer(index: index, name: layer.name, type: layer.type, fault: error)
            }
        }
        return MemoryEstimate(
            elementType: elementType, batchSize: batchSize, parameterBytes: 0, inputBytes: 0,
            activationBytes: 0, forwardBackwardBytes: 0)
    }
}
