/// The context a memory answer is computed at, for models with learned (absolute) position
/// embeddings: such a model has one embedding row per position (GPT-2's `wpe` of
/// `n_positions` = 1,024 rows; transformers' `GPT2Model` indexes it with the position ids, so a
/// longer sequence has no row to read), and cannot run past them.
extension Memory {
    /// The context used when none is given: 4,096 tokens, or the model's learned positions if fewer.
    public static let defaultContext = 4096

    /// The context for `profile` at the `given` context (`nil`: none given), and a note when the
    /// default was capped at the model's learned positions, or when a RoPE model's context
    /// exceeds its `max_position_embeddings` (``RoPEContext/note(context:)``).
    /// - Returns: `given` when it is within ``MemoryProfile/maxContext`` (or the model has none);
    ///   without `given`, min(``defaultContext``, ``MemoryProfile/maxContext``).
    /// - Throws: ``MemoryError/invalid(_:)`` when `given` exceeds the learned positions.
    public static func context(
        for profile: MemoryProfile, given: Int?
    ) throws(MemoryError) -> (context: Int, note: String?) {
        guard let positions = profile.maxContext else {
            // RoPE has no table: past max_position_embeddings it runs, with a note (RoPEContext).
            let context = given ?? defaultContext
            return (context, profile.ropeContext?.note(context: context))
        }
        if let given {
            guard given <= positions else {
                throw .invalid(
                    "a context of \(given) tokens exceeds the model's \(positions) learned positions "
                        + "(absolute position embeddings have one row per position)")
            }
            return (given, nil)
        }
        guard positions < defaultContext else { return (defaultContext, nil) }
        return (positions, "context \(positions) tokens: the model's learned positions (the default \(defaultContext) exceeds them)")
    }
}
