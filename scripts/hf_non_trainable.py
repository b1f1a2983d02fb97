"""Writes Tests/CatalogImportTests/Fixtures/hf/non-trainable.json: for every `<name>.config.json` fixture with an
`<name>.expected.json` beside it, the parameters transformers builds with `requires_grad == False` (each shared
tensor once) for the class in architectures[0], on the meta device (no weights, no network). transformers freezes
some parameters in __init__ (Whisper's sinusoidal `encoder.embed_positions`, models/whisper/modeling_whisper.py);
the catalog must count them as non-trainable.

Run with the reference venv:  /tmp/ref/bin/python scripts/hf_non_trainable.py
"""
import json, os, sys, warnings
import torch, transformers
from transformers import AutoConfig, AutoModel

warnings.filterwarnings("ignore")
transformers.logging.set_verbosity_error()
FIX = os.path.join(os.path.dirname(__file__), "..", "Tests", "CatalogImportTests", "Fixtures", "hf")


def frozen(model):
    seen, n = set(), 0
    for p in model.parameters():
        if id(p) in seen:
            continue
        seen.add(id(p))
        if not p.requires_grad:
            n += p.numel()
    return n


out = {"made_by": f"transformers {transformers.__version__}, torch {torch.__version__}, meta device", "non_trainable": {}}
for file in sorted(os.listdir(FIX)):
    if not file.endswith(".expected.json"):
        continue
    name = file[: -len(".expected.json")]
    path = os.path.join(FIX, name + ".config.json")
    if not os.path.exists(path):
        continue
    cfg = json.load(open(path))
    config = AutoConfig.for_model(**cfg)
    with torch.device("meta"):
        if "architectures" in cfg:
            model = getattr(transformers, cfg["architectures"][0])._from_config(config)
        else:
            model = AutoModel.from_config(config)
    out["non_trainable"][name] = frozen(model)
    print(name, out["non_trainable"][name], flush=True)
with open(os.path.join(FIX, "non-trainable.json"), "w") as f:
    json.dump(out, f, indent=1)
