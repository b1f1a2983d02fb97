#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (one per importer) with -sanitize=fuzzer,address and runs
# each for a set time, seeded from the fixture corpus. Usage:
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     # default 600 s, all the targets
#   FUZZ_JOBS=2 scripts/fuzz.sh 600                      # two targets at a time
#
# Targets: FuzzNativeJSON FuzzNativeYAML FuzzKerasJSON FuzzKerasArchive FuzzSafeTensors FuzzGGUF FuzzPyTorch FuzzONNX
# FuzzKerasH5 (needs libhdf5; it fuzzes the reader and the parts of libhdf5 it calls).
# Work files go to .build-fuzz/ (ignored by git): the growing corpus in .build-fuzz/corpus/TARGET,
# crashes in .build-fuzz/artifacts/TARGET/, the log in .build-fuzz/logs/TARGET.log. The summary
# line per target (executions, coverage, findings) is printed at the end; docs/RELIABILITY.md
# records the runs. A crashing input belongs in Tests/ReliabilityTests/Fixtures/fuzz-findings/
# with a test that it is rejected cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzNativeJSON FuzzNativeYAML FuzzKerasJSON FuzzKerasArchive FuzzSafeTensors FuzzGGUF FuzzPyTorch FuzzKerasH5 FuzzONNX)
jobs=${FUZZ_JOBS:-1}
work=$root/.build-fuzz

# FUZZ_CONFIGURATION=debug builds faster (about 3 min against 10+ on a busy machine) and runs
# slower; release is the default. Each configuration has its own scratch path.
configuration=${FUZZ_CONFIGURATION:-release}

# Fuzz the committed HEAD (plus this Fuzz/ folder), not a work tree others may be editing. Only
# the files that changed since the last run are copied, so the build stays incremental.
tree=$work/tree
fresh=$work/tree.new
rm -rf "$fresh" && mkdir -p "$fresh" "$tree"
git archive HEAD | tar -x -C "$fresh"
rm -rf "$fresh/Fuzz" && cp -R Fuzz "$fresh/Fuzz"
(cd "$fresh" && find . -type f) | while read -r f; do
    cmp -s "$fresh/$f" "$tree/$f" || { mkdir -p "$(dirname "$tree/$f")" && cp "$fresh/$f" "$tree/$f"; }
done
(cd "$tree" && find . -type f) | while read -r f; do [ -e "$fresh/$f" ] || rm -f "$tree/$f"; done
rm -rf "$fresh"
# Every module gets libFuzzer's coverage instrumentation and AddressSanitizer: the Swift frontend
# is given -sanitize=fuzzer,address (the driver only -sanitize=address, so that it does not link
# libFuzzer into every product), C code -fsanitize=fuzzer-no-link,address. Only the fuzz targets
# link libFuzzer (Fuzz/Package.swift's linker settings); the plugin tool the build also links
# gets the sanitizer runtime without libFuzzer's `main`. lld links.
flags=(-c "$configuration" --scratch-path "$work/$configuration"
       -Xswiftc -sanitize=address -Xswiftc -Xfrontend -Xswiftc -sanitize=fuzzer,address
       -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld)
(cd "$tree/Fuzz" && swift build "${flags[@]}")
bin=$(cd "$tree/Fuzz" && swift build "${flags[@]}" --show-bin-path)

fixtures=$root/Tests/CatalogImportTests/Fixtures
findings=$root/Tests/ReliabilityTests/Fixtures/fuzz-findings
seed() {  # seed TARGET DIR: the starting corpus of a target
    local target=$1 dir=$2
    mkdir -p "$dir"
    case $target in
        FuzzNativeJSON)
            cp seeds/*.json "$dir"/
            cp "$root"/Tests/ReliabilityTests/Fixtures/bad-input/*.json "$dir"/ 2>/dev/null || true ;;
        FuzzNativeYAML)
            cp Fuzz/Seeds/yaml/*.yaml "$dir"/
            cp "$root"/Tests/ReliabilityTests/Fixtures/bad-input/*.yaml "$dir"/ 2>/dev/null || true ;;
        FuzzKerasJSON)
            for f in "$fixtures"/keras/*.json "$fixtures"/wild/*.json; do
                case $f in *.expected.json) continue ;; esac
                # Keep the seeds small: libFuzzer mutates small inputs far faster.
                [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$dir"/
            done ;;
        FuzzSafeTensors)  # the small files only: libFuzzer mutates small inputs far faster
            for f in "$fixtures"/weights/shared/*.safetensors; do [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$dir"/; done ;;
        FuzzGGUF)
            cp "$fixtures"/weights/llama-header-only.gguf "$fixtures"/weights/shared/tiny-llama-q4_0.gguf "$dir"/ ;;
        FuzzPyTorch)
            cp "$fixtures"/weights/shared/*.pt "$fixtures"/weights/*.pt "$dir"/ ;;
        FuzzONNX)
            # The small ONNX fixtures (graphs; the large ones are graph-only files already).
            for f in "$root"/Tests/CatalogImportTests/Fixtures/onnx/*.onnx "$root"/Tests/CatalogImportTests/Fixtures/onnx/shared/*.onnx; do
                [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$dir"/
            done ;;
        FuzzKerasArchive)
            python3 - "$fixtures/keras" "$dir" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(src)):
    path = os.path.join(src, name)
    if not name.endswith('.json') or name.endswith('.expected.json') or os.path.getsize(path) > 32768:
        continue
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        out = os.path.join(dst, f"{name[:-5]}-{method}.keras")
        with zipfile.ZipFile(out, 'w', method) as archive:
            archive.writestr('metadata.json', '{"keras_version": "3.6.0"}')
            archive.writestr('config.json', open(path, 'rb').read())
PY
            ;;
        FuzzKerasH5)
            # The small .h5 fixtures (under the -max_len below) and the malformed ones.
            for f in "$fixtures"/h5/*.h5 "$fixtures"/h5/bad/*.h5; do
                [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$dir"/
            done ;;
    esac
    # Earlier findings stay in the corpus, so a regression shows at once.
    if [ -d "$findings/$target" ]; then cp "$findings/$target"/* "$dir"/ 2>/dev/null || true; fi
}

run() {
    local target=$1
    local corpus=$work/corpus/$target artifacts=$work/artifacts/$target log=$work/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$work/logs"
    [ -n "$(ls -A "$corpus")" ] || seed "$target" "$corpus"
    # -timeout: one input taking over 10 s is a hang finding; -rss_limit_mb: a memory blow-up is one too.
    "$bin/$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        -dict="$root/Fuzz/Dictionaries/integers.dict" >"$log" 2>&1 || true
    local runs cov ft crashes
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
    crashes=$(find "$artifacts" -type f | wc -l)
    echo "$target: ${seconds}s, $runs executions, cov $cov, ft $ft, corpus $(ls "$corpus" | wc -l), findings $crashes ($artifacts)"
}

export -f run seed
mkdir -p "$work/logs"
summary=$work/logs/summary.txt
: >"$summary"
pids=()
for target in "${targets[@]}"; do
    run "$target" >>"$summary" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
wait
cat "$summary"
