-- 0012_per_step_macs: architectures whose MACs count an unknown dimension as 1.
-- per_step_mac_layers lists (JSON) the layers whose MACs were counted with an unknown input or
-- output dimension (Keras None height/width or sequence length, an ONNX symbolic axis other than
-- the batch) taken as 1: their MACs, and the architecture's total, are per step (per unit of the
-- unknown length), not a full count. Empty when every counted dimension is known.
-- A cached column, NULL until computed.
-- Never edit this file once released; add a later migration instead.
ALTER TABLE architectures ADD COLUMN per_step_mac_layers TEXT
    CHECK (per_step_mac_layers IS NULL OR (json_valid(per_step_mac_layers) AND json_type(per_step_mac_layers) = 'array'));
-- Rows computed before this migration are recomputed on open: Engine.computeVersion was raised with it.
