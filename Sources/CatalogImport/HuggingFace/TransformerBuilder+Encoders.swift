import CatalogCore

extension TransformerBuilder {
    /// A post-norm encoder block (BERT and its relatives): `LN(x + attn(x))`, then
    /// `LN(· + mlp(·))`; every projection with bias. Returns the block's output.
    static func addPostNormBlock(
        _ l: String, names: (attn: String, ln1: String, mlp: String, ln2: String), hidden: Int, heads: Int,
        intermediate: Int, act: String, into g: inout TransformerGraph
    ) throws(TransformerConfigError) {
        let residual = g.last
        try g.add(l + names.attn, "TransformerAttention", [
            "hidden_size": .int(hidden), "num_attention_heads": .int(heads), "attention_bias": .bool(true),
        ])
        try g.add(l + "residual_attention", "Add", inputs: [residual, g.last])
        try g.add(l + names.ln1, "LayerNormalization")
        let mid = g.last
        try g.add(l + names.mlp, "FeedForward", [
            "hidden_size": .int(hidden), "intermediate_size": .int(intermediate), "mlp_bias": .bool(true),
            "hidden_act": .string(act),
        ])
        try g.add(l + "residual_mlp", "Add", inputs: [mid, g.last])
        try g.add(l + names.ln2, "LayerNormalization")
    }

    /// Refuses `add_cross_attention: true`, which gives every block of BERT, RoBERTa, ELECTRA and
    /// GPT-2 a `crossattention` (and GPT-2 an `ln_cross_attn`) over an encoder's states: the
    /// decoder half of an encoder-decoder pair, whose parameters and MACs depend on that encoder.
    /// - Throws: ``TransformerConfigError`` naming the key and the model type.
    static func refuseCrossAttention(_ c: TransformerConfig, modelType: String) throws(TransformerConfigError) {
        if try c.bool("add_cross_attention", default: false) {
            throw TransformerConfigError("'add_cross_attention' true (a \(modelType) decoder with cross-attention to an encoder's states, as inside an encoder-decoder model) is not supported")
        }
    }

