#!/usr/bin/env python3
"""Benchmarks of reading weight files and ONNX (BENCHMARKS.md section 6, "Against the Python
libraries"): `catalog add` of the release binary against the Python libraries reading the
same files, and `catalog --version` (the cost of starting at all). Every command is a fresh process
(spawned directly, stdout to /dev/null); the commands of one row run interleaved, one round after
another, after a warm-up round; the table gives medians with min-max and ratios of the medians of
the same rounds. Peak RSS is each process's maximum resident set from wait4 (what
`/usr/bin/time -v` prints as "Maximum resident set size").

Inputs (written once under $BENCH_WEIGHTS_DIR, default /tmp/catalog-bench-weights; never
committed; nothing downloaded):
  llama3-8b/          Llama-3-8B config.json, index and its four BF16 shards: the headers of
                      Tests/CatalogImportTests/Fixtures/weights/llama3-8b-header-only, each file
                      extended to its full size (sparse: 16 GB described, the data reads as zeros)
  llama3-8b-q4_k_m.gguf  Llama-3-8B in llama.cpp's Q4_K_M mix (Q6_K for output, and for attn_v and
                      ffn_down in the layers llama.cpp gives more bits), with a vocabulary of
                      128,256 tokens and 280,147 merges, and its 4.9 GB data section written
                      (zeros, not sparse)
  resnet50.pt         torch.save of torchvision resnet50's state_dict (weights=None: random)
  resnet50.onnx       the same model exported with torch.onnx.export (TorchScript exporter,
                      opset 17, weights inline, 102 MB)

Python side (the venv /tmp/ref): safetensors `safe_open(...).keys()` and `get_slice(k).get_shape()`
for every tensor of every shard (framework "np", so torch is not imported); `gguf.GGUFReader(path)` (tensor infos and key/values);
`torch.load(path, mmap=True, weights_only=True, map_location="meta")`;
`onnx.shape_inference.infer_shapes(onnx.load(path))`.

Usage: /tmp/ref/bin/python scripts/bench_weights.py [BIN] [ROUNDS]
       (BIN defaults to .build-bench/release/catalog; ROUNDS to 5; BENCH_ONLY=PyTorch,ONNX runs
       only the rows whose label starts so)
Then the 4 GB GGUF alone under /usr/bin/time -v, for the peak RSS of a file with its data present.
"""
import json, os, shutil, statistics, struct, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build-bench", "release", "catalog")
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
WORK = os.environ.get("BENCH_WEIGHTS_DIR", "/tmp/catalog-bench-weights")
PY = sys.executable
SEEDED = None  # the seeded catalog each add copies (made by BIN in main)


def align(n, a=32):
    return n + (-n % a)


def make_llama_folder():
    folder = os.path.join(WORK, "llama3-8b")
    if os.path.exists(os.path.join(folder, "config.json")):
        return folder
    source = os.path.join(ROOT, "Tests", "CatalogImportTests", "Fixtures", "weights", "llama3-8b-header-only")
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(source):
        shutil.copy(os.path.join(source, name), folder)
        if name.endswith(".safetensors"):
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                n = struct.unpack("<Q", f.read(8))[0]
                header = json.loads(f.read(n))
            end = max(v["data_offsets"][1] for k, v in header.items() if k != "__metadata__")
            os.truncate(path, 8 + n + end)  # sparse: the data section reads as zeros
    return folder


