// The transformer layer kinds: shapes `(T, hidden)` without the batch axis; parameters as
// transformers' modules hold them (`sum(p.numel() for p in module.parameters())`); MACs of one
// forward pass over the input's `T` tokens, every matrix product in full (QKᵀ and AV included,
// not halved for causal masks, not shortened by sliding windows).

extension Engine {
    /// The checked sum of `terms`.
    static func total(_ terms: [Int]) throws(LayerFault) -> Int {
        var result = 0
        for term in terms { result = try sum(result, term) }
        return result
    }

    /// The sequence length and width of a `(T, d)` input.
    static func sequence(_ input: TensorShape, width: Int, what: String) throws(LayerFault) -> Int {
        guard input.rank == 2 else { throw .wrongRank(expected: "(sequence, \(what))", found: input) }
        guard let t = input.dimensions[0], let d = input.dimensions[1] else {
            throw .unknownDimension("sequence or hidden axis", input)
        }
        guard d == width else {
            throw .sizeMismatch(key: what, given: width, actual: d, what: "the last axis of input \(input)")
        }
        return t
    }

    /// Token ids `(T,)` to `(T, hidden_size)`: `vocab_size · hidden_size` parameters
    /// (`nn.Embedding`); a lookup, 0 MACs.
    static func embedTokens(_ embedding: TokenEmbedding, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        guard input.rank == 1, let t = input.dimensions[0] else {
            throw .wrongRank(expected: "token ids (sequence,)", found: input)
        }
        return LayerEvaluation(
            outputs: [TensorShape([t, embedding.hiddenSize])],
            trainable: try product(embedding.vocabSize, embedding.hiddenSize))
    }

    /// A learned table added to `(T, d)`: `num_embeddings · embedding_dim` parameters; a
    /// position table needs `T ≤ num_embeddings`. Output = input; 0 MACs.
    static func addPositions(_ embedding: PositionEmbedding, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let t = try sequence(input, width: embedding.embeddingDim, what: "embedding_dim")
        if embedding.isPerPosition, t > embedding.numEmbeddings {
            throw .other("sequence of \(t) tokens is longer than the \(embedding.numEmbeddings) learned positions")
        }
        return LayerEvaluation(
            outputs: [input], trainable: try product(embedding.numEmbeddings, embedding.embeddingDim))
    }

    /// The parameter terms of ``TransformerAttention``, in the order q, k, v, o, relative bias
    /// (transformers' `q_proj`, `k_proj`, `v_proj`, `o_proj`: `nn.Linear(in, out, bias)` holds
    /// `in·out (+ out)`; T5's `relative_attention_bias` is `nn.Embedding(num_buckets, heads)`; q and k norms over `head_dim`).
    static func attentionParameterTerms(_ a: TransformerAttention) throws(LayerFault) -> [Int] {
        let q = try product(a.numAttentionHeads, a.headDim)
        let k = try product(a.numKeyValueHeads, a.headDim)
        let v = try product(a.numKeyValueHeads, a.valueHeadDim)
        let o = try product(a.numAttentionHeads, a.valueHeadDim)
        return [
            try sum(product(a.hiddenSize, q), a.qProjBias ? q : 0),
            try sum(product(a.kvHiddenSize, k), a.kProjBias ? k : 0),
            try sum(product(a.kvHiddenSize, v), a.vProjBias ? v : 0),
            try sum(product(o, a.outputSize), a.oProjBias ? a.outputSize : 0),
            try product(a.relativeAttentionNumBuckets, a.numAttentionHeads),
            try product(a.qkNorm == "layer" ? 4 : a.qkNorm == "rms" ? 2 : 0, a.headDim),
        ]
    }

