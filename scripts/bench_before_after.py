#!/usr/bin/env python3
"""Two release builds of `catalog` (before and after a change) timed against each other in
interleaved rounds, so the machine's load hits both alike (BENCHMARKS.md, "Before/after").

Usage: python3 scripts/bench_before_after.py [--skip-bulk] BEFORE_BIN BEFORE_WORK AFTER_BIN AFTER_WORK [RUNS] [SIZES]
       (RUNS defaults to 5, SIZES to 1000,10000; --skip-bulk leaves out the bulk add, which takes
       minutes a round on a loaded machine)

Each binary gets its own work folder (a catalog written by a newer schema may be refused by an
older binary): the generated catalogs of Benchmarks/tools/bench.py (the same generated files,
added by that binary's own `catalog add`) and a seeded catalog. Then, per command, the two
binaries alternate round by round after a warm-up round: `catalog --version`, `add` of
Benchmarks/Fixtures/resnet152.keras.json, `list --limit 50`, `show deep-1000`, `list` of every
match as CSV, `show deep-1000 --format json` and `list --format jsonl` at each size, and the bulk add of 10,000 generated files with `--files-from`.
Prints a Markdown table: medians (min-max) of each and after/before of the medians.
Reuses bench.py's Series, run-by-wait4 timing and catalog building.
"""
import os, statistics, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks", "tools"))
import bench  # noqa: E402

skip_bulk = "--skip-bulk" in sys.argv
args = [a for a in sys.argv if a != "--skip-bulk"]
before_bin, before_work, after_bin, after_work = (os.path.abspath(a) for a in args[1:5])
runs = int(args[5]) if len(args) > 5 else 5
sizes = [int(s) for s in (args[6] if len(args) > 6 else "1000,10000").split(",")]


def prepare(binary, work):
    os.makedirs(work, exist_ok=True)
    deep = os.path.join(work, "deep-1000.json")
    if not os.path.exists(deep):
        subprocess.run([sys.executable, bench.GENERATE, "deep", deep, "1000"], check=True)
    catalogs = {size: bench.catalog_of_size(binary, work, size, deep) for size in sizes}
    seeds = bench.seeded_catalog(binary, os.path.join(work, "seeds.sqlite"))
    files = os.path.join(work, "files")
    names = bench.generated_files(files, 10_000)
    listing = os.path.join(work, "files.txt")
    with open(listing, "w") as handle:
        handle.writelines(name + "\n" for name in names)
    return catalogs, seeds, files, listing


def commands(binary, work):
    catalogs, seeds, files, listing = prepare(binary, work)
    list_args = ["--max-params", "1e7", "--sort", "params", "--format", "csv"]
    add_target = os.path.join(work, "ba-import.sqlite")
    bulk_target = os.path.join(work, "ba-bulk.sqlite")
    small = [("catalog --version", [binary, "--version"], None, None),
             ("add resnet152.keras.json (seeded catalog)", [binary, "add", "--db", add_target, bench.FIXTURE],
              bench.copier(seeds, add_target), None)]
    for size, path in catalogs.items():
        small.append((f"list … --limit 50 ({size:,})", [binary, "list", "--db", path] + list_args + ["--limit", "50"], None, None))
        small.append((f"show deep-1000 ({size:,})", [binary, "show", "--db", path, "deep-1000"], None, None))
        small.append((f"list … every match, CSV ({size:,})", [binary, "list", "--db", path] + list_args, None, None))
        small.append((f"show deep-1000 --format json ({size:,})", [binary, "show", "--db", path, "deep-1000", "--format", "json"], None, None))
        small.append((f"list --format jsonl ({size:,})", [binary, "list", "--db", path, "--format", "jsonl"], None, None))
    bulk = ("bulk add --files-from, 10,000 files", [binary, "add", "--db", bulk_target, "--quiet", "--files-from", listing],
            bench.copier(seeds, bulk_target), files)
    return small, bulk


def series(entry):
    label, argv, prep, cwd = entry
    return bench.Series(label, argv, prepare=prep, cwd=cwd)


def compare(pairs, rounds):
    for b, a in pairs:
        bench.interleave([b, a], rounds)
        print(f"  {b.label}: before {bench.ms(b.median)} ms, after {bench.ms(a.median)} ms", file=sys.stderr, flush=True)


def row(b, a):
    tb = [s.seconds for s in b.samples]
    ta = [s.seconds for s in a.samples]
    return (f"| {b.label} | {bench.ms(b.median)} ({bench.ms(min(tb))}–{bench.ms(max(tb))}) "
            f"| {bench.ms(a.median)} ({bench.ms(min(ta))}–{bench.ms(max(ta))}) | {a.median / b.median:.2f} "
            f"| {b.peak_mib:.1f}, {a.peak_mib:.1f} |")


small_b, bulk_b = commands(before_bin, before_work)
small_a, bulk_a = commands(after_bin, after_work)
load_start = bench.load()
pairs = [(series(b), series(a)) for b, a in zip(small_b, small_a)]
compare(pairs, runs)
bulk_pair = (series(bulk_b), series(bulk_a))
if not skip_bulk:
    compare([bulk_pair], max(3, runs // 2))
load_end = bench.load()
bulk_rounds = "no bulk add" if skip_bulk else f"{max(3, runs // 2)} for the bulk add"
print(f"Load average (1, 5, 15 min) at start {load_start}, at end {load_end}; {runs} rounds "
      f"({bulk_rounds}) after a warm-up round, before and after alternating.")
print()
print("| command | before ms (min–max) | after ms (min–max) | after / before | peak RSS MiB before, after |")
print("| --- | ---: | ---: | ---: | ---: |")
for b, a in pairs + ([] if skip_bulk else [bulk_pair]):
    print(row(b, a))
