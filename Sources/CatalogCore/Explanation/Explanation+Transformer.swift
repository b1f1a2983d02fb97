// Explanations of the transformer layer kinds: the same formulas as
// Sources/CatalogCore/Inference/Transformer+Inference.swift, written out term by term.

extension Engine {
    /// `in·out + out` (a linear layer with bias) or `in·out`.
    private static func linear(_ input: Formula, _ output: Formula, bias: Bool) -> Formula {
        let weights = Formula.product([input, output])
        return bias ? .sum([weights, output]) : weights
    }

    private static func tokens(_ shape: TensorShape) -> Int { shape.dimensions.first.flatMap { $0 } ?? 0 }

    static func workTransformer(_ kind: LayerKind, inputs: [TensorShape], output: TensorShape) -> Worked? {
        let input = inputs.first ?? TensorShape([])
        let t = Formula(tokens(input))
        switch kind {
        case .tokenEmbedding(let e):
            let p = Formula.product([Formula(e.vocabSize), Formula(e.hiddenSize)])
            return .uncounted(
                p, "vocab_size · hidden_size",
                output: "output \(output): each token id becomes a \(e.hiddenSize)-vector", macsWhy: "a table lookup, not counted")
        case .positionEmbedding(let e):
            let p = Formula.product([Formula(e.numEmbeddings), Formula(e.embeddingDim)])
            return .uncounted(
                p, e.isPerPosition ? "one vector per learned position" : "one vector per token type",
                output: "output \(output) = the input, with the table's rows added", macsWhy: "an addition, not counted")
        case .transformerAttention(let a):
            let s = a.isCrossAttention ? Formula(tokens(inputs.count > 1 ? inputs[1] : input)) : t
            let h = Formula(a.numAttentionHeads), g = Formula(a.numKeyValueHeads)
            let d = Formula(a.headDim), dv = Formula(a.valueHeadDim)
            var terms = [
                linear(Formula(a.hiddenSize), .product([h, d]), bias: a.qProjBias),
                linear(Formula(a.kvHiddenSize), .product([g, d]), bias: a.kProjBias),
                linear(Formula(a.kvHiddenSize), .product([g, dv]), bias: a.vProjBias),
                linear(.product([h, dv]), Formula(a.outputSize), bias: a.oProjBias),
            ]
            var what = "q_proj + k_proj + v_proj + o_proj"
            if a.relativeAttentionNumBuckets > 0 {
                terms.append(.product([Formula(a.relativeAttentionNumBuckets), h]))
                what += " + relative_attention_bias (num_buckets · heads)"
            }
            if let norm = a.qkNorm {
                terms.append(.product([Formula(norm == "layer" ? 4 : 2), d]))
                what += " + q and k \(norm == "layer" ? "LayerNorms (weight and bias)" : "RMSNorms") over head_dim"
            }
            let p = Formula.sum(terms)
            let macs = Formula.sum([
                .product([t, Formula(a.hiddenSize), h, d]), .product([s, Formula(a.kvHiddenSize), g, d]),
                .product([s, Formula(a.kvHiddenSize), g, dv]), .product([h, t, s, d]), .product([h, t, s, dv]),
                .product([t, h, dv, Formula(a.outputSize)]),
            ])
            var notes = ["\(a.numAttentionHeads) query heads, \(a.numKeyValueHeads) key/value heads of head_dim \(a.headDim)"
                + (a.numKeyValueHeads < a.numAttentionHeads ? " (grouped-query attention)" : "")]
            if a.rotaryDim > 0 { notes.append("rotary embeddings on \(a.rotaryDim) dimensions per head: no parameters") }
            if let w = a.slidingWindow { notes.append("sliding_window \(w): MACs counted over the full sequence (the eager computation masks)") }
            return Worked(
                parameters: p.parameters(what), parameterCount: p.value,
                output: "output \(output)",
                macs: macs.macs("q, k, v projections + QKᵀ + AV (in full, not halved for a causal mask) + o_proj"),
                macCount: macs.value, notes: notes)
        case .multiLatentAttention(let a):
            let h = Formula(a.numAttentionHeads), hidden = Formula(a.hiddenSize)
            let qhd = Formula.sum([Formula(a.qkNopeHeadDim), Formula(a.qkRopeHeadDim)])
            let query: Formula
            let queryMACs: Formula
            if let r = a.qLoraRank {
                query = .sum([linear(hidden, Formula(r), bias: a.attentionBias), Formula(r), .product([Formula(r), h, qhd])])
                queryMACs = .sum([.product([t, hidden, Formula(r)]), .product([t, Formula(r), h, qhd])])
            } else {
                query = .product([hidden, h, qhd])
                queryMACs = .product([t, hidden, h, qhd])
            }
            let kva = Formula.sum([Formula(a.kvLoraRank), Formula(a.qkRopeHeadDim)])
            let kvb = Formula.sum([Formula(a.qkNopeHeadDim), Formula(a.vHeadDim)])
            let p = Formula.sum([
                query, linear(hidden, kva, bias: a.attentionBias), Formula(a.kvLoraRank),
                .product([Formula(a.kvLoraRank), h, kvb]),
                linear(.product([h, Formula(a.vHeadDim)]), hidden, bias: a.attentionBias),
            ])
            let macs = Formula.sum([
                queryMACs, .product([t, hidden, kva]), .product([t, Formula(a.kvLoraRank), h, kvb]),
                .product([h, t, t, qhd]), .product([h, t, t, Formula(a.vHeadDim)]),
                .product([t, h, Formula(a.vHeadDim), hidden]),
            ])
            return Worked(
                parameters: p.parameters(
                    (a.qLoraRank == nil ? "q_proj" : "q_a_proj + q_a_layernorm + q_b_proj")
                    + " + kv_a_proj_with_mqa + kv_a_layernorm + kv_b_proj + o_proj"),
                parameterCount: p.value, output: "output \(output)",
                macs: macs.macs("query path + kv_a + kv_b + QKᵀ + AV (in full) + o_proj"), macCount: macs.value,
                notes: ["KV cache per token: kv_lora_rank + qk_rope_head_dim = \(a.kvLoraRank + a.qkRopeHeadDim) values"])
        case .rmsNormalization(let n):
            return Worked(
                parameters: "\(decimal(n.hiddenSize)) params (one weight per feature, no bias)",
                parameterCount: n.hiddenSize, output: "output \(output) = the input shape",
                macs: "0 — \(normalizationMACs)", macCount: 0)
        case .feedForward(let f):
            let (p, m) = mlpFormulas(hidden: f.hiddenSize, intermediate: f.intermediateSize, output: f.outputSize, gated: f.isGated, bias: f.bias)
            return Worked(
                parameters: p.parameters(f.isGated ? "gate_proj + up_proj + down_proj" : "fc1 + fc2"),
                parameterCount: p.value, output: "output \(output)",
                macs: Formula.product([t, m]).macs("tokens · MACs per token"),
                macCount: Formula.product([t, m]).value,
                notes: ["activation \(f.hiddenAct): no parameters"])
        case .mixtureOfExperts(let e):
            let (one, oneMACs) = mlpFormulas(hidden: e.hiddenSize, intermediate: e.expertIntermediateSize, output: e.hiddenSize, gated: e.isGated, bias: e.expertBias)
            let router = linear(Formula(e.hiddenSize), Formula(e.numExperts), bias: e.routerBias)
            var terms = [router, .product([Formula(e.numExperts), one])]
            var macTerms = [Formula.product([Formula(e.hiddenSize), Formula(e.numExperts)]), .product([Formula(e.numExpertsPerTok), oneMACs])]
            var what = "router + num_experts · expert"
            if e.sharedIntermediateSize > 0 {
                let (shared, sharedMACs) = mlpFormulas(hidden: e.hiddenSize, intermediate: e.sharedIntermediateSize, output: e.hiddenSize, gated: e.isGated, bias: e.expertBias)
                terms.append(shared)
                macTerms.append(sharedMACs)
                what += " + shared experts"
                if e.sharedExpertGate { terms.append(Formula(e.hiddenSize)); macTerms.append(Formula(e.hiddenSize)); what += " + shared_expert_gate" }
            }
            let p = Formula.sum(terms)
            let macs = Formula.product([t, .sum(macTerms)])
            let inactive = Formula.product([.difference(Formula(e.numExperts), Formula(e.numExpertsPerTok)), one])
            return Worked(
                parameters: p.parameters(what), parameterCount: p.value, output: "output \(output)",
                macs: macs.macs("tokens · (router + num_experts_per_tok experts + shared experts)"), macCount: macs.value,
                notes: ["active per token: all but the idle routed experts, " + inactive.equation + " parameters idle"])
        case .patchEmbedding(let e):
            let patches = tokens(output) - (e.classToken ? 1 : 0)
            let kernel = Formula.product([Formula(e.numChannels), Formula(e.patchSize), Formula(e.patchSize)])
            var terms = [linear(kernel, Formula(e.hiddenSize), bias: e.useBias)]
            if e.classToken { terms.append(Formula(e.hiddenSize)) }
            if e.positionEmbeddings { terms.append(.product([Formula(tokens(output)), Formula(e.hiddenSize)])) }
            let p = Formula.sum(terms)
            let macs = Formula.product([Formula(patches), Formula(e.hiddenSize), kernel])
            return Worked(
                parameters: p.parameters("patch convolution" + (e.classToken ? " + class token" : "") + (e.positionEmbeddings ? " + position embeddings" : "")),
                parameterCount: p.value,
                output: "output \(output): \(decimal(patches)) patches of \(e.patchSize)×\(e.patchSize)" + (e.classToken ? " + the class token" : ""),
                macs: macs.macs("patches · hidden · C·p·p"), macCount: macs.value)
        case .positionalConvolution(let c):
            let weights = Formula.product([Formula(c.hiddenSize), Formula(c.hiddenSize / max(c.groups, 1)), Formula(c.kernelSize)])
            let p = Formula.sum([weights] + (c.weightNorm ? [Formula(c.kernelSize)] : []) + [Formula(c.hiddenSize)])
            // An even kernel computes one frame more, which is then dropped (Engine.convolvedFrames).
            let even = c.kernelSize % 2 == 0
            let frames = even ? Formula.sum([t, Formula(1)]) : t
            let macs = Formula.product([frames, weights])
            return Worked(
                parameters: p.parameters(c.weightNorm ? "weight_v + weight_g (weight norm over the kernel) + bias" : "weight + bias"), parameterCount: p.value,
                output: "output \(output) = the input shape (added)",
                macs: macs.macs(even ? "(T + 1) · hidden · hidden/groups · k (an even kernel computes one extra position)" : nil),
                macCount: macs.value)
        case .pooler(let hidden):
            let p = linear(Formula(hidden), Formula(hidden), bias: true)
            let macs = Formula.product([Formula(hidden), Formula(hidden)])
            return Worked(
                parameters: p.parameters("Linear(hidden, hidden) on the first token"), parameterCount: p.value,
                output: "output \(output): the first token's vector", macs: macs.macs(), macCount: macs.value)
        case .languageModelHead(let head):
            let weights = Formula.product([Formula(head.hiddenSize), Formula(head.vocabSize)])
            let p: Formula = head.isTied
                ? (head.bias ? Formula(head.vocabSize) : Formula(0))
                : (head.bias ? .sum([weights, Formula(head.vocabSize)]) : weights)
            let macs = Formula.product([t, Formula(head.hiddenSize), Formula(head.vocabSize)])
            return Worked(
                parameters: p.parameters(head.isTied ? "the weight is the token embedding's (tied), counted there" : "hidden · vocab_size"),
                parameterCount: p.value, output: "output \(output): one logit per vocabulary entry",
                macs: macs.macs("tokens · hidden · vocab_size"), macCount: macs.value)
        default:
            return nil
        }
    }

    /// Parameters and per-token MACs of one MLP as formulas.
    private static func mlpFormulas(hidden: Int, intermediate: Int, output: Int, gated: Bool, bias: Bool) -> (Formula, Formula) {
        let up = linear(Formula(hidden), Formula(intermediate), bias: bias)
        let down = linear(Formula(intermediate), Formula(output), bias: bias)
        let upMACs = Formula.product([Formula(hidden), Formula(intermediate)])
        let downMACs = Formula.product([Formula(intermediate), Formula(output)])
        if gated {
            return (.sum([.product([Formula(2), up]), down]), .sum([.product([Formula(2), upMACs]), downMACs]))
        }
        return (.sum([up, down]), .sum([upMACs, downMACs]))
    }
}