    /// Attention over `(T, hidden_size)` (cross-attention: keys and values from a second input
    /// `(S, kv_hidden_size)`), output `(T, output_size)`.
    ///
    /// Parameters: see ``attentionParameterTerms(_:)``. MACs (`h` query heads, `g` key/value
    /// heads, `d` head_dim, `d_v` value head width): `T·hidden·h·d + 2·S·kv_hidden·g·d`
    /// (values `g·d_v`) for the projections, `h·T·S·d` for QKᵀ, `h·T·S·d_v` for AV, and
    /// `T·h·d_v·output` for the output projection; `S = T` for self-attention.
    static func attendTransformer(_ a: TransformerAttention, _ inputs: [TensorShape]) throws(LayerFault) -> LayerEvaluation {
        guard inputs.count == (a.isCrossAttention ? 2 : 1) else {
            throw .wrongInputCount(
                expected: a.isCrossAttention ? "the hidden states and the encoder's output" : "exactly one input",
                found: inputs.count)
        }
        let t = try sequence(inputs[0], width: a.hiddenSize, what: "hidden_size")
        let s = a.isCrossAttention ? try sequence(inputs[1], width: a.kvHiddenSize, what: "kv_hidden_size") : t
        guard a.numAttentionHeads % a.numKeyValueHeads == 0 else {
            throw .other("num_attention_heads \(a.numAttentionHeads) is not a multiple of num_key_value_heads \(a.numKeyValueHeads)")
        }
        let parameters = try total(attentionParameterTerms(a))
        let h = a.numAttentionHeads, g = a.numKeyValueHeads, d = a.headDim, dv = a.valueHeadDim
        let macs = try total([
            product(t, a.hiddenSize, product(h, d)),
            product(s, a.kvHiddenSize, product(g, d)),
            product(s, a.kvHiddenSize, product(g, dv)),
            product(h, product(t, s), d),
            product(h, product(t, s), dv),
            product(t, product(h, dv), a.outputSize),
        ])
        return LayerEvaluation(outputs: [TensorShape([t, a.outputSize])], trainable: parameters, macs: macs)
    }

    /// The parameter terms of ``MultiLatentAttention`` (transformers' `DeepseekV2Attention`):
    /// the query path (`q_proj`, or `q_a_proj` + `q_a_layernorm` + `q_b_proj`),
    /// `kv_a_proj_with_mqa`, `kv_a_layernorm`, `kv_b_proj`, `o_proj`.
    static func latentAttentionParameterTerms(_ a: MultiLatentAttention) throws(LayerFault) -> [Int] {
        let h = a.numAttentionHeads
        let widths = try latentWidths(a)
        let query: Int
        if let r = a.qLoraRank {
            query = try sum(
                sum(product(a.hiddenSize, r), a.attentionBias ? r : 0), r, product(r, product(h, widths.query)))
        } else {
            query = try product(a.hiddenSize, product(h, widths.query))
        }
        let kvA = try product(a.hiddenSize, widths.compressed)
        return [
            query,
            try sum(kvA, a.attentionBias ? widths.compressed : 0),
            a.kvLoraRank,
            try product(a.kvLoraRank, product(h, widths.expanded)),
            try sum(product(h, a.vHeadDim, a.hiddenSize), a.attentionBias ? a.hiddenSize : 0),
        ]
    }

    /// The per-head widths of ``MultiLatentAttention``, each sum checked: `query` =
    /// `qk_nope_head_dim + qk_rope_head_dim` (``MultiLatentAttention/qHeadDim``), `compressed` =
    /// `kv_lora_rank + qk_rope_head_dim` (`kv_a_proj_with_mqa`'s outputs), `expanded` =
    /// `qk_nope_head_dim + v_head_dim` (`kv_b_proj`'s outputs per head).
    /// - Throws: ``LayerFault/overflow`` when a sum exceeds 2^63 − 1.
    static func latentWidths(_ a: MultiLatentAttention) throws(LayerFault) -> (query: Int, compressed: Int, expanded: Int) {
        (try sum(a.qkNopeHeadDim, a.qkRopeHeadDim), try sum(a.kvLoraRank, a.qkRopeHeadDim), try sum(a.qkNopeHeadDim, a.vHeadDim))
    }

