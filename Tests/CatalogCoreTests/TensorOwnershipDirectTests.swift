import Testing

@testable import CatalogCore

/// ``TensorOwnership/directOwner(of:layers:)``, the byte-level first search.
@Suite struct TensorOwnershipDirectTests {
    /// GGUF names (gguf-py's `TENSOR_NAMES`) linked by the direct search to the modules
    /// gguf-py's `tensor_mapping.py` gives them, for Llama's and GPT-2's layer names.
    @Test func directSearchOnGGUFNames() {
        let llama = TensorOwnership.LayerNames(["model.embed_tokens", "model.layers.3.self_attn", "model.layers.3.mlp", "model.layers.3.input_layernorm",
                          "model.layers.3.post_attention_layernorm", "model.norm", "lm_head"])
        #expect(TensorOwnership.directOwner(of: "blk.3.attn_q.weight", layers: llama) == "model.layers.3.self_attn")
        #expect(TensorOwnership.directOwner(of: "blk.3.ffn_down.weight", layers: llama) == "model.layers.3.mlp")
        #expect(TensorOwnership.directOwner(of: "blk.3.attn_norm.weight", layers: llama) == "model.layers.3.input_layernorm")
        #expect(TensorOwnership.directOwner(of: "blk.3.ffn_norm.weight", layers: llama) == "model.layers.3.post_attention_layernorm")
        #expect(TensorOwnership.directOwner(of: "token_embd.weight", layers: llama) == "model.embed_tokens")
        #expect(TensorOwnership.directOwner(of: "output_norm.weight", layers: llama) == "model.norm")
        #expect(TensorOwnership.directOwner(of: "output.weight", layers: llama) == "lm_head")
        #expect(TensorOwnership.directOwner(of: "model.layers.3.mlp.gate_proj.weight", layers: llama) == "model.layers.3.mlp")
        // Layer 4 is not in the model; rope_freqs has no module.
        #expect(TensorOwnership.directOwner(of: "blk.4.attn_q.weight", layers: llama) == nil)
        #expect(TensorOwnership.directOwner(of: "rope_freqs.weight", layers: llama) == nil)
        let gpt2Names = ["transformer.wte", "transformer.wpe", "transformer.h.0.attn", "transformer.h.0.ln_1", "transformer.h.0.mlp"]
        let gpt2 = TensorOwnership.LayerNames(gpt2Names)
        #expect(TensorOwnership.directOwner(of: "blk.0.attn_qkv.weight", layers: gpt2) == "transformer.h.0.attn")
        #expect(TensorOwnership.directOwner(of: "blk.0.attn_norm.bias", layers: gpt2) == "transformer.h.0.ln_1")
        #expect(TensorOwnership.directOwner(of: "position_embd.weight", layers: gpt2) == "transformer.wpe")
        // Not ASCII: left to the component search.
        #expect(TensorOwnership.directOwner(of: "transformer.h.0.attn.wé", layers: gpt2) == nil)
        #expect(TensorOwnership.owners(of: ["transformer.h.0.attn.wé"], layerNames: gpt2Names) == ["transformer.h.0.attn"])
        // A layer name that is not ASCII: every tensor left to the component search.
        #expect(TensorOwnership.directOwner(of: "blk.0.attn_q.weight", layers: TensorOwnership.LayerNames(["model.layers.0.self_attn", "é"])) == nil)
        #expect(TensorOwnership.owners(of: ["blk.0.attn_q.weight"], layerNames: ["model.layers.0.self_attn", "é"]) == ["model.layers.0.self_attn"])
    }
}
