/// The per-architecture figures every memory answer is computed from (and that the store keeps,
/// so budget filters are one SQL query): parameters, weight bytes as stored, each decoder
/// layer's KV cache, and the activation figure.
public struct MemoryProfile: Hashable, Sendable {
    /// How a model's activations scale, for the (estimated) activation term.
    public enum Activations: Hashable, Sendable {
        /// A transformer: the per-layer peak, values per token of the layer whose working set
        /// is largest (residual stream + its largest intermediate; the attention scores are not
        /// materialised, as with fused attention kernels). Multiplied by batch · context.
        case perToken(peakValues: Int)
        /// A fixed-input model (a CNN): every layer output of one forward pass, values per
        /// sample (the catalog's activation figure, ``MemoryEstimate/activationBytes``).
        case perSample(values: Int)
        /// Not known (an output shape with an unknown dimension).
        case unknown
    }

    /// The shape of a transformer's layers, for Korthikanti et al.'s training activations.
    public struct TransformerShape: Hashable, Sendable {
        /// Decoder layers (L).
        public var layers: Int
        /// `hidden_size` (h).
        public var hiddenSize: Int
        /// `num_attention_heads` (a).
        public var attentionHeads: Int
        /// The sequence length (s) of a tower whose length does not follow the context: an
        /// image tower's patches, Whisper's encoder frames; `nil`: the request's context.
        public var fixedLength: Int?
        /// Creates a transformer shape.
        public init(layers: Int, hiddenSize: Int, attentionHeads: Int, fixedLength: Int? = nil) {
            self.layers = layers
            self.hiddenSize = hiddenSize
            self.attentionHeads = attentionHeads
            self.fixedLength = fixedLength
        }
    }

    /// Weight bytes as a file stores them (the sum over its tensors) and the dtypes present.
    public struct StoredWeights: Hashable, Sendable {
        /// Σ each tensor's stored bytes (ggml blocks included).
        public var bytes: Int
        /// The dtypes with their elements, largest first (`Q4_K`: 6.5e9, `Q6_K`: …, `F32`: …).
        public var elementsByDType: [(dtype: String, elements: Int)]
        /// Creates the stored figure.
        public init(bytes: Int, elementsByDType: [(dtype: String, elements: Int)]) {
            self.bytes = bytes
            self.elementsByDType = elementsByDType
        }
        public static func == (a: StoredWeights, b: StoredWeights) -> Bool {
            a.bytes == b.bytes && a.elementsByDType.elementsEqual(b.elementsByDType) { $0 == $1 }
        }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(bytes)
            for entry in elementsByDType {
                hasher.combine(entry.dtype)
                hasher.combine(entry.elements)
            }
        }
    }

    /// Total parameters (trainable + non-trainable).
    public var parameters: Int
    /// The dtype the model declares (`torch_dtype` `bfloat16`), or `nil` (then float32, the
    /// frameworks' default).
    public var declaredDType: String?
    /// Weight bytes as stored, when the catalog has the tensors.
    public var storedWeights: StoredWeights?
    /// One entry per layer that has attention, in order (others may be left out or `.none`).
    public var kvLayers: [KVCacheLayer]
    /// The activation figure.
    public var activations: Activations
    /// Transformer dimensions, when the model is one (for training activations).
    public var transformer: TransformerShape?
    /// Further groups of transformer layers with another width, head count or fixed length
    /// (Gemma 3's image tower beside its text layers, Whisper's encoder beside its decoder).
    public var towers: [TransformerShape] = []
    /// Parameters in linear layers (what QLoRA quantizes; embeddings, norms and `lm_head` stay
    /// in 16-bit), or `nil` when unknown (then all parameters, and the term is an estimate).
    public var linearParameters: Int?
    /// The linear layers LoRA may target, by name, with their input and output features.
    public var linearModules: [LinearModule]
    /// The longest context the model supports (`max_position_embeddings`), or `nil`.
    public var maxContext: Int?
    /// A RoPE model's trained context and scaling (``Architecture/ropeContext``), or `nil`.
    public var ropeContext: RoPEContext?
    /// The model's tensors as a GGUF file holds them, for pricing llama.cpp's k-quant mixes
    /// tensor by tensor (``LlamaCppMix``), or `nil` (then a mix is priced as its base type).
    public var llamaCppModel: LlamaCppModel?

    /// Creates a profile.
    public init(
        parameters: Int, declaredDType: String? = nil, storedWeights: StoredWeights? = nil,
        kvLayers: [KVCacheLayer] = [], activations: Activations = .unknown,
        transformer: TransformerShape? = nil, linearParameters: Int? = nil,
        linearModules: [LinearModule] = [], maxContext: Int? = nil
    ) {
        self.parameters = parameters
        self.declaredDType = declaredDType
        self.storedWeights = storedWeights
        self.kvLayers = kvLayers
        self.activations = activations
        self.transformer = transformer
        self.linearParameters = linearParameters
        self.linearModules = linearModules
        self.maxContext = maxContext
    }

    /// Whether the model has a KV cache (any attention layer), so context matters.
    public var hasKVCache: Bool { kvLayers.contains { $0.valuesPerToken > 0 } }

    /// Whether memory grows with the context: a KV cache or a per-token activation figure.
    public var scalesWithContext: Bool {
        if hasKVCache { return true }
        if case .perToken = activations { return true }
        return transformer != nil
    }
}

/// A linear layer LoRA can adapt: `name` (`model.layers.0.self_attn.q_proj`, or a Dense layer's
/// name), `in_features`, `out_features`.
public struct LinearModule: Hashable, Sendable {
    /// The module's name; LoRA targets match its last dotted component (PEFT's
    /// `target_modules` suffix rule).
    public var name: String
    /// Input features.
    public var inFeatures: Int
    /// Output features.
    public var outFeatures: Int
    /// Creates a module.
    public init(name: String, inFeatures: Int, outFeatures: Int) {
        self.name = name
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
    }
}
