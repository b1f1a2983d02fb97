#!/usr/bin/env python3
"""The whole-process benchmarks of BENCHMARKS.md; scripts/bench.sh runs this after building.

    bench.py --catalog BIN --work DIR [--runs N] [--only engine,import,bulk,query,linking]
             [--sizes 1000,10000,100000] [--keras-venv DIR] [--engine-output FILE]

Every command is timed as a whole process (spawned directly, no shell, stdout to /dev/null) and
its peak resident memory taken from the same run (wait4's ru_maxrss, the number `/usr/bin/time
-v` prints as "Maximum resident set size"; one run of each under /usr/bin/time -v checks it).
Commands compared with each other run interleaved, one round after another, so a change in the
machine's load hits all of them alike: the ratios hold even when absolute times drift.

Prints a Markdown report (medians, min–max, ratios against the targets) and writes it to
DIR/results.md.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(ROOT, "Benchmarks", "Fixtures", "resnet152.keras.json")
GENERATE = os.path.join(HERE, "generate.py")
# What a user does today to count a Keras model's parameters from its to_json() file.
KERAS_SNIPPET = (
    "import sys, keras; "
    "m = keras.models.model_from_json(open(sys.argv[1]).read()); "
    "print(m.count_params())"
)
LIST_COLUMNS = (
    "name, total_params, trainable_params, non_trainable_params, macs, layer_count, depth, "
    "input_shapes, parameter_bytes, activation_elements, framework, is_complete, tags"
)
report = []


def say(line=""):
    print(line, flush=True)
    report.append(line)


# MARK: - Running and timing


class Sample:
    def __init__(self, seconds, peak_kib):
        self.seconds = seconds
        self.peak_kib = peak_kib


def run(argv, cwd=None, env=None, stdin=None):
    """Runs argv to completion; returns its Sample. Fails loudly on a non-zero exit."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL if stdin is None else stdin,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        sys.exit(f"{' '.join(argv[:6])} ... exited {process.returncode}:\n{error[-2000:]}")
    return Sample(seconds, usage.ru_maxrss)


