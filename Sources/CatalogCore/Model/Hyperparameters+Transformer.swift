// Hyperparameters of the transformer layer kinds, under the names Hugging Face transformers'
// configs use (`hidden_size`, `num_attention_heads`, `num_key_value_heads`, `head_dim`, …).
// Shapes of these layers are `(sequence, hidden)`: the batch axis is never part of them.

/// Token embedding: integer ids `(T,)` to vectors `(T, hidden_size)` (transformers'
/// `embed_tokens` / `word_embeddings` / `wte`, an `nn.Embedding(vocab_size, hidden_size)`).
public struct TokenEmbedding: Hashable, Sendable {
    /// Rows of the table.
    public var vocabSize: Int
    /// Width of each row.
    public var hiddenSize: Int

    public init(vocabSize: Int, hiddenSize: Int) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
    }
}

/// A learned table added to the hidden states `(T, hidden_size)`: absolute position embeddings
/// (`wpe`, `position_embeddings`, `embed_positions`) when `isPerPosition`, whose `T` may not
/// exceed `numEmbeddings`, or BERT's token-type embeddings otherwise (all tokens type 0).
/// Rotary and sinusoidal positions have no parameters and are not layers.
public struct PositionEmbedding: Hashable, Sendable {
    /// Rows of the table (OPT's and BART's include their offset of 2).
    public var numEmbeddings: Int
    /// Width of each row; equals the input's last axis.
    public var embeddingDim: Int
    /// Whether row `t` belongs to position `t` (false for token types).
    public var isPerPosition: Bool

    public init(numEmbeddings: Int, embeddingDim: Int, isPerPosition: Bool = true) {
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.isPerPosition = isPerPosition
    }
}

/// Scaled dot-product attention with separate query, key, value and output projections:
/// multi-head (`numKeyValueHeads == numAttentionHeads`), grouped-query or multi-query.
///
/// Input `(T, hidden_size)` (and for cross-attention the encoder's `(S, kvHiddenSize)` as a
/// second input); output `(T, outputSize)`. A fused `qkv_proj` / `c_attn` /
/// `query_key_value` counts the same as the three separate matrices.
public struct TransformerAttention: Hashable, Sendable {
    /// Width of the query input (`hidden_size`, `d_model`).
    public var hiddenSize: Int
    /// Query heads.
    public var numAttentionHeads: Int
    /// Key and value heads (grouped-query attention when fewer than the query heads).
    public var numKeyValueHeads: Int
    /// Width of one query/key head (`head_dim`; may differ from hidden/heads, as in Gemma, T5).
    public var headDim: Int
    /// Width of one value head (equals `headDim` except in exotic variants).
    public var valueHeadDim: Int
    /// Width of the key/value input (the encoder's width for cross-attention).
    public var kvHiddenSize: Int
    /// Width of the output projection's output.
    public var outputSize: Int
    /// Biases of the q, k, v and o projections (Qwen2: q, k, v only; BART's k has one in
    /// transformers although the paper has none).
    public var qProjBias: Bool
    public var kProjBias: Bool
    public var vProjBias: Bool
    public var oProjBias: Bool
    /// Whether keys and values come from a second input (the encoder), not from the queries'.
    public var isCrossAttention: Bool
    /// Local attention window in tokens (Mistral, Gemma 2's alternate layers), `nil` for global.
    /// It changes the KV cache, not the parameters; MACs are counted over the full length.
    public var slidingWindow: Int?
    /// Dimensions of each head rotated by rotary embeddings (0: none). No parameters.
    public var rotaryDim: Int
    /// T5's relative position bias table (`num_buckets × heads`) held by this layer, 0 when none.
    public var relativeAttentionNumBuckets: Int
    /// Per-head normalisation of queries and keys over `head_dim` (phi-2's `qk_layernorm`,
    /// Qwen3's `q_norm`/`k_norm`): `"rms"` (`head_dim` weights each) or `"layer"` (weight and
    /// bias each), `nil` for none.
    public var qkNorm: String?

