#!/usr/bin/env python3
"""Writes Tests/CatalogImportTests/Fixtures/checkpoints/: one Hugging Face checkpoint folder per
config of Fixtures/hf/ (config.json + a header-only model.safetensors), with the tensor names and
shapes transformers itself gives, so the tests can check that every stored tensor links to the
layer that owns it.

For each config the head class of `architectures[0]` is built on the meta device (no weights, no
network) and its state dict is written as `save_pretrained` writes it: parameters and persistent
buffers, a tied parameter once under its first name. The safetensors header is real (dtype F16,
`data_offsets` laid end to end); the data section is left out (a header-only layout), so the
files are a few kB. `gpt2-hub-names` is gpt2 with the names of the published gpt2 checkpoint
(the base model's `h.0.attn.c_attn.weight`, no `transformer.` prefix).

A config that says `tie_word_embeddings: false` while this transformers version ties the head
anyway (T5 in transformers 5) gets its head weight written too, as the published checkpoints
store it (the file's own value rules, as in scripts/hf_fixtures.py).

expected.json gives, per folder and from transformers alone:
  class            the class built
  tensors          the number of tensors written
  total_elements   their elements (tied weights once)

Run with the reference venv:  /tmp/ref/bin/python scripts/make_checkpoint_folders.py
"""
import json, os, shutil, struct
import torch
import transformers
from transformers import AutoConfig

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = os.path.join(HERE, "..", "Tests", "CatalogImportTests", "Fixtures", "hf")
OUT = os.path.join(HERE, "..", "Tests", "CatalogImportTests", "Fixtures", "checkpoints")

NAMES = [
    "Llama-3.2-3B", "Mistral-7B-v0.1", "Mixtral-8x7B-v0.1", "Qwen2.5-0.5B", "gemma-2b", "gemma-2-2b",
    "phi-2", "Phi-3-mini-4k-instruct", "gpt2", "opt-125m", "pythia-160m", "bert-base-uncased",
    "roberta-base", "distilbert-base-uncased", "albert-base-v2", "electra-small-discriminator",
    "flan-t5-small", "t5-small", "bart-base", "whisper-tiny", "vit-base-patch16-224",
    "clip-vit-base-patch32", "wav2vec2-base-960h", "DeepSeek-V2-Lite",
]


def state_dict(model, cfg):
    """(name, shape) as save_pretrained writes them: each parameter object once, persistent buffers."""
    seen, out = set(), []
    for name, value in model.state_dict(keep_vars=True).items():
        if id(value) in seen:
            continue
        seen.add(id(value))
        out.append((name, list(value.shape)))
    try:
        inp, head = model.get_input_embeddings(), model.get_output_embeddings()
    except NotImplementedError:  # CLIPModel: no single input embedding, no LM head
        return out
    if cfg.get("tie_word_embeddings", True) is False and head is not None and head.weight is inp.weight:
        names = [n + ".weight" for n, m in model.named_modules() if m is head]
        out += [(n, list(head.weight.shape)) for n in names if n not in dict(out)]
    return out


def write_header_only(path, tensors, dtype="F16", size=2):
    header, offset = {}, 0
    for name, shape in tensors:
        n = size
        for d in shape:
            n *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)  # the data section is left out on purpose


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    expected = {}
    for name in NAMES:
        cfg = json.load(open(os.path.join(CONFIGS, name + ".config.json")))
        config = AutoConfig.for_model(**cfg)
        cls = getattr(transformers, cfg["architectures"][0])
        with torch.device("meta"):
            model = cls._from_config(config)
        variants = [(name, state_dict(model, cfg))]
        if name == "gpt2":
            base = [(n.removeprefix("transformer."), s) for n, s in variants[0][1] if n.startswith("transformer.")]
            variants.append(("gpt2-hub-names", base))
        for folder, tensors in variants:
            path = os.path.join(OUT, folder)
            os.makedirs(path)
            with open(os.path.join(path, "config.json"), "w") as f:
                json.dump(cfg, f, indent=2)
            write_header_only(os.path.join(path, "model.safetensors"), tensors)
            expected[folder] = {
                "class": type(model).__name__,
                "tensors": len(tensors),
                "total_elements": sum(torch.Size(s).numel() for _, s in tensors),
            }
            print(folder, type(model).__name__, len(tensors), expected[folder]["total_elements"])
    expected["made_by"] = f"transformers {transformers.__version__}, torch {torch.__version__}, meta device"
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