    /// MLA over `(T, hidden_size)`, output the same. MACs: the projections of the query path,
    /// `T·hidden·(kv_lora_rank + qk_rope_head_dim)`, `T·kv_lora_rank·h·(qk_nope + v_head_dim)`,
    /// `h·T·T·(qk_nope + qk_rope)` for QKᵀ, `h·T·T·v_head_dim` for AV, `T·h·v_head_dim·hidden`.
    static func attendLatent(_ a: MultiLatentAttention, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let t = try sequence(input, width: a.hiddenSize, what: "hidden_size")
        let parameters = try total(latentAttentionParameterTerms(a))
        let h = a.numAttentionHeads
        let widths = try latentWidths(a)
        let queryMACs = if let r = a.qLoraRank {
            try sum(product(t, a.hiddenSize, r), product(t, r, product(h, widths.query)))
        } else {
            try product(t, a.hiddenSize, product(h, widths.query))
        }
        let macs = try total([
            queryMACs,
            product(t, a.hiddenSize, widths.compressed),
            product(t, a.kvLoraRank, product(h, widths.expanded)),
            product(h, product(t, t), widths.query),
            product(h, product(t, t), a.vHeadDim),
            product(t, product(h, a.vHeadDim), a.hiddenSize),
        ])
        return LayerEvaluation(outputs: [input], trainable: parameters, macs: macs)
    }

    /// RMSNorm: `hidden_size` weights, output = input, 0 MACs (normalisation is not counted).
    static func rmsNormalize(_ norm: RMSNormalization, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        guard let last = input.dimensions.last, let width = last else {
            throw .unknownDimension("normalized axis", input)
        }
        guard width == norm.hiddenSize else {
            throw .sizeMismatch(key: "hidden_size", given: norm.hiddenSize, actual: width, what: "the last axis of input \(input)")
        }
        return LayerEvaluation(outputs: [input], trainable: norm.hiddenSize)
    }

    /// Parameters of one MLP: `n·hidden·I + I·out` weights (`n` = 2 gate and up, or 1) plus,
    /// with biases, `n·I + out` (transformers' `LlamaMLP`, `BertIntermediate` + `BertOutput`).
    static func feedForwardParameters(
        hidden: Int, intermediate: Int, output: Int, gated: Bool, bias: Bool
    ) throws(LayerFault) -> Int {
        let n = gated ? 2 : 1
        let weights = try sum(product(n, hidden, intermediate), product(intermediate, output))
        return bias ? try sum(weights, product(n, intermediate), output) : weights
    }

    /// The MLP over `(T, hidden_size)`: output `(T, output)`; MACs `T·(n·hidden·I + I·out)`.
    static func feedForward(_ f: FeedForward, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let t = try sequence(input, width: f.hiddenSize, what: "hidden_size")
        let parameters = try feedForwardParameters(
            hidden: f.hiddenSize, intermediate: f.intermediateSize, output: f.outputSize, gated: f.isGated, bias: f.bias)
        let perToken = try sum(product(f.isGated ? 2 : 1, f.hiddenSize, f.intermediateSize), product(f.intermediateSize, f.outputSize))
        return LayerEvaluation(
            outputs: [TensorShape([t, f.outputSize])], trainable: parameters, macs: try product(t, perToken))
    }

    /// The parameter terms of ``MixtureOfExperts``: router, all routed experts, shared
    /// experts (with their gate), and one routed expert.
    static func expertParameterTerms(_ m: MixtureOfExperts) throws(LayerFault) -> (router: Int, experts: Int, shared: Int, oneExpert: Int) {
        let router = try sum(product(m.hiddenSize, m.numExperts), m.routerBias ? m.numExperts : 0)
        let one = try feedForwardParameters(
            hidden: m.hiddenSize, intermediate: m.expertIntermediateSize, output: m.hiddenSize,
            gated: m.isGated, bias: m.expertBias)
        var shared = 0
        if m.sharedIntermediateSize > 0 {
            shared = try feedForwardParameters(
                hidden: m.hiddenSize, intermediate: m.sharedIntermediateSize, output: m.hiddenSize,
                gated: m.isGated, bias: m.expertBias)
            if m.sharedExpertGate { shared = try sum(shared, m.hiddenSize) }
        }
        return (router, try product(m.numExperts, one), shared, one)
    }

