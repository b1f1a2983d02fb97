#!/usr/bin/env python3
"""Writes Tests/CatalogImportTests/Fixtures/hf/: Hugging Face config.json files written from the
published hub configs (the keys that shape the model), and for each what transformers counts when it
builds the model on the meta device (no weights, no network):

  total_params       sum(p.numel() for p in model.parameters()) of the class in architectures[0]
                     (shared/tied tensors once). When the file says tie_word_embeddings false but
                     this transformers version ties the head anyway (T5 in transformers 5), the
                     head's weight is added once more: the file's own value rules.
  base_total_params  the same for AutoModel (no task head)
  per_layer          [{layer, total}] per repeated block of the head class, by parameter-name prefix

Run with the reference venv:  /tmp/ref/bin/python scripts/hf_fixtures.py [NAME ...]
"""
import json, os, re, sys
import torch
import transformers
from transformers import AutoConfig, AutoModel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hf_head_configs import HEAD_CONFIGS

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "CatalogImportTests", "Fixtures", "hf")

CONFIGS = {
    # Llama 1-3.2
    "Meta-Llama-3-8B": dict(architectures=["LlamaForCausalLM"], model_type="llama", hidden_size=4096, intermediate_size=14336,
        num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8, vocab_size=128256, max_position_embeddings=8192,
        rms_norm_eps=1e-5, rope_theta=500000.0, tie_word_embeddings=False, attention_bias=False, hidden_act="silu"),
    "Llama-2-7b-hf": dict(architectures=["LlamaForCausalLM"], model_type="llama", hidden_size=4096, intermediate_size=11008,
        num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=32, vocab_size=32000, max_position_embeddings=4096,
        rms_norm_eps=1e-5, tie_word_embeddings=False, hidden_act="silu"),
    "Llama-3.2-3B": dict(architectures=["LlamaForCausalLM"], model_type="llama", hidden_size=3072, intermediate_size=8192,
        num_hidden_layers=28, num_attention_heads=24, num_key_value_heads=8, head_dim=128, vocab_size=128256,
        max_position_embeddings=131072, tie_word_embeddings=True, attention_bias=False, mlp_bias=False, hidden_act="silu"),
    "llama-mlp-bias-small": dict(architectures=["LlamaForCausalLM"], model_type="llama", hidden_size=256, intermediate_size=640,
        num_hidden_layers=3, num_attention_heads=8, num_key_value_heads=2, head_dim=48, vocab_size=1000,
        tie_word_embeddings=False, attention_bias=True, mlp_bias=True),
    # Mistral, Mixtral
    "Mistral-7B-v0.1": dict(architectures=["MistralForCausalLM"], model_type="mistral", hidden_size=4096, intermediate_size=14336,
        num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8, vocab_size=32000, max_position_embeddings=32768,
        sliding_window=4096, tie_word_embeddings=False, hidden_act="silu"),
    "Mixtral-8x7B-v0.1": dict(architectures=["MixtralForCausalLM"], model_type="mixtral", hidden_size=4096, intermediate_size=14336,
        num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8, vocab_size=32000, max_position_embeddings=32768,
        num_local_experts=8, num_experts_per_tok=2, sliding_window=None, tie_word_embeddings=False),
    # Qwen2 / 2.5
    "Qwen2.5-0.5B": dict(architectures=["Qwen2ForCausalLM"], model_type="qwen2", hidden_size=896, intermediate_size=4864,
        num_hidden_layers=24, num_attention_heads=14, num_key_value_heads=2, vocab_size=151936, max_position_embeddings=32768,
        max_window_layers=24, sliding_window=32768, use_sliding_window=False, tie_word_embeddings=True),
    "Qwen2-7B": dict(architectures=["Qwen2ForCausalLM"], model_type="qwen2", hidden_size=3584, intermediate_size=18944,
        num_hidden_layers=28, num_attention_heads=28, num_key_value_heads=4, vocab_size=152064, max_position_embeddings=131072,
        max_window_layers=28, sliding_window=131072, use_sliding_window=False, tie_word_embeddings=False),
    # Gemma, Gemma 2
    "gemma-2b": dict(architectures=["GemmaForCausalLM"], model_type="gemma", hidden_size=2048, intermediate_size=16384,
        num_hidden_layers=18, num_attention_heads=8, num_key_value_heads=1, head_dim=256, vocab_size=256000,
        max_position_embeddings=8192, hidden_act="gelu"),
    "gemma-2-2b": dict(architectures=["Gemma2ForCausalLM"], model_type="gemma2", hidden_size=2304, intermediate_size=9216,
        num_hidden_layers=26, num_attention_heads=8, num_key_value_heads=4, head_dim=256, vocab_size=256000,
        max_position_embeddings=8192, sliding_window=4096, hidden_activation="gelu_pytorch_tanh"),
    # phi-2, Phi-3
    "phi-2": dict(architectures=["PhiForCausalLM"], model_type="phi", hidden_size=2560, intermediate_size=10240,
        num_hidden_layers=32, num_attention_heads=32, vocab_size=51200, max_position_embeddings=2048,
        partial_rotary_factor=0.4, qk_layernorm=False, tie_word_embeddings=False, hidden_act="gelu_new"),
    "phi-qk-layernorm-small": dict(architectures=["PhiForCausalLM"], model_type="phi", hidden_size=256, intermediate_size=1024,
        num_hidden_layers=2, num_attention_heads=8, vocab_size=1000, qk_layernorm=True),
    "Phi-3-mini-4k-instruct": dict(architectures=["Phi3ForCausalLM"], model_type="phi3", hidden_size=3072, intermediate_size=8192,
        num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=32, vocab_size=32064, max_position_embeddings=4096,
        sliding_window=2047, tie_word_embeddings=False),
    # DeepSeek-V2
    "DeepSeek-V2-Lite": dict(architectures=["DeepseekV2ForCausalLM"], model_type="deepseek_v2", hidden_size=2048,
        intermediate_size=10944, moe_intermediate_size=1408, num_hidden_layers=27, num_attention_heads=16, num_key_value_heads=16,
        kv_lora_rank=512, q_lora_rank=None, qk_nope_head_dim=128, qk_rope_head_dim=64, v_head_dim=128, n_routed_experts=64,
        n_shared_experts=2, num_experts_per_tok=6, first_k_dense_replace=1, moe_layer_freq=1, vocab_size=102400,
        max_position_embeddings=163840, tie_word_embeddings=False, topk_method="greedy"),
    "deepseek-v2-qlora-small": dict(architectures=["DeepseekV2ForCausalLM"], model_type="deepseek_v2", hidden_size=512,
        intermediate_size=1536, moe_intermediate_size=192, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=8,
        kv_lora_rank=128, q_lora_rank=192, qk_nope_head_dim=32, qk_rope_head_dim=16, v_head_dim=32, n_routed_experts=16,
        n_shared_experts=2, num_experts_per_tok=4, first_k_dense_replace=2, vocab_size=2000, tie_word_embeddings=False),
    # GPT-2, GPT-NeoX, OPT
    "gpt2": dict(architectures=["GPT2LMHeadModel"], model_type="gpt2", n_embd=768, n_layer=12, n_head=12, n_positions=1024,
        vocab_size=50257, activation_function="gelu_new"),
    "gpt2-medium": dict(architectures=["GPT2LMHeadModel"], model_type="gpt2", n_embd=1024, n_layer=24, n_head=16,
        n_positions=1024, vocab_size=50257),
    "pythia-160m": dict(architectures=["GPTNeoXForCausalLM"], model_type="gpt_neox", hidden_size=768, intermediate_size=3072,
        num_hidden_layers=12, num_attention_heads=12, vocab_size=50304, max_position_embeddings=2048, rotary_pct=0.25,
        use_parallel_residual=True, tie_word_embeddings=False),
    "opt-125m": dict(architectures=["OPTForCausalLM"], model_type="opt", hidden_size=768, ffn_dim=3072, num_hidden_layers=12,
        num_attention_heads=12, vocab_size=50272, max_position_embeddings=2048, word_embed_proj_dim=768,
        do_layer_norm_before=True, enable_bias=True),
    "opt-350m": dict(architectures=["OPTForCausalLM"], model_type="opt", hidden_size=1024, ffn_dim=4096, num_hidden_layers=24,
        num_attention_heads=16, vocab_size=50272, max_position_embeddings=2048, word_embed_proj_dim=512,
        do_layer_norm_before=False),
    # BERT family
    "bert-base-uncased": dict(architectures=["BertForMaskedLM"], model_type="bert", hidden_size=768, intermediate_size=3072,
        num_hidden_layers=12, num_attention_heads=12, vocab_size=30522, max_position_embeddings=512, type_vocab_size=2),
    "bert-base-uncased-model": dict(architectures=["BertModel"], model_type="bert", hidden_size=768, intermediate_size=3072,
        num_hidden_layers=12, num_attention_heads=12, vocab_size=30522, max_position_embeddings=512, type_vocab_size=2),
    "bert-sequence-classification": dict(architectures=["BertForSequenceClassification"], model_type="bert", hidden_size=256,
        intermediate_size=1024, num_hidden_layers=2, num_attention_heads=4, vocab_size=1000, id2label={"0": "a", "1": "b", "2": "c"}),
    "roberta-base": dict(architectures=["RobertaForMaskedLM"], model_type="roberta", hidden_size=768, intermediate_size=3072,
        num_hidden_layers=12, num_attention_heads=12, vocab_size=50265, max_position_embeddings=514, type_vocab_size=1),
    "distilbert-base-uncased": dict(architectures=["DistilBertForMaskedLM"], model_type="distilbert", dim=768, hidden_dim=3072,
        n_layers=6, n_heads=12, vocab_size=30522, max_position_embeddings=512),
    "albert-base-v2": dict(architectures=["AlbertForMaskedLM"], model_type="albert", embedding_size=128, hidden_size=768,
        intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12, vocab_size=30000, max_position_embeddings=512,
        type_vocab_size=2, num_hidden_groups=1, inner_group_num=1),
    "electra-small-discriminator": dict(architectures=["ElectraForPreTraining"], model_type="electra", embedding_size=128,
        hidden_size=256, intermediate_size=1024, num_hidden_layers=12, num_attention_heads=4, vocab_size=30522,
        max_position_embeddings=512, type_vocab_size=2),
    # T5
    "t5-small": dict(architectures=["T5ForConditionalGeneration"], model_type="t5", d_model=512, d_ff=2048, d_kv=64,
        num_layers=6, num_heads=8, vocab_size=32128, relative_attention_num_buckets=32, feed_forward_proj="relu"),
    "flan-t5-small": dict(architectures=["T5ForConditionalGeneration"], model_type="t5", d_model=512, d_ff=1024, d_kv=64,
        num_layers=8, num_decoder_layers=8, num_heads=6, vocab_size=32128, relative_attention_num_buckets=32,
        feed_forward_proj="gated-gelu", tie_word_embeddings=False),
    # Sequence classification heads of decoders (score: Linear(hidden, num_labels), no bias)
    "qwen2-sequence-classification": dict(architectures=["Qwen2ForSequenceClassification"], model_type="qwen2", hidden_size=256,
        intermediate_size=512, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, vocab_size=1000,
        tie_word_embeddings=True, id2label={"0": "neg", "1": "pos"}),
    "gpt2-sequence-classification": dict(architectures=["GPT2ForSequenceClassification"], model_type="gpt2", n_embd=128,
        n_layer=2, n_head=4, n_positions=256, vocab_size=1000, id2label={"0": "a", "1": "b", "2": "c"}),
    # BART
    "bart-base": dict(architectures=["BartForConditionalGeneration"], model_type="bart", d_model=768, encoder_layers=6,
        decoder_layers=6, encoder_attention_heads=12, decoder_attention_heads=12, encoder_ffn_dim=3072, decoder_ffn_dim=3072,
        vocab_size=50265, max_position_embeddings=1024),
    "bart-large-mnli": dict(architectures=["BartForSequenceClassification"], model_type="bart", d_model=1024, encoder_layers=12,
        decoder_layers=12, encoder_attention_heads=16, decoder_attention_heads=16, encoder_ffn_dim=4096, decoder_ffn_dim=4096,
        vocab_size=50265, max_position_embeddings=1024,
        id2label={"0": "contradiction", "1": "neutral", "2": "entailment"}),
    # Whisper
    "whisper-tiny": dict(architectures=["WhisperForConditionalGeneration"], model_type="whisper", d_model=384, encoder_layers=4,
        decoder_layers=4, encoder_attention_heads=6, decoder_attention_heads=6, encoder_ffn_dim=1536, decoder_ffn_dim=1536,
        vocab_size=51865, num_mel_bins=80, max_source_positions=1500, max_target_positions=448),
    "whisper-large-v3": dict(architectures=["WhisperForConditionalGeneration"], model_type="whisper", d_model=1280,
        encoder_layers=32, decoder_layers=32, encoder_attention_heads=20, decoder_attention_heads=20, encoder_ffn_dim=5120,
        decoder_ffn_dim=5120, vocab_size=51866, num_mel_bins=128, max_source_positions=1500, max_target_positions=448),
    # ViT
    "vit-base-patch16-224": dict(architectures=["ViTForImageClassification"], model_type="vit", hidden_size=768,
        num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072, image_size=224, patch_size=16, num_channels=3,
        qkv_bias=True, id2label={str(i): f"class_{i}" for i in range(1000)}),
    "vit-base-patch16-224-in21k": dict(architectures=["ViTModel"], model_type="vit", hidden_size=768, num_hidden_layers=12,
        num_attention_heads=12, intermediate_size=3072, image_size=224, patch_size=16, num_channels=3, qkv_bias=True),
    # CLIP
    "clip-vit-base-patch32": dict(architectures=["CLIPModel"], model_type="clip", projection_dim=512,
        text_config=dict(hidden_size=512, intermediate_size=2048, num_hidden_layers=12, num_attention_heads=8,
                         vocab_size=49408, max_position_embeddings=77),
        vision_config=dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                           image_size=224, patch_size=32)),
    "clip-vit-large-patch14": dict(architectures=["CLIPModel"], model_type="clip", projection_dim=768,
        text_config=dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                         vocab_size=49408, max_position_embeddings=77, projection_dim=768),
        vision_config=dict(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24, num_attention_heads=16,
                           image_size=224, patch_size=14, projection_dim=768)),
    # wav2vec2
    "wav2vec2-base-960h": dict(architectures=["Wav2Vec2ForCTC"], model_type="wav2vec2", hidden_size=768, num_hidden_layers=12,
        num_attention_heads=12, intermediate_size=3072, vocab_size=32, feat_extract_norm="group", conv_bias=False,
        do_stable_layer_norm=False, num_conv_pos_embeddings=128, num_conv_pos_embedding_groups=16, mask_time_prob=0.05),
    "wav2vec2-large-960h-lv60-self": dict(architectures=["Wav2Vec2ForCTC"], model_type="wav2vec2", hidden_size=1024,
        num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096, vocab_size=32, feat_extract_norm="layer",
        conv_bias=True, do_stable_layer_norm=True, num_conv_pos_embeddings=128, num_conv_pos_embedding_groups=16,
        mask_time_prob=0.05),
    # superb/wav2vec2-base-superb-ks (keyword spotting, 12 labels) and anton-l/wav2vec2-base-superb-sv
    # (speaker verification, VoxCeleb1's 1,251 speakers): wav2vec2-base with use_weighted_layer_sum.
    "wav2vec2-base-superb-ks": dict(architectures=["Wav2Vec2ForSequenceClassification"], model_type="wav2vec2",
        hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072, vocab_size=32,
        feat_extract_norm="group", conv_bias=False, do_stable_layer_norm=False, num_conv_pos_embeddings=128,
        num_conv_pos_embedding_groups=16, mask_time_prob=0.05, use_weighted_layer_sum=True, classifier_proj_size=256,
        num_labels=12),
    "wav2vec2-base-superb-sv": dict(architectures=["Wav2Vec2ForXVector"], model_type="wav2vec2",
        hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072, vocab_size=32,
        feat_extract_norm="group", conv_bias=False, do_stable_layer_norm=False, num_conv_pos_embeddings=128,
        num_conv_pos_embedding_groups=16, mask_time_prob=0.05, use_weighted_layer_sum=True, tdnn_dim=[512, 512, 512, 512, 1500],
        tdnn_kernel=[5, 3, 3, 1, 1], tdnn_dilation=[1, 2, 3, 1, 1], xvector_output_dim=512, num_labels=1251),
    # Token classification and extractive QA heads of the decoder families (not published: small).
    "llama-token-small": dict(architectures=["LlamaForTokenClassification"], model_type="llama", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, vocab_size=500,
        num_labels=7),
    "qwen2-qa-small": dict(architectures=["Qwen2ForQuestionAnswering"], model_type="qwen2", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, vocab_size=500),
    "phi-token-small": dict(architectures=["PhiForTokenClassification"], model_type="phi", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500, num_labels=3),
    "gpt2-token-small": dict(architectures=["GPT2ForTokenClassification"], model_type="gpt2", n_embd=128, n_layer=2,
        n_head=4, vocab_size=500, n_positions=256, num_labels=5),
    "gpt-neox-qa-small": dict(architectures=["GPTNeoXForQuestionAnswering"], model_type="gpt_neox", hidden_size=128,
        intermediate_size=512, num_hidden_layers=2, num_attention_heads=4, vocab_size=500, max_position_embeddings=256),
    # DeBERTa-v2/v3 (model_type deberta-v2): the published configs carry no architectures (the
    # base model); the fine-tuned and small ones name their head class.
    "deberta-v3-base": dict(model_type="deberta-v2", hidden_size=768, intermediate_size=3072, num_hidden_layers=12,
        num_attention_heads=12, vocab_size=128100, max_position_embeddings=512, type_vocab_size=0, hidden_act="gelu",
        relative_attention=True, position_buckets=256, norm_rel_ebd="layer_norm", share_att_key=True,
        pos_att_type="p2c|c2p", layer_norm_eps=1e-7, max_relative_positions=-1, position_biased_input=False),
    "deberta-v3-large": dict(model_type="deberta-v2", hidden_size=1024, intermediate_size=4096, num_hidden_layers=24,
        num_attention_heads=16, vocab_size=128100, max_position_embeddings=512, type_vocab_size=0, hidden_act="gelu",
        relative_attention=True, position_buckets=256, norm_rel_ebd="layer_norm", share_att_key=True,
        pos_att_type="p2c|c2p", layer_norm_eps=1e-7, max_relative_positions=-1, position_biased_input=False),
    "deberta-v3-small-mlm": dict(architectures=["DebertaV2ForMaskedLM"], model_type="deberta-v2", hidden_size=768,
        intermediate_size=3072, num_hidden_layers=6, num_attention_heads=12, vocab_size=128100, max_position_embeddings=512,
        type_vocab_size=0, hidden_act="gelu", relative_attention=True, position_buckets=256, norm_rel_ebd="layer_norm",
        share_att_key=True, pos_att_type="p2c|c2p", layer_norm_eps=1e-7, max_relative_positions=-1,
        position_biased_input=False),
    "deberta-v3-base-mnli": dict(architectures=["DebertaV2ForSequenceClassification"], model_type="deberta-v2",
        hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12, vocab_size=128100,
        max_position_embeddings=512, type_vocab_size=0, hidden_act="gelu", relative_attention=True, position_buckets=256,
        norm_rel_ebd="layer_norm", share_att_key=True, pos_att_type=["p2c", "c2p"], layer_norm_eps=1e-7,
        max_relative_positions=-1, position_biased_input=False, pooler_hidden_size=768, pooler_dropout=0,
        pooler_hidden_act="gelu", id2label={"0": "entailment", "1": "neutral", "2": "contradiction"}),
    "deberta-v2-xlarge": dict(architectures=["DebertaV2ForMaskedLM"], model_type="deberta-v2", hidden_size=1536,
        intermediate_size=6144, num_hidden_layers=24, num_attention_heads=24, attention_head_size=64, vocab_size=128100,
        max_position_embeddings=512, type_vocab_size=0, hidden_act="gelu", relative_attention=True, position_buckets=256,
        norm_rel_ebd="layer_norm", share_att_key=True, pos_att_type="p2c|c2p", layer_norm_eps=1e-7, conv_kernel_size=3,
        conv_act="gelu", max_relative_positions=-1, position_biased_input=False),
    # Not published: the branches the published ones leave out (separate position projections,
    # c2p only, absolute positions, token types, embedding_size with an untied legacy MLM head, grouped conv,
    # the current (legacy false) MLM head, BERT-style attention without relative_attention).
    "deberta-v2-unshared-small": dict(architectures=["DebertaV2ForMaskedLM"], model_type="deberta-v2", hidden_size=256,
        intermediate_size=640, num_hidden_layers=2, num_attention_heads=4, vocab_size=1000, max_position_embeddings=128,
        type_vocab_size=2, embedding_size=96, relative_attention=True, position_buckets=-1, max_relative_positions=64,
        norm_rel_ebd="none", share_att_key=False, pos_att_type="c2p", position_biased_input=True, conv_kernel_size=5,
        conv_groups=4, tie_word_embeddings=False),
    "deberta-v2-mlm-current-small": dict(architectures=["DebertaV2ForMaskedLM"], model_type="deberta-v2", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=2, vocab_size=300, max_position_embeddings=64,
        relative_attention=True, pos_att_type=["c2p", "p2c"], share_att_key=True, position_biased_input=False,
        legacy=False),
    "deberta-v2-p2c-token-small": dict(architectures=["DebertaV2ForTokenClassification"], model_type="deberta-v2",
        hidden_size=192, intermediate_size=512, num_hidden_layers=2, num_attention_heads=3, vocab_size=500,
        max_position_embeddings=256, type_vocab_size=0, relative_attention=True, position_buckets=32,
        share_att_key=False, pos_att_type="p2c|c2p", norm_rel_ebd="layer_norm", position_biased_input=False, num_labels=9),
    "deberta-v2-qa-small": dict(architectures=["DebertaV2ForQuestionAnswering"], model_type="deberta-v2", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=2, vocab_size=300, max_position_embeddings=64,
        relative_attention=False, position_biased_input=True, type_vocab_size=2),
    "deberta-v2-choice-small": dict(architectures=["DebertaV2ForMultipleChoice"], model_type="deberta-v2", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=2, vocab_size=300, max_position_embeddings=64,
        relative_attention=True, position_buckets=16, share_att_key=True, pos_att_type="p2c|c2p",
        norm_rel_ebd="layer_norm", position_biased_input=False, legacy=True, tie_word_embeddings=False),
    # Head classes the hub's configs name besides the common ones (hub-sized where the published
    # config is well known, else small): pre-training and generator heads, multiple choice, the
    # extractive-QA and classification heads of OPT, T5 and BART, CLIP's image classifier,
    # wav2vec2's per-frame classifier, GPT-2's double heads.
    "bert-base-uncased-pretraining": dict(architectures=["BertForPreTraining"], model_type="bert", hidden_size=768,
        intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12, vocab_size=30522, max_position_embeddings=512,
        type_vocab_size=2),
    "bert-nsp-small": dict(architectures=["BertForNextSentencePrediction"], model_type="bert", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500, max_position_embeddings=64),
    "bert-lmhead-small": dict(architectures=["BertLMHeadModel"], model_type="bert", hidden_size=128, intermediate_size=256,
        num_hidden_layers=2, num_attention_heads=4, vocab_size=500, max_position_embeddings=64, is_decoder=True),
    "bert-multiple-choice-small": dict(architectures=["BertForMultipleChoice"], model_type="bert", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500, max_position_embeddings=64),
    "roberta-causal-small": dict(architectures=["RobertaForCausalLM"], model_type="roberta", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500, max_position_embeddings=66,
        type_vocab_size=1, is_decoder=True),
    "roberta-multiple-choice-small": dict(architectures=["RobertaForMultipleChoice"], model_type="roberta", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500, max_position_embeddings=66,
        type_vocab_size=1),
    "roberta-qa-three-labels-small": dict(architectures=["RobertaForQuestionAnswering"], model_type="roberta",
        hidden_size=128, intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500,
        max_position_embeddings=66, type_vocab_size=1, num_labels=3),
    "distilbert-multiple-choice-small": dict(architectures=["DistilBertForMultipleChoice"], model_type="distilbert", dim=128,
        hidden_dim=256, n_layers=2, n_heads=4, vocab_size=500, max_position_embeddings=64),
    "albert-pretraining-small": dict(architectures=["AlbertForPreTraining"], model_type="albert", embedding_size=64,
        hidden_size=128, intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500,
        max_position_embeddings=64),
    "albert-multiple-choice-small": dict(architectures=["AlbertForMultipleChoice"], model_type="albert", embedding_size=64,
        hidden_size=128, intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500,
        max_position_embeddings=64),
    "electra-small-generator": dict(architectures=["ElectraForMaskedLM"], model_type="electra", embedding_size=128,
        hidden_size=256, intermediate_size=1024, num_hidden_layers=12, num_attention_heads=4, vocab_size=30522,
        max_position_embeddings=512, type_vocab_size=2),
    "electra-causal-small": dict(architectures=["ElectraForCausalLM"], model_type="electra", embedding_size=64,
        hidden_size=128, intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500,
        max_position_embeddings=64, is_decoder=True),
    "electra-multiple-choice-small": dict(architectures=["ElectraForMultipleChoice"], model_type="electra",
        embedding_size=64, hidden_size=128, intermediate_size=256, num_hidden_layers=2, num_attention_heads=4,
        vocab_size=500, max_position_embeddings=64),
    "openai-gpt2-double-heads": dict(architectures=["GPT2DoubleHeadsModel"], model_type="gpt2", n_embd=768, n_layer=12,
        n_head=12, n_positions=1024, vocab_size=50257),
    "opt-qa-small": dict(architectures=["OPTForQuestionAnswering"], model_type="opt", hidden_size=128, ffn_dim=256,
        num_hidden_layers=2, num_attention_heads=4, vocab_size=500, max_position_embeddings=64, word_embed_proj_dim=64),
    "opt-sequence-classification-small": dict(architectures=["OPTForSequenceClassification"], model_type="opt",
        hidden_size=128, ffn_dim=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500,
        max_position_embeddings=64, word_embed_proj_dim=128, num_labels=3),
    "t5-small-encoder": dict(architectures=["T5EncoderModel"], model_type="t5", d_model=512, d_ff=2048, d_kv=64,
        num_layers=6, num_heads=8, vocab_size=32128, relative_attention_num_buckets=32, feed_forward_proj="relu"),
    "t5-qa-small": dict(architectures=["T5ForQuestionAnswering"], model_type="t5", d_model=128, d_ff=256, d_kv=32,
        num_layers=2, num_decoder_layers=3, num_heads=4, vocab_size=500, feed_forward_proj="gated-gelu",
        tie_word_embeddings=False),
    "t5-sequence-classification-small": dict(architectures=["T5ForSequenceClassification"], model_type="t5", d_model=128,
        d_ff=256, d_kv=32, num_layers=2, num_heads=4, vocab_size=500, id2label={"0": "a", "1": "b", "2": "c"}),
    "t5-token-small": dict(architectures=["T5ForTokenClassification"], model_type="t5", d_model=128, d_ff=256, d_kv=32,
        num_layers=2, num_heads=4, vocab_size=500, num_labels=5),
    "bart-qa-small": dict(architectures=["BartForQuestionAnswering"], model_type="bart", d_model=128, encoder_layers=2,
        decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=256, decoder_ffn_dim=256,
        vocab_size=500, max_position_embeddings=64),
    "clip-image-classification-small": dict(architectures=["CLIPForImageClassification"], model_type="clip",
        projection_dim=64, num_labels=10,
        text_config=dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                         vocab_size=500, max_position_embeddings=16),
        vision_config=dict(hidden_size=96, intermediate_size=192, num_hidden_layers=2, num_attention_heads=4,
                           image_size=64, patch_size=16)),
    "wav2vec2-frame-small": dict(architectures=["Wav2Vec2ForAudioFrameClassification"], model_type="wav2vec2",
        hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=256, conv_dim=[64, 64],
        conv_stride=[5, 2], conv_kernel=[10, 3], num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, num_labels=4),
    "whisper-audio-classification-small": dict(architectures=["WhisperForAudioClassification"], model_type="whisper",
        d_model=128, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4,
        encoder_ffn_dim=256, decoder_ffn_dim=256, vocab_size=51865, num_mel_bins=80, max_source_positions=1500,
        max_target_positions=448, classifier_proj_size=64, num_labels=6),
}