    public init(
        hiddenSize: Int, numAttentionHeads: Int, numKeyValueHeads: Int, headDim: Int,
        valueHeadDim: Int? = nil, kvHiddenSize: Int? = nil, outputSize: Int? = nil,
        qProjBias: Bool = false, kProjBias: Bool = false, vProjBias: Bool = false, oProjBias: Bool = false,
        isCrossAttention: Bool = false, slidingWindow: Int? = nil, rotaryDim: Int = 0,
        relativeAttentionNumBuckets: Int = 0, qkNorm: String? = nil
    ) {
        self.qkNorm = qkNorm
        self.hiddenSize = hiddenSize
        self.numAttentionHeads = numAttentionHeads
        self.numKeyValueHeads = numKeyValueHeads
        self.headDim = headDim
        self.valueHeadDim = valueHeadDim ?? headDim
        self.kvHiddenSize = kvHiddenSize ?? hiddenSize
        self.outputSize = outputSize ?? hiddenSize
        self.qProjBias = qProjBias
        self.kProjBias = kProjBias
        self.vProjBias = vProjBias
        self.oProjBias = oProjBias
        self.isCrossAttention = isCrossAttention
        self.slidingWindow = slidingWindow
        self.rotaryDim = rotaryDim
        self.relativeAttentionNumBuckets = relativeAttentionNumBuckets
    }
}

/// DeepSeek-V2's multi-head latent attention (MLA): queries through an optional low-rank
/// `q_lora_rank`, keys and values compressed to `kv_lora_rank` plus a shared rotary key of
/// `qk_rope_head_dim` (the KV cache holds `kv_lora_rank + qk_rope_head_dim` per token).
/// Input and output `(T, hidden_size)`.
public struct MultiLatentAttention: Hashable, Sendable {
    public var hiddenSize: Int
    public var numAttentionHeads: Int
    /// Rank of the query compression, `nil` for a full `q_proj` (DeepSeek-V2-Lite).
    public var qLoraRank: Int?
    public var kvLoraRank: Int
    public var qkNopeHeadDim: Int
    public var qkRopeHeadDim: Int
    public var vHeadDim: Int
    /// Biases of `q_a_proj`, `kv_a_proj_with_mqa` and `o_proj` (`attention_bias`).
    public var attentionBias: Bool

    public init(
        hiddenSize: Int, numAttentionHeads: Int, qLoraRank: Int?, kvLoraRank: Int,
        qkNopeHeadDim: Int, qkRopeHeadDim: Int, vHeadDim: Int, attentionBias: Bool = false
    ) {
        self.hiddenSize = hiddenSize
        self.numAttentionHeads = numAttentionHeads
        self.qLoraRank = qLoraRank
        self.kvLoraRank = kvLoraRank
        self.qkNopeHeadDim = qkNopeHeadDim
        self.qkRopeHeadDim = qkRopeHeadDim
        self.vHeadDim = vHeadDim
        self.attentionBias = attentionBias
    }

    /// Width of one query/key head: `qk_nope_head_dim + qk_rope_head_dim`. Unchecked: read it
    /// only for a layer the engine has evaluated, which refuses a sum beyond 64 bits
    /// (`Engine.latentWidths`).
    public var qHeadDim: Int { qkNopeHeadDim + qkRopeHeadDim }
}

/// RMSNorm over the last axis (`hidden_size` weights, no bias; Gemma's `1 + weight` form
/// has the same count).
public struct RMSNormalization: Hashable, Sendable {
    /// The normalized width; must equal the input's last axis.
    public var hiddenSize: Int

    public init(hiddenSize: Int) { self.hiddenSize = hiddenSize }
}

/// The position-wise MLP of a transformer block: gated (`down(act(gate(x)) · up(x))`, three
/// matrices: SwiGLU, GeGLU) or plain (`fc2(act(fc1(x)))`, two matrices).
/// Input `(T, hidden_size)`, output `(T, outputSize)`.
public struct FeedForward: Hashable, Sendable {
    public var hiddenSize: Int
    public var intermediateSize: Int
    /// Width of the output (the hidden size, except in exotic variants).
    public var outputSize: Int
    /// Three matrices (gate, up, down) instead of two.
    public var isGated: Bool
    /// Biases on every matrix (`mlp_bias`; BERT, GPT-2, phi-2 and OPT have them).
    public var bias: Bool
    /// The activation's name as the config gives it (no parameters).
    public var hiddenAct: String

    public init(
        hiddenSize: Int, intermediateSize: Int, outputSize: Int? = nil, isGated: Bool, bias: Bool,
        hiddenAct: String = "silu"
    ) {
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.outputSize = outputSize ?? hiddenSize
        self.isGated = isGated
        self.bias = bias
        self.hiddenAct = hiddenAct
    }
}

