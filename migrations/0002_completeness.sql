-- 0002_completeness: architectures with layers the engine cannot count.
-- is_complete is 0 when some layer's numbers are unknown; the totals are then lower bounds and
-- uncounted_layers lists those layers' names (JSON). Both are cached columns, NULL until computed.
ALTER TABLE architectures ADD COLUMN is_complete INTEGER CHECK (is_complete IN (0, 1));
ALTER TABLE architectures ADD COLUMN uncounted_layers TEXT
    CHECK (uncounted_layers IS NULL OR (json_valid(uncounted_layers) AND json_type(uncounted_layers) = 'array'));
CREATE INDEX architectures_is_complete ON architectures (is_complete, name);
-- Rows computed before this migration have no completeness yet: recompute them.
UPDATE architectures SET compute_version = NULL;
