-- 0003_listing: indexes for every `list` filter and sort, an indexed copy of the tags, and
-- convenience views for people who open the file with sqlite3.
-- Never edit this file once released; add migrations/0004_*.sql instead.

-- Sorts (ties broken by name, so an index serves the ORDER BY without a temporary B-tree).
-- total_params, macs and layer_count are indexed by 0001; is_complete by 0002.
CREATE INDEX architectures_trainable_params ON architectures (trainable_params, name);
CREATE INDEX architectures_depth            ON architectures (depth, name);
CREATE INDEX architectures_parameter_bytes  ON architectures (parameter_bytes, name);
CREATE INDEX architectures_framework        ON architectures (framework, name);

-- `list --has-layer LSTM`: the architectures having a layer of a type, compared case-insensitively.
CREATE INDEX layers_type ON layers (type COLLATE NOCASE, architecture_id);

-- `list --tag cnn`: one row per (architecture, tag), kept equal to architectures.tags by the
-- triggers below (tags are compared case-insensitively; a tag repeated in the list is one row).
CREATE TABLE architecture_tags (
    architecture_id INTEGER NOT NULL REFERENCES architectures (id) ON DELETE CASCADE,
    tag             TEXT    NOT NULL COLLATE NOCASE,
    PRIMARY KEY (tag, architecture_id)
) WITHOUT ROWID;
CREATE INDEX architecture_tags_architecture ON architecture_tags (architecture_id);

CREATE TRIGGER architecture_tags_after_insert AFTER INSERT ON architectures BEGIN
    INSERT OR IGNORE INTO architecture_tags (architecture_id, tag)
        SELECT new.id, value FROM json_each(new.tags) WHERE type = 'text';
END;

CREATE TRIGGER architecture_tags_after_update AFTER UPDATE OF id, tags ON architectures BEGIN
    DELETE FROM architecture_tags WHERE architecture_id = old.id;
    INSERT OR IGNORE INTO architecture_tags (architecture_id, tag)
        SELECT new.id, value FROM json_each(new.tags) WHERE type = 'text';
END;

-- Also when foreign keys are off (a plain sqlite3 session): a reused id never inherits tags.
CREATE TRIGGER architecture_tags_after_delete AFTER DELETE ON architectures BEGIN
    DELETE FROM architecture_tags WHERE architecture_id = old.id;
END;

INSERT OR IGNORE INTO architecture_tags (architecture_id, tag)
    SELECT architectures.id, json_each.value
    FROM architectures, json_each(architectures.tags)
    WHERE json_each.type = 'text';

-- One row per architecture under the names `list --format json` uses (docs/SCHEMA.md).
CREATE VIEW architecture_summary AS
SELECT
    name,
    framework,
    total_params,
    trainable_params,
    non_trainable_params,
    macs,
    layer_count AS layers,
    depth,
    parameter_bytes,
    activation_elements,
    is_complete AS complete,
    uncounted_layers,
    tags,
    input_shapes,
    output_shapes,
    source_format,
    description,
    source,
    created_at
FROM architectures;

-- One row per layer with its architecture's name (docs/SCHEMA.md).
CREATE VIEW layer_summary AS
SELECT
    architectures.name AS architecture,
    layers.position,
    layers.name,
    layers.type,
    layers.output_shapes,
    layers.params,
    layers.trainable_params,
    layers.non_trainable_params,
    layers.macs,
    layers.trainable,
    layers.inbound
FROM layers JOIN architectures ON architectures.id = layers.architecture_id;
