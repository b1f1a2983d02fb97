#!/usr/bin/env python3
"""Writes Tests/CatalogImportTests/Fixtures/hf/macs.json (DeBERTa) and macs-heads.json (the head
classes): the multiply-accumulates of one forward pass
over TOKENS tokens as PyTorch's own FLOP counter (torch.utils.flop_counter.FlopCounterMode, which counts
every mm/bmm/addmm/matmul/convolution) measures them, halved (FLOPs = 2 x MACs), for the configs named
below. The models are built from their config.json with random initial values on the CPU (no weights,
no network) and run on a batch of one sequence of token id 0 (a multiple-choice model: one choice).

Run with the reference venv:  /tmp/ref/bin/python scripts/hf_macs.py [macs|macs-heads]  (default: both)
"""
import json, os, sys
import torch
import transformers
from torch.utils.flop_counter import FlopCounterMode

FIX = os.path.join(os.path.dirname(__file__), "..", "Tests", "CatalogImportTests", "Fixtures", "hf")
TOKENS = 48
FILES = {
    "macs": [
        "deberta-v2-unshared-small", "deberta-v2-mlm-current-small", "deberta-v2-p2c-token-small",
        "deberta-v2-qa-small", "deberta-v2-choice-small", "deberta-v3-small-mlm",
    ],
    "macs-heads": [
        "bert-multiple-choice-small", "bert-nsp-small", "roberta-multiple-choice-small",
        "distilbert-multiple-choice-small", "albert-multiple-choice-small", "electra-multiple-choice-small",
        "electra-causal-small", "opt-qa-small", "t5-token-small",
    ],
}


def write(file, names):
    out = {"tokens": TOKENS, "made_by": f"transformers {transformers.__version__}, torch {torch.__version__}, "
           "FlopCounterMode total / 2", "macs": {}}
    for name in names:
        cfg = json.load(open(os.path.join(FIX, name + ".config.json")))
        config = transformers.AutoConfig.for_model(**cfg)
        if "architectures" in cfg:
            model = getattr(transformers, cfg["architectures"][0])._from_config(config)
        else:
            model = transformers.AutoModel.from_config(config)
        model.eval()
        ids = torch.zeros((1, TOKENS), dtype=torch.long)
        if cfg.get("architectures", [""])[0].endswith("ForMultipleChoice"):
            ids = ids.view(1, 1, TOKENS)
        with FlopCounterMode(display=False) as counter:
            model(input_ids=ids)
        out["macs"][name] = counter.get_total_flops() // 2
        print(name, out["macs"][name])
    with open(os.path.join(FIX, file + ".json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    for file in sys.argv[1:] or list(FILES):
        write(file, FILES[file])
