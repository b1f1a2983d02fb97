-- 0011_learned_positions: a model with learned (absolute) position embeddings cannot run past
-- them, so `list --fits --context N` leaves out those with fewer than N positions.
-- Never edit this file once released; add a later migration instead.

-- The rows of the model's position embedding (GPT-2's n_positions, BERT's
-- max_position_embeddings; the smallest when it has several); NULL for RoPE/ALiBi/relative
-- models, models without positions, and rows computed before this migration.
ALTER TABLE architecture_memory ADD COLUMN learned_positions INTEGER CHECK (learned_positions > 0);