    /// A mixture of experts over `(T, hidden_size)`, output the same. Parameters: router
    /// `hidden·E` + `E` experts + shared experts (transformers' `MixtralSparseMoeBlock`,
    /// `DeepseekV2Moe`). MACs per token: the router, `num_experts_per_tok` routed experts and
    /// the shared experts. The `(E − num_experts_per_tok)` idle experts are recorded in
    /// ``ParameterParts/inactiveExpertParameters`` (active parameters = total − those).
    /// - Throws: ``LayerFault/tooMany(key:count:limit:what:)`` for more experts than
    ///   ``EngineLimits/maximumExperts`` (the memory profile lists every expert's projections),
    ///   ``LayerFault/overflow`` when a count exceeds 64 bits.
    static func mixExperts(_ m: MixtureOfExperts, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        try EngineLimits.check(m.numExperts, key: "num_experts", limit: EngineLimits.maximumExperts, what: "experts")
        let t = try sequence(input, width: m.hiddenSize, what: "hidden_size")
        guard m.numExpertsPerTok <= m.numExperts else {
            throw .other("num_experts_per_tok \(m.numExpertsPerTok) exceeds the \(m.numExperts) experts")
        }
        let terms = try expertParameterTerms(m)
        let parameters = try sum(terms.router, terms.experts, terms.shared)
        let n = m.isGated ? 2 : 1
        let expertMACs = try sum(product(n, m.hiddenSize, m.expertIntermediateSize), product(m.expertIntermediateSize, m.hiddenSize))
        let sharedMACs = try sum(product(n, m.hiddenSize, m.sharedIntermediateSize), product(m.sharedIntermediateSize, m.hiddenSize))
        let perToken = try sum(
            product(m.hiddenSize, m.numExperts), product(m.numExpertsPerTok, expertMACs),
            sum(sharedMACs, m.sharedExpertGate ? m.hiddenSize : 0))
        var parts = ParameterParts()
        parts.inactiveExpertParameters = try product(m.numExperts - m.numExpertsPerTok, terms.oneExpert)
        return LayerEvaluation(outputs: [input], trainable: parameters, macs: try product(t, perToken), parts: parts)
    }

    /// Patch embedding of `(C, H, W)`: `(H/p)·(W/p)` patches (+1 class token) of `hidden`.
    /// Parameters `C·p·p·hidden (+ hidden bias) (+ hidden class token) (+ rows·hidden
    /// positions)` (transformers' `ViTEmbeddings`, `CLIPVisionEmbeddings`). MACs
    /// `patches·hidden·C·p·p`.
    static func embedPatches(_ p: PatchEmbedding, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        guard input.rank == 3, let c = input.dimensions[0], let height = input.dimensions[1], let width = input.dimensions[2] else {
            throw .wrongRank(expected: "an image (channels, height, width) of known size", found: input)
        }
        guard c == p.numChannels else {
            throw .sizeMismatch(key: "num_channels", given: p.numChannels, actual: c, what: "the channel axis of input \(input)")
        }
        let patches = try product(height / p.patchSize, width / p.patchSize)
        let rows = try sum(patches, p.classToken ? 1 : 0)
        let kernel = try product(c, p.patchSize, p.patchSize)
        var parameters = try product(kernel, p.hiddenSize)
        if p.useBias { parameters = try sum(parameters, p.hiddenSize) }
        if p.classToken { parameters = try sum(parameters, p.hiddenSize) }
        if p.positionEmbeddings { parameters = try sum(parameters, product(rows, p.hiddenSize)) }
        return LayerEvaluation(
            outputs: [TensorShape([rows, p.hiddenSize])], trainable: parameters,
            macs: try product(patches, p.hiddenSize, kernel))
    }

