-- 0009_memory: the per-architecture figures memory answers are computed from (docs/MEMORY.md),
-- so `list --fits 24GiB --context 8192` is one SQL query. Filled by the compute service with the
-- other cached columns (one row per computed architecture); NULL/absent until computed.
-- Never edit this file once released; add a later migration instead.

CREATE TABLE architecture_memory (
    architecture_id              INTEGER PRIMARY KEY REFERENCES architectures (id) ON DELETE CASCADE,
    -- Σ the stored tensors' bytes (ggml blocks included); NULL when the catalog has no tensors.
    stored_weight_bytes          INTEGER CHECK (stored_weight_bytes >= 0),
    -- Bytes per parameter of the declared dtype (bf16: 2), 4 (float32) when none is declared.
    declared_bytes_per_param     INTEGER NOT NULL CHECK (declared_bytes_per_param > 0),
    -- KV values per token of the layers that keep every token (full attention 2·kv_heads·head_dim,
    -- MLA kv_lora_rank + qk_rope_head_dim), summed over those layers.
    kv_values_per_token          INTEGER NOT NULL DEFAULT 0 CHECK (kv_values_per_token >= 0),
    -- Sliding-window layers: their values per token, summed, and the window they keep at most.
    kv_window_values_per_token   INTEGER NOT NULL DEFAULT 0 CHECK (kv_window_values_per_token >= 0),
    kv_window                    INTEGER CHECK (kv_window > 0),
    -- Cross-attention: values per sequence (2·kv_heads·head_dim·encoder length, summed).
    kv_fixed_values              INTEGER NOT NULL DEFAULT 0 CHECK (kv_fixed_values >= 0),
    -- The greatest common divisor of the KV rows (a quantized KV type needs whole blocks), 0: none.
    kv_row_gcd                   INTEGER NOT NULL DEFAULT 0 CHECK (kv_row_gcd >= 0),
    -- Bytes per KV value of the default KV type (the declared float type, else f16).
    kv_default_bytes             INTEGER NOT NULL DEFAULT 2 CHECK (kv_default_bytes > 0),
    -- Activation estimate: values per token (transformers' per-layer peak) and per sample (every
    -- layer output of one forward pass); both NULL when unknown.
    activation_values_per_token  INTEGER CHECK (activation_values_per_token >= 0),
    activation_values_per_sample INTEGER CHECK (activation_values_per_sample >= 0)
) WITHOUT ROWID;
