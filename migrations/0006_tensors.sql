-- 0006_tensors: the weight tensors a file stores, and per-architecture totals over them.
-- Never edit this file once released; add a later migration instead.
--
-- One row per tensor as the file records it (docs/TENSORS.md): its name, dtype as the file
-- spells it (safetensors BF16, GGUF Q4_K, torch float32), shape (JSON list, the file's order,
-- GGUF's reversed to row-major), elements and bytes (NULL when the dtype's size is unknown).
-- layer_id links it to the layer (module) it belongs to, when there is one. A tensor with an
-- uncounted_reason (a PyTorch tensor on a storage already counted: tied weights stored once)
-- is listed but left out of the totals. buffer = 1 for non-trainable tensors (running
-- statistics, a checkpoint's optimizer state).
CREATE TABLE tensors (
    id               INTEGER PRIMARY KEY,
    architecture_id  INTEGER NOT NULL REFERENCES architectures (id) ON DELETE CASCADE,
    layer_id         INTEGER REFERENCES layers (id) ON DELETE SET NULL,
    position         INTEGER NOT NULL CHECK (position >= 0),
    name             TEXT    NOT NULL,
    dtype            TEXT    NOT NULL,
    shape            TEXT    NOT NULL CHECK (json_valid(shape) AND json_type(shape) = 'array'),
    elements         INTEGER NOT NULL CHECK (elements >= 0),
    bytes            INTEGER CHECK (bytes >= 0),
    buffer           INTEGER NOT NULL DEFAULT 0 CHECK (buffer IN (0, 1)),
    uncounted_reason TEXT,
    UNIQUE (architecture_id, position)
);
CREATE INDEX tensors_layer ON tensors (layer_id);
-- "Which models store FP8?": the architectures having a tensor of a dtype.
CREATE INDEX tensors_dtype ON tensors (dtype COLLATE NOCASE, architecture_id);

-- Cached per architecture, NULL for an architecture without stored tensors:
-- params_by_dtype: {dtype: elements} over the counted tensors; weight_bytes: their bytes
-- (NULL if one's size is unknown); weight_metadata: the file's own metadata as a JSON object
-- of strings (safetensors __metadata__, GGUF key/values with long arrays summarised).
ALTER TABLE architectures ADD COLUMN params_by_dtype TEXT
    CHECK (params_by_dtype IS NULL OR (json_valid(params_by_dtype) AND json_type(params_by_dtype) = 'object'));
ALTER TABLE architectures ADD COLUMN weight_bytes INTEGER CHECK (weight_bytes >= 0);
ALTER TABLE architectures ADD COLUMN weight_metadata TEXT
    CHECK (weight_metadata IS NULL OR (json_valid(weight_metadata) AND json_type(weight_metadata) = 'object'));
CREATE INDEX architectures_weight_bytes ON architectures (weight_bytes, name);

-- One row per tensor with its architecture's and layer's names, for `catalog query`:
--   SELECT DISTINCT architecture FROM tensor_summary WHERE dtype LIKE 'F8%' OR dtype LIKE 'float8%'
CREATE VIEW tensor_summary AS
SELECT
    architectures.name AS architecture,
    layers.name        AS layer,
    tensors.name,
    tensors.dtype,
    tensors.shape,
    tensors.elements,
    tensors.bytes,
    tensors.buffer,
    tensors.uncounted_reason
FROM tensors
JOIN architectures ON architectures.id = tensors.architecture_id
LEFT JOIN layers ON layers.id = tensors.layer_id;