def time_v_peak(argv, cwd=None, env=None):
    """Peak resident set (KiB) of one run under /usr/bin/time -v, or None without it."""
    if not os.path.exists("/usr/bin/time"):
        return None
    result = subprocess.run(
        ["/usr/bin/time", "-v"] + argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return int(match.group(1)) if match else None


class Series:
    """Samples of one command."""

    def __init__(self, label, argv, prepare=None, cwd=None, env=None):
        self.label, self.argv, self.prepare, self.cwd, self.env = label, argv, prepare, cwd, env
        self.samples = []

    def once(self):
        if self.prepare:
            self.prepare()
        self.samples.append(run(self.argv, cwd=self.cwd, env=self.env))

    @property
    def median(self):
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mib(self):
        return statistics.median(s.peak_kib for s in self.samples) / 1024

    def row(self):
        times = [s.seconds for s in self.samples]
        return (f"| {self.label} | {ms(self.median)} | {ms(min(times))}–{ms(max(times))} "
                f"| {len(times)} | {self.peak_mib:.1f} |")


def interleave(series, runs, warmup=1):
    """Runs every series `runs` times, round-robin, after `warmup` unrecorded rounds."""
    for _ in range(warmup):
        for item in series:
            if item.prepare:
                item.prepare()
            run(item.argv, cwd=item.cwd, env=item.env)
    for _ in range(runs):
        for item in series:
            item.once()


def table(series):
    say("| command | median ms | min–max ms | runs | peak RSS MiB |")
    say("| --- | ---: | ---: | ---: | ---: |")
    for item in series:
        say(item.row())


def ms(seconds):
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def verdict(value, target, larger_is_better=False):
    met = value >= target if larger_is_better else value <= target
    return "**met**" if met else "**missed**"


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


# MARK: - Machine


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()
    say(f"- machine: {os.cpu_count()} cores ({cpu}), {memory / 1024 / 1024:.1f} GiB memory, "
        f"{platform.system()} {platform.release()}")
    say(f"- {swift[0] if swift else 'swift ?'}; sqlite3 {sqlite[0] if sqlite else '?'}")
    say(f"- load average at start (1, 5, 15 min): {load()}")


# MARK: - Catalog fixtures


def seeded_catalog(catalog, path):
    """A new catalog holding only the bundled seeds (what a user has after the first command)."""
    if not os.path.exists(path):
        run([catalog, "list", "--db", path])
        checkpoint(path)
    return path


def generated_files(directory, count, first=1):
    """gen-NNNNNN.json files first ..< first + count in directory (generated once)."""
    names = [f"gen-{index:06d}.json" for index in range(first, first + count)]
    if not all(os.path.exists(os.path.join(directory, n)) for n in (names[0], names[-1])):
        subprocess.run([sys.executable, GENERATE, "many", directory, str(count), "--first", str(first)],
                       check=True)
    return names


def catalog_of_size(catalog, work, size, deep_file):
    """A catalog of `size` generated architectures (plus the seeds and deep-1000), built once.

    The real path: generated native files, added by `catalog add` 10,000 files at a time.
    """
    path = os.path.join(work, f"catalog-{size}.sqlite")
    if os.path.exists(path):
        return path
    building = path + ".building"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(building + suffix):
            os.remove(building + suffix)
    files = os.path.join(work, "files")
    start = time.perf_counter()
    batch = 10_000
    for first in range(1, size + 1, batch):
        count = min(batch, size - first + 1)
        names = generated_files(files, count, first)
        run([catalog, "add", "--db", building, "--quiet"] + names, cwd=files)
    run([catalog, "add", "--db", building, "--quiet", deep_file])
    checkpoint(building)
    os.rename(building, path)
    say(f"- built the {size:,}-architecture catalog in {time.perf_counter() - start:.0f} s "
        f"({os.path.getsize(path) / 1e6:.0f} MB)")
    return path


def copier(source, target):
    def prepare():
        for suffix in ("-wal", "-shm"):
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
        shutil.copyfile(source, target)
    return prepare


def checkpoint(path):
    """Moves the write-ahead log into the database file (catalog leaves it for the next open)."""
    subprocess.run(["sqlite3", path, "PRAGMA wal_checkpoint(TRUNCATE)"], check=True, capture_output=True)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix) and os.path.getsize(path + suffix) == 0:
            os.remove(path + suffix)


def database_bytes(path):
    return sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))


# MARK: - 1. Engine