# The variant sweep: further hub configs of every family and each key's edge values.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hf_sweep_configs import SWEEP  # noqa: E402

CONFIGS.update(SWEEP)

BLOCK = re.compile(r"^((?:.*?\.)?(?:layers|h|layer|block)\.\d+)\.")


def count(model):
    return sum(p.numel() for p in model.parameters())


def untied_extra(model, cfg):
    """The head's weight once more when the file says untied but the model shares it."""
    if cfg.get("tie_word_embeddings", True) is not False:
        return 0
    inp, out = model.get_input_embeddings(), model.get_output_embeddings()
    if inp is not None and out is not None and out.weight is inp.weight:
        return out.weight.numel()
    return 0


def main():
    os.makedirs(OUT, exist_ok=True)
    only = set(sys.argv[1:])  # names to regenerate; all when none are given
    for name, cfg in {**CONFIGS, **HEAD_CONFIGS}.items():
        if only and name not in only:
            continue
        config = AutoConfig.for_model(**cfg)
        with torch.device("meta"):
            base = AutoModel.from_config(config)
            # No architectures (as in microsoft/deberta-v3-base): the base model is the class.
            if "architectures" in cfg:
                model = getattr(transformers, cfg["architectures"][0])._from_config(config)
            else:
                model = base
        per_layer = {}
        seen = set()
        for pname, p in model.named_parameters():
            if id(p) in seen:
                continue
            seen.add(id(p))
            m = BLOCK.match(pname)
            if m:
                per_layer[m.group(1)] = per_layer.get(m.group(1), 0) + p.numel()
        expected = {
            "name": name,
            "class": cfg["architectures"][0] if "architectures" in cfg else type(base).__name__,
            "base_class": type(base).__name__,
            "total_params": count(model) + untied_extra(model, cfg),
            "base_total_params": count(base),
            "per_layer": [{"layer": k, "total": v} for k, v in per_layer.items()],
            "made_by": f"transformers {transformers.__version__}, torch {torch.__version__}, meta device",
        }
        with open(os.path.join(OUT, name + ".config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
            json.dump(expected, f, indent=1)
        print(name, expected["class"], expected["total_params"], expected["base_class"], expected["base_total_params"])


if __name__ == "__main__":
    main()
