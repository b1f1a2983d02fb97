#!/bin/sh
# Benchmark (not a test): Hugging Face configs. 1,000 configs in one add, and the config of an
# 80-layer 70B model (Llama-2-70b), each against `catalog --version` (process start) and against
# transformers building the same model on the meta device (Python, same machine).
# Usage: scripts/bench_hf.sh [BIN] [PYTHON]   (default .build/release/catalog, /tmp/ref/bin/python)
set -e
BIN=${1:-.build/release/catalog}
PY=${2:-/tmp/ref/bin/python}
FIX=Tests/CatalogImportTests/Fixtures/hf
WORK=$(mktemp -d)
export CATALOG_DB=$WORK/bench.sqlite
i=0
while [ $i -lt 1000 ]; do
  for f in "$FIX"/*.config.json; do
    [ $i -ge 1000 ] && break
    mkdir -p "$WORK/c/m$i" && cp "$f" "$WORK/c/m$i/config.json"
    echo "$WORK/c/m$i" >> "$WORK/list"
    i=$((i + 1))
  done
done
cat > "$WORK/llama-2-70b.json" <<'JSON'
{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 8192, "intermediate_size": 28672,
 "num_hidden_layers": 80, "num_attention_heads": 64, "num_key_value_heads": 8, "vocab_size": 32000,
 "max_position_embeddings": 4096, "tie_word_embeddings": false}
JSON
now() { date +%s.%N; }
t0=$(now); "$BIN" --version > /dev/null; t1=$(now)
echo "catalog --version: $(echo "$t1 - $t0" | bc) s"
t0=$(now); "$BIN" add --files-from "$WORK/list" --quiet; t1=$(now)
echo "add 1,000 configs (one command): $(echo "$t1 - $t0" | bc) s"
t0=$(now); "$BIN" add "$WORK/llama-2-70b.json" --quiet; t1=$(now)
echo "add Llama-2-70b config (80 layers): $(echo "$t1 - $t0" | bc) s; $("$BIN" show llama-2-70b --format json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total_params"])') params"
"$PY" - "$WORK/llama-2-70b.json" <<'PY' 2>/dev/null
import json, sys, time
t0 = time.perf_counter()
import torch, transformers
t1 = time.perf_counter()
cfg = transformers.AutoConfig.for_model(**json.load(open(sys.argv[1])))
with torch.device("meta"):
    m = transformers.LlamaForCausalLM(cfg)
n = sum(p.numel() for p in m.parameters())
t2 = time.perf_counter()
print(f"transformers on meta device: import {t1 - t0:.2f} s, build and count {t2 - t1:.2f} s; {n} params")
PY
rm -rf "$WORK"
