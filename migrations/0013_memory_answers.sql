-- 0013_memory_answers: what memory answers need besides 0009–0011 (docs/MEMORY.md): a RoPE
-- model's trained context and scaling, `list`'s Memory column by memory's weights rule, and the
-- weight bytes of llama.cpp's k-quant mixes for `list --fits --quant q4_k_m`.
-- Never edit this file once released; add a later migration instead.

-- A rotary-position (RoPE) model's `max_position_embeddings` (a GGUF file's context_length) and
-- its `rope_scaling` as config.json states it (text, keys sorted); NULL for other models, and
-- for rows added before this migration (add them again to read them).
ALTER TABLE architectures ADD COLUMN max_position_embeddings INTEGER
    CHECK (max_position_embeddings IS NULL OR max_position_embeddings > 0);
ALTER TABLE architectures ADD COLUMN rope_scaling TEXT
    CHECK (rope_scaling IS NULL OR (typeof(rope_scaling) = 'text' AND length(rope_scaling) BETWEEN 1 AND 1000));

-- Cached: the weights term `catalog memory` gives without --dtype (the stored tensors' bytes,
-- else the parameters in the declared dtype, else float32) and that type's name (`stored`,
-- `bf16`, `f32`, …): `list`'s Memory column and `list --sort memory`.
ALTER TABLE architectures ADD COLUMN default_weights_bytes INTEGER CHECK (default_weights_bytes >= 0);
ALTER TABLE architectures ADD COLUMN default_weight_type TEXT
    CHECK (default_weight_type IS NULL OR (typeof(default_weight_type) = 'text' AND length(default_weight_type) BETWEEN 1 AND 64));
CREATE INDEX architectures_default_weights_bytes ON architectures (default_weights_bytes, name);

-- The weight bytes of each llama.cpp k-quant mix, priced tensor by tensor as `memory --quant`
-- prices them (LlamaCppMix): a JSON object {"q4_k_m": bytes, …}; NULL for families whose
-- tensors catalog cannot type (then `list --fits` prices the mix's base type).
ALTER TABLE architecture_memory ADD COLUMN mix_weight_bytes TEXT
    CHECK (mix_weight_bytes IS NULL OR (json_valid(mix_weight_bytes) AND json_type(mix_weight_bytes) = 'object'));