def engine(output_file):
    say("## 1. Engine: inference throughput (ordo-one/benchmark)")
    say()
    if not output_file or not os.path.exists(output_file):
        say("skipped: no engine benchmark output (scripts/bench.sh engine writes it)")
        return
    text = open(output_file).read()
    blocks = re.split(r"\n(?=\S[^\n]*\n╒)", text)
    results = {}
    for block in blocks:
        lines = block.strip().splitlines()
        if len(lines) < 3 or not lines[1].startswith("╒"):
            continue
        name = lines[0].strip()
        metrics = {}
        for line in lines:
            if not line.startswith("│") or "Metric" in line:
                continue
            cells = [c.strip() for c in line.strip("│").split("│")]
            metrics[cells[0]] = cells[1:]
        results[name] = metrics
    say("Per iteration: `Engine.infer` + `Engine.totals` of the whole architecture. p50 is the "
        "median; p0–p100 the range over the samples.")
    say()
    say("| architecture | layers/s p50 | layers/s min–max | wall p50 (min–max) | mallocs per layer "
        "| peak RSS MiB | samples |")
    say("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    medians = {}
    def layer_count(name):
        return 517 if "ResNet" in name else int(re.sub(r"\D", "", name.split("layers")[0]))

    for name, metrics in sorted(results.items(), key=lambda item: layer_count(item[0])):
        layers = 517 if "ResNet" in name else int(re.sub(r"\D", "", name.split("layers")[0]))
        found = [find(metrics, prefix) for prefix in
                 ("layers/s", "Time (wall clock)", "Malloc (total)", "Memory (resident peak)")]
        if not all(found):
            continue
        (rate_key, rate), (wall_key, wall), (malloc_key, mallocs), (peak_key, peak) = found
        # Columns p0 p25 p50 p75 p90 p99 p100 samples; for layers/s (larger is better) p0 is the best.
        r = unit_scale(rate_key)
        unit = re.findall(r"\((\w+)\)", wall_key)[-1]
        medians[layers] = float(wall[2]) * time_scale(wall_key)
        say(f"| {name} | {float(rate[2]) * r / 1e6:.2f} M | {float(rate[6]) * r / 1e6:.2f}–"
            f"{float(rate[0]) * r / 1e6:.2f} M | {wall[2]} {unit} ({wall[0]}–{wall[6]}) "
            f"| {float(mallocs[2]) * unit_scale(malloc_key) / layers:.1f} "
            f"| {float(peak[2]) * unit_scale(peak_key):.0f} | {wall[7]} |")
    say()
    if 1_000_000 in medians and 100_000 in medians:
        growth = medians[1_000_000] / medians[100_000]
        small = medians[100_000] / medians[10_000] if 10_000 in medians else float("nan")
        rate = 1_000_000 / medians[1_000_000]
        say(f"- growth: time(1M)/time(100k) = **{growth:.1f}** (linear is 10; target ≈ 10: "
            f"{'**met**' if 7.5 <= growth <= 12.5 else '**missed**'}); time(100k)/time(10k) = {small:.1f}")
        say(f"- throughput on the 1M chain: {rate / 1e6:.2f} M layers/s (target ≥ 1 M: "
            f"{verdict(rate, 1e6, True)})")
    say()


def find(metrics, prefix):
    for key, values in metrics.items():
        if key.startswith(prefix):
            return key, values
    return None


def unit_scale(key):
    """The harness's unit suffix: (K) thousands, (M) millions; memory in (M) is MiB here."""
    if "Memory" in key:
        return {"(K)": 1 / 1024, "(M)": 1, "(G)": 1024}.get(suffix(key), 1 / 1024 / 1024)
    return {"(K)": 1e3, "(M)": 1e6, "(G)": 1e9}.get(suffix(key), 1)


def suffix(key):
    return next((u for u in ("(K)", "(M)", "(G)") if u in key), "")


def time_scale(key):
    for unit, scale in (("(ns)", 1e-9), ("(μs)", 1e-6), ("(us)", 1e-6), ("(ms)", 1e-3), ("(s)", 1)):
        if unit in key:
            return scale
    return 1


# MARK: - 2. Import against Keras


def keras_python(venv):
    """The venv's python when it imports keras; sets it up when missing; None without network."""
    python = os.path.join(venv, "bin", "python")
    check = [python, "-c", "import keras, jax"]
    env = dict(os.environ, KERAS_BACKEND="jax")
    if os.path.exists(python) and subprocess.run(check, env=env, capture_output=True).returncode == 0:
        return python
    say(f"- setting up Keras in {venv} (pip install keras jax) ...")
    try:
        subprocess.run([sys.executable, "-m", "venv", venv], check=True, capture_output=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "keras", "jax"], check=True,
                       capture_output=True, timeout=900)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        say(f"- skipped the Keras row: could not install keras and jax (no network?): {error}")
        return None
    return python if subprocess.run(check, env=env, capture_output=True).returncode == 0 else None


