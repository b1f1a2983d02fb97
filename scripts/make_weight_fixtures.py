#!/usr/bin/env python3
"""Writes the weight-file fixtures of Tests/CatalogImportTests/Fixtures/weights/ and their
expected values, made by torch, transformers, safetensors and gguf-py (run in the reference venv:
/tmp/ref/bin/python scripts/make_weight_fixtures.py). Floating-point weights are zero; nothing
is downloaded (models are built on the meta device or with random-free zero init).
"""
import json, os, struct, shutil, sys
import torch
import gguf
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "CatalogImportTests", "Fixtures", "weights")
os.makedirs(OUT, exist_ok=True)
expected = {}


def zero_(module):
    with torch.no_grad():
        for t in list(module.parameters()) + list(module.buffers()):
            if t.is_floating_point():
                t.zero_()
    return module


# 1. Llama-3-8B as four header-only safetensors shards plus its index (data sections absent).
from transformers import LlamaConfig, LlamaForCausalLM
config = LlamaConfig(vocab_size=128256, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                     num_attention_heads=32, num_key_value_heads=8, max_position_embeddings=8192,
                     rope_theta=500000.0, tie_word_embeddings=False, torch_dtype="bfloat16")
with torch.device("meta"):
    model = LlamaForCausalLM(config)
shapes = {k: list(v.shape) for k, v in model.state_dict().items()}
llama_total = sum(v.numel() for v in model.parameters())
names = list(shapes)
shards = [names[i::4] for i in range(4)]  # any split: the index names each tensor's shard
folder = os.path.join(OUT, "llama3-8b-header-only")
shutil.rmtree(folder, ignore_errors=True)
os.makedirs(folder)
weight_map = {}
for index, group in enumerate(shards):
    fn = f"model-{index + 1:05d}-of-00004.safetensors"
    header, offset = {}, 0
    for n in sorted(group):
        size = 2
        for d in shapes[n]:
            size *= d
        header[n] = {"dtype": "BF16", "shape": shapes[n], "data_offsets": [offset, offset + size]}
        offset += size
        weight_map[n] = fn
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(os.path.join(folder, fn), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)  # the data section is left out on purpose
config.architectures = ["LlamaForCausalLM"]
config.to_json_file(os.path.join(folder, "config.json"))  # the folder is a checkpoint: config + shards
total_size = 2 * llama_total
json.dump({"metadata": {"total_size": total_size}, "weight_map": weight_map},
          open(os.path.join(folder, "model.safetensors.index.json"), "w"), indent=2)
expected["llama3-8b-header-only"] = {"source": "transformers LlamaForCausalLM on the meta device",
                                     "total_params": llama_total, "weight_bytes": total_size,
                                     "tensors": len(names), "params_by_dtype": {"BF16": llama_total}}

# 2. torch.save files the shared fixtures lack: protocol 5, a whole pickled module, bfloat16,
#    parameters (nn.Parameter via _rebuild_parameter), TorchScript.
torch.manual_seed(0)
net = zero_(torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
                                torch.nn.Flatten(), torch.nn.Linear(8 * 6 * 6, 10)))
sd = net.state_dict()
def totals(sd):
    by = {}
    for v in sd.values():
        by[str(v.dtype).replace("torch.", "")] = by.get(str(v.dtype).replace("torch.", ""), 0) + v.numel()
    return {"total_params": sum(v.numel() for v in sd.values()), "tensors": len(sd), "params_by_dtype": by,
            "trainable": sum(p.numel() for p in net.parameters())}
torch.save(sd, os.path.join(OUT, "cnn_protocol5.pt"), pickle_protocol=5)
expected["cnn_protocol5.pt"] = totals(sd)
torch.save(net, os.path.join(OUT, "cnn_whole_module.pt"))
expected["cnn_whole_module.pt"] = totals(sd)
bf = {k: v.to(torch.bfloat16) if v.is_floating_point() else v for k, v in sd.items()}
torch.save(bf, os.path.join(OUT, "cnn_bf16.pt"))
e = totals(bf)
expected["cnn_bf16.pt"] = e
params = {k: torch.nn.Parameter(v) for k, v in sd.items() if v.is_floating_point()}
torch.save(params, os.path.join(OUT, "cnn_parameters.pt"))
expected["cnn_parameters.pt"] = {"total_params": sum(v.numel() for v in params.values()), "tensors": len(params)}
scripted = torch.jit.script(net.eval())
scripted.save(os.path.join(OUT, "cnn_torchscript.pt"))
expected["cnn_torchscript.pt"] = totals(sd)
# A view of part of a storage: two halves of one tensor.
whole = torch.zeros(10, 4)
torch.save({"a": whole[:5], "b": whole[5:]}, os.path.join(OUT, "partial_views.pt"))
expected["partial_views.pt"] = {"total_params": 40, "tensors": 2}

