import CatalogCore
import CatalogService

// MARK: - list: one architecture

/// One architecture as `list --format json|jsonl|csv` prints it, and the base of `show`'s and
/// `compare`'s objects: the JSON contract of docs/SCHEMA.md. Integers are raw; an unknown
/// number is `null` in JSON and an empty field in CSV (a weights-only file has no MACs or
/// depth). The coding keys are the JSON keys and the CSV header: each field is named once.
struct ListedArchitecture: Encodable {
    var name: String
    var description: String?
    var source: String?
    var tags: [String]
    var framework: String
    var sourceFormat: String
    var inputShapes: [ShapeOutput]
    var outputShapes: [ShapeOutput]
    var totalParams: Int
    var trainableParams: Int
    var nonTrainableParams: Int
    /// `nil` for a weights-only file (no graph to follow).
    var macs: Int?
    var layerCount: Int
    /// `nil` for a weights-only file.
    var depth: Int?
    /// Parameter memory at 4 bytes a parameter.
    var parameterBytes: Int
    /// The weights `catalog memory` gives without --dtype: stored bytes, else the declared
    /// dtype's, else float32's; `nil` when not computed.
    var weightsBytes: Int?
    /// That figure's type: `stored`, the declared dtype (`bf16`), or `f32`.
    var weightType: String?
    var activationElements: Int?
    var complete: Bool
    var uncountedLayers: [String]
    var assumedShapeLayers: [String]
    /// Whether `macs` counts an unknown dimension as 1 (per step, not a full count).
    var macsPerStep: Bool
    /// The layers whose MACs do (`per_step_mac_layers`).
    var perStepMACLayers: [String]

    enum CodingKeys: String, CodingKey {
        case name, description, source, tags, framework
        case sourceFormat = "source_format"
        case inputShapes = "input_shapes"
        case outputShapes = "output_shapes"
        case totalParams = "total_params"
        case trainableParams = "trainable_params"
        case nonTrainableParams = "non_trainable_params"
        case macs
        case layerCount = "layer_count"
        case depth
        case parameterBytes = "parameter_bytes"
        case weightsBytes = "weights_memory_bytes"
        case weightType = "weights_memory_type"
        case activationElements = "activation_elements"
        case complete
        case uncountedLayers = "uncounted_layers"
        case assumedShapeLayers = "assumed_shape_layers"
        case macsPerStep = "macs_per_step"
        case perStepMACLayers = "per_step_mac_layers"
    }

    init(_ summary: ArchitectureSummary) {
        name = summary.name
        description = summary.description
        source = summary.source
        tags = summary.tags
        framework = summary.framework
        sourceFormat = summary.sourceFormat
        inputShapes = summary.inputShapes.map(ShapeOutput.init)
        outputShapes = summary.outputShapes.map(ShapeOutput.init)
        totalParams = summary.totalParameters
        trainableParams = summary.trainableParameters
        nonTrainableParams = summary.nonTrainableParameters
        macs = summary.isWeightsOnly ? nil : summary.macs
        layerCount = summary.layerCount
        depth = summary.isWeightsOnly ? nil : summary.depth
        parameterBytes = summary.parameterBytes
        weightsBytes = summary.defaultWeightsBytes
        weightType = summary.defaultWeightType
        activationElements = summary.activationElements
        complete = summary.isComplete
        uncountedLayers = summary.uncountedLayers
        assumedShapeLayers = summary.assumedShapeLayers
        macsPerStep = summary.macsArePerStep
        perStepMACLayers = summary.isWeightsOnly ? [] : summary.perStepMACLayers
    }

    /// `list --format csv`'s columns, in order.
    static let csvColumns: [CodingKeys] = [
        .name, .totalParams, .trainableParams, .nonTrainableParams, .macs, .layerCount, .depth, .inputShapes,
        .parameterBytes, .activationElements, .framework, .complete, .tags, .weightsBytes, .weightType, .macsPerStep,
    ]

    /// The CSV header; with `flops`, FLOPs follow MACs.
    static func csvHeader(flops: Bool = false) -> [String] {
        FLOPsField.csvHeader(csvColumns, macs: .macs, flops: flops)
    }

    /// The row's CSV fields in the order of ``csvHeader(flops:)``; `flops` (2 × MACs, `nil`
    /// past 64 bits) is written after MACs when given (empty when the MACs are unknown).
    func csvCells(flops: Int?? = nil) -> [CSVCell] {
        FLOPsField.csvFields(
            Self.csvColumns, macs: .macs,
            flops: flops.map { macs == nil ? .text("") : $0.map(CSVCell.integer) ?? .text("") }, field: csvCell)
    }

