#!/usr/bin/env python3
"""Writes Tests/CatalogImportTests/Fixtures/hf/macs.json (DeBERTa), macs-heads.json (the head
classes) and macs-sweep.json (the variant sweep's small configs): the multiply-accumulates of one forward pass
over TOKENS tokens as PyTorch's own FLOP counter (torch.utils.flop_counter.FlopCounterMode, which counts
every mm/bmm/addmm/matmul/convolution) measures them, halved (FLOPs = 2 x MACs), for the configs named
below. The models are built from their config.json with random initial values on the CPU (no weights,
no network) and run on a batch of one input: TOKENS tokens of id 0 (a multiple-choice model: one choice; a
T5 or BART sequence classifier: the last token is EOS, whose state its head reads), one image of zeros
(ViT, CLIP), 2 x max_source_positions mel frames (Whisper; its decoder: TOKENS tokens), SAMPLES audio
samples (wav2vec2); BartForCausalLM and WhisperForCausalLM are called with encoder states of zeros
(TOKENS of them for BART, max_source_positions for Whisper). macs-heads.json lists under "input_shapes" the `--input-shape` catalog needs where
it is not TOKENS.

Run with the reference venv:  /tmp/ref/bin/python scripts/hf_macs.py [macs|macs-heads|macs-sweep]  (default: all)
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
        # Heads on one token or a pooled vector, and heads on every token, of every family.
        "bert-sequence-classification", "roberta-sequence-small", "electra-sequence-small", "distilbert-sequence-small",
        "albert-sequence-small", "bert-token-small", "distilbert-qa-small",
        "albert-pretraining-small", "bert-lmhead-small", "roberta-causal-small",
        "llama-sequence-small", "qwen2-sequence-classification", "gpt2-sequence-classification",
        "gpt-neox-sequence-small", "opt-sequence-classification-small", "gpt2-double-heads-small",
        "llama-token-small", "qwen2-qa-small", "phi-token-small", "gpt2-token-small", "gpt-neox-qa-small",
        "t5-sequence-classification-small", "t5-qa-small", "bart-sequence-small", "bart-qa-small", "bart-causal-small", "whisper-causal-small",
        "vit-classifier-small", "vit-model-small", "vit-mim-small", "clip-model-small", "clip-text-projection-small",
        "clip-vision-projection-small", "clip-image-classification-small",
        "whisper-audio-classification-small", "wav2vec2-sequence-small", "wav2vec2-frame-small", "wav2vec2-pretraining-small",
        "wav2vec2-sequence-weighted-small", "wav2vec2-frame-weighted-stable-small", "whisper-audio-weighted-small",
        "wav2vec2-xvector-small", "wav2vec2-xvector-weighted-small",
    ],
}
SAMPLES = 4000


def inputs(cfg, config):
    """The forward pass's inputs, and the catalog input shape when it is not [TOKENS]."""
    cls = cfg.get("architectures", [""])[0]
    kind = cfg["model_type"]
    if kind == "wav2vec2":
        return {"input_values": torch.zeros((1, SAMPLES))}, [SAMPLES]
    if cls == "WhisperForCausalLM":
        # Called with the encoder's output over 30 s (max_source_positions states).
        states = torch.zeros((1, config.max_source_positions, config.d_model))
        return {"input_ids": torch.zeros((1, TOKENS), dtype=torch.long), "encoder_outputs": (states,), "use_cache": False}, None
    if cls == "BartForCausalLM":
        # Called with as many encoder states as tokens.
        states = torch.zeros((1, TOKENS, config.d_model))
        return {"input_ids": torch.zeros((1, TOKENS), dtype=torch.long), "encoder_hidden_states": states, "use_cache": False}, None
    if kind == "whisper":
        frames = torch.zeros((1, config.num_mel_bins, 2 * config.max_source_positions))
        if cls == "WhisperForAudioClassification":
            return {"input_features": frames}, None
        return {"input_features": frames, "decoder_input_ids": torch.zeros((1, TOKENS), dtype=torch.long)}, None
    args = {}
    vision = config.vision_config if kind == "clip" else config
    if kind == "vit" or kind == "clip_vision_model" or cls in ("CLIPModel", "CLIPForImageClassification"):
        args["pixel_values"] = torch.zeros((1, vision.num_channels, vision.image_size, vision.image_size))
    if kind in ("vit", "clip_vision_model") or cls == "CLIPForImageClassification":
        return args, None
    ids = torch.zeros((1, TOKENS), dtype=torch.long)
    if cls in ("T5ForSequenceClassification", "BartForSequenceClassification"):
        ids[0, -1] = config.eos_token_id
    if cls.endswith("ForMultipleChoice"):
        ids = ids.view(1, 1, TOKENS)
    args["input_ids"] = ids
    if kind == "t5" and cls not in ("T5EncoderModel", "T5ForTokenClassification"):
        # The decoder reads as many tokens (these configs name no decoder_start_token_id to shift in).
        args["decoder_input_ids"] = torch.zeros((1, TOKENS), dtype=torch.long)
    return args, None