    /// BERT, RoBERTa, ELECTRA, ALBERT, DistilBERT (transformers' `BertModel`, `RobertaModel`,
    /// `ElectraModel`, `AlbertModel`, `DistilBertModel` and their task classes).
    ///
    /// Embeddings: `word_embeddings`, `position_embeddings` (`max_position_embeddings` rows),
    /// `token_type_embeddings` (`type_vocab_size`; DistilBERT has none), `LayerNorm`; ELECTRA
    /// and ALBERT embed at `embedding_size` and project to `hidden_size`. Blocks are post-norm
    /// with biases everywhere; ALBERT's `num_hidden_groups` blocks are shared by all layers
    /// (counted once, their MACs once per layer). Heads: the pooler (`BertModel`, `AlbertModel`,
    /// sequence classification, pre-training), the MLM transform with the tied decoder and its
    /// bias, classifiers of `num_labels`.
    static func buildBERTFamily(
        _ c: TransformerConfig, modelType: String, className: String?, options: TransformerBuildOptions,
        into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let distil = modelType == "distilbert"
        if ["bert", "roberta", "electra"].contains(modelType) { try refuseCrossAttention(c, modelType: modelType) }
        let vocab = try c.int("vocab_size", default: modelType == "roberta" ? 50265 : modelType == "albert" ? 30000 : 30522)
        let hidden = try c.int(distil ? "dim" : "hidden_size", default: modelType == "albert" ? 4096 : modelType == "electra" ? 256 : 768)
        let layers = try c.layerCount(distil ? "n_layers" : "num_hidden_layers", default: distil ? 6 : 12)
        let heads = try c.int(distil ? "n_heads" : "num_attention_heads", default: modelType == "albert" ? 64 : modelType == "electra" ? 4 : 12)
        let intermediate = try c.int(distil ? "hidden_dim" : "intermediate_size", default: modelType == "albert" ? 16384 : modelType == "electra" ? 1024 : 3072)
        let positions = try c.int("max_position_embeddings", default: 512)
        let typeVocab = distil ? 0 : try c.int("type_vocab_size", default: 2, minimum: 0)
        let embedding = modelType == "electra" || modelType == "albert" ? try c.int("embedding_size", default: 128) : hidden
        let act = try c.string(distil ? "activation" : "hidden_act", default: modelType == "albert" ? "gelu_new" : "gelu")
        let base = ["bert": "bert", "roberta": "roberta", "electra": "electra", "albert": "albert", "distilbert": "distilbert"][modelType]!

        // The head, from the class name.
        enum Head { case none, maskedLM, preTraining, sequence, token, question, nextSentence, causalLM, discriminator, multipleChoice }
        let cls = className ?? ""
        let head: Head
        if className == nil || cls.hasSuffix("Model") && !cls.hasSuffix("LMHeadModel") {
            head = .none
        } else if cls.hasSuffix("ForMaskedLM") {
            head = .maskedLM
        } else if cls.hasSuffix("ForPreTraining") {
            head = modelType == "electra" ? .discriminator : .preTraining
        } else if cls.hasSuffix("ForSequenceClassification") {
            head = .sequence
        } else if cls.hasSuffix("ForTokenClassification") {
            head = .token
        } else if cls.hasSuffix("ForQuestionAnswering") {
            head = .question
        } else if cls.hasSuffix("ForMultipleChoice") {
            head = .multipleChoice
        } else if cls.hasSuffix("ForNextSentencePrediction") && modelType == "bert" {
            head = .nextSentence
        } else if cls.hasSuffix("ForCausalLM") || cls.hasSuffix("LMHeadModel") {
            head = .causalLM
        } else {
            throw unsupportedClass(cls, ["…Model", "…ForMaskedLM", "…ForPreTraining", "…ForSequenceClassification", "…ForTokenClassification", "…ForQuestionAnswering", "…ForMultipleChoice", "…ForCausalLM", "BertForNextSentencePrediction"])
        }
        // Which classes keep the pooler: BertModel/AlbertModel and those built on the pooled output.
        // RobertaModel keeps one too, and RobertaForMultipleChoice (built on the pooled output); its
        // other task classes do not (`add_pooling_layer=False`).
        let pooler = (modelType == "bert" || modelType == "albert")
            && (head == .none || head == .preTraining || head == .nextSentence || head == .sequence || head == .multipleChoice)
            || modelType == "roberta" && (head == .none || head == .multipleChoice)
        let p = head == .none ? "" : base + "."
        let t = try tokens(options, positions: modelType == "roberta" ? positions - 2 : positions)
        try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
        let e = p + "embeddings."
        try g.add(e + "word_embeddings", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(embedding)])
        try g.add(e + "position_embeddings", "PositionEmbedding", ["num_embeddings": .int(positions), "embedding_dim": .int(embedding)])
        if typeVocab > 0 {
            try g.add(e + "token_type_embeddings", "PositionEmbedding", [
                "num_embeddings": .int(typeVocab), "embedding_dim": .int(embedding), "per_position": .bool(false),
            ])
        }
        try g.add(e + "LayerNorm", "LayerNormalization")
        if modelType == "electra", embedding != hidden {
            try g.add(p + "embeddings_project", "Dense", ["units": .int(hidden)])
        }
        if modelType == "albert" {
            try g.add(p + "encoder.embedding_hidden_mapping_in", "Dense", ["units": .int(hidden)])
            try addALBERTLayers(c, prefix: p + "encoder.", hidden: hidden, heads: heads, intermediate: intermediate, layers: layers, act: act, into: &g)
        } else if distil {
            for i in 0..<layers {
                try addPostNormBlock(
                    "\(p)transformer.layer.\(i).", names: ("attention", "sa_layer_norm", "ffn", "output_layer_norm"),
                    hidden: hidden, heads: heads, intermediate: intermediate, act: act, into: &g)
            }
        } else {
            for i in 0..<layers {
                try addPostNormBlock(
                    "\(p)encoder.layer.\(i).", names: ("attention", "attention.output.LayerNorm", "intermediate", "output.LayerNorm"),
                    hidden: hidden, heads: heads, intermediate: intermediate, act: act, into: &g)
            }
        }
        let sequenceOutput = g.last
        if pooler {
            try g.add(p + "pooler", "Pooler", ["hidden_size": .int(hidden)])
        }
        let labels = try c.numLabels()
        // An MLM prediction head: transform dense + LayerNorm, tied decoder with its own bias.
        // `separateBias`: the head's `bias` parameter (BERT's `cls.predictions.bias`, RoBERTa's
        // `lm_head.bias`, ALBERT's `predictions.bias`), which transformers ties to the decoder's
        // bias only together with the word embeddings (`_tied_weights_keys` of BertForMaskedLM,
        // RobertaForMaskedLM, AlbertForMaskedLM): untied, it is a second vocab_size vector.
        func maskedLM(_ prefix: String, width: Int, separateBias: String? = nil) throws(TransformerConfigError) {
            let tied = try c.bool("tie_word_embeddings", default: true)
            try g.add(prefix + "dense", "Dense", ["units": .int(width)], inputs: [sequenceOutput])
            try g.add(prefix + "LayerNorm", "LayerNormalization")
            try g.add(prefix + "decoder", "LMHead", [
                "hidden_size": .int(width), "vocab_size": .int(vocab), "bias": .bool(true),
                "tie_word_embeddings": .bool(tied),
            ])
            if let separateBias, !tied {
                // A one-row table added to the logits (as DeBERTa's untied `cls.predictions.bias`).
                try g.add(separateBias, "PositionEmbedding", [
                    "num_embeddings": .int(1), "embedding_dim": .int(vocab), "per_position": .bool(false),
                ])
            }
        }
        // The first token's hidden state (`[:, 0]`), which the multiple-choice heads read.
        func firstToken() throws(TransformerConfigError) {
            try addTokenSelection("first_token", index: 0, tokens: t, input: sequenceOutput, into: &g)
        }
        switch (head, modelType) {
        case (.none, _): break
        case (.maskedLM, "bert"), (.causalLM, "bert"):
            try maskedLM("cls.predictions.transform.", width: hidden, separateBias: "cls.predictions.bias")
        case (.preTraining, "bert"):
            try maskedLM("cls.predictions.transform.", width: hidden, separateBias: "cls.predictions.bias")
            try g.add("cls.seq_relationship", "Dense", ["units": .int(2)], inputs: [p + "pooler"])
        case (.nextSentence, _): try g.add("cls.seq_relationship", "Dense", ["units": .int(2)])
        case (.maskedLM, "roberta"), (.causalLM, "roberta"): try maskedLM("lm_head.", width: hidden, separateBias: "lm_head.bias")
        case (.maskedLM, "electra"), (.causalLM, "electra"):
            // ElectraForCausalLM has the generator's head too (`generator_predictions`, `generator_lm_head`).
            try maskedLM("generator_predictions.", width: embedding)
        case (.discriminator, _):
            try g.add("discriminator_predictions.dense", "Dense", ["units": .int(hidden)])
            try g.add("discriminator_predictions.dense_prediction", "Dense", ["units": .int(1)])
        case (.maskedLM, "albert"), (.preTraining, "albert"):
            try maskedLM("predictions.", width: embedding, separateBias: "predictions.bias")
            if head == .preTraining { try g.add("sop_classifier.classifier", "Dense", ["units": .int(2)], inputs: [p + "pooler"]) }
        case (.maskedLM, "distilbert"): try maskedLM("vocab_", width: hidden)
        // RobertaClassificationHead / ElectraClassificationHead (`dense`, `out_proj`) and DistilBERT's
        // `pre_classifier` + `classifier` read the first token only (`features[:, 0, :]`).
        case (.sequence, "roberta"), (.sequence, "electra"):
            try firstToken()
            try g.add("classifier.dense", "Dense", ["units": .int(hidden)])
            try g.add("classifier.out_proj", "Dense", ["units": .int(labels)])
        case (.sequence, "distilbert"):
            try firstToken()
            try g.add("pre_classifier", "Dense", ["units": .int(hidden)])
            try g.add("classifier", "Dense", ["units": .int(labels)])
        case (.sequence, _): try g.add("classifier", "Dense", ["units": .int(labels)])
        case (.token, _): try g.add("classifier", "Dense", ["units": .int(labels)], inputs: [sequenceOutput])
        // `qa_outputs`: `Linear(hidden, num_labels)` (2, start and end, unless the config says otherwise).
        case (.question, _): try g.add("qa_outputs", "Dense", ["units": .int(labels)], inputs: [sequenceOutput])
        // Multiple choice: one logit per choice, `Linear(hidden, 1)`, on the pooled output (BERT,
        // RoBERTa, ALBERT), after DistilBERT's `pre_classifier`, or after ELECTRA's
        // `sequence_summary` (`summary`: `Linear(hidden, hidden)` when `summary_use_proj`).
        case (.multipleChoice, "distilbert"):
            try firstToken()
            try g.add("pre_classifier", "Dense", ["units": .int(hidden)])
            try g.add("classifier", "Dense", ["units": .int(1)])
        case (.multipleChoice, "electra"):
            try firstToken()
            if try c.bool("summary_use_proj", default: true) {
                if try c.bool("summary_proj_to_labels", default: false) {
                    throw TransformerConfigError("ElectraForMultipleChoice with summary_proj_to_labels is not supported (its classifier would not match the summary's width)")
                }
                try g.add("sequence_summary.summary", "Dense", ["units": .int(hidden)])
            }
            try g.add("classifier", "Dense", ["units": .int(1)])
        case (.multipleChoice, _): try g.add("classifier", "Dense", ["units": .int(1)])
        default:
            throw unsupportedClass(cls, ["…Model", "…ForMaskedLM", "…ForSequenceClassification", "…ForTokenClassification", "…ForQuestionAnswering", "…ForMultipleChoice"])
        }
        return describe(className ?? "\(base) base model", tokens: t)
    }

    /// ALBERT's shared layers: group `k` of `num_hidden_groups` serves layers
    /// `k·L/G ..< (k+1)·L/G`; its modules are built at their first use and called again (the
    /// engine counts parameters once and MACs per call). `inner_group_num` layers per group.
    static func addALBERTLayers(
        _ c: TransformerConfig, prefix: String, hidden: Int, heads: Int, intermediate: Int, layers: Int, act: String,
        into g: inout TransformerGraph
    ) throws(TransformerConfigError) {
        // AlbertTransformer builds `num_hidden_groups` groups of `inner_group_num` layers and runs
        // `num_hidden_layers × inner_group_num` of them: each a count of layers.
        let groups = try c.layerCount("num_hidden_groups", default: 1)
        let inner = try c.layerCount("inner_group_num", default: 1)
        guard layers * inner <= TransformerLimits.layers else {
            throw TransformerConfigError(
                "'\(c.keyPath)num_hidden_layers' \(layers) × '\(c.keyPath)inner_group_num' \(inner) is \(decimal(layers * inner)) layers, more than the \(decimal(TransformerLimits.layers)) layers catalog builds (the deepest released models have 100–200, the deepest trained 1,000); not a real model")
        }
        var current = TensorReference(layer: g.last)
        var calls: [String: Int] = [:]
        /// Calls `name` (creating it with `type` and `config` at its first use) on `inputs`.
        func apply(_ name: String, _ type: String, _ config: [String: ConfigValue], _ inputs: [TensorReference]) throws(TransformerConfigError) -> TensorReference {
            if let index = g.layers.firstIndex(where: { $0.name == name }) {
                g.layers[index].calls.append(inputs)
                let node = calls[name, default: 0] + 1
                calls[name] = node
                return TensorReference(layer: name, node: node)
            }
            try g.add(name, type, config, inputs: [])
            g.layers[g.layers.count - 1].calls = [inputs]
            return TensorReference(layer: name)
        }
        for i in 0..<layers {
            let group = i * groups / layers
            for j in 0..<inner {
                let l = "\(prefix)albert_layer_groups.\(group).albert_layers.\(j)."
                let residual = current
                let attended = try apply(l + "attention", "TransformerAttention", [
                    "hidden_size": .int(hidden), "num_attention_heads": .int(heads), "attention_bias": .bool(true),
                ], [current])
                try g.add("\(prefix)layer.\(i).\(j).residual_attention", "Add", inputs: [])
                g.layers[g.layers.count - 1].calls = [[residual, attended]]
                let normed = try apply(l + "attention.LayerNorm", "LayerNormalization", [:], [TensorReference(layer: g.last)])
                let mlp = try apply(l + "ffn", "FeedForward", [
                    "hidden_size": .int(hidden), "intermediate_size": .int(intermediate), "mlp_bias": .bool(true),
                    "hidden_act": .string(act),
                ], [normed])
                try g.add("\(prefix)layer.\(i).\(j).residual_mlp", "Add", inputs: [])
                g.layers[g.layers.count - 1].calls = [[normed, mlp]]
                current = try apply(l + "full_layer_layer_norm", "LayerNormalization", [:], [TensorReference(layer: g.last)])
            }
        }
        // Later layers consume the last output: a pass-through named for it keeps `g.last` valid.
        try g.add(prefix + "output", "Identity", inputs: [])
        g.layers[g.layers.count - 1].calls = [[current]]
    }

    /// T5 / Flan-T5 (`T5Model`, `T5ForConditionalGeneration`, `T5EncoderModel`, `T5ForQuestionAnswering`,
    /// `T5ForSequenceClassification`, `T5ForTokenClassification`): `shared`
    /// embedding (the encoder's and decoder's `embed_tokens` are it); blocks of self-attention
    /// (q, k, v, o without bias, `num_heads · d_kv` wide; block 0 holds the relative position
    /// bias `relative_attention_num_buckets × num_heads`), decoder cross-attention, the
    /// `DenseReluDense` MLP (`wi`, `wo`; gated `wi_0`, `wi_1`, `wo` for `gated-…`
    /// `feed_forward_proj`), an RMS `layer_norm` before each; `final_layer_norm`s; `lm_head`
    /// tied only when the file's `tie_word_embeddings` is (default true).
    static func buildT5(
        _ c: TransformerConfig, className: String?, options: TransformerBuildOptions, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let vocab = try c.int("vocab_size", default: 32128)
        let d = try c.int("d_model", default: 512)
        let dkv = try c.int("d_kv", default: 64)
        let ff = try c.int("d_ff", default: 2048)
        let layers = try c.layerCount("num_layers", default: 6)
        let decoderLayers = try c.layerCount("num_decoder_layers", default: layers)
        let heads = try c.int("num_heads", default: 8)
        let buckets = try c.int("relative_attention_num_buckets", default: 32)
        let projection = try c.string("feed_forward_proj", default: "relu")
        let gated = projection.hasPrefix("gated-")
        let cls = className ?? "T5Model"
        let encoderOnly = cls == "T5EncoderModel" || cls == "T5ForTokenClassification"
        let supported = [
            "T5Model", "T5ForConditionalGeneration", "T5EncoderModel", "T5ForQuestionAnswering",
            "T5ForSequenceClassification", "T5ForTokenClassification",
        ]
        guard supported.contains(cls) else { throw unsupportedClass(cls, supported) }
        // The sequence and token classifiers hold the model as `transformer`.
        let p = cls == "T5ForSequenceClassification" || cls == "T5ForTokenClassification" ? "transformer." : ""
        let t = try tokens(options, positions: nil)
        try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
        try g.add(p + "shared", "TokenEmbedding", ["vocab_size": .int(vocab), "hidden_size": .int(d)])
        func attention(_ i: Int, cross: Bool) -> [String: ConfigValue] {
            var a: [String: ConfigValue] = [
                "hidden_size": .int(d), "num_attention_heads": .int(heads), "head_dim": .int(dkv),
            ]
            if i == 0, !cross { a["relative_attention_num_buckets"] = .int(buckets) }
            if cross { a["is_cross_attention"] = .bool(true) }
            return a
        }
        let mlp: [String: ConfigValue] = [
            "hidden_size": .int(d), "intermediate_size": .int(ff), "gated": .bool(gated),
            "hidden_act": .string(try c.string("dense_act_fn", default: gated ? String(projection.dropFirst(6)) : projection)),
        ]
        func block(_ l: String, _ i: Int, encoderOutput: String?) throws(TransformerConfigError) {
            var residual = g.last
            try g.add(l + "layer.0.layer_norm", "RMSNorm", ["hidden_size": .int(d)])
            try g.add(l + "layer.0.SelfAttention", "TransformerAttention", attention(i, cross: false))
            try g.add(l + "layer.0.residual", "Add", inputs: [residual, g.last])
            var ffIndex = 1
            if let encoderOutput {
                residual = g.last
                try g.add(l + "layer.1.layer_norm", "RMSNorm", ["hidden_size": .int(d)])
                try g.add(l + "layer.1.EncDecAttention", "TransformerAttention", attention(i, cross: true), inputs: [g.last, encoderOutput])
                try g.add(l + "layer.1.residual", "Add", inputs: [residual, g.last])
                ffIndex = 2
            }
            residual = g.last
            try g.add(l + "layer.\(ffIndex).layer_norm", "RMSNorm", ["hidden_size": .int(d)])
            try g.add(l + "layer.\(ffIndex).DenseReluDense", "FeedForward", mlp)
            try g.add(l + "layer.\(ffIndex).residual", "Add", inputs: [residual, g.last])
        }
        for i in 0..<layers { try block("\(p)encoder.block.\(i).", i, encoderOutput: nil) }
        try g.add(p + "encoder.final_layer_norm", "RMSNorm", ["hidden_size": .int(d)])
        if !encoderOnly {
            let encoderOutput = g.last
            // The decoder reads its own tokens (as many as the encoder's here) through `shared`.
            try g.add("decoder_input_ids", "InputLayer", ["shape": .ints([t])])
            // The decoder's embedding is `shared` (tied): a second call of the same layer.
            let shared = g.layers.firstIndex { $0.name == p + "shared" }!
            g.layers[shared].calls.append([TensorReference(layer: "decoder_input_ids")])
            try g.add("decoder.embedded", "Identity", inputs: [])
            g.layers[g.layers.count - 1].calls = [[TensorReference(layer: p + "shared", node: 1)]]
            for i in 0..<decoderLayers { try block("\(p)decoder.block.\(i).", i, encoderOutput: encoderOutput) }
            try g.add(p + "decoder.final_layer_norm", "RMSNorm", ["hidden_size": .int(d)])
            if cls == "T5ForQuestionAnswering" {
                // `qa_outputs`: `Linear(d_model, num_labels)` on the decoder's output.
                try g.add("qa_outputs", "Dense", ["units": .int(try c.numLabels())])
            } else if cls == "T5ForSequenceClassification" {
                // `classification_head`: `dense` `Linear(d_model, d_model)`, `out_proj`
                // `Linear(d_model, num_labels)`, both with bias, on the decoder's state at the
                // last EOS token (the input ends with it): one token.
                try addTokenSelection("classification_head.eos_token", index: t - 1, tokens: t, into: &g)
                try g.add("classification_head.dense", "Dense", ["units": .int(d)])
                try g.add("classification_head.out_proj", "Dense", ["units": .int(try c.numLabels())])
            } else if cls == "T5ForConditionalGeneration" {
                try g.add("lm_head", "LMHead", [
                    "hidden_size": .int(d), "vocab_size": .int(vocab),
                    "tie_word_embeddings": .bool(try c.bool("tie_word_embeddings", default: true)),
                ])
            }
        }
        if cls == "T5ForTokenClassification" {
            // `classifier`: `Linear(d_model, num_labels)` on every encoder token.
            try g.add("classifier", "Dense", ["units": .int(try c.numLabels())])
        }
        return describe(cls, tokens: t, what: "tokens (encoder and decoder each)")
    }

}
