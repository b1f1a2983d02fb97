#!/usr/bin/env bash
# Rebuilds Tests/ReliabilityTests/Fixtures/upgrade/schema-0009.sqlite: a catalog exactly as the
# release with migrations 0001-0009 writes it (its own migrator, its grdb_migrations rows, WAL),
# to test that later binaries keep opening and migrating users' files. It holds the seeds, a
# user's JSON architecture, a transformers config.json (memory figures), a GGUF header (tensor
# rows) and a PyTorch state dict with bf16 tensors (weights by dtype).
# Usage: CATALOG=/path/to/that/release/catalog scripts/make_schema_0009_fixture.sh
# Needs the sqlite3 shell (to checkpoint and VACUUM the file).
set -euo pipefail
cd "$(dirname "$0")/.."
catalog=${CATALOG:?set CATALOG to the catalog binary of the release to capture}
out=Tests/ReliabilityTests/Fixtures/upgrade/schema-0009.sqlite
source scripts/upgrade_fixture_common.sh
fixtures=Tests/CatalogImportTests/Fixtures
"$catalog" add --quiet --db "$work/catalog.sqlite" "$work/user-mlp.json" \
    "$fixtures/hf/Qwen2.5-0.5B.config.json" "$fixtures/weights/llama-header-only.gguf" \
    "$fixtures/weights/cnn_bf16.pt"
rm -f "$out"
sqlite3 "$work/catalog.sqlite" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM INTO '$out';" >/dev/null
sqlite3 "$out" "PRAGMA journal_mode = WAL;" >/dev/null
echo "wrote $out: $(sqlite3 "$out" 'SELECT count(*) FROM architectures') architectures," \
    "$(sqlite3 "$out" 'SELECT count(*) FROM layers') layers, $(sqlite3 "$out" 'SELECT count(*) FROM tensors') tensors," \
    "migrations $(sqlite3 "$out" 'SELECT group_concat(identifier) FROM grdb_migrations')"