    /// wav2vec2's positional convolution over `(T, hidden)`, output the same: weights
    /// `hidden·(hidden/groups)·k`, `k` magnitudes (`weight_g`, weight norm over the kernel axis),
    /// `hidden` biases (transformers' `Wav2Vec2PositionalConvEmbedding`). MACs
    /// `T'·hidden·(hidden/groups)·k` over the positions the convolution computes: with padding
    /// `k/2` that is `T' = T + 1` for an even `k` (`Wav2Vec2SamePadLayer` then drops the last one),
    /// `T` for an odd `k`.
    static func convolvePositions(_ p: PositionalConvolution, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let t = try sequence(input, width: p.hiddenSize, what: "hidden_size")
        guard p.hiddenSize % p.groups == 0 else {
            throw .other("hidden_size \(p.hiddenSize) is not divisible by \(p.groups) groups")
        }
        let weights = try product(p.hiddenSize, p.hiddenSize / p.groups, p.kernelSize)
        let parameters = try sum(weights, p.weightNorm ? p.kernelSize : 0, p.hiddenSize)
        return LayerEvaluation(outputs: [input], trainable: parameters, macs: try product(convolvedFrames(p, t), weights))
    }

    /// The frames the positional convolution computes over `t` tokens: `t`, or `t + 1` for an
    /// even `kernel_size`. transformers pads `kernel_size // 2` on both sides
    /// (models/wav2vec2/modeling_wav2vec2.py, `Wav2Vec2PositionalConvEmbedding`), so an even kernel
    /// yields one frame more, which `Wav2Vec2SamePadLayer` then drops; DeBERTa's `ConvLayer` pads
    /// `(kernel_size - 1) // 2` and runs only with odd kernels, where both give `t`.
    /// - Throws: ``LayerFault/overflow`` when `t + 1` exceeds 2^63 − 1.
    static func convolvedFrames(_ p: PositionalConvolution, _ t: Int) throws(LayerFault) -> Int {
        p.kernelSize % 2 == 0 ? try sum(t, 1) : t
    }

    /// BERT's pooler: `Linear(hidden, hidden)` on the first token, `hidden² + hidden`
    /// parameters, `hidden²` MACs; `(T, hidden)` to `(hidden,)`.
    static func pool(hiddenSize: Int, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        _ = try sequence(input, width: hiddenSize, what: "hidden_size")
        let weights = try product(hiddenSize, hiddenSize)
        return LayerEvaluation(outputs: [TensorShape([hiddenSize])], trainable: try sum(weights, hiddenSize), macs: weights)
    }

    /// The LM head `(T, hidden)` to `(T, vocab)`: `vocab·hidden` parameters unless tied (the
    /// embedding's, counted there), plus `vocab` with a bias; MACs `T·hidden·vocab` either way.
    static func projectToVocabulary(_ head: LanguageModelHead, _ input: TensorShape) throws(LayerFault) -> LayerEvaluation {
        let t = try sequence(input, width: head.hiddenSize, what: "hidden_size")
        let weights = try product(head.hiddenSize, head.vocabSize)
        let parameters = try sum(head.isTied ? 0 : weights, head.bias ? head.vocabSize : 0)
        return LayerEvaluation(
            outputs: [TensorShape([t, head.vocabSize])], trainable: parameters, macs: try product(t, weights))
    }
}

extension ArchitectureTotals {
    /// Parameters a token uses: all of them except the routed experts it is not sent to
    /// (``ParameterParts/inactiveExpertParameters``); the total for a model without experts.
    public var activeParameters: Int { parameters - parts.inactiveExpertParameters }

    /// Whether a mixture-of-experts layer leaves parameters idle per token.
    public var hasInactiveExperts: Bool { parts.inactiveExpertParameters > 0 }
}
