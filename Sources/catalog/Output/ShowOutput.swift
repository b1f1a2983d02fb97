import CatalogCore
import CatalogService

// MARK: - show: one layer

/// One layer as `show --format json|jsonl|csv` prints it (docs/SCHEMA.md): unknown numbers are
/// `null` in JSON and empty in CSV, never 0. The coding keys are the JSON keys and the CSV
/// header.
struct LayerOutput: Encodable {
    var name: String
    var type: String
    /// Every output shape, of each call and each output, in order; `nil` when unknown (a module
    /// of a weights-only file has no graph to infer them from).
    var outputShapes: [ShapeOutput]?
    /// The earlier releases' `output_shape`, kept for the scripts that read it: the one shape of
    /// a layer with one call and one output, else the list of every shape; `nil` when unknown.
    var outputShape: OneOrMany?
    var params: Int?
    var trainableParams: Int?
    var nonTrainableParams: Int?
    var macs: Int?
    /// The inbound layers' names, one per inbound tensor.
    var inputs: [String]
    /// The inbound tensors in Keras' "Connected to" form, `conv1[0][0]`.
    var connectedTo: [String]
    /// The table's and CSV's text of the output shapes: `unknown`, one shape, or `[a, b]`.
    var outputShapeText: String

    enum CodingKeys: String, CodingKey {
        case name, type
        case outputShapes = "output_shapes"
        case outputShape = "output_shape"
        case params
        case trainableParams = "trainable_params"
        case nonTrainableParams = "non_trainable_params"
        case macs, inputs
        case connectedTo = "connected_to"
    }

    /// One shape, or a list of them.
    enum OneOrMany: Encodable {
        case one(ShapeOutput)
        case many([ShapeOutput])

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .one(let shape): try shape.encode(to: encoder)
            case .many(let shapes): try shapes.encode(to: encoder)
            }
        }
    }

    init(_ layer: LayerSummary) {
        name = layer.name
        type = layer.type
        let all = layer.outputShapes.joined().map(ShapeOutput.init)
        outputShapes = layer.outputShapes.isEmpty ? nil : all
        outputShape = all.isEmpty ? nil : all.count == 1 ? .one(all[0]) : .many(all)
        params = layer.parameters
        trainableParams = layer.trainableParameters
        nonTrainableParams = layer.nonTrainableParameters
        macs = layer.macs
        let references = layer.inbound.joined()
        inputs = references.map(\.layer)
        connectedTo = references.map { "\($0.layer)[\($0.node)][\($0.tensor)]" }
        outputShapeText = layer.outputShapeText
    }

    /// `show --format csv`'s columns, in order (`flops` after MACs with `--flops`).
    static let csvColumns: [CodingKeys] = [.name, .type, .outputShapes, .params, .trainableParams, .nonTrainableParams, .macs, .inputs]

    static func csvHeader(flops: Bool) -> [String] {
        FLOPsField.csvHeader(csvColumns, macs: .macs, flops: flops)
    }

    /// The CSV fields in the order of ``csvHeader(flops:)``; `flops` written after MACs when given.
    func csvFields(flops: Int?? = nil) -> [String] {
        FLOPsField.csvFields(Self.csvColumns, macs: .macs, flops: flops.map { $0.map(String.init) ?? "" }, field: csvField)
    }

    /// One field as CSV writes it: an unknown number empty, names joined by spaces.
    func csvField(_ column: CodingKeys) -> String {
        switch column {
        case .name: name
        case .type: type
        case .outputShapes, .outputShape: outputShapeText
        case .params: params.map(String.init) ?? ""
        case .trainableParams: trainableParams.map(String.init) ?? ""
        case .nonTrainableParams: nonTrainableParams.map(String.init) ?? ""
        case .macs: macs.map(String.init) ?? ""
        case .inputs: inputs.joined(separator: " ")
        case .connectedTo: connectedTo.joined(separator: " ")
        }
    }
}

// MARK: - show --format json: the whole object

/// `show --format json` (docs/SCHEMA.md): `list`'s keys, `active_params`, the (selected) layers,
/// `memory` with `--dtype`/`--batch`, `flops` with `--flops`, and the stored weights' keys.
struct ShownArchitecture: Encodable {
    var architecture: ListedArchitecture
    /// Parameters a token uses (routed experts it does not use excluded).
    var activeParams: Int
    var layers: [Extended<LayerOutput, FLOPsField>]
    /// Present only when `--dtype` or `--batch` asked for memory.
    var memory: MemoryEstimateOutput?
    /// Present only with `--flops`.
    var flops: FLOPsField?
    var weights: WeightsOutput

