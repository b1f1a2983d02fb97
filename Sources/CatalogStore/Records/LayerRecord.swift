/// One row of the `layers` table, as plain values.
///
/// JSON columns are text: `config` holds the hyperparameters (Keras config key names),
/// `inbound` the calls, each a list of `[layer, node, tensor]`, e.g. `[[["conv1",0,0]]]`,
/// and `outputShapes` the output shape(s), batch axis excluded. The cached columns are `nil`
/// until computed.
public struct LayerRecord: Sendable, Equatable, Hashable {
    /// The row id; `nil` before the record is saved. Saving ignores it and assigns a new one.
    public var id: Int64?
    /// The owning architecture's id; `nil` before saving. Saving ignores it and sets the new one.
    public var architectureID: Int64?
    /// The 0-based index of the layer in its architecture; unique within the architecture.
    public var position: Int
    /// The layer name; unique within the architecture (compared exactly).
    public var name: String
    /// The layer class name, e.g. `Conv2D`.
    public var type: String
    /// JSON object of hyperparameters.
    public var config: String
    /// JSON list of calls, each a list of `[layer, node, tensor]`.
    public var inbound: String
    /// `false` makes all the layer's parameters non-trainable.
    public var trainable: Bool

    // MARK: Cached columns

    /// JSON of the output shape(s), or `nil` until computed.
    public var outputShapes: String?
    /// Trainable plus non-trainable parameters.
    public var params: Int?
    /// Parameters updated by training.
    public var trainableParams: Int?
    /// Parameters not updated by training.
    public var nonTrainableParams: Int?
    /// Multiply-accumulates for one sample.
    public var macs: Int?

    /// Creates a record; the cached columns default to `nil` (not computed).
    public init(
        id: Int64? = nil,
        architectureID: Int64? = nil,
        position: Int,
        name: String,
        type: String,
        config: String = "{}",
        inbound: String = "[]",
        trainable: Bool = true,
        outputShapes: String? = nil,
        params: Int? = nil,
        trainableParams: Int? = nil,
        nonTrainableParams: Int? = nil,
        macs: Int? = nil
    ) {
        self.id = id
        self.architectureID = architectureID
        self.position = position
        self.name = name
        self.type = type
        self.config = config
        self.inbound = inbound
        self.trainable = trainable
        self.outputShapes = outputShapes
        self.params = params
        self.trainableParams = trainableParams
        self.nonTrainableParams = nonTrainableParams
        self.macs = macs
    }
}
