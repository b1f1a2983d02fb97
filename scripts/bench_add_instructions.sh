#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of `catalog --version`, `catalog list --limit 1` and
# the two weight-file adds of BENCHMARKS.md §6 (the header-only Llama-3-8B folder and the 4.9 GB
# Llama-3-8B Q4_K_M GGUF, written by scripts/bench_weights.py), for one release binary: the same
# count on every run whatever the machine's load, so two builds compare on a shared machine. Each add
# goes into a fresh copy of a catalog the same binary seeded. valgrind 3.19 cannot read Swift 6.3's
# DWARF 5, so a copy made with `strip --strip-debug` is profiled. The add's two threads pay the Swift
# runtime's first-use costs in either order: repeated runs differ by up to ~3 M instructions.
#
#   scripts/bench_add_instructions.sh BIN [KEEP_DIR]
#
# Prints one "command<TAB>instructions" line per command; with KEEP_DIR the callgrind outputs are kept
# there (callgrind_annotate --inclusive=yes --tree=calling KEEP_DIR/out.folder).
set -euo pipefail
bin=$1
inputs=${BENCH_WEIGHTS_DIR:-/tmp/catalog-bench-weights}
tmp=$(mktemp -d)
keep=${2:-}
trap 'rm -rf "$tmp"' EXIT
strip --strip-debug -o "$tmp/catalog" "$bin"
"$tmp/catalog" --db "$tmp/seeded.sqlite" list > /dev/null
count() {
    local label=$1; shift
    valgrind --tool=callgrind --callgrind-out-file="$tmp/out.$label" "$@" > /dev/null 2> "$tmp/err" ||
        { cat "$tmp/err" >&2; exit 1; }
    printf '%s\t%s\n' "$label" "$(sed -n 's/^totals: *//p; s/^summary: *//p' "$tmp/out.$label" | head -n 1)"
    if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$tmp/out.$label" "$keep/"; fi
}
count version "$tmp/catalog" --version
cp "$tmp/seeded.sqlite" "$tmp/l.sqlite"
count list1 "$tmp/catalog" list --db "$tmp/l.sqlite" --limit 1
cp "$tmp/seeded.sqlite" "$tmp/a.sqlite"
count folder "$tmp/catalog" add --db "$tmp/a.sqlite" "$inputs/llama3-8b"
cp "$tmp/seeded.sqlite" "$tmp/b.sqlite"
count gguf "$tmp/catalog" add --db "$tmp/b.sqlite" "$inputs/llama3-8b-q4_k_m.gguf"