    enum CodingKeys: String, CodingKey {
        case activeParams = "active_params"
        case layers, memory
    }

    func encode(to encoder: any Encoder) throws {
        try architecture.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(activeParams, forKey: .activeParams)
        try container.encode(layers, forKey: .layers)
        if let memory { try container.encode(memory, forKey: .memory) }
        try flops?.encode(to: encoder)
        try weights.encode(to: encoder)
    }
}

/// `show --format json`'s `memory` object (bytes; `nil` is `null`: a shape or the input is unknown).
struct MemoryEstimateOutput: Encodable {
    var dtype: String
    var batch: Int
    var parameterBytes: Int
    var inputBytes: Int?
    var activationBytes: Int?
    var forwardBackwardBytes: Int?
    var totalBytes: Int?

    enum CodingKeys: String, CodingKey {
        case dtype, batch
        case parameterBytes = "parameter_bytes"
        case inputBytes = "input_bytes"
        case activationBytes = "activation_bytes"
        case forwardBackwardBytes = "forward_backward_bytes"
        case totalBytes = "total_bytes"
    }

    init(_ memory: MemoryEstimate) {
        dtype = memory.elementType.rawValue
        batch = memory.batchSize
        parameterBytes = memory.parameterBytes
        inputBytes = memory.inputBytes
        activationBytes = memory.activationBytes
        forwardBackwardBytes = memory.forwardBackwardBytes
        totalBytes = memory.totalBytes
    }
}

// MARK: - show --format json: the stored weights

/// The weight keys of `show --format json` (docs/SCHEMA.md): the stored tensors, elements per
/// dtype, the bytes stored and the file's metadata; for an architecture read without weights, no
/// tensors and `null` for the rest.
struct WeightsOutput: Encodable {
    var tensors: [TensorOutput]
    var paramsByDType: [String: Int]?
    var weightBytes: Int?
    var weightMetadata: [String: String]?
    var storedByLayer: [LayerStorageOutput]

    enum CodingKeys: String, CodingKey {
        case tensors
        case paramsByDType = "params_by_dtype"
        case weightBytes = "weight_bytes"
        case weightMetadata = "weight_metadata"
        case storedByLayer = "stored_by_layer"
    }

    init(_ weights: WeightsSummary?) {
        tensors = weights?.tensors.map(TensorOutput.init) ?? []
        paramsByDType = weights?.paramsByDType
        weightBytes = weights?.weightBytes
        weightMetadata = weights?.metadata
        storedByLayer = weights?.storedByLayer.map(LayerStorageOutput.init) ?? []
    }
}

/// One entry of `stored_by_layer`: a layer that owns stored tensors, their count, elements and
/// bytes (`null` if one dtype's size is unknown).
struct LayerStorageOutput: Encodable {
    var layer: String
    var tensors: Int
    var elements: Int
    var bytes: Int?

    init(_ entry: (layer: String, tensors: Int, elements: Int, bytes: Int?)) {
        (layer, tensors, elements, bytes) = (entry.layer, entry.tensors, entry.elements, entry.bytes)
    }
}

/// One stored tensor: name, dtype as the file names it, shape, elements, bytes (`null` for a
/// dtype of unknown size), the layer it belongs to, whether it is a buffer, and why it is not
/// counted again when it is not (the key is absent otherwise).
struct TensorOutput: Encodable {
    var name: String
    var dtype: String
    var shape: [Int]
    var elements: Int
    var bytes: Int?
    var layer: String?
    var buffer: Bool
    var uncountedReason: String?

    enum CodingKeys: String, CodingKey {
        case name, dtype, shape, elements, bytes, layer, buffer
        case uncountedReason = "uncounted_reason"
    }

    init(_ tensor: Tensor) {
        name = tensor.name
        dtype = tensor.dtype
        shape = tensor.shape
        elements = tensor.elements
        bytes = tensor.bytes
        layer = tensor.layer
        buffer = tensor.isBuffer
        uncountedReason = tensor.uncountedReason
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(dtype, forKey: .dtype)
        try container.encode(shape, forKey: .shape)
        try container.encode(elements, forKey: .elements)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(layer, forKey: .layer)
        try container.encode(buffer, forKey: .buffer)
        if let uncountedReason { try container.encode(uncountedReason, forKey: .uncountedReason) }
    }
}
