/// What the engine computes for one layer.
public struct LayerResult: Hashable, Sendable {
    /// The layer's name.
    public var name: String
    /// Output shapes (batch excluded), one list per call of the layer (a shared layer has
    /// several), each with one shape per output tensor.
    public var outputShapes: [[TensorShape]]
    /// Parameters updated by training (Keras' trainable weights), counted once even for a layer
    /// called several times.
    public var trainableParameters: Int
    /// Parameters not updated by training: BatchNormalization's moving statistics, and every
    /// parameter of a layer with `trainable: false`.
    public var nonTrainableParameters: Int
    /// Multiply-accumulates of one forward pass at batch 1, summed over the layer's calls
    /// (convolution and dense products; pooling, normalisation and element-wise ops count 0).
    public var macs: Int
    /// False for a layer the engine does not know: its counts are unknown (reported as 0 here
    /// but never shown as numbers) and the architecture's totals are lower bounds.
    public var isCounted: Bool
    /// How much of the parameters are convolution biases, running statistics and second
    /// recurrent biases (see ``ParameterParts``).
    public var parts: ParameterParts
    /// True when an input or output of the layer has an unknown (`None`) dimension and the layer
    /// has MACs: each unknown length was counted as 1, so ``macs`` is per step (per time step of
    /// a recurrent layer over a sequence of unknown length) and the true count is ``macs`` times
    /// the unknown lengths.
    public var macsArePerStep: Bool
    /// Elements of the layer's outputs for one sample, every call and every output tensor; for
    /// a nested model, of the outputs of all its layers (inputs excluded). `nil` when a shape has
    /// an unknown dimension. Activation memory is this times the bytes per element.
    public var outputElements: Int?
    /// torchinfo's share of the layer in "Forward/backward pass size" (before its ×2): the first
    /// output's elements of every call when the layer has parameters, else 0; for a nested
    /// model, the sum over its layers. `nil` when a shape has an unknown dimension.
    public var outputElementsOfLayersWithParameters: Int?

    public init(
        name: String, outputShapes: [[TensorShape]], trainableParameters: Int,
        nonTrainableParameters: Int, macs: Int, isCounted: Bool, parts: ParameterParts = ParameterParts(),
        macsArePerStep: Bool = false, outputElements: Int? = nil, outputElementsOfLayersWithParameters: Int? = nil
    ) {
        self.outputElements = outputElements
        self.outputElementsOfLayersWithParameters = outputElementsOfLayersWithParameters
        self.isCounted = isCounted
        self.parts = parts
        self.macsArePerStep = macsArePerStep
        self.name = name
        self.outputShapes = outputShapes
        self.trainableParameters = trainableParameters
        self.nonTrainableParameters = nonTrainableParameters
        self.macs = macs
    }

    /// Trainable plus non-trainable parameters.
    public var parameters: Int { trainableParameters + nonTrainableParameters }

    /// The first call's first output shape.
    public var outputShape: TensorShape { outputShapes[0][0] }
}

/// Totals over an architecture's layers.
public struct ArchitectureTotals: Hashable, Sendable {
    /// Sum of the layers' trainable parameters.
    public var trainableParameters: Int
    /// Sum of the layers' non-trainable parameters.
    public var nonTrainableParameters: Int
    /// Sum of the layers' MACs (one forward pass, batch 1).
    public var macs: Int
    /// Weight layers (convolutions, dense, recurrent, attention) on the longest input-to-output path: 16 for
    /// VGG-16, 50 for ResNet-50, 28 for MobileNet — the depth the papers name.
    public var depth: Int
    /// Layers whose numbers are unknown; when not empty the counts above are lower bounds.
    public var uncountedLayers: [String] = []
    /// Whether every layer was counted.
    public var isComplete: Bool { uncountedLayers.isEmpty }
    /// Layers whose output shape is assumed (Keras Lambda layers without a recorded shape, taken
    /// to keep their input's shape); the shapes and counts after them rest on that assumption.
    public var assumedShapeLayers: [String] = []
    /// The parameters' parts on which conventions disagree, summed over the layers.
    public var parts = ParameterParts()
    /// Layers whose MACs are per step of an unknown length (see ``LayerResult/macsArePerStep``);
    /// when not empty, ``macs`` is per step too.
    public var perStepMACLayers: [String] = []
    /// Whether ``macs`` counts each unknown (`None`) length as 1.
    public var macsArePerStep: Bool { !perStepMACLayers.isEmpty }
    /// Elements of every layer output (inputs excluded, each call counted) for one sample:
    /// activation memory is this times the bytes per element. `nil` when a shape is unknown.
    public var activationElements: Int?

    /// Trainable plus non-trainable parameters.
    public var parameters: Int { trainableParameters + nonTrainableParameters }

    /// Parameter memory in bytes at `bytesPerParameter` (4 for float32, as Keras' summary).
    public func parameterBytes(bytesPerParameter: Int = 4) -> Int {
        parameters.multipliedReportingOverflow(by: bytesPerParameter).partialValue
    }
}

/// The output of one layer's computation for one call.
struct LayerEvaluation {
    var outputs: [TensorShape]
    var trainable: Int = 0
    var nonTrainable: Int = 0
    var macs: Int = 0
    var isCounted = true
    var parts = ParameterParts()
    /// Set by a nested model: the output elements of its layers (else computed from `outputs`).
    var leafOutputs: OutputElements?
}