def import_benchmark(catalog, work, runs, venv):
    say("## 2. Import: `catalog add` of Keras' ResNet-152 against loading it in Keras")
    say()
    size = os.path.getsize(FIXTURE)
    say(f"File: `Benchmarks/Fixtures/resnet152.keras.json` ({size / 1e3:.0f} kB, 517 layers, "
        "`keras.applications.ResNet152(weights=None).to_json()`).")
    say()
    seeds = seeded_catalog(catalog, os.path.join(work, "seeds.sqlite"))
    target = os.path.join(work, "import.sqlite")
    series = [
        Series("catalog --version", [catalog, "--version"]),
        Series("catalog add resnet152.keras.json", [catalog, "add", "--db", target, FIXTURE],
               prepare=copier(seeds, target)),
    ]
    python = keras_python(venv)
    keras_series = None
    if python:
        keras_env = dict(os.environ, KERAS_BACKEND="jax", TF_CPP_MIN_LOG_LEVEL="3")
        keras_series = Series("python -c 'import keras; model_from_json(…).count_params()'",
                              [python, "-c", KERAS_SNIPPET, FIXTURE], env=keras_env)
        series.append(keras_series)
    # Keras takes seconds a run: fewer rounds of all three, the catalog rows repeated within each.
    keras_runs = max(3, runs // 3)
    interleave(series[:2], 1, warmup=1)
    for _ in range(keras_runs):
        for _ in range(3):
            series[0].once()
            series[1].once()
        if keras_series:
            keras_series.once()
    table(series)
    say()
    if keras_series:
        ratio = keras_series.median / series[1].median
        say(f"- Keras / catalog = **{ratio:.0f}×** (target ≥ 300×: {verdict(ratio, 300, True)})")
        say(f"- catalog add / catalog --version = {series[1].median / series[0].median:.2f}×")
    else:
        say("- skipped the Keras row (no Keras and no network to install it)")
    say()


# MARK: - 3. Bulk add


def bulk_benchmark(catalog, work, runs):
    say("## 3. Bulk: one `catalog add` of 10,000 generated files of about 50 layers")
    say()
    files = os.path.join(work, "files")
    names = generated_files(files, 10_000)
    seeds = seeded_catalog(catalog, os.path.join(work, "seeds.sqlite"))
    target = os.path.join(work, "bulk.sqlite")
    listing = os.path.join(work, "files.txt")
    with open(listing, "w") as handle:
        handle.writelines(name + "\n" for name in names)
    # The same add twice: the files as arguments (swift-argument-parser parses a long list of
    # positional arguments in quadratic time), and listed in a file (`--files-from`).
    by_list = Series("catalog add --quiet --files-from files.txt (10,000 lines)",
                     [catalog, "add", "--db", target, "--quiet", "--files-from", listing],
                     prepare=copier(seeds, target), cwd=files)
    by_arguments = Series("catalog add --quiet gen-000001.json … gen-010000.json",
                          [catalog, "add", "--db", target, "--quiet"] + names, prepare=copier(seeds, target),
                          cwd=files)
    for _ in range(runs):
        by_list.once()
        by_arguments.once()
    layer_rows = int(subprocess.run(
        ["sqlite3", target, "SELECT count(*) FROM layers"], capture_output=True, text=True).stdout)
    seed_rows = int(subprocess.run(
        ["sqlite3", seeds, "SELECT count(*) FROM layers"], capture_output=True, text=True).stdout)
    rows = layer_rows - seed_rows
    checkpoint(target)
    table([by_list, by_arguments])
    say()
    for series in (by_list, by_arguments):
        times = [s.seconds for s in series.samples]
        rate = rows / series.median
        say(f"- {series.label}: {rows:,} layer rows in {ms(series.median)} ms: **{rate:,.0f} layer rows/s** "
            f"(min–max {rows / max(times):,.0f}–{rows / min(times):,.0f}; target ≥ 100,000: "
            f"{verdict(rate, 100_000, True)}); {10_000 / series.median:,.0f} architectures/s")
    per_architecture = (database_bytes(target) - database_bytes(seeds)) / 10_000
    say(f"- catalog file: {database_bytes(target) / 1e6:.1f} MB, **{per_architecture / 1e3:.1f} kB per "
        f"architecture** ({per_architecture / (rows / 10_000):.0f} bytes per layer row)")
    say()


# MARK: - 4. Queries at 1k, 10k, 100k


def query_benchmark(catalog, work, runs, sizes):
    say("## 4. Queries on generated catalogs")
    say()
    deep = os.path.join(work, "deep-1000.json")
    if not os.path.exists(deep):
        subprocess.run([sys.executable, GENERATE, "deep", deep, "1000"], check=True)
    catalogs = {size: catalog_of_size(catalog, work, size, deep) for size in sizes}
    say()
    where = "WHERE total_params <= 10000000 ORDER BY total_params, name"
    list_args = ["--max-params", "1e7", "--sort", "params", "--format", "csv"]
    sqlite_query = f"SELECT {LIST_COLUMNS} FROM architectures {where}"

    # The small commands of every size, round-robin in one set: their ratios to each other and
    # to the floor (catalog --version) are taken within the same rounds.
    version = Series("catalog --version", [catalog, "--version"])
    limit, sqlite_limit, show = {}, {}, {}
    for size, path in catalogs.items():
        limit[size] = Series(f"list … --limit 50 ({size:,})", [catalog, "list", "--db", path] + list_args + ["--limit", "50"])
        sqlite_limit[size] = Series(f"sqlite3 … LIMIT 50 ({size:,})",
                                    ["sqlite3", "-csv", "-header", path, sqlite_query + " LIMIT 50"])
        show[size] = Series(f"show deep-1000 ({size:,})", [catalog, "show", "--db", path, "deep-1000"])
    small = [version] + list(limit.values()) + list(sqlite_limit.values()) + list(show.values())
    say(f"### Small queries: `--limit 50`, `show` of 1,000 layers, against `catalog --version` — load {load()}")
    say()
    interleave(small, runs)
    table(small)
    say()

    # Every match, against sqlite3 on the same file, interleaved size by size.
    full = {}
    for size, path in catalogs.items():
        matches = int(subprocess.run(
            ["sqlite3", path, f"SELECT count(*) FROM architectures {where}"], capture_output=True, text=True).stdout)
        full[size] = (
            Series(f"catalog list … --format csv ({size:,}: {matches:,} rows)", [catalog, "list", "--db", path] + list_args),
            Series(f"sqlite3 -csv -header, same query ({size:,})", ["sqlite3", "-csv", "-header", path, sqlite_query]))
    say(f"### Every match: `catalog list --max-params 1e7 --sort params --format csv` against sqlite3 — load {load()}")
    say()
    for size in catalogs:
        interleave(list(full[size]), runs)
    table([item for pair in full.values() for item in pair])
    say()
    for size, path in catalogs.items():
        peaks = {name: time_v_peak(item.argv) for name, item in (("list", full[size][0]), ("show", show[size]))}
        say(f"- {size:,} architectures ({os.path.getsize(path) / 1e6:.0f} MB): `/usr/bin/time -v` maximum resident "
            f"set of list {peaks['list'] or 0:,} KiB, of show {peaks['show'] or 0:,} KiB")
    say()

    say("### How cost grows with catalog size")
    say()
    say("| architectures | list ms | sqlite3 ms | list / sqlite3 | --limit 50 ms | --limit 50 / --version "
        "| show ms | show / --version | list peak MiB | show peak MiB |")
    say("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    floor = version.median
    for size in catalogs:
        listing, sqlite = full[size]
        say(f"| {size:,} | {ms(listing.median)} | {ms(sqlite.median)} | {listing.median / sqlite.median:.2f} "
            f"| {ms(limit[size].median)} | {limit[size].median / floor:.2f} | {ms(show[size].median)} "
            f"| {show[size].median / floor:.2f} | {listing.peak_mib:.1f} | {show[size].peak_mib:.1f} |")
    say()
    ordered = list(catalogs)
    small_size, large_size = ordered[0], ordered[-1]
    list_ratio = full[large_size][0].median / full[large_size][1].median
    say(f"- list of every match at {large_size:,}: **{list_ratio:.2f}×** sqlite3 (target ≤ 1.5×: {verdict(list_ratio, 1.5)})")
    if len(ordered) >= 2:
        growth = limit[large_size].median / limit[small_size].median
        say(f"- --limit 50 at {large_size:,} / at {small_size:,}: **{growth:.2f}×** (target ≤ 1.2×: {verdict(growth, 1.2)})")
    for label, series in (("list --limit 50", limit[large_size]), ("show of 1,000 layers", show[large_size])):
        ratio = series.median / floor
        say(f"- {label} at {large_size:,} / catalog --version: **{ratio:.2f}×** (target < 2×: {verdict(ratio, 2)})")
    if len(ordered) >= 2:
        for label, large, small_ in (("list (every match)", full[large_size][0], full[small_size][0]),
                                     ("show", show[large_size], show[small_size])):
            growth = large.peak_mib / small_.peak_mib
            say(f"- peak memory of {label} at {large_size:,} / at {small_size:,}: {growth:.2f}× "
                f"(target ≤ 2×: {verdict(growth, 2)})")
    say()


# MARK: - 5. Static against dynamic linking


def linking_benchmark(static, dynamic, work, runs):
    say("## 5. The release binary linked statically against dynamically")
    say()
    say("The same code built twice: `swift build -c release` (the Swift runtime and Foundation linked "
        "statically, what the project ships) and `CATALOG_DYNAMIC_LINKING=1 swift build -c release` "
        f"(against their shared libraries). Rounds interleaved — load {load()}.")
    say()
    deep = os.path.join(work, "deep-1000.json")
    if not os.path.exists(deep):
        subprocess.run([sys.executable, GENERATE, "deep", deep, "1000"], check=True)
    small = catalog_of_size(static, work, 1000, deep)
    seeds = seeded_catalog(static, os.path.join(work, "seeds.sqlite"))
    list_args = ["--max-params", "1e7", "--sort", "params", "--format", "csv", "--limit", "50"]
    commands = {}
    for label, binary in (("static", static), ("dynamic", dynamic)):
        target = os.path.join(work, f"linking-{label}.sqlite")
        commands[label] = [
            Series(f"{label}: catalog --version", [binary, "--version"]),
            Series(f"{label}: list … --limit 50 (1,000)", [binary, "list", "--db", small] + list_args),
            Series(f"{label}: show deep-1000 (1,000)", [binary, "show", "--db", small, "deep-1000"]),
            Series(f"{label}: add resnet152.keras.json", [binary, "add", "--db", target, FIXTURE],
                   prepare=copier(seeds, target)),
        ]
    every = commands["static"] + commands["dynamic"]
    interleave(every, runs)
    table(every)
    say()
    for label in ("static", "dynamic"):
        version, limit, show, add = commands[label]
        say(f"- {label}: list --limit 50 / --version **{limit.median / version.median:.2f}×**, "
            f"show / --version **{show.median / version.median:.2f}×** (targets < 2×: "
            f"{verdict(limit.median / version.median, 2)}, {verdict(show.median / version.median, 2)})")
    for index, name in enumerate(("--version", "list --limit 50", "show deep-1000", "add resnet152")):
        ratio = commands["static"][index].median / commands["dynamic"][index].median
        say(f"- {name}: static / dynamic = {ratio:.2f}× "
            f"({ms(commands['static'][index].median)} against {ms(commands['dynamic'][index].median)} ms)")
    say()


# MARK: - Main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", default="engine,import,bulk,query")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--keras-venv", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "catalog-keras-venv"))
    parser.add_argument("--engine-output")
    parser.add_argument("--dynamic-catalog", help="the same catalog linked dynamically (part 'linking')")
    arguments = parser.parse_args()
    catalog = os.path.abspath(arguments.catalog)
    arguments.work = os.path.abspath(arguments.work)  # commands run in other directories
    os.makedirs(arguments.work, exist_ok=True)
    only = arguments.only.split(",")
    say(f"# catalog benchmarks, {time.strftime('%Y-%m-%d %H:%M %Z')}")
    say()
    machine()
    say()
    if "engine" in only:
        engine(arguments.engine_output)
    if "import" in only:
        import_benchmark(catalog, arguments.work, arguments.runs, arguments.keras_venv)
    if "bulk" in only:
        bulk_benchmark(catalog, arguments.work, max(3, arguments.runs // 3))
    if "query" in only:
        query_benchmark(catalog, arguments.work, arguments.runs, [int(s) for s in arguments.sizes.split(",")])
    if "linking" in only and arguments.dynamic_catalog:
        linking_benchmark(catalog, os.path.abspath(arguments.dynamic_catalog), arguments.work, arguments.runs)
    say(f"- load average at the end: {load()}")
    with open(os.path.join(arguments.work, "results.md"), "w") as file:
        file.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