    /// One field as CSV writes it: lists joined (shapes by spaces, names and tags by `;`),
    /// an unknown number empty.
    func csvCell(_ column: CodingKeys) -> CSVCell {
        switch column {
        case .name: .text(name)
        case .description: .text(description ?? "")
        case .source: .text(source ?? "")
        case .tags: .text(tags.joined(separator: ";"))
        case .framework: .text(framework)
        case .sourceFormat: .text(sourceFormat)
        case .inputShapes: .text(inputShapes.map(\.shape.description).joined(separator: " "))
        case .outputShapes: .text(outputShapes.map(\.shape.description).joined(separator: " "))
        case .totalParams: .integer(totalParams)
        case .trainableParams: .integer(trainableParams)
        case .nonTrainableParams: .integer(nonTrainableParams)
        case .macs: macs.map(CSVCell.integer) ?? .text("")
        case .layerCount: .integer(layerCount)
        case .depth: depth.map(CSVCell.integer) ?? .text("")
        case .parameterBytes: .integer(parameterBytes)
        case .weightsBytes: weightsBytes.map(CSVCell.integer) ?? .text("")
        case .weightType: .text(weightType ?? "")
        case .activationElements: activationElements.map(CSVCell.integer) ?? .text("")
        case .complete: .text(complete ? "true" : "false")
        case .uncountedLayers: .text(uncountedLayers.joined(separator: ";"))
        case .assumedShapeLayers: .text(assumedShapeLayers.joined(separator: ";"))
        case .macsPerStep: .text(macsPerStep ? "true" : "false")
        case .perStepMACLayers: .text(perStepMACLayers.joined(separator: ";"))
        }
    }
}

/// A shape in JSON: its dimensions, batch excluded, `null` for an unknown one.
struct ShapeOutput: Encodable {
    var shape: TensorShape

    init(_ shape: TensorShape) { self.shape = shape }

    func encode(to encoder: any Encoder) throws {
        try shape.dimensions.encode(to: encoder)
    }
}

/// `flops`, 2 × MACs (`null` past 64 bits or when the MACs are unknown), the key `--flops` adds.
struct FLOPsField: Encodable {
    var flops: Int?

    enum CodingKeys: String, CodingKey { case flops }

    /// The CSV header of `columns`, with `flops` after the `macs` column when `flops` is true
    /// (`list --flops`, `show --flops`).
    static func csvHeader<Key: CodingKey & Equatable>(_ columns: [Key], macs: Key, flops: Bool) -> [String] {
        csvFields(columns, macs: macs, flops: flops ? CodingKeys.flops.stringValue : nil, field: \.stringValue)
    }

    /// `field` of each of `columns` in order, and `flops` (a header or a row's FLOPs field)
    /// right after the `macs` column when given: the one loop behind the CSV header and rows of
    /// `list --flops` and `show --flops`.
    static func csvFields<Key: Equatable, Field>(
        _ columns: [Key], macs: Key, flops: Field?, field: (Key) -> Field
    ) -> [Field] {
        // One array filled in place: a `flatMap` over the columns built an array per cell, which
        // made `list --format csv` 12% slower than before the output models (BENCHMARKS.md).
        var fields: [Field] = []
        fields.reserveCapacity(columns.count + 1)
        for column in columns {
            fields.append(field(column))
            if column == macs, let flops { fields.append(flops) }
        }
        return fields
    }
}

// MARK: - list --fits: the memory terms

/// The memory terms `list --fits` adds to each row (bytes; docs/SCHEMA.md), JSON keys and CSV
/// columns in this order.
struct FittingMemory: Encodable {
    var weightsBytes: Int
    var kvCacheBytes: Int
    /// An estimate; `nil` when a shape is unknown.
    var activationBytes: Int?
    var totalBytes: Int
    var roomLeftBytes: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case weightsBytes = "weights_bytes"
        case kvCacheBytes = "kv_cache_bytes"
        case activationBytes = "activation_bytes"
        case totalBytes = "total_bytes"
        case roomLeftBytes = "room_left_bytes"
    }

    init(_ row: FittingArchitecture) {
        weightsBytes = row.weightsBytes
        kvCacheBytes = row.kvCacheBytes
        activationBytes = row.activationBytes
        totalBytes = row.totalBytes
        roomLeftBytes = row.roomLeftBytes
    }

    static let csvHeader = CodingKeys.allCases.map(\.stringValue)

    var csvCells: [CSVCell] {
        CodingKeys.allCases.map { column in
            switch column {
            case .weightsBytes: .integer(weightsBytes)
            case .kvCacheBytes: .integer(kvCacheBytes)
            case .activationBytes: activationBytes.map(CSVCell.integer) ?? .text("")
            case .totalBytes: .integer(totalBytes)
            case .roomLeftBytes: .integer(roomLeftBytes)
            }
        }
    }
}
