/// What one decoder layer keeps in the KV cache for each sequence, from its attention type.
///
/// The per-layer specs follow vLLM's KV cache specs (`vllm/v1/kv_cache_interface.py`):
/// `FullAttentionSpec` holds every token; `SlidingWindowSpec` at most `sliding_window` tokens;
/// `MLAAttentionSpec` one latent of `kv_lora_rank + qk_rope_head_dim` values per token (the
/// compressed KV and the shared rotary key: coefficient 1, not 2, as vLLM's
/// `get_kv_cache_shape` for MLA backends and DeepSeek-V2 §2.1.2); a cross-attention layer
/// (encoder-decoder) the encoder's keys and values, whose length is the encoder's, not the
/// decoded context (vLLM's `CrossAttentionSpec`); a layer without attention (a Mamba block's
/// state is not a KV cache and is not counted here, a dense or MoE MLP) nothing.
public enum KVCacheLayer: Hashable, Sendable {
    /// Keys and values of every token: `2 · kv_heads · head_dim` values per token.
    case fullAttention(kvHeads: Int, headDim: Int)
    /// Keys and values of at most `window` tokens (Mistral-7B-v0.1, Gemma 2's local layers).
    case slidingWindow(kvHeads: Int, headDim: Int, window: Int)
    /// Multi-head latent attention: `kvLoraRank + qkRopeHeadDim` values per token (DeepSeek-V2).
    case latent(kvLoraRank: Int, qkRopeHeadDim: Int)
    /// Cross-attention to an encoder output of `encoderLength` tokens, cached once per sequence.
    case crossAttention(kvHeads: Int, headDim: Int, encoderLength: Int)
    /// No attention, no cache.
    case none

    /// Values cached per cached token: `2 · kv_heads · head_dim`, or `kv_lora_rank +
    /// qk_rope_head_dim` for MLA, 0 without attention.
    public var valuesPerToken: Int {
        switch self {
        case .fullAttention(let heads, let dim), .slidingWindow(let heads, let dim, _),
            .crossAttention(let heads, let dim, _):
            2 * heads * dim
        case .latent(let rank, let rope): rank + rope
        case .none: 0
        }
    }

    /// The values of one row as a quantized cache stores them (llama.cpp quantizes K and V each
    /// along `kv_heads · head_dim`; MLA's latent row is `kv_lora_rank + qk_rope_head_dim`).
    public var rowValues: Int {
        switch self {
        case .fullAttention(let heads, let dim), .slidingWindow(let heads, let dim, _),
            .crossAttention(let heads, let dim, _):
            heads * dim
        case .latent(let rank, let rope): rank + rope
        case .none: 0
        }
    }

    /// Tokens cached per sequence at `context` tokens: `context`, `min(context, window)`, or the
    /// encoder length; 0 without attention.
    public func cachedTokens(context: Int) -> Int {
        switch self {
        case .fullAttention, .latent: context
        case .slidingWindow(_, _, let window): min(context, window)
        case .crossAttention(_, _, let length): length
        case .none: 0
        }
    }

    /// Bytes of this layer's cache per cached token in `type`.
    /// - Throws: ``MemoryError/partialBlock(type:elements:blockElements:what:)`` when a row is
    ///   not whole blocks of a quantized type.
    public func bytesPerToken(_ type: StorageType) throws(MemoryError) -> Int {
        guard valuesPerToken > 0 else { return 0 }
        return try type.bytes(elements: valuesPerToken, rowElements: rowValues, what: "KV cache row")
    }

    /// A short name of the layer type for the terms' lines.
    public var typeName: String {
        switch self {
        case .fullAttention: "full attention"
        case .slidingWindow(_, _, let window): "sliding window \(window)"
        case .latent: "MLA"
        case .crossAttention(_, _, let length): "cross-attention (encoder \(length))"
        case .none: "no attention"
        }
    }
}
