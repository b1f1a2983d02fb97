#!/usr/bin/env python3
"""Writes the Qwen3, Qwen3-MoE and Gemma 3 fixtures of Tests/CatalogImportTests/Fixtures/hf/ the way
scripts/hf_fixtures.py writes the others (same counting, same files: <name>.config.json with the keys
that shape the model, written from the published hub configs, and <name>.expected.json with what
transformers counts on the meta device). The configs whose names end in -small are not published:
they take the branches the published ones leave out (attention_bias, sliding windows, dense layers
of a MoE model, an explicit layer_types list, a classification head, a small image tower).

Run with the reference venv:  /tmp/ref/bin/python scripts/hf_fixtures_qwen3_gemma3.py [NAME ...]
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hf_fixtures  # noqa: E402

GEMMA3_VISION = dict(model_type="siglip_vision_model", hidden_size=1152, intermediate_size=4304, num_hidden_layers=27,
                     num_attention_heads=16, image_size=896, patch_size=14, vision_use_head=False)

CONFIGS = {
    # Qwen3 (dense): q_norm/k_norm over head_dim, head_dim 128 whatever hidden/heads is.
    "Qwen3-0.6B": dict(architectures=["Qwen3ForCausalLM"], model_type="qwen3", hidden_size=1024, intermediate_size=3072,
        num_hidden_layers=28, num_attention_heads=16, num_key_value_heads=8, head_dim=128, vocab_size=151936,
        max_position_embeddings=40960, max_window_layers=28, sliding_window=None, use_sliding_window=False,
        attention_bias=False, rms_norm_eps=1e-6, rope_theta=1000000, tie_word_embeddings=True, hidden_act="silu"),
    "Qwen3-4B": dict(architectures=["Qwen3ForCausalLM"], model_type="qwen3", hidden_size=2560, intermediate_size=9728,
        num_hidden_layers=36, num_attention_heads=32, num_key_value_heads=8, head_dim=128, vocab_size=151936,
        max_position_embeddings=40960, max_window_layers=36, sliding_window=None, use_sliding_window=False,
        attention_bias=False, rope_theta=1000000, tie_word_embeddings=True, hidden_act="silu"),
    "Qwen3-8B": dict(architectures=["Qwen3ForCausalLM"], model_type="qwen3", hidden_size=4096, intermediate_size=12288,
        num_hidden_layers=36, num_attention_heads=32, num_key_value_heads=8, head_dim=128, vocab_size=151936,
        max_position_embeddings=40960, max_window_layers=36, sliding_window=None, use_sliding_window=False,
        attention_bias=False, rope_theta=1000000, tie_word_embeddings=False, hidden_act="silu"),
    "Qwen3-32B": dict(architectures=["Qwen3ForCausalLM"], model_type="qwen3", hidden_size=5120, intermediate_size=25600,
        num_hidden_layers=64, num_attention_heads=64, num_key_value_heads=8, head_dim=128, vocab_size=151936,
        max_position_embeddings=40960, max_window_layers=64, sliding_window=None, use_sliding_window=False,
        attention_bias=False, rope_theta=1000000, tie_word_embeddings=False, hidden_act="silu"),
    "qwen3-bias-window-small": dict(architectures=["Qwen3ForCausalLM"], model_type="qwen3", hidden_size=256,
        intermediate_size=512, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=2, head_dim=48,
        vocab_size=1000, attention_bias=True, use_sliding_window=True, sliding_window=64, max_window_layers=2,
        tie_word_embeddings=False),
    "qwen3-sequence-classification-small": dict(architectures=["Qwen3ForSequenceClassification"], model_type="qwen3",
        hidden_size=128, intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
        head_dim=32, vocab_size=500, num_labels=3),
    # Qwen3-MoE: 128 routed experts (no shared expert), router without bias.
    "Qwen3-30B-A3B": dict(architectures=["Qwen3MoeForCausalLM"], model_type="qwen3_moe", hidden_size=2048,
        intermediate_size=6144, moe_intermediate_size=768, num_hidden_layers=48, num_attention_heads=32,
        num_key_value_heads=4, head_dim=128, num_experts=128, num_experts_per_tok=8, decoder_sparse_step=1,
        mlp_only_layers=[], norm_topk_prob=True, vocab_size=151936, max_position_embeddings=40960,
        max_window_layers=48, sliding_window=None, use_sliding_window=False, attention_bias=False,
        rope_theta=1000000.0, tie_word_embeddings=False),
    "Qwen3-235B-A22B": dict(architectures=["Qwen3MoeForCausalLM"], model_type="qwen3_moe", hidden_size=4096,
        intermediate_size=12288, moe_intermediate_size=1536, num_hidden_layers=94, num_attention_heads=64,
        num_key_value_heads=4, head_dim=128, num_experts=128, num_experts_per_tok=8, decoder_sparse_step=1,
        mlp_only_layers=[], norm_topk_prob=True, vocab_size=151936, max_position_embeddings=40960,
        max_window_layers=94, sliding_window=None, use_sliding_window=False, attention_bias=False,
        rope_theta=1000000.0, tie_word_embeddings=False),
    "qwen3-moe-sparse-step-small": dict(architectures=["Qwen3MoeForCausalLM"], model_type="qwen3_moe", hidden_size=256,
        intermediate_size=640, moe_intermediate_size=96, num_hidden_layers=6, num_attention_heads=8,
        num_key_value_heads=2, head_dim=64, num_experts=16, num_experts_per_tok=4, decoder_sparse_step=2,
        mlp_only_layers=[3], vocab_size=1000, tie_word_embeddings=True),
    # Gemma 3 text (model_type gemma3_text): four norms per layer, q/k norms, 5 sliding : 1 global.
    "gemma-3-1b-pt": dict(architectures=["Gemma3ForCausalLM"], model_type="gemma3_text", hidden_size=1152,
        intermediate_size=6912, num_hidden_layers=26, num_attention_heads=4, num_key_value_heads=1, head_dim=256,
        vocab_size=262144, max_position_embeddings=32768, sliding_window=512, sliding_window_pattern=6,
        query_pre_attn_scalar=256, rope_theta=1000000, rope_local_base_freq=10000, rms_norm_eps=1e-6,
        hidden_activation="gelu_pytorch_tanh", attn_logit_softcapping=None, final_logit_softcapping=None,
        rope_scaling=None),
    "gemma3-text-layer-types-small": dict(architectures=["Gemma3ForCausalLM"], model_type="gemma3_text", hidden_size=192,
        intermediate_size=384, num_hidden_layers=5, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
        vocab_size=700, sliding_window=32, layer_types=["sliding_attention", "full_attention", "sliding_attention",
        "sliding_attention", "full_attention"], tie_word_embeddings=False),
    # Gemma 3 with its SigLIP image tower and projector (model_type gemma3).
    "gemma-3-4b-it": dict(architectures=["Gemma3ForConditionalGeneration"], model_type="gemma3", mm_tokens_per_image=256,
        boi_token_index=255999, eoi_token_index=256000, image_token_index=262144,
        text_config=dict(model_type="gemma3_text", hidden_size=2560, intermediate_size=10240, num_hidden_layers=34,
            num_attention_heads=8, num_key_value_heads=4, head_dim=256, sliding_window=1024, query_pre_attn_scalar=256,
            rope_scaling=dict(factor=8.0, rope_type="linear")),
        vision_config=GEMMA3_VISION),
    "gemma-3-12b-it": dict(architectures=["Gemma3ForConditionalGeneration"], model_type="gemma3", mm_tokens_per_image=256,
        text_config=dict(model_type="gemma3_text", hidden_size=3840, intermediate_size=15360, num_hidden_layers=48,
            num_attention_heads=16, num_key_value_heads=8, head_dim=256, sliding_window=1024, query_pre_attn_scalar=256,
            rope_scaling=dict(factor=8.0, rope_type="linear")),
        vision_config=GEMMA3_VISION),
    "gemma-3-27b-it": dict(architectures=["Gemma3ForConditionalGeneration"], model_type="gemma3", mm_tokens_per_image=256,
        text_config=dict(model_type="gemma3_text", hidden_size=5376, intermediate_size=21504, num_hidden_layers=62,
            num_attention_heads=32, num_key_value_heads=16, head_dim=128, sliding_window=1024, query_pre_attn_scalar=168,
            rope_scaling=dict(factor=8.0, rope_type="linear")),
        vision_config=GEMMA3_VISION),
    "gemma3-vision-small": dict(architectures=["Gemma3ForConditionalGeneration"], model_type="gemma3", mm_tokens_per_image=4,
        image_token_index=499, boi_token_index=497, eoi_token_index=498,
        text_config=dict(model_type="gemma3_text", hidden_size=128, intermediate_size=256, num_hidden_layers=3,
            num_attention_heads=4, num_key_value_heads=2, head_dim=32, vocab_size=500, sliding_window=16,
            sliding_window_pattern=2),
        vision_config=dict(model_type="siglip_vision_model", hidden_size=96, intermediate_size=160, num_hidden_layers=2,
            num_attention_heads=4, image_size=64, patch_size=8, vision_use_head=False)),
    # Token-classification and extractive-QA heads (not published: small).
    "qwen3-token-small": dict(architectures=["Qwen3ForTokenClassification"], model_type="qwen3", hidden_size=128,
        intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, head_dim=32,
        vocab_size=500, num_labels=5),
    "qwen3-moe-qa-small": dict(architectures=["Qwen3MoeForQuestionAnswering"], model_type="qwen3_moe", hidden_size=128,
        intermediate_size=256, moe_intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
        num_key_value_heads=2, num_experts=8, num_experts_per_tok=2, vocab_size=500),
    "gemma3-text-sequence-classification-small": dict(architectures=["Gemma3TextForSequenceClassification"],
        model_type="gemma3_text", hidden_size=128, intermediate_size=256, num_hidden_layers=2, num_attention_heads=4,
        num_key_value_heads=2, head_dim=32, vocab_size=500, num_labels=4),
    "gemma3-sequence-classification-small": dict(architectures=["Gemma3ForSequenceClassification"], model_type="gemma3",
        mm_tokens_per_image=16, num_labels=3, image_token_index=499, boi_token_index=497, eoi_token_index=498,
        text_config=dict(model_type="gemma3_text", hidden_size=128, intermediate_size=256, num_hidden_layers=2,
            num_attention_heads=4, num_key_value_heads=2, head_dim=32, vocab_size=500),
        vision_config=dict(model_type="siglip_vision_model", hidden_size=64, intermediate_size=128, num_hidden_layers=1,
            num_attention_heads=2, image_size=32, patch_size=4, vision_use_head=False)),
}

if __name__ == "__main__":
    hf_fixtures.CONFIGS = CONFIGS
    hf_fixtures.main()