/// A sparse mixture-of-experts MLP: a router (`gate`, `hidden_size → num_experts`), routed
/// experts of which `num_experts_per_tok` run per token, and optional shared experts that
/// always run (DeepSeek). Input and output `(T, hidden_size)`.
public struct MixtureOfExperts: Hashable, Sendable {
    public var hiddenSize: Int
    /// Routed experts (`num_local_experts`, `n_routed_experts`).
    public var numExperts: Int
    /// Routed experts run per token (`num_experts_per_tok`).
    public var numExpertsPerTok: Int
    /// Intermediate width of one routed expert (`moe_intermediate_size`, Mixtral's `intermediate_size`).
    public var expertIntermediateSize: Int
    /// Intermediate width of the shared expert MLP (DeepSeek: `moe_intermediate_size ·
    /// n_shared_experts`), 0 for none.
    public var sharedIntermediateSize: Int
    /// Whether experts are gated (three matrices) or plain (two).
    public var isGated: Bool
    /// A bias on the router.
    public var routerBias: Bool
    /// A bias on every expert matrix.
    public var expertBias: Bool
    /// A learned scalar gate on the shared expert (`shared_expert_gate`, Qwen2-MoE).
    public var sharedExpertGate: Bool

    public init(
        hiddenSize: Int, numExperts: Int, numExpertsPerTok: Int, expertIntermediateSize: Int,
        sharedIntermediateSize: Int = 0, isGated: Bool = true, routerBias: Bool = false,
        expertBias: Bool = false, sharedExpertGate: Bool = false
    ) {
        self.hiddenSize = hiddenSize
        self.numExperts = numExperts
        self.numExpertsPerTok = numExpertsPerTok
        self.expertIntermediateSize = expertIntermediateSize
        self.sharedIntermediateSize = sharedIntermediateSize
        self.isGated = isGated
        self.routerBias = routerBias
        self.expertBias = expertBias
        self.sharedExpertGate = sharedExpertGate
    }
}

/// A vision transformer's patch embedding: a `patch_size × patch_size` convolution with stride
/// `patch_size` over `(num_channels, image_size, image_size)` (channels first, as PyTorch), an
/// optional class token and optional learned position embeddings.
/// Output `(patches (+1), hidden_size)`.
public struct PatchEmbedding: Hashable, Sendable {
    public var numChannels: Int
    public var patchSize: Int
    public var hiddenSize: Int
    /// Bias of the patch convolution (ViT: yes, CLIP: no).
    public var useBias: Bool
    /// A learned class token prepended to the patches.
    public var classToken: Bool
    /// A learned position embedding per output row.
    public var positionEmbeddings: Bool

    public init(
        numChannels: Int, patchSize: Int, hiddenSize: Int, useBias: Bool, classToken: Bool,
        positionEmbeddings: Bool
    ) {
        self.numChannels = numChannels
        self.patchSize = patchSize
        self.hiddenSize = hiddenSize
        self.useBias = useBias
        self.classToken = classToken
        self.positionEmbeddings = positionEmbeddings
    }
}

/// wav2vec2's positional convolution: a grouped `Conv1d(hidden, hidden, kernel, groups)` with
/// weight normalisation over the kernel axis (`weight_g` of `kernel` values, `weight_v`) and a
/// bias, added to `(T, hidden_size)`. Output `(T, hidden_size)`.
public struct PositionalConvolution: Hashable, Sendable {
    public var hiddenSize: Int
    /// `num_conv_pos_embeddings`.
    public var kernelSize: Int
    /// `num_conv_pos_embedding_groups`.
    public var groups: Int
    /// Weight normalisation adds a magnitude per kernel position.
    public var weightNorm: Bool

    public init(hiddenSize: Int, kernelSize: Int, groups: Int, weightNorm: Bool = true) {
        self.hiddenSize = hiddenSize
        self.kernelSize = kernelSize
        self.groups = groups
        self.weightNorm = weightNorm
    }
}

/// The language-model head: `(T, hidden_size)` to logits `(T, vocab_size)`. Tied to the token
/// embedding (`tie_word_embeddings`), its matrix is the embedding's and counts 0 here; a bias
/// (BERT's MLM decoder, phi-2) always counts.
public struct LanguageModelHead: Hashable, Sendable {
    public var hiddenSize: Int
    public var vocabSize: Int
    /// Whether the weight is the token embedding's.
    public var isTied: Bool
    public var bias: Bool

    public init(hiddenSize: Int, vocabSize: Int, isTied: Bool, bias: Bool = false) {
        self.hiddenSize = hiddenSize
        self.vocabSize = vocabSize
        self.isTied = isTied
        self.bias = bias
    }
}
