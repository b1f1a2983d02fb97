import CatalogCore

// MARK: - explain --format json

/// One layer of `explain --format json`: its counts (`null` when unknown) and the formulas that
/// give them, as the text output writes them.
struct ExplanationOutput: Encodable {
    var name: String
    var type: String
    var params: Int?
    var macs: Int?
    var paramsFormula: String
    var outputFormula: String
    var macsFormula: String
    var notes: [String]

    enum CodingKeys: String, CodingKey {
        case name, type, params, macs
        case paramsFormula = "params_formula"
        case outputFormula = "output_formula"
        case macsFormula = "macs_formula"
        case notes
    }

    init(_ explanation: LayerExplanation) {
        name = explanation.name
        type = explanation.type
        params = explanation.parameterCount
        macs = explanation.macCount
        paramsFormula = explanation.parameters
        outputFormula = explanation.output
        macsFormula = explanation.macs
        notes = explanation.notes
    }
}