# The variant sweep's small configs (scripts/hf_sweep_configs.py), each with the input its forward
# pass gets: TOKENS token ids (and as many decoder ids), SAMPLES audio samples (wav2vec2), the
# config's log-mel frames with TOKENS decoder ids (Whisper), one image of the config's size (ViT,
# CLIP, with TOKENS text ids). macs-sweep.json records per name the `input` the catalog is given
# (`--input-shape`; none for ViT, whose input is the config's image) and the MACs.
SWEEP = [
    "bert-type-vocab-odd-small", "albert-groups-small", "albert-untied-small", "roberta-untied-small",
    "gpt2-n-inner-small", "gpt-neox-tied-nobias-small", "opt-nobias-noaffine-small", "opt-post-ln-proj-small",
    "llama-mqa-headdim-small", "llama-base-model-small", "mistral-tied-small", "mixtral-top1-small",
    "gemma-untied-bias-small", "phi-gqa-tied-small", "deepseek-v2-one-shared-small",
    "deepseek-v2-attention-bias-small", "t5-buckets-small", "bart-scaled-untied-small",
    "wav2vec2-group-bias-small", "wav2vec2-layer-nostable-small", "wav2vec2-adapter-small",
    "wav2vec2-adapter-same-size-small", "wav2vec2-attn-adapter-small", "whisper-odd-small", "whisper-untied-small",
    "vit-noqkvbias-gray-small", "vit-pooler-size-small", "clip-odd-small", "qwen2-moe-dense-layers-small",
]


def sweep_inputs(cfg, config):
    """The forward pass's keyword arguments and the catalog's --input-shape for one sweep config."""
    kind = cfg["model_type"]
    ids = torch.zeros((1, TOKENS), dtype=torch.long)
    if kind == "wav2vec2":
        return {"input_values": torch.zeros((1, SAMPLES))}, [SAMPLES]
    if kind == "whisper":
        frames = torch.zeros((1, config.num_mel_bins, 2 * config.max_source_positions))
        tokens = min(TOKENS, config.max_target_positions)
        return {"input_features": frames, "decoder_input_ids": torch.zeros((1, tokens), dtype=torch.long)}, [tokens]
    if kind == "vit":
        size = config.image_size
        return {"pixel_values": torch.zeros((1, config.num_channels, size, size))}, None
    if kind == "clip":
        v = config.vision_config
        tokens = min(TOKENS, config.text_config.max_position_embeddings)
        return {"input_ids": torch.zeros((1, tokens), dtype=torch.long),
                "pixel_values": torch.zeros((1, v.num_channels, v.image_size, v.image_size))}, [tokens]
    if kind in ("t5",):
        return {"input_ids": ids, "decoder_input_ids": ids}, [TOKENS]
    return {"input_ids": ids}, [TOKENS]


def write_sweep(file, names):
    out = {"made_by": f"transformers {transformers.__version__}, torch {torch.__version__}, "
           "FlopCounterMode total / 2", "macs": {}}
    for name in names:
        cfg = json.load(open(os.path.join(FIX, name + ".config.json")))
        config = transformers.AutoConfig.for_model(**cfg)
        # Mixture-of-experts layers run their experts one by one (the eager loop over the experts a
        # token is routed to), whose matmuls the FLOP counter sees.
        model = getattr(transformers, cfg["architectures"][0])._from_config(config, experts_implementation="eager")
        model.eval()
        kwargs, shape = sweep_inputs(cfg, config)
        with torch.no_grad(), FlopCounterMode(display=False) as counter:
            model(**kwargs)
        out["macs"][name] = {"input": shape, "macs": counter.get_total_flops() // 2}
        print(name, out["macs"][name])
    with open(os.path.join(FIX, file + ".json"), "w") as f:
        json.dump(out, f, indent=1)


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
        args, shape = inputs(cfg, config)
        with FlopCounterMode(display=False) as counter:
            model(**args)
        out["macs"][name] = counter.get_total_flops() // 2
        if shape:
            out.setdefault("input_shapes", {})[name] = shape
        print(name, out["macs"][name])
    with open(os.path.join(FIX, file + ".json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    for file in sys.argv[1:] or list(FILES) + ["macs-sweep"]:
        if file == "macs-sweep":
            write_sweep(file, SWEEP)
        else:
            write(file, FILES[file])
