#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md and prints a Markdown report. Usage:
#
#   scripts/bench.sh                       # all: engine, import, bulk, query, linking (about 20-30 minutes)
#   scripts/bench.sh engine import         # some of them
#   scripts/bench.sh fixture               # regenerate Benchmarks/Fixtures/resnet152.keras.json
#   BENCH_RUNS=5 BENCH_SIZES=1000,10000 scripts/bench.sh query
#
# Builds the release `catalog` with --scratch-path .build-bench (and, for `linking`, linked dynamically
# with --scratch-path .build-bench-dynamic), and the engine benchmarks in
# Benchmarks/ (their own package and .build). Work files go to .build-bench/bench/ (ignored by git):
# the generated architecture files, the catalogs of 1k, 10k and 100k architectures (built once
# by `catalog add` and reused; BENCH_FRESH=1 rebuilds them), and results.md. The Keras row uses
# a throw-away virtualenv ($CATALOG_KERAS_VENV, default /tmp/catalog-keras-venv) that it sets up
# with `pip install keras jax` when missing; without network it says it skipped that row.
# Needs python3, sqlite3 and, for the /usr/bin/time -v check, Debian's `time` package.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=${BENCH_WORK:-$root/.build-bench/bench}
runs=${BENCH_RUNS:-10}
sizes=${BENCH_SIZES:-1000,10000,100000}
venv=${CATALOG_KERAS_VENV:-${TMPDIR:-/tmp}/catalog-keras-venv}
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(engine import bulk query linking)
mkdir -p "$work"

if [ "${parts[0]}" = fixture ]; then
    if ! KERAS_BACKEND=jax "$venv/bin/python" -c 'import keras, jax' 2>/dev/null; then
        python3 -m venv "$venv" && "$venv/bin/pip" install --quiet keras jax
    fi
    KERAS_BACKEND=jax "$venv/bin/python" Benchmarks/tools/make_resnet152.py
    exit
fi

if [ "${BENCH_FRESH:-0}" = 1 ]; then
    rm -f "$work"/catalog-*.sqlite* "$work"/seeds.sqlite*
fi

echo "building catalog (release, .build-bench) ..." >&2
swift build -c release --scratch-path .build-bench --product catalog >&2
catalog=$(swift build -c release --scratch-path .build-bench --show-bin-path)/catalog

only=()
dynamic_argument=()
engine_output=$work/engine.txt
for part in "${parts[@]}"; do
    case $part in
        engine)
            echo "running the engine benchmarks (Benchmarks/, ordo-one/benchmark) ..." >&2
            (cd Benchmarks && swift package --scratch-path .build benchmark --target EngineInference \
                --no-progress) > "$engine_output"
            only+=(engine) ;;
        import | bulk | query) only+=("$part") ;;
        linking)
            # The same code linked against the Swift runtime's shared libraries, to compare.
            echo "building catalog linked dynamically (release, .build-bench-dynamic) ..." >&2
            CATALOG_DYNAMIC_LINKING=1 swift build -c release --scratch-path .build-bench-dynamic --product catalog >&2
            dynamic=$(CATALOG_DYNAMIC_LINKING=1 swift build -c release --scratch-path .build-bench-dynamic --show-bin-path)/catalog
            dynamic_argument=(--dynamic-catalog "$dynamic")
            only+=(linking) ;;
        *) echo "unknown part '$part' (engine, import, bulk, query, linking, fixture)" >&2; exit 64 ;;
    esac
done

IFS=,
python3 Benchmarks/tools/bench.py --catalog "$catalog" --work "$work" --runs "$runs" \
    --sizes "$sizes" --only "${only[*]}" --keras-venv "$venv" --engine-output "$engine_output" \
    "${dynamic_argument[@]}"
