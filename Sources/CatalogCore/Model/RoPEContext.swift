/// The context a rotary-position (RoPE) model was trained at, and how its positions are scaled.
///
/// RoPE has no table of positions (unlike GPT-2's `wpe`), so a longer sequence runs, but past
/// `max_position_embeddings` the model sees rotations it was not trained on unless a
/// `rope_scaling` (transformers' `rope_scaling` / `rope_parameters`: `linear`, `dynamic`,
/// `yarn`, `llama3`, `longrope`; `modeling_rope_utils.py`) stretches them. Memory answers past
/// it are given with a note, never refused (docs/MEMORY.md).
public struct RoPEContext: Hashable, Sendable {
    /// `max_position_embeddings` (a GGUF file's `{arch}.context_length`), in tokens.
    public var maxPositionEmbeddings: Int
    /// The scaling as config.json states it, keys sorted (`factor 8.0, original_max_position_embeddings
    /// 8192, rope_type llama3`), or `nil` when the config sets none.
    public var ropeScaling: String?

    /// Creates a RoPE context.
    public init(maxPositionEmbeddings: Int, ropeScaling: String? = nil) {
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.ropeScaling = ropeScaling
    }

    /// The note for a memory answer at `context` tokens, or `nil` within the trained context.
    public func note(context: Int) -> String? {
        guard context > maxPositionEmbeddings else { return nil }
        let head = "context \(decimal(context)) tokens exceeds the model's max_position_embeddings "
            + "\(decimal(maxPositionEmbeddings)) (RoPE: answered, not refused)"
        guard let ropeScaling else {
            return head + "; no rope_scaling is set, so positions past it were not trained"
        }
        return head + "; rope_scaling: \(ropeScaling)"
    }
}
