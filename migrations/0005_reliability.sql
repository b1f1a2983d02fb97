-- 0005_reliability: types that hold, and names compared after Unicode normalisation.
--
-- SQLite's column types are affinities: 'abc' is stored as text in an INTEGER column and
-- passes CHECK (total_params >= 0) (text sorts after numbers), so a hand-edited count crashed
-- every reader. These triggers refuse, on insert and on update, a count or flag that is not an
-- integer (NULL stays allowed where the column allows it: a cached column not yet computed).
-- Triggers rather than CHECKs: a CHECK cannot be added to an existing table without rebuilding it.
--
-- architecture_tags is rebuilt with its columns in the order of its primary key (tag,
-- architecture_id): SQLite 3.40's PRAGMA quick_check reports "NULL value in
-- architecture_tags.architecture_id" for every row of a WITHOUT ROWID table whose key columns are
-- declared in another order (integrity_check says ok; the rows are sound). The triggers that
-- keep it are recreated unchanged.
--
-- name_key is refilled by the migration step in CatalogDatabase+Migrations.swift with names in
-- Unicode NFC before case folding ('café' written precomposed or with a combining accent is one
-- name); an existing pair of such names is reported when the migration runs, and the later one
-- keeps a NULL key (it is still found by its exact name).

CREATE TRIGGER architectures_integer_columns_insert BEFORE INSERT ON architectures
WHEN typeof(NEW.total_params) NOT IN ('integer', 'null')
  OR typeof(NEW.trainable_params) NOT IN ('integer', 'null')
  OR typeof(NEW.non_trainable_params) NOT IN ('integer', 'null')
  OR typeof(NEW.macs) NOT IN ('integer', 'null')
  OR typeof(NEW.layer_count) NOT IN ('integer', 'null')
  OR typeof(NEW.depth) NOT IN ('integer', 'null')
  OR typeof(NEW.parameter_bytes) NOT IN ('integer', 'null')
  OR typeof(NEW.activation_elements) NOT IN ('integer', 'null')
  OR typeof(NEW.compute_version) NOT IN ('integer', 'null')
BEGIN
  SELECT RAISE(ABORT, 'architectures: a count column holds a value that is not an integer');
END;

CREATE TRIGGER architectures_integer_columns_update BEFORE UPDATE ON architectures
WHEN typeof(NEW.total_params) NOT IN ('integer', 'null')
  OR typeof(NEW.trainable_params) NOT IN ('integer', 'null')
  OR typeof(NEW.non_trainable_params) NOT IN ('integer', 'null')
  OR typeof(NEW.macs) NOT IN ('integer', 'null')
  OR typeof(NEW.layer_count) NOT IN ('integer', 'null')
  OR typeof(NEW.depth) NOT IN ('integer', 'null')
  OR typeof(NEW.parameter_bytes) NOT IN ('integer', 'null')
  OR typeof(NEW.activation_elements) NOT IN ('integer', 'null')
  OR typeof(NEW.compute_version) NOT IN ('integer', 'null')
BEGIN
  SELECT RAISE(ABORT, 'architectures: a count column holds a value that is not an integer');
END;

CREATE TRIGGER layers_integer_columns_insert BEFORE INSERT ON layers
WHEN typeof(NEW.position) <> 'integer'
  OR typeof(NEW.trainable) <> 'integer'
  OR typeof(NEW.params) NOT IN ('integer', 'null')
  OR typeof(NEW.trainable_params) NOT IN ('integer', 'null')
  OR typeof(NEW.non_trainable_params) NOT IN ('integer', 'null')
  OR typeof(NEW.macs) NOT IN ('integer', 'null')
BEGIN
  SELECT RAISE(ABORT, 'layers: a count column holds a value that is not an integer');
END;

CREATE TRIGGER layers_integer_columns_update BEFORE UPDATE ON layers
WHEN typeof(NEW.position) <> 'integer'
  OR typeof(NEW.trainable) <> 'integer'
  OR typeof(NEW.params) NOT IN ('integer', 'null')
  OR typeof(NEW.trainable_params) NOT IN ('integer', 'null')
  OR typeof(NEW.non_trainable_params) NOT IN ('integer', 'null')
  OR typeof(NEW.macs) NOT IN ('integer', 'null')
BEGIN
  SELECT RAISE(ABORT, 'layers: a count column holds a value that is not an integer');
END;

DROP TRIGGER architecture_tags_after_insert;
DROP TRIGGER architecture_tags_after_update;
DROP TRIGGER architecture_tags_after_delete;
CREATE TABLE architecture_tags_0005 (
    tag             TEXT    NOT NULL COLLATE NOCASE,
    architecture_id INTEGER NOT NULL REFERENCES architectures (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, architecture_id)
) WITHOUT ROWID;
INSERT INTO architecture_tags_0005 (tag, architecture_id) SELECT tag, architecture_id FROM architecture_tags;
DROP TABLE architecture_tags;
ALTER TABLE architecture_tags_0005 RENAME TO architecture_tags;
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
