-- 0010_declared_dtype: the dtype a file declares for its weights, and the sliding windows of
-- models whose sliding-window layers have different windows (docs/MEMORY.md).
-- Never edit this file once released; add a later migration instead.

-- As the file names it: config.json's `dtype` / `torch_dtype` (`bfloat16`), or a GGUF file's
-- `general.file_type` (`MOSTLY_Q4_K_M`); NULL when the file declares none (older rows too).
ALTER TABLE architectures ADD COLUMN declared_dtype TEXT
    CHECK (declared_dtype IS NULL OR (typeof(declared_dtype) = 'text' AND length(declared_dtype) BETWEEN 1 AND 64));

-- Sliding-window layers of different windows, each window apart: a JSON array of
-- [window, values per token of its layers] pairs, smallest window first; NULL when every
-- sliding-window layer has one window (then kv_window_values_per_token and kv_window hold it).
ALTER TABLE architecture_memory ADD COLUMN kv_windows TEXT
    CHECK (kv_windows IS NULL OR (json_valid(kv_windows) AND json_type(kv_windows) = 'array'));
