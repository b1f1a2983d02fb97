-- 0008_assumed_shapes: architectures with output shapes that are assumptions.
-- assumed_layers lists (JSON) the layers whose output shape is assumed, not known: Keras Lambda
-- layers whose file records no output shape, taken to keep their input's shape. Their
-- parameters are exact (a Lambda has none); the shapes after them rest on the assumption.
-- A cached column, NULL until computed.
ALTER TABLE architectures ADD COLUMN assumed_layers TEXT
    CHECK (assumed_layers IS NULL OR (json_valid(assumed_layers) AND json_type(assumed_layers) = 'array'));
-- Rows computed before this migration have no assumptions recorded yet: recompute them.
UPDATE architectures SET compute_version = NULL;
