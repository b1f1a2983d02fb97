-- 0001_initial: the catalog's first schema.
-- Never edit this file once released; add migrations/0002_*.sql instead.
--
-- Column names are the JSON keys users see (total_params, macs, ...). The cached columns are
-- NULL until the compute service fills them; compute_version records which engine did so.

CREATE TABLE architectures (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    description          TEXT,
    source               TEXT,
    tags                 TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    framework            TEXT    NOT NULL DEFAULT 'keras',
    source_format        TEXT    NOT NULL,
    source_version       TEXT,
    document             TEXT    CHECK (document IS NULL OR json_valid(document)),
    input_shapes         TEXT    NOT NULL CHECK (json_valid(input_shapes)),
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    -- cached, NULL until computed
    output_shapes        TEXT    CHECK (output_shapes IS NULL OR json_valid(output_shapes)),
    total_params         INTEGER CHECK (total_params >= 0),
    trainable_params     INTEGER CHECK (trainable_params >= 0),
    non_trainable_params INTEGER CHECK (non_trainable_params >= 0),
    macs                 INTEGER CHECK (macs >= 0),
    layer_count          INTEGER CHECK (layer_count >= 0),
    depth                INTEGER CHECK (depth >= 0),
    parameter_bytes      INTEGER CHECK (parameter_bytes >= 0),
    activation_elements  INTEGER CHECK (activation_elements >= 0),
    compute_version      INTEGER CHECK (compute_version >= 0),
    computed_at          TEXT
);

-- `list` filters on total_params and sorts by name, total_params, macs or layer_count
-- (ties broken by name): each index ends with name so the sort needs no temporary B-tree.
CREATE INDEX architectures_total_params ON architectures (total_params, name);
CREATE INDEX architectures_macs         ON architectures (macs, name);
CREATE INDEX architectures_layer_count  ON architectures (layer_count, name);
-- Recompute finds rows written by an older engine.
CREATE INDEX architectures_compute_version ON architectures (compute_version);

CREATE TABLE layers (
    id                   INTEGER PRIMARY KEY,
    architecture_id      INTEGER NOT NULL REFERENCES architectures (id) ON DELETE CASCADE,
    position             INTEGER NOT NULL CHECK (position >= 0),
    name                 TEXT    NOT NULL,
    type                 TEXT    NOT NULL,
    config               TEXT    NOT NULL CHECK (json_valid(config)),
    inbound              TEXT    NOT NULL CHECK (json_valid(inbound)),
    trainable            INTEGER NOT NULL CHECK (trainable IN (0, 1)),
    -- cached, NULL until computed
    output_shapes        TEXT    CHECK (output_shapes IS NULL OR json_valid(output_shapes)),
    params               INTEGER CHECK (params >= 0),
    trainable_params     INTEGER CHECK (trainable_params >= 0),
    non_trainable_params INTEGER CHECK (non_trainable_params >= 0),
    macs                 INTEGER CHECK (macs >= 0),
    UNIQUE (architecture_id, name),
    UNIQUE (architecture_id, position)
);
