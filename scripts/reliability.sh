#!/usr/bin/env bash
# The long reliability checks of docs/RELIABILITY.md, at full size. `swift test` runs the same
# tests smaller (16 kills, 5 creation rounds); this runs them with the figures the document
# records, then prints each test's summary line. Usage:
#
#   scripts/reliability.sh                 # 200 SIGKILL runs, 40 creation rounds, the rest once
#   CATALOG_KILL_RUNS=500 scripts/reliability.sh
#
# Fuzzing is separate: scripts/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build-reliability}
export CATALOG_KILL_RUNS=${CATALOG_KILL_RUNS:-200}
export CATALOG_CREATE_ROUNDS=${CATALOG_CREATE_ROUNDS:-40}
swift build --scratch-path "$scratch" --build-tests
log=$(mktemp)
swift test --scratch-path "$scratch" --skip-build --filter ReliabilityTests 2>&1 | tee "$log" | grep -E "^(crash safety|concurrency|creation):|✘|Test run"
grep -q "✘" "$log" && exit 1 || exit 0
