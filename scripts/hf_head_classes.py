#!/usr/bin/env python3
"""Lists every `...Model` / `...For...` class of the Hugging Face families catalog reads (from
transformers' own models/<family>/modeling_<family>.py), builds each on the meta device from a
small config (no weights, no network) and prints `model_type  class  parameters`; the configs are
written to OUT_DIR as <model_type>--<class>.config.json, so that `catalog add` can be run over them
and its totals compared (docs/HF_CLASSES.md lists the classes accepted and refused).

Run with the reference venv:  /tmp/ref/bin/python scripts/hf_head_classes.py OUT_DIR
"""
import json, os, re, sys, glob, torch, transformers
from transformers import AutoConfig
base = os.path.dirname(transformers.__file__) + "/models/"
FAM = {"bert":"bert","roberta":"roberta","distilbert":"distilbert","albert":"albert","electra":"electra","deberta-v2":"deberta_v2",
 "gpt2":"gpt2","gpt_neox":"gpt_neox","opt":"opt","llama":"llama","mistral":"mistral","mixtral":"mixtral","qwen2":"qwen2","gemma":"gemma",
 "gemma2":"gemma2","phi":"phi","phi3":"phi3","deepseek_v2":"deepseek_v2","t5":"t5","bart":"bart","vit":"vit","clip":"clip","whisper":"whisper","wav2vec2":"wav2vec2","clip_text_model":"clip","clip_vision_model":"clip"}
SMALL = {
 "bert": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, max_position_embeddings=64),
 "roberta": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, max_position_embeddings=66, type_vocab_size=1, num_labels=3),
 "distilbert": dict(dim=64, hidden_dim=128, n_layers=2, n_heads=4, vocab_size=300, max_position_embeddings=64),
 "albert": dict(embedding_size=32, hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, max_position_embeddings=64),
 "electra": dict(embedding_size=32, hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, max_position_embeddings=64),
 "deberta-v2": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, max_position_embeddings=64, num_labels=3, relative_attention=True, position_buckets=16, pos_att_type="p2c|c2p", position_biased_input=False),
 "gpt2": dict(n_embd=64, n_layer=2, n_head=4, n_positions=64, vocab_size=300, num_labels=3),
 "gpt_neox": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, max_position_embeddings=64),
 "opt": dict(hidden_size=64, ffn_dim=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, max_position_embeddings=64, word_embed_proj_dim=64, num_labels=3),
 "llama": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, vocab_size=300, num_labels=3),
 "mistral": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, vocab_size=300, num_labels=3),
 "mixtral": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, vocab_size=300, num_local_experts=4, num_experts_per_tok=2, num_labels=3),
 "qwen2": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, vocab_size=300, num_labels=3),
 "gemma": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, head_dim=16, vocab_size=300, num_labels=3),
 "gemma2": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, head_dim=16, vocab_size=300, num_labels=3),
 "phi": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, num_labels=3),
 "phi3": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, num_labels=3, pad_token_id=0),
 "deepseek_v2": dict(hidden_size=64, intermediate_size=128, moe_intermediate_size=32, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=4, kv_lora_rank=16, q_lora_rank=None, qk_nope_head_dim=8, qk_rope_head_dim=8, v_head_dim=8, n_routed_experts=4, n_shared_experts=1, num_experts_per_tok=2, first_k_dense_replace=1, vocab_size=300, num_labels=3),
 "t5": dict(d_model=64, d_ff=128, d_kv=16, num_layers=2, num_heads=4, vocab_size=300, num_labels=3),
 "bart": dict(d_model=64, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=128, decoder_ffn_dim=128, vocab_size=300, max_position_embeddings=64, num_labels=3),
 "vit": dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128, image_size=32, patch_size=8, num_labels=3),
 "clip": dict(projection_dim=32, text_config=dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, max_position_embeddings=16), vision_config=dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, image_size=32, patch_size=8), num_labels=3),
 "clip_text_model": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=300, max_position_embeddings=16, projection_dim=32),
 "clip_vision_model": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, image_size=32, patch_size=8, projection_dim=32),
 "whisper": dict(d_model=64, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=128, decoder_ffn_dim=128, vocab_size=300, num_mel_bins=16, max_source_positions=30, max_target_positions=20, num_labels=3, pad_token_id=0, bos_token_id=1, eos_token_id=2, decoder_start_token_id=1),
 "wav2vec2": dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128, vocab_size=32, conv_dim=[32,32], conv_stride=[5,2], conv_kernel=[10,3], num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, num_labels=3, codevector_dim=16, proj_codevector_dim=16, num_codevectors_per_group=8, num_codevector_groups=2, tdnn_dim=[32,32,48], tdnn_kernel=[5,3,1], tdnn_dilation=[1,2,1], xvector_output_dim=24, classifier_proj_size=24),
}
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for mt, mod in FAM.items():
    src = open(glob.glob(base + mod + "/modeling_" + mod + ".py")[0]).read()
    classes = sorted(set(re.findall(r"^class (\w+(?:For\w+|Model|LMHeadModel|ModelWithProjection))\(", src, re.M)))
    for cls in classes:
        if "PreTrainedModel" in cls or cls.endswith("PreTrainedModel"): continue
        if not hasattr(transformers, cls): continue
        cfg = dict(architectures=[cls], model_type=mt, **SMALL[mt])
        try:
            config = AutoConfig.for_model(**cfg)
            with torch.device("meta"):
                m = getattr(transformers, cls)._from_config(config)
            n = sum(p.numel() for p in m.parameters())
        except Exception as e:
            print(f"{mt}\t{cls}\tPYERR {type(e).__name__}: {str(e)[:80]}"); continue
        name = f"{mt}--{cls}"
        json.dump(cfg, open(f"{out}/{name}.config.json","w"))
        print(f"{mt}\t{cls}\t{n}")