# 3. A header-only GGUF of a small llama layout written by gguf-py (no vocabulary), data absent.
path = os.path.join(OUT, "llama-header-only.gguf")
w = gguf.GGUFWriter(path, "llama")
w.add_block_count(2); w.add_context_length(4096); w.add_embedding_length(256)
w.add_feed_forward_length(512); w.add_head_count(8); w.add_head_count_kv(2)
w.add_layer_norm_rms_eps(1e-5); w.add_rope_freq_base(10000.0); w.add_vocab_size(1000)
import numpy as np
tensor_list = [("token_embd.weight", [1000, 256], gguf.GGMLQuantizationType.Q4_K),
               ("output_norm.weight", [256], gguf.GGMLQuantizationType.F32),
               ("output.weight", [1000, 256], gguf.GGMLQuantizationType.Q6_K)]
for b in range(2):
    tensor_list += [(f"blk.{b}.attn_norm.weight", [256], gguf.GGMLQuantizationType.F32),
                    (f"blk.{b}.attn_q.weight", [256, 256], gguf.GGMLQuantizationType.Q4_K),
                    (f"blk.{b}.attn_k.weight", [64, 256], gguf.GGMLQuantizationType.Q4_K),
                    (f"blk.{b}.attn_v.weight", [64, 256], gguf.GGMLQuantizationType.Q6_K),
                    (f"blk.{b}.attn_output.weight", [256, 256], gguf.GGMLQuantizationType.Q4_K),
                    (f"blk.{b}.ffn_norm.weight", [256], gguf.GGMLQuantizationType.F32),
                    (f"blk.{b}.ffn_gate.weight", [512, 256], gguf.GGMLQuantizationType.Q4_K),
                    (f"blk.{b}.ffn_up.weight", [512, 256], gguf.GGMLQuantizationType.Q4_K),
                    (f"blk.{b}.ffn_down.weight", [256, 512], gguf.GGMLQuantizationType.Q8_0)]
by = {}
total_bytes = 0
for name, shape, qtype in tensor_list:
    block, size = gguf.GGML_QUANT_SIZES[qtype]
    n = int(np.prod(shape))
    nbytes = n // block * size
    if qtype == gguf.GGMLQuantizationType.F32:
        w.add_tensor_info(name, shape, np.dtype(np.float32), nbytes, raw_dtype=qtype)
    else:  # gguf-py takes a quantized tensor's shape in bytes along the last axis
        w.add_tensor_info(name, shape[:-1] + [shape[-1] // block * size], np.dtype(np.uint8), nbytes, raw_dtype=qtype)
    by[qtype.name] = by.get(qtype.name, 0) + n
    total_bytes += nbytes
w.write_header_to_file(); w.write_kv_data_to_file(); w.write_ti_data_to_file(); w.close()
r = gguf.GGUFReader  # the data section is absent, so read back the infos with our own check below
expected["llama-header-only.gguf"] = {"source": "gguf-py GGML_QUANT_SIZES", "total_params": sum(by.values()),
                                      "weight_bytes": total_bytes, "tensors": len(tensor_list), "params_by_dtype": by}
# ggml's block table, as gguf-py has it, for TensorDTypeTests.
expected["GGML_QUANT_SIZES"] = {t.name: [t.value, b, s] for t, (b, s) in gguf.GGML_QUANT_SIZES.items()}
# 4. The Hugging Face config transformers derives from a GGUF file's metadata.
from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint
hf = load_gguf_checkpoint(os.path.join(OUT, "shared", "tiny-llama-q4_0.gguf"), return_tensors=False)["config"]
hf.pop("_model_name_or_path", None)
expected["gguf_hf_config"] = {"tiny-llama-q4_0.gguf": hf}
json.dump(expected, open(os.path.join(OUT, "expected.json"), "w"), indent=1, sort_keys=True)
print(json.dumps({k: v for k, v in expected.items() if k != "GGML_QUANT_SIZES"}, indent=1))