def make_gguf():
    import gguf
    import numpy as np
    path = os.path.join(WORK, "llama3-8b-q4_k_m.gguf")
    if os.path.exists(path):
        return path
    Q4, Q6, F32 = gguf.GGMLQuantizationType.Q4_K, gguf.GGMLQuantizationType.Q6_K, gguf.GGMLQuantizationType.F32
    n_layer, d, ff, kv, vocab = 32, 4096, 14336, 1024, 128256
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("Meta-Llama-3-8B"); w.add_block_count(n_layer); w.add_context_length(8192)
    w.add_embedding_length(d); w.add_feed_forward_length(ff); w.add_head_count(32); w.add_head_count_kv(8)
    w.add_rope_freq_base(500000.0); w.add_layer_norm_rms_eps(1e-5); w.add_rope_dimension_count(128)
    w.add_file_type(15)  # LLAMA_FTYPE_MOSTLY_Q4_K_M
    w.add_tokenizer_model("gpt2"); w.add_tokenizer_pre("llama-bpe")
    w.add_token_list([f"tok{i:06d}" for i in range(vocab)])
    w.add_token_types([1] * vocab)
    w.add_token_merges([f"t{i % 977} k{i}" for i in range(280147)])
    w.add_bos_token_id(128000); w.add_eos_token_id(128001)

    def more_bits(i):  # llama.cpp's use_more_bits(i_layer, n_layers) for Q4_K_M
        return i < n_layer // 8 or i >= 7 * n_layer // 8 or (i - n_layer // 8) % 3 == 2

    tensors = [("token_embd.weight", [vocab, d], Q4), ("output_norm.weight", [d], F32), ("output.weight", [vocab, d], Q6)]
    for b in range(n_layer):
        tensors += [(f"blk.{b}.attn_norm.weight", [d], F32), (f"blk.{b}.attn_q.weight", [d, d], Q4),
                    (f"blk.{b}.attn_k.weight", [kv, d], Q4), (f"blk.{b}.attn_v.weight", [kv, d], Q6 if more_bits(b) else Q4),
                    (f"blk.{b}.attn_output.weight", [d, d], Q4), (f"blk.{b}.ffn_norm.weight", [d], F32),
                    (f"blk.{b}.ffn_gate.weight", [ff, d], Q4), (f"blk.{b}.ffn_up.weight", [ff, d], Q4),
                    (f"blk.{b}.ffn_down.weight", [d, ff], Q6 if more_bits(b) else Q4)]
    total = 0
    for name, shape, qtype in tensors:
        block, size = gguf.GGML_QUANT_SIZES[qtype]
        nbytes = int(np.prod(shape)) // block * size
        if qtype == F32:
            w.add_tensor_info(name, shape, np.dtype(np.float32), nbytes, raw_dtype=qtype)
        else:  # gguf-py takes a quantized shape in bytes along the last axis
            w.add_tensor_info(name, shape[:-1] + [shape[-1] // block * size], np.dtype(np.uint8), nbytes, raw_dtype=qtype)
        total += align(nbytes)
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_ti_data_to_file(); w.close()
    with open(path, "r+b") as f:
        f.seek(0, 2)
        target = align(f.tell()) + total
        chunk = bytes(64 << 20)
        while f.tell() < target:
            f.write(chunk[: min(len(chunk), target - f.tell())])
    gguf.GGUFReader(path)  # the library accepts it
    return path


def make_torch_files():
    pt, onnx_path = os.path.join(WORK, "resnet50.pt"), os.path.join(WORK, "resnet50.onnx")
    if os.path.exists(pt) and os.path.exists(onnx_path):
        return pt, onnx_path
    import torch, torchvision
    torch.manual_seed(0)
    model = torchvision.models.resnet50(weights=None).eval()  # random: zeroed initializers of equal
    # shape would be merged by the exporter, making the file smaller than a real export
    torch.save(model.state_dict(), pt)
    torch.onnx.export(model, (torch.zeros(1, 3, 224, 224),), onnx_path, opset_version=17, dynamo=False)
    return pt, onnx_path


def run(argv):
    """(wall seconds, peak RSS bytes) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    err = process.stderr.read().decode()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{err}")
    return wall, usage.ru_maxrss * 1024


def catalog_add(path):
    def argv():
        db = tempfile.mktemp(suffix=".sqlite", dir=WORK)
        shutil.copy(SEEDED, db)
        # A name of its own: a new catalog holds the seeds (one of them is named resnet50).
        return [BIN, "--db", db, "add", path, "--name", "bench-" + os.path.basename(path)]
    return argv


def python(code):
    return lambda: [PY, "-c", code]


def cleanup():
    for name in os.listdir(WORK):
        if name.startswith("tmp") and ".sqlite" in name:
            os.remove(os.path.join(WORK, name))


def row(label, commands):
    """Runs `commands` (label → argv factory) interleaved; returns label → [(wall, rss)]."""
    results = {name: [] for name in commands}
    for round_ in range(ROUNDS + 1):
        for name, argv in commands.items():
            measured = run(argv())
            if round_ > 0:
                results[name].append(measured)
        cleanup()
    return results


def fmt(samples):
    walls = sorted(s[0] for s in samples)
    rss = statistics.median(s[1] for s in samples) / 2**20
    return f"{statistics.median(walls) * 1000:.0f} ({walls[0] * 1000:.0f}–{walls[-1] * 1000:.0f})", f"{rss:.0f}"


def main():
    os.makedirs(WORK, exist_ok=True)
    llama, big, (pt, onnx_path) = make_llama_folder(), make_gguf(), make_torch_files()
    # The catalog each add goes into: the seeds, made by the binary under test, so that its
    # rows are up to date (a catalog made by another build, with another compute version, would
    # have every seed recomputed by each add: 131 million instructions of the 313 million of an
    # add into a catalog made by an older build). A user adds into an existing, current catalog.
    global SEEDED
    empty = SEEDED = os.path.join(tempfile.mkdtemp(prefix="bench-weights-"), "seeded.sqlite")
    subprocess.run([BIN, "--db", empty, "list"], check=True, stdout=subprocess.DEVNULL)
    shards = sorted(os.path.join(llama, n) for n in os.listdir(llama) if n.endswith(".safetensors"))
    cases = [
        ("safetensors: Llama-3-8B, 4 BF16 shards + index (16 GB described, sparse)", llama,
         "from safetensors import safe_open\n"
         f"for p in {shards!r}:\n"
         "    with safe_open(p, 'np') as f:\n"
         "        meta = f.metadata(); shapes = [f.get_slice(k).get_shape() for k in f.keys()]"),
        ("GGUF: Llama-3-8B Q4_K_M, 128,256-token vocabulary, 4.9 GB of data present", big,
         f"import gguf\nr = gguf.GGUFReader({big!r}); n = len(r.tensors); kv = len(r.fields)"),
        ("PyTorch zip: torchvision resnet50 state_dict (torch.save, 102 MB)", pt,
         f"import torch\nsd = torch.load({pt!r}, mmap=True, weights_only=True, map_location='meta')"),
        ("ONNX: torchvision resnet50, opset 17, weights inline (102 MB)", onnx_path,
         f"import onnx\nm = onnx.shape_inference.infer_shapes(onnx.load({onnx_path!r}))"),
    ]
    load = os.getloadavg()
    print(f"catalog: {BIN}\nrounds: {ROUNDS} after a warm-up; load average at start {load[0]:.1f}\n")
    print("| file | `catalog add` ms | RSS MiB | Python library ms | RSS MiB | Python / catalog | `catalog --version` ms | add / --version |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    only = os.environ.get("BENCH_ONLY")  # e.g. "PyTorch,ONNX": the rows whose label starts so
    for label, path, code in cases:
        if only and not any(label.startswith(prefix) for prefix in only.split(",")):
            continue
        r = row(label, {"add": catalog_add(path), "py": python(code), "version": lambda: [BIN, "--version"]})
        med = {k: statistics.median(s[0] for s in v) for k, v in r.items()}
        add, py, version = fmt(r["add"]), fmt(r["py"]), fmt(r["version"])
        print(f"| {label} | {add[0]} | {add[1]} | {py[0]} | {py[1]} | {med['py'] / med['add']:.1f}× | {version[0]} | "
              f"{med['add'] / med['version']:.1f}× |")
    # The 4.9 GB GGUF with its data present, once under /usr/bin/time -v: the peak RSS shows
    # whether the data was read (it would be 4.9 GB more).
    db = os.path.join(WORK, "time-v.sqlite")
    shutil.copy(empty, db)
    timed = subprocess.run(["/usr/bin/time", "-v", BIN, "--db", db, "add", big, "--name", "bench-gguf"], capture_output=True, text=True)
    os.remove(db)
    fields = dict(line.strip().split(": ", 1) for line in timed.stderr.splitlines() if ": " in line and line.startswith("\t"))
    print(f"\n`/usr/bin/time -v catalog add {os.path.basename(big)}` ({os.path.getsize(big):,} bytes): "
          f"elapsed {fields.get('Elapsed (wall clock) time (h:mm:ss or m:ss)')}, "
          f"maximum resident set {int(fields.get('Maximum resident set size (kbytes)', 0)) / 1024:.1f} MiB, "
          f"major page faults {fields.get('Major (requiring I/O) page faults')}, "
          f"file system inputs {fields.get('File system inputs')}")
    print(f"\nload average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
