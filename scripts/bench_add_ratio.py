#!/usr/bin/env python3
"""The weight-file adds against `catalog --version` (BENCHMARKS.md §6, the ≤ 3× target), by CPU time.

For each binary given: `catalog --version`, `catalog add` of the header-only Llama-3-8B folder and of
the 4.9 GB Llama-3-8B Q4_K_M GGUF (the inputs scripts/bench_weights.py writes under
$BENCH_WEIGHTS_DIR, default /tmp/catalog-bench-weights), each add into a fresh copy of a catalog that
the same binary seeded (an add into an existing, current catalog). Commands and binaries run
interleaved, one round after another, after a warm-up round. CPU time is user + system time of the
process and its threads from wait4: on a shared machine it moves far less with the load than wall
time, which is mostly waiting for a core (both are printed). Medians; the ratio is each add's median
CPU time over the same binary's median for `--version`.

Usage: python3 scripts/bench_add_ratio.py ROUNDS BIN [BIN...]
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

rounds = int(sys.argv[1])
bins = [os.path.abspath(b) for b in sys.argv[2:]]
inputs = os.environ.get("BENCH_WEIGHTS_DIR", "/tmp/catalog-bench-weights")
folder = os.path.join(inputs, "llama3-8b")
gguf = os.path.join(inputs, "llama3-8b-q4_k_m.gguf")
for path in (folder, gguf):
    if not os.path.exists(path):
        raise SystemExit(f"{path} is missing: run scripts/bench_weights.py once to write the inputs")
work = tempfile.mkdtemp(prefix="catalog-ratio-")
seeded = {}
for b in bins:
    seeded[b] = os.path.join(work, f"seeded-{len(seeded)}.sqlite")
    subprocess.run([b, "--db", seeded[b], "list"], check=True, stdout=subprocess.DEVNULL)
commands = {
    "--version": lambda b, db: [b, "--version"],
    "add folder": lambda b, db: [b, "add", "--db", db, folder],
    "add GGUF": lambda b, db: [b, "add", "--db", db, gguf],
}


def run(argv):
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    if status != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


results = {}
for r in range(rounds + 1):
    for name, argv in commands.items():
        for b in bins:
            db = os.path.join(work, "run.sqlite")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            shutil.copy(seeded[b], db)
            measured = run(argv(b, db))
            if r:  # round 0 warms the page cache
                results.setdefault((b, name), []).append(measured)
shutil.rmtree(work)
print(f"{rounds} rounds, load average {os.getloadavg()[0]:.1f} at the end")
for b in bins:
    base = statistics.median(m[1] for m in results[(b, "--version")])
    for name in commands:
        ms = results[(b, name)]
        wall = statistics.median(m[0] for m in ms)
        cpu = statistics.median(m[1] for m in ms)
        print(f"{b}\t{name:11}\twall {wall:7.1f} ms\tCPU {cpu:6.1f} ms\t{cpu / base:4.1f}× --version")
