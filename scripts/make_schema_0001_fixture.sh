#!/usr/bin/env bash
# Rebuilds Tests/ReliabilityTests/Fixtures/upgrade/schema-0001.sqlite: a catalog as the first
# released schema (migrations/0001_initial.sql only) left it, to test upgrades. It holds three
# architectures with every layer and the cached numbers the compute_version 1 engine stored:
# two seeds (lenet5, article_cnn) and one a user added (user-mlp). Needs the sqlite3 shell and a
# built catalog (default .build/debug/catalog) to compute the rows.
set -euo pipefail
cd "$(dirname "$0")/.."
catalog=${CATALOG:-.build/debug/catalog}
out=Tests/ReliabilityTests/Fixtures/upgrade/schema-0001.sqlite
source scripts/upgrade_fixture_common.sh
"$catalog" add "$work/user-mlp.json" --quiet --db "$work/current.sqlite"
columns_a="id, name, description, source, tags, framework, source_format, source_version, document, input_shapes, created_at, updated_at, output_shapes, total_params, trainable_params, non_trainable_params, macs, layer_count, depth, parameter_bytes, activation_elements, compute_version, computed_at"
columns_l="id, architecture_id, position, name, type, config, inbound, trainable, output_shapes, params, trainable_params, non_trainable_params, macs"
rm -f "$out"
sqlite3 "$out" <<SQL
PRAGMA journal_mode = WAL;
$(cat migrations/0001_initial.sql)
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES ('0001_initial');
ATTACH '$work/current.sqlite' AS current;
INSERT INTO architectures ($columns_a) SELECT $columns_a FROM current.architectures
    WHERE name IN ('lenet5', 'article_cnn', 'user-mlp');
INSERT INTO layers ($columns_l) SELECT $columns_l FROM current.layers
    WHERE architecture_id IN (SELECT id FROM architectures);
UPDATE architectures SET compute_version = 1;
DETACH current;
VACUUM;
SQL
echo "wrote $out: $(sqlite3 "$out" 'SELECT count(*) FROM architectures') architectures, $(sqlite3 "$out" 'SELECT count(*) FROM layers') layers"
