#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of the commands BENCHMARKS.md times, for one
# release binary: the same count on every run whatever the machine's load, so two builds (before
# and after a change) compare exactly on a shared machine where times do not.
#
#   scripts/bench_instructions.sh BIN WORK
#
# WORK is a folder of Benchmarks/tools/bench.py's files built by BIN itself: catalog-1000.sqlite
# (1,000 generated architectures plus deep-1000), seeds.sqlite and files/ (the generated files);
# scripts/bench_before_after.py makes them. valgrind 3.19 cannot read Swift 6.3's DWARF 5, so
# a copy made with `strip --strip-debug` is profiled. Prints one "command<TAB>instructions" line
# per command.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
work=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
strip --strip-debug -o "$tmp/catalog" "$bin"
head -n 1000 < <(ls "$work/files" | sort) | sed "s|^|$work/files/|" > "$tmp/files-1000.txt"
count() {
    local label=$1; shift
    valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$@" > /dev/null 2> "$tmp/err" ||
        { cat "$tmp/err" >&2; exit 1; }
    printf '%s\t%s\n' "$label" "$(sed -n 's/^totals: *//p; s/^summary: *//p' "$tmp/out" | head -n 1)"
}
list=(--max-params 1e7 --sort params --format csv)
count "catalog --version" "$tmp/catalog" --version
cp "$work/seeds.sqlite" "$tmp/import.sqlite"
count "add resnet152.keras.json" "$tmp/catalog" add --db "$tmp/import.sqlite" Benchmarks/Fixtures/resnet152.keras.json
count "list --limit 50 (1,000)" "$tmp/catalog" list --db "$work/catalog-1000.sqlite" "${list[@]}" --limit 50
count "list every match, CSV (1,000)" "$tmp/catalog" list --db "$work/catalog-1000.sqlite" "${list[@]}"
count "list --format jsonl (1,000)" "$tmp/catalog" list --db "$work/catalog-1000.sqlite" --format jsonl
count "show deep-1000" "$tmp/catalog" show --db "$work/catalog-1000.sqlite" deep-1000
count "show deep-1000 --format json" "$tmp/catalog" show --db "$work/catalog-1000.sqlite" deep-1000 --format json
cp "$work/seeds.sqlite" "$tmp/bulk.sqlite"
count "add --files-from, 1,000 generated files" "$tmp/catalog" add --db "$tmp/bulk.sqlite" --quiet --files-from "$tmp/files-1000.txt"
