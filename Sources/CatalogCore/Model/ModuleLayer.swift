/// Layers whose semantics have no Keras built-in counterpart: Keras Applications' own layer
/// classes (ConvNeXt's `LayerScale`, InceptionResNetV2's `CustomScaleLayer`), PyTorch `torch.nn`
/// modules (MultiheadAttention, TransformerEncoderLayer, the recurrent modules with
/// `num_layers`/`bidirectional`/`proj_size`, Bilinear, EmbeddingBag, Flatten with `start_dim`,
/// Unflatten, Upsample, PixelShuffle), layers whose counts the file declares, and Keras Lambda
/// layers whose output shape is assumed.
///
/// Shapes exclude the batch axis. PyTorch dims in the configs count it (`dim=1` is the first
/// batch-free axis); they are converted to batch-free axes when parsed.
public indirect enum ModuleLayer: Hashable, Sendable {
    /// Keras ConvNeXt `LayerScale`: `x · γ` with γ of shape `(projection_dim,)` (Keras 3
    /// `keras/src/applications/convnext.py`).
    case layerScale(projectionDim: Int)
    /// Keras InceptionResNetV2 `CustomScaleLayer`: `inputs[0] + inputs[1] · scale`, no weights
    /// (Keras 3 `keras/src/applications/inception_resnet_v2.py`).
    case scaledSum(scale: Double)
    /// A layer whose first batch-free axes at `axes` must have the sizes a PyTorch constructor
    /// states (`in_channels`, `in_features`, `num_channels`, `normalized_shape`); then `inner`.
    case checked(LayerKind, key: String, axes: [Int], sizes: [Int])
    /// torch.nn.RNN / LSTM / GRU.
    case torchRecurrent(TorchRecurrent)
    /// torch.nn.MultiheadAttention.
    case torchMultiheadAttention(TorchMultiheadAttention)
    /// torch.nn.TransformerEncoderLayer (`decoder: false`) or TransformerDecoderLayer.
    case torchTransformerLayer(TorchTransformerLayer)
    /// torch.nn.Bilinear: `y = x₁ᵀ A x₂ + b`.
    case bilinear(in1Features: Int, in2Features: Int, outFeatures: Int, bias: Bool)
    /// torch.nn.EmbeddingBag: `(bag,)` indices to one `(embedding_dim,)` vector per bag.
    case embeddingBag(numEmbeddings: Int, embeddingDim: Int)
    /// torch.nn.Flatten over batch-free axes `start...end` (may be negative).
    case flattenRange(start: Int, end: Int)
    /// torch.nn.Unflatten: batch-free axis `axis` (may be negative) split into `sizes`.
    case unflatten(axis: Int, sizes: [Int])
    /// torch.nn.Upsample on `(C, spatial…)`: each spatial size multiplied by `scale` (floored),
    /// or set to `size`.
    case upsample(scale: [Double]?, size: [Int]?)
    /// torch.nn.PixelShuffle (`upscale > 0`) or PixelUnshuffle (its `downscale_factor` stored as
    /// `shuffle: -factor`) on `(C, H, W)`.
    case pixelShuffle(factor: Int)
    /// A layer of a type the engine does not know whose file declares its output shapes and
    /// parameter counts: counted as declared, marked as such.
    case declared(recordedOutputs: [[TensorShape]], trainable: Int, nonTrainable: Int)
    /// A Keras Lambda: no weights (0 parameters, exact); its output shape is `assumedIdentity`
    /// (equal to its input, an assumption) or given by the user (`outputShape`).
    case lambda(outputShape: TensorShape?)
}

extension ModuleLayer {
    /// Whether the layer adds one to an architecture's depth (a weight layer, as Conv and Dense).
    var hasWeightLayer: Bool {
        switch self {
        case .checked(let inner, _, _, _):
            switch inner {
            case .convolution, .transposedConvolution, .dense: true
            default: false
            }
        case .torchRecurrent, .torchMultiheadAttention, .torchTransformerLayer, .bilinear: true
        default: false
        }
    }
}

/// torch.nn.RNN / LSTM / GRU constructor arguments (PyTorch docs, torch.nn.LSTM: weight_ih_l[k]
/// `(G·hidden_size, input)`, weight_hh_l[k] `(G·hidden_size, proj_size or hidden_size)`,
/// bias_ih_l[k] and bias_hh_l[k] `(G·hidden_size)`, weight_hr_l[k] `(proj_size, hidden_size)`).
public struct TorchRecurrent: Hashable, Sendable {
    public var cell: RecurrentCell
    public var inputSize: Int?
    public var hiddenSize: Int
    public var numLayers: Int
    public var bias: Bool
    public var bidirectional: Bool
    /// LSTM only; 0 when absent.
    public var projSize: Int

    public init(
        cell: RecurrentCell, inputSize: Int?, hiddenSize: Int, numLayers: Int, bias: Bool,
        bidirectional: Bool, projSize: Int
    ) {
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bias = bias
        self.bidirectional = bidirectional
        self.projSize = projSize
    }
}

/// torch.nn.MultiheadAttention constructor arguments (PyTorch `torch/nn/modules/activation.py`).
public struct TorchMultiheadAttention: Hashable, Sendable {
    public var embedDim: Int
    public var numHeads: Int
    public var bias: Bool
    public var addBiasKV: Bool
    public var kdim: Int
    public var vdim: Int

    public init(embedDim: Int, numHeads: Int, bias: Bool, addBiasKV: Bool, kdim: Int, vdim: Int) {
        self.embedDim = embedDim
        self.numHeads = numHeads
        self.bias = bias
        self.addBiasKV = addBiasKV
        self.kdim = kdim
        self.vdim = vdim
    }
}

/// torch.nn.TransformerEncoderLayer / TransformerDecoderLayer constructor arguments (PyTorch
/// `torch/nn/modules/transformer.py`).
public struct TorchTransformerLayer: Hashable, Sendable {
    public var decoder: Bool
    public var dModel: Int
    public var nhead: Int
    public var dimFeedforward: Int
    public var bias: Bool

    public init(decoder: Bool, dModel: Int, nhead: Int, dimFeedforward: Int, bias: Bool) {
        self.decoder = decoder
        self.dModel = dModel
        self.nhead = nhead
        self.dimFeedforward = dimFeedforward
        self.bias = bias
    }
}
