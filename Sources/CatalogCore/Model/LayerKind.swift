/// The typed hyperparameters of a layer, one case per family the engine computes.
public enum LayerKind: Hashable, Sendable {
    /// A model input; the shape excludes the batch axis.
    case input(shape: TensorShape)
    case convolution(Convolution)
    case depthwiseConvolution(DepthwiseConvolution)
    case dense(Dense)
    case pooling(Pooling)
    case globalPooling(GlobalPooling)
    case flatten
    case batchNormalization(BatchNormalization)
    case zeroPadding(ZeroPadding)
    case merge(MergeOperation)
    /// Concatenation along `axis` (negative counts from the end, batch excluded).
    case concatenate(axis: Int)
    /// Output shape equals input shape, no parameters, no MACs: Dropout, Activation, ReLU,
    /// Softmax and similar element-wise layers.
    case passThrough
    /// Conv1DTranspose / Conv2DTranspose / Conv3DTranspose.
    case transposedConvolution(TransposedConvolution)
    /// SeparableConv1D / SeparableConv2D: depthwise then pointwise.
    case separableConvolution(SeparableConvolution)
    /// Embedding: integer indices `(steps,)` to vectors `(steps, output_dim)`.
    case embedding(inputDim: Int, outputDim: Int)
    /// LayerNormalization over `axis` (negative from the end, batch excluded).
    case layerNormalization(axis: [Int], center: Bool, scale: Bool)
    /// GroupNormalization over the channel `axis`.
    case groupNormalization(groups: Int, axis: Int, center: Bool, scale: Bool)
    /// Keras' Normalization preprocessing layer: mean and variance per feature plus a count.
    /// `learnsStatistics` is false when the config fixes `mean` and `variance` (no weights then).
    case featureNormalization(axis: [Int], learnsStatistics: Bool)
    /// SimpleRNN, LSTM, GRU.
    case recurrent(Recurrent)
    /// ConvLSTM1D / 2D / 3D.
    case convolutionalLSTM(ConvolutionalLSTM)
    /// Bidirectional wrapper of a recurrent layer.
    case bidirectional(Bidirectional)
    /// Dot product of two inputs along `axes` (batch-free, may be negative).
    case dot(axes: [Int])
    /// MultiHeadAttention.
    case multiHeadAttention(MultiHeadAttention)
    /// Attention (Luong, dot-product) or AdditiveAttention (Bahdanau).
    case attention(AttentionLayer)
    /// Cropping1D / 2D / 3D: `(before, after)` removed per spatial axis.
    case cropping(ZeroPadding)
    /// UpSampling1D / 2D / 3D: each spatial axis multiplied by `size`.
    case upSampling(rank: Int, size: [Int], dataFormat: DataFormat)
    /// Reshape to `target_shape` (one entry may be -1).
    case reshape(targetShape: [Int])
    /// Permute the axes (1-based, batch excluded, as Keras' `dims`).
    case permute(dims: [Int])
    /// RepeatVector: `(features,)` to `(n, features)`.
    case repeatVector(Int)
    /// PReLU: one slope per element, shared along `shared_axes` (1-based, batch excluded), as
    /// Keras' PReLU; or, with PyTorch's `num_parameters`, that many slopes: `1` (one shared by
    /// every element) or the size of the input's first non-batch axis (PyTorch PReLU docs:
    /// "channel dim is the 2nd dim of input"); `sharedAxes` is then empty.
    case prelu(sharedAxes: [Int], numParameters: Int? = nil)
    /// Resizing and CenterCrop: spatial size set to `(height, width)`.
    case resize(height: Int, width: Int, dataFormat: DataFormat)
    /// TimeDistributed: the inner layer applied to every step of axis 1.
    indirect case timeDistributed(LayerKind)
    /// A layer type the engine does not know: never counted as zero. Its output shapes are the
    /// ones the file records (per call, per output); its parameters and MACs are unknown.
    case unsupported(recordedOutputs: [[TensorShape]])
    // MARK: - Transformers (Sources/CatalogCore/Model/Hyperparameters+Transformer.swift)
    /// Token ids `(T,)` to `(T, hidden_size)`.
    case tokenEmbedding(TokenEmbedding)
    /// A learned position (or token-type) table added to `(T, hidden_size)`.
    case positionEmbedding(PositionEmbedding)
    /// MHA / GQA / MQA self- or cross-attention with q, k, v, o projections.
    case transformerAttention(TransformerAttention)
    /// DeepSeek-V2's multi-head latent attention.
    case multiLatentAttention(MultiLatentAttention)
    /// DeBERTa-v2's disentangled attention (content and relative-position scores).
    case disentangledAttention(DisentangledAttention)
    /// DeBERTa-v2's relative position table, `(2·span, hidden_size)`.
    case relativePositionEmbedding(RelativePositionEmbedding)
    /// RMSNorm over the last axis.
    case rmsNormalization(RMSNormalization)
    /// A transformer block's MLP, gated or plain.
    case feedForward(FeedForward)
    /// A sparse mixture of experts with router and optional shared experts.
    case mixtureOfExperts(MixtureOfExperts)
    /// ViT / CLIP patch embedding with class token and position embeddings.
    case patchEmbedding(PatchEmbedding)
    /// wav2vec2's weight-normed positional convolution.
    case positionalConvolution(PositionalConvolution)
    /// BERT's pooler: the first token through `Linear(hidden, hidden)` and tanh, `(T, h)` to `(h,)`.
    case pooler(hiddenSize: Int)
    /// The language-model head, tied or not.
    case languageModelHead(LanguageModelHead)
    /// An ONNX node: the whole-graph analysis's shapes and counts (``ONNXOperator``).
    case onnxOperator(ONNXOperator)
    /// A model used as a layer (Keras Sequential or Functional inside another model): counted
    /// once, its inputs bound to the call's inputs in order.
    indirect case model(SubModel)
    /// Keras Applications' own classes, PyTorch modules without a Keras counterpart, declared
    /// counts and Lambda layers (Model/ModuleLayer.swift).
    case module(ModuleLayer)
}

/// The graph of a nested model.
public struct SubModel: Hashable, Sendable {
    /// Its layers, input layers included.
    public var layers: [Layer]
    /// Names of its input layers, in the order a call binds its inputs.
    public var inputs: [String]
    /// The tensors it returns, in order.
    public var outputs: [TensorReference]

    public init(layers: [Layer], inputs: [String], outputs: [TensorReference]) {
        self.layers = layers
        self.inputs = inputs
        self.outputs = outputs
    }
}
