#!/usr/bin/env python3
"""Writes Tests/CatalogImportTests/Fixtures/hf/macs-qwen3-gemma3.json: the multiply-accumulates of one
forward pass of the Qwen3, Qwen3-MoE and Gemma 3 configs named below as PyTorch's FLOP counter
(torch.utils.flop_counter.FlopCounterMode) measures them, halved, as scripts/hf_macs.py does for the
others: models built from their config.json with random initial values on the CPU (no weights, no
network), run on one sequence of TOKENS tokens of id 0 (MoE experts with experts_implementation
"eager", whose matmuls the counter sees). A Gemma 3 model with its image tower also gets
one image of zeros (pixel_values of image_size x image_size) whose mm_tokens_per_image embeddings
replace as many image tokens at the start of the sequence.

Run with the reference venv:  /tmp/ref/bin/python scripts/hf_macs_qwen3_gemma3.py
"""
import json, os
import torch
import transformers
from torch.utils.flop_counter import FlopCounterMode

FIX = os.path.join(os.path.dirname(__file__), "..", "Tests", "CatalogImportTests", "Fixtures", "hf")
TOKENS = 48
NAMES = [
    "qwen3-bias-window-small", "qwen3-sequence-classification-small", "qwen3-moe-sparse-step-small",
    "gemma3-text-layer-types-small", "gemma3-vision-small", "qwen3-token-small", "qwen3-moe-qa-small",
    "gemma3-sequence-classification-small",
]


def main():
    out = {"tokens": TOKENS, "made_by": f"transformers {transformers.__version__}, torch {torch.__version__}, "
           "FlopCounterMode total / 2", "macs": {}}
    torch.manual_seed(0)
    for name in NAMES:
        cfg = json.load(open(os.path.join(FIX, name + ".config.json")))
        config = transformers.AutoConfig.for_model(**cfg)
        # The experts one by one (eager): the counter does not see torch._grouped_mm, the default.
        extra = {"experts_implementation": "eager"} if "num_experts" in cfg else {}
        model = getattr(transformers, cfg["architectures"][0])._from_config(config, **extra)
        model.eval()
        ids = torch.zeros((1, TOKENS), dtype=torch.long)
        inputs = {"input_ids": ids}
        if "vision_config" in cfg:
            vision = config.vision_config
            ids[0, 1:1 + config.mm_tokens_per_image] = config.image_token_index
            inputs["pixel_values"] = torch.zeros((1, vision.num_channels, vision.image_size, vision.image_size))
            inputs["token_type_ids"] = (ids == config.image_token_index).long()
        with torch.no_grad(), FlopCounterMode(display=False) as counter:
            model(**inputs)
        out["macs"][name] = counter.get_total_flops() // 2
        print(name, out["macs"][name])
    with open(os.path.join(FIX, "macs-qwen3-gemma3.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
