/// Output elements of one sample (batch 1), the basis of the activation-memory figures.
///
/// `all` sums every output tensor; `ofLayersWithParameters` follows torchinfo's "Forward/backward
/// pass size", which sums only the outputs of leaf modules that have parameters and, for a module
/// returning several tensors, only the first (torchinfo `ModelStatistics` and
/// `LayerInfo.calculate_size`). `nil` when a shape has an unknown dimension.
struct OutputElements: Hashable, Sendable {
    var all: Int?
    var ofLayersWithParameters: Int?

    static let zero = OutputElements(all: 0, ofLayersWithParameters: 0)

    /// The counts of one call of a leaf layer with outputs `outputs`.
    init(outputs: [TensorShape], hasParameters: Bool) {
        var all: Int? = 0
        for shape in outputs {
            guard let running = all, let count = shape.elementCount else { all = nil; break }
            let (total, overflow) = running.addingReportingOverflow(count)
            all = overflow ? nil : total
        }
        self.all = all
        if hasParameters, let first = outputs.first {
            ofLayersWithParameters = first.elementCount
        } else {
            ofLayersWithParameters = 0
        }
    }

    init(all: Int?, ofLayersWithParameters: Int?) {
        self.all = all
        self.ofLayersWithParameters = ofLayersWithParameters
    }

    /// The sum; unknown when either side is.
    func adding(_ other: OutputElements) throws(LayerFault) -> OutputElements {
        func add(_ a: Int?, _ b: Int?) throws(LayerFault) -> Int? {
            guard let a, let b else { return nil }
            return try sum(a, b)
        }
        return OutputElements(
            all: try add(all, other.all),
            ofLayersWithParameters: try add(ofLayersWithParameters, other.ofLayersWithParameters))
    }
}

extension Engine {
    /// Adds one call's output elements to the layer's result (see ``LayerResult/outputElements``).
    static func accumulateOutputElements(
        of evaluation: LayerEvaluation, into result: inout LayerResult, firstCall: Bool
    ) throws(LayerFault) {
        let call = evaluation.leafOutputs
            ?? OutputElements(outputs: evaluation.outputs, hasParameters: result.parameters > 0)
        let running = firstCall
            ? OutputElements.zero
            : OutputElements(all: result.outputElements, ofLayersWithParameters: result.outputElementsOfLayersWithParameters)
        let total = try running.adding(call)
        result.outputElements = total.all
        result.outputElementsOfLayersWithParameters = total.ofLayersWithParameters
    }
}
