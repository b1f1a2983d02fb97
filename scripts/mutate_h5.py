#!/usr/bin/env python3
"""Feeds randomly mutated Keras .h5 fixtures to `catalog add` and reports every outcome that is
not "added" (exit 0) or a clean refusal (exit 65 with one `error:` line naming the file): a
crash of catalog itself (a signal), another exit status, or a message without the file's name.

Usage:  python3 scripts/mutate_h5.py .build/debug/catalog [COUNT] [SEED]

Each mutant is one fixture of Tests/CatalogImportTests/Fixtures/h5 (the file that crashes
libhdf5 1.10 included) with 1 to 8 random bytes
overwritten (or, one time in eight, cut short at a random length). libhdf5 reads every .h5 file
in a child process, so a crash of the library on a damaged file must come back as exit 65
("libhdf5 crashed reading the file …"); a file's config that is not JSON is named
`FILE:model_config`. Prints a tally of outcomes; exits 1 if any mutant
misbehaved (the mutants that did are kept in the temporary directory it names).
"""
import collections
import glob
import os
import random
import subprocess
import sys
import tempfile

binary = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 19)
root = os.path.join(os.path.dirname(__file__), "..", "Tests", "CatalogImportTests", "Fixtures", "h5")
sources = sorted(p for p in glob.glob(os.path.join(root, "*.h5")) + glob.glob(os.path.join(root, "crash-*", "*.h5"))
                 if os.path.getsize(p) < 400_000)
work = tempfile.mkdtemp(prefix="mutate-h5-")
tally = collections.Counter()
bad = []
for index in range(count):
    source = rng.choice(sources)
    data = bytearray(open(source, "rb").read())
    if rng.random() < 0.125:
        data = data[: rng.randrange(len(data))]
    else:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    path = os.path.join(work, f"m{index:04d}.h5")
    open(path, "wb").write(bytes(data))
    env = dict(os.environ, CATALOG_DB=os.path.join(work, "catalog.sqlite"))
    result = subprocess.run([binary, "add", "--replace", "--name", f"m{index}", path],
                            capture_output=True, text=True, env=env, timeout=120)
    if result.returncode == 0:
        tally["added"] += 1
        os.remove(path)
    elif result.returncode == 65 and result.stderr.startswith(f"error: {path}:") and result.stderr.count("\n") == 1:
        tally["libhdf5 crashed (exit 65)" if "libhdf5 crashed" in result.stderr else "refused (exit 65)"] += 1
        if "libhdf5 crashed" not in result.stderr:
            os.remove(path)
    else:
        tally[f"BAD exit {result.returncode}"] += 1
        bad.append((path, result.returncode, result.stderr.strip()[:300]))
for outcome, n in sorted(tally.items()):
    print(f"{n:5d}  {outcome}")
for path, status, message in bad:
    print("BAD", path, status, message)
print("mutants kept in", work)
sys.exit(1 if bad else 0)
