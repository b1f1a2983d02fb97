// DeBERTa-v2/v3's disentangled attention and its relative position table, under the names of
// transformers' `DebertaV2Config` (models/deberta_v2/modeling_deberta_v2.py).

/// DeBERTa-v2's `DisentangledSelfAttention` with its output projection (`attention.self` +
/// `attention.output.dense`): content-to-content attention as BERT's, plus content-to-position
/// (`c2p`: the queries against the relative positions' keys) and position-to-content (`p2c`: the
/// keys against the relative positions' queries) scores.
///
/// Inputs: the hidden states `(T, hidden_size)` and the relative position embeddings
/// `(2·span, hidden_size)` (after their LayerNorm, see ``RelativePositionEmbedding``); output
/// `(T, hidden_size)`.
public struct DisentangledAttention: Hashable, Sendable {
    public var hiddenSize: Int
    public var numAttentionHeads: Int
    /// Width of one head (`attention_head_size`, default `hidden_size / num_attention_heads`).
    public var headDim: Int
    /// The relative score terms (`pos_att_type`): any of `"c2p"`, `"p2c"`, in that order.
    public var positionAttentionTypes: [String]
    /// Whether the relative positions go through the content `query_proj` / `key_proj`
    /// (`share_att_key`) instead of their own `pos_query_proj` (p2c) / `pos_key_proj` (c2p).
    public var shareAttentionKey: Bool

    public init(hiddenSize: Int, numAttentionHeads: Int, headDim: Int, positionAttentionTypes: [String], shareAttentionKey: Bool) {
        self.hiddenSize = hiddenSize
        self.numAttentionHeads = numAttentionHeads
        self.headDim = headDim
        self.positionAttentionTypes = ["c2p", "p2c"].filter(positionAttentionTypes.contains)
        self.shareAttentionKey = shareAttentionKey
    }

    /// `num_attention_heads · head_dim` (transformers' `all_head_size`). Unchecked: read it only
    /// for a layer the engine has evaluated, which refuses a product beyond 64 bits.
    public var allHeadSize: Int { numAttentionHeads * headDim }
}

/// DeBERTa-v2's relative position table (`encoder.rel_embeddings`, an
/// `nn.Embedding(2·span, hidden_size)`, `span` = `position_buckets` if positive, else
/// `max_relative_positions`, else `max_position_embeddings`). It reads no input values: its input
/// is the hidden states `(T, hidden_size)`, whose width it checks, and its output is the whole
/// table `(num_embeddings, hidden_size)`, which every layer's ``DisentangledAttention`` reads.
public struct RelativePositionEmbedding: Hashable, Sendable {
    /// Rows of the table: `2·span`.
    public var numEmbeddings: Int
    public var hiddenSize: Int

    public init(numEmbeddings: Int, hiddenSize: Int) {
        self.numEmbeddings = numEmbeddings
        self.hiddenSize = hiddenSize
    }
}
