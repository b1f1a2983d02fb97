#!/bin/sh
# Adds every config of Tests/CatalogImportTests/Fixtures/hf with the built binary (class of
# architectures[0], then --base-model) and prints each total that differs from transformers'.
BIN=${1:-.build/debug/catalog}
DIR=${2:-Tests/CatalogImportTests/Fixtures/hf}
export CATALOG_DB=$(mktemp -d)/hf.sqlite
for expected in "$DIR"/*.expected.json; do
  stem=${expected%.expected.json}
  name=$(basename "$stem")
  for mode in head base; do
    flag=; [ $mode = base ] && flag=--base-model
    got=$("$BIN" add "$stem.config.json" --name "$name-$mode" $flag --quiet 2>&1 && "$BIN" show "$name-$mode" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_params"])')
    want=$(python3 -c "import json; d=json.load(open('$expected')); print(d['total_params' if '$mode'=='head' else 'base_total_params'])")
    [ "$got" = "$want" ] && echo "ok   $name $mode $got" || echo "FAIL $name $mode got $got want $want"
  done
done
