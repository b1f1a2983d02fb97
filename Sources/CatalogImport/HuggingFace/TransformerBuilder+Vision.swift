import CatalogCore

extension TransformerBuilder {
    /// A pre-norm encoder layer with LayerNorms and biased projections (ViT, CLIP, wav2vec2's
    /// stable-layer-norm variant).
    static func addEncoderLayer(
        _ l: String, names: (ln1: String, attn: String, ln2: String, mlp: String), hidden: Int, heads: Int,
        intermediate: Int, act: String, qkvBias: Bool = true, into g: inout TransformerGraph
    ) throws(TransformerConfigError) {
        try addPreNormBlock(
            l, names: names,
            attention: ["hidden_size": .int(hidden), "num_attention_heads": .int(heads), "q_proj_bias": .bool(qkvBias),
                        "k_proj_bias": .bool(qkvBias), "v_proj_bias": .bool(qkvBias), "o_proj_bias": .bool(true)],
            mlp: ["hidden_size": .int(hidden), "intermediate_size": .int(intermediate), "mlp_bias": .bool(true),
                  "hidden_act": .string(act)],
            into: &g)
    }

    /// ViT (`ViTModel` with its pooler, `ViTForImageClassification` and
    /// `ViTForMaskedImageModeling` without it): patch embedding (`Conv2d` with bias, `cls_token`,
    /// `position_embeddings` of patches + 1), pre-norm layers (`layernorm_before`, attention with
    /// `qkv_bias`, `layernorm_after`, MLP), `layernorm`; the pooler's `Linear(hidden,
    /// pooler_output_size)`; the classifier `Linear(hidden, num_labels)` on the class token;
    /// masked image modelling's `mask_token` (`hidden_size` values, mixed in elementwise where
    /// patches are masked: no MACs) and `decoder`: a 1×1 `Conv2d(hidden,
    /// encoder_stride²·num_channels)` with bias over the patch grid (the class token dropped),
    /// then `PixelShuffle(encoder_stride)` (no parameters, no MACs).
    static func buildViT(
        _ c: TransformerConfig, className: String?, options: TransformerBuildOptions, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let cls = try supportedClass(className, ["ViTModel", "ViTForImageClassification", "ViTForMaskedImageModeling"])
        let hidden = try c.int("hidden_size", default: 768)
        let image = try c.int("image_size", default: 224)
        let channels = try c.int("num_channels", default: 3)
        let p = cls == "ViTModel" ? "" : "vit."
        try g.add("pixel_values", "InputLayer", ["shape": .ints([channels, image, image])])
        try g.add(p + "embeddings", "PatchEmbedding", [
            "num_channels": .int(channels), "patch_size": .int(try c.int("patch_size", default: 16)), "hidden_size": .int(hidden),
        ])
        if cls == "ViTForMaskedImageModeling" {
            try g.add(p + "embeddings.mask_token", "PositionEmbedding", [
                "num_embeddings": .int(1), "embedding_dim": .int(hidden), "per_position": .bool(false),
            ])
        }
        let heads = try c.int("num_attention_heads", default: 12)
        let intermediate = try c.int("intermediate_size", default: 3072)
        let act = try c.string("hidden_act", default: "gelu")
        let qkvBias = try c.bool("qkv_bias", default: true)
        for i in 0..<(try c.layerCount("num_hidden_layers", default: 12)) {
            try addEncoderLayer(
                "\(p)layers.\(i).", names: ("layernorm_before", "attention", "layernorm_after", "mlp"),
                hidden: hidden, heads: heads, intermediate: intermediate, act: act, qkvBias: qkvBias, into: &g)
        }
        try g.add(p + "layernorm", "LayerNormalization")
        if cls == "ViTModel" {
            // ViTPooler: `dense` = `Linear(hidden_size, pooler_output_size)` (default hidden_size) on
            // the class token.
            let pooled = try c.int("pooler_output_size", default: hidden)
            if pooled == hidden {
                try g.add("pooler", "Pooler", ["hidden_size": .int(hidden)])
            } else {
                let patch = try c.int("patch_size", default: 16)
                try g.add("pooler.token", "Cropping1D", ["cropping": .ints([0, try product(image / patch, image / patch, what: "the patches, ('image_size' / 'patch_size')²")])])
                try g.add("pooler.flatten", "Flatten")
                try g.add("pooler.dense", "Dense", ["units": .int(pooled)])
            }
        } else if cls == "ViTForMaskedImageModeling" {
            let grid = image / (try c.int("patch_size", default: 16))
            let stride = try c.int("encoder_stride", default: 16)
            // `sequence_output[:, 1:]` as `(hidden, grid, grid)`.
            try g.add("decoder.patches", "Cropping1D", ["cropping": .ints([1, 0])])
            try g.add("decoder.channels_first", "Permute", ["dims": .ints([2, 1])])
            try g.add("decoder.grid", "Reshape", ["target_shape": .ints([hidden, grid, grid])])
            try g.add("decoder.0", "Conv2D", [
                "filters": .int(try product(stride, stride, channels, what: "'encoder_stride'² × 'num_channels'")), "kernel_size": .int(1), "data_format": .string("channels_first"),
            ])
            // PixelShuffle: `(stride²·C, g, g)` to `(C, g·stride, g·stride)`, a rearrangement.
            try g.add("decoder.1", "Reshape", ["target_shape": .ints([channels, try product(grid, stride, what: "the decoded image side"), try product(grid, stride, what: "the decoded image side")])])
        } else {
            try g.add("classifier.token", "Cropping1D", ["cropping": .ints([0, try product(image / (try c.int("patch_size", default: 16)), image / (try c.int("patch_size", default: 16)), what: "the patches, ('image_size' / 'patch_size')²")])])
            try g.add("classifier.flatten", "Flatten")
            try g.add("classifier", "Dense", ["units": .int(try c.numLabels())])
        }
        return "Hugging Face \(cls); MACs for one \(image)×\(image) image"
    }

    /// CLIP (`CLIPModel`: text and vision towers, `text_projection`, `visual_projection`
    /// without bias, `logit_scale`), and `CLIPTextModel`, `CLIPVisionModel` and their
    /// `…WithProjection` forms. Text: `token_embedding`, `position_embedding`
    /// (`max_position_embeddings`), pre-norm layers, `final_layer_norm`, the EOS token pooled;
    /// vision: patch embedding without bias with `class_embedding` and position embedding,
    /// `pre_layrnorm`, layers, the class token through `post_layernorm`.
    static func buildCLIP(
        _ c: TransformerConfig, modelType: String, className: String?, options: TransformerBuildOptions,
        into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let supported = [
            "CLIPModel", "CLIPTextModel", "CLIPVisionModel", "CLIPTextModelWithProjection", "CLIPVisionModelWithProjection",
            "CLIPForImageClassification",
        ]
        let fallback = modelType == "clip_text_model" ? "CLIPTextModel" : modelType == "clip_vision_model" ? "CLIPVisionModel" : "CLIPModel"
        let cls = className ?? fallback
        guard supported.contains(cls) else { throw unsupportedClass(cls, supported) }
        // Older hub files (openai/clip-*) also carry `text_config_dict` / `vision_config_dict`:
        // CLIPConfig then builds each tower from that dict alone (its defaults for the keys it
        // lacks), whatever `text_config` / `vision_config` say.
        let text = modelType == "clip" ? (c.nested("text_config_dict") ?? c.nested("text_config") ?? TransformerConfig([:])) : c
        let imageClassifier = cls == "CLIPForImageClassification"
        let vision = modelType == "clip" ? (c.nested("vision_config_dict") ?? c.nested("vision_config") ?? TransformerConfig([:])) : c
        let projection = try c.int("projection_dim", default: 512)
        var described = "Hugging Face \(cls)"
        var outputs: [String] = []
        if cls == "CLIPModel" || cls.hasPrefix("CLIPText") {
            let hidden = try text.int("hidden_size", default: 512)
            let positions = try text.int("max_position_embeddings", default: 77)
            let t = try tokens(options, positions: positions)
            let p = cls == "CLIPModel" ? "text_model." : cls == "CLIPTextModel" ? "text_model." : "text_model."
            try g.add("input_ids", "InputLayer", ["shape": .ints([t])])
            try g.add(p + "embeddings.token_embedding", "TokenEmbedding", ["vocab_size": .int(try text.int("vocab_size", default: 49408)), "hidden_size": .int(hidden)])
            try g.add(p + "embeddings.position_embedding", "PositionEmbedding", ["num_embeddings": .int(positions), "embedding_dim": .int(hidden)])
            let heads = try text.int("num_attention_heads", default: 8), inter = try text.int("intermediate_size", default: 2048)
            let act = try text.string("hidden_act", default: "quick_gelu")
            for i in 0..<(try text.layerCount("num_hidden_layers", default: 12)) {
                try addEncoderLayer("\(p)encoder.layers.\(i).", names: ("layer_norm1", "self_attn", "layer_norm2", "mlp"),
                                    hidden: hidden, heads: heads, intermediate: inter, act: act, into: &g)
            }
            try g.add(p + "final_layer_norm", "LayerNormalization")
            try g.add(p + "pooled", "Cropping1D", ["cropping": .ints([t - 1, 0])])
            try g.add(p + "pooled_flat", "Flatten")
            if cls != "CLIPTextModel" {
                try g.add("text_projection", "Dense", ["units": .int(projection), "use_bias": .bool(false)])
            }
            outputs.append(g.last)
            described += "; MACs over \(t) text tokens"
        }
        if cls == "CLIPModel" || cls.hasPrefix("CLIPVision") || imageClassifier {
            let hidden = try vision.int("hidden_size", default: 768)
            let image = try vision.int("image_size", default: 224)
            let patch = try vision.int("patch_size", default: 32)
            let channels = try vision.int("num_channels", default: 3)
            let p = "vision_model."
            try g.add("pixel_values", "InputLayer", ["shape": .ints([channels, image, image])])
            try g.add(p + "embeddings", "PatchEmbedding", [
                "num_channels": .int(channels), "patch_size": .int(patch), "hidden_size": .int(hidden), "use_bias": .bool(false),
            ])
            try g.add(p + "pre_layrnorm", "LayerNormalization")
            let heads = try vision.int("num_attention_heads", default: 12), inter = try vision.int("intermediate_size", default: 3072)
            let act = try vision.string("hidden_act", default: "quick_gelu")
            for i in 0..<(try vision.layerCount("num_hidden_layers", default: 12)) {
                try addEncoderLayer("\(p)encoder.layers.\(i).", names: ("layer_norm1", "self_attn", "layer_norm2", "mlp"),
                                    hidden: hidden, heads: heads, intermediate: inter, act: act, into: &g)
            }
            try g.add(p + "class_token", "Cropping1D", ["cropping": .ints([0, try product(image / patch, image / patch, what: "the patches, ('vision_config.image_size' / 'vision_config.patch_size')²")])])
            try g.add(p + "class_token_flat", "Flatten")
            try g.add(p + "post_layernorm", "LayerNormalization")
            if imageClassifier {
                // `classifier`: `Linear(vision hidden_size, num_labels)` (transformers applies it to
                // the mean of the patch tokens; its parameters and MACs are the same).
                try g.add("classifier", "Dense", ["units": .int(try c.numLabels())])
            } else if cls != "CLIPVisionModel" {
                try g.add("visual_projection", "Dense", ["units": .int(projection), "use_bias": .bool(false)])
            }
            outputs.append(g.last)
            described += "; MACs for one \(image)×\(image) image"
        }
        if cls == "CLIPModel" {
            // The similarity of the two embeddings (`text_embeds @ image_embeds.t()`, projection_dim
            // MACs), scaled by `exp(logit_scale)`: one parameter, an elementwise product (no MACs),
            // held as a one-row table added to the `(1, 1)` similarity.
            try g.add("similarity", "Dot", ["axes": .int(1)], inputs: outputs)
            try g.add("similarity_matrix", "Reshape", ["target_shape": .ints([1, 1])])
            try g.add("logit_scale", "PositionEmbedding", [
                "num_embeddings": .int(1), "embedding_dim": .int(1), "per_position": .bool(false),
            ])
        }
        return described
    }

    /// wav2vec2 (`Wav2Vec2Model`, `Wav2Vec2ForCTC`, `Wav2Vec2ForSequenceClassification`): the
    /// feature encoder (`conv_dim`/`conv_kernel`/`conv_stride` 1-d convolutions, `conv_bias`;
    /// a GroupNorm after the first with `feat_extract_norm` "group", a LayerNorm after each with
    /// "layer"), `feature_projection` (`layer_norm`, `projection`), `masked_spec_embed` (a
    /// `hidden_size` vector, present when `mask_time_prob` or `mask_feature_prob` > 0), the
    /// weight-normed positional convolution, the encoder `layer_norm`, post-norm layers (pre-norm
    /// with `do_stable_layer_norm`, then with `adapter_attn_dim` an attention adapter per layer);
    /// the `add_adapter` convolutions; CTC's `lm_head` with bias. Input: raw audio samples.
    ///
    /// `Wav2Vec2ForPreTraining` adds `project_hid` `Linear(hidden, proj_codevector_dim)` on the
    /// encoder's output and the quantizer on the normed features (`extract_features`, `conv_dim[-1]`
    /// wide): `weight_proj` `Linear(conv_dim[-1], G·V)`, the argmax in each of the G
    /// `num_codevector_groups` over V `num_codevectors_per_group` logits, and the selected rows of
    /// `codevectors` (`G·V` rows of `codevector_dim / G`; selected by a one-hot product, which
    /// PyTorch runs elementwise: a lookup, no MACs), concatenated to `codevector_dim`, then
    /// `project_q` `Linear(codevector_dim, proj_codevector_dim)` (models/wav2vec2/modeling_wav2vec2.py,
    /// `Wav2Vec2GumbelVectorQuantizer` in eval mode).
    ///
    /// `Wav2Vec2ForXVector`: see ``addXVectorHead(_:into:)``. With `use_weighted_layer_sum` the
    /// sequence, frame and XVector heads read the weighted sum of the encoder's hidden states
    /// (``addWeightedLayerSum(_:hidden:into:)``) instead of its last one.
    static func buildWav2Vec2(
        _ c: TransformerConfig, className: String?, options: TransformerBuildOptions, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let cls = className ?? "Wav2Vec2Model"
        let supported = [
            "Wav2Vec2Model", "Wav2Vec2ForCTC", "Wav2Vec2ForSequenceClassification", "Wav2Vec2ForAudioFrameClassification",
            "Wav2Vec2ForPreTraining", "Wav2Vec2ForXVector",
        ]
        guard supported.contains(cls) else { throw unsupportedClass(cls, supported) }
        let hidden = try c.int("hidden_size", default: 768)
        let convDim = try c.intList("conv_dim") ?? [512, 512, 512, 512, 512, 512, 512]
        let kernels = try c.intList("conv_kernel") ?? [10, 3, 3, 3, 3, 2, 2]
        let strides = try c.intList("conv_stride") ?? [5, 2, 2, 2, 2, 2, 2]
        guard convDim.count == kernels.count, kernels.count == strides.count, !convDim.isEmpty else {
            throw TransformerConfigError("'conv_dim', 'conv_kernel' and 'conv_stride' must have the same length")
        }
        // Each entry is a convolution layer of the feature encoder: a count of layers.
        guard convDim.count <= TransformerLimits.layers else {
            throw TransformerConfigError(
                "'conv_dim' lists \(decimal(convDim.count)) convolution layers, more than the \(decimal(TransformerLimits.layers)) layers catalog builds (wav2vec2 has 7); not a real model")
        }
        let samples = options.tokens ?? 16000
        let norm = try c.string("feat_extract_norm", default: "group")
        let convBias = try c.bool("conv_bias", default: false)
        let p = cls == "Wav2Vec2Model" ? "" : "wav2vec2."
        try g.add("input_values", "InputLayer", ["shape": .ints([1, samples])])
        for i in convDim.indices {
            let l = "\(p)feature_extractor.conv_layers.\(i)."
            try g.add(l + "conv", "Conv1D", [
                "filters": .int(convDim[i]), "kernel_size": .int(kernels[i]), "strides": .int(strides[i]),
                "use_bias": .bool(convBias), "data_format": .string("channels_first"),
            ])
            if norm == "group", i == 0 {
                try g.add(l + "layer_norm", "GroupNormalization", ["groups": .int(convDim[0]), "axis": .int(1)])
            } else if norm == "layer" {
                try g.add(l + "layer_norm", "LayerNormalization", ["axis": .int(1)])
            }
        }
        try g.add(p + "feature_extractor.transpose", "Permute", ["dims": .ints([2, 1])])
        try g.add(p + "feature_projection.layer_norm", "LayerNormalization")
        try g.add(p + "feature_projection.projection", "Dense", ["units": .int(hidden)])
        let maskTime = try doubleValue(c, "mask_time_prob", default: 0.05)
        let maskFeature = try doubleValue(c, "mask_feature_prob", default: 0)
        if maskTime > 0 || maskFeature > 0 {
            try g.add(p + "masked_spec_embed", "PositionEmbedding", [
                "num_embeddings": .int(1), "embedding_dim": .int(hidden), "per_position": .bool(false),
            ])
        }
        try g.add(p + "encoder.pos_conv_embed", "PositionalConvolution", [
            "hidden_size": .int(hidden), "kernel_size": .int(try c.int("num_conv_pos_embeddings", default: 128)),
            "groups": .int(try c.int("num_conv_pos_embedding_groups", default: 16)),
        ])
        let stable = try c.bool("do_stable_layer_norm", default: false)
        if !stable { try g.add(p + "encoder.layer_norm", "LayerNormalization") }
        // The encoder's `hidden_states` (read by `use_weighted_layer_sum`): the input to every
        // layer, then the output (after the final `layer_norm` with `do_stable_layer_norm`).
        var states: [String] = []
        let heads = try c.int("num_attention_heads", default: 12), inter = try c.int("intermediate_size", default: 3072)
        let act = try c.string("hidden_act", default: "gelu")
        // MMS's attention adapters (`adapter_attn_dim`, stable-layer-norm layers only):
        // `x + linear_2(relu(linear_1(norm(x))))` after each layer (Wav2Vec2AttnAdapterLayer).
        let attnAdapter = stable ? try c.optionalInt("adapter_attn_dim") : nil
        for i in 0..<(try c.layerCount("num_hidden_layers", default: 12)) {
            let l = "\(p)encoder.layers.\(i)."
            states.append(g.last)
            if stable {
                try addEncoderLayer(l, names: ("layer_norm", "attention", "final_layer_norm", "feed_forward"),
                                    hidden: hidden, heads: heads, intermediate: inter, act: act, into: &g)
                if let attnAdapter {
                    let residual = g.last
                    try g.add(l + "adapter_layer.norm", "LayerNormalization")
                    try g.add(l + "adapter_layer.linear_1", "Dense", ["units": .int(attnAdapter), "activation": .string("relu")])
                    try g.add(l + "adapter_layer.linear_2", "Dense", ["units": .int(hidden)])
                    try g.add(l + "residual_adapter", "Add", inputs: [residual, g.last])
                }
            } else {
                try addPostNormBlock(l, names: ("attention", "layer_norm", "feed_forward", "final_layer_norm"),
                                     hidden: hidden, heads: heads, intermediate: inter, act: act, into: &g)
            }
        }
        if stable { try g.add(p + "encoder.layer_norm", "LayerNormalization") }
        states.append(g.last)
        // `add_adapter`: Wav2Vec2Adapter after the encoder: `proj` + `proj_layer_norm` to
        // `output_hidden_size` when it differs from hidden_size, then `num_adapter_layers` ×
        // (`Conv1d(out, 2·out, adapter_kernel_size, stride=adapter_stride, padding=1)` with bias,
        // GLU over the channels). The GLU halves the channels without parameters or matmuls: the
        // first half of the channel axis is kept (a crop), its gating product is not a MAC.
        var width = hidden
        if try c.bool("add_adapter", default: false) {
            width = try c.int("output_hidden_size", default: hidden)
            if width != hidden {
                try g.add(p + "adapter.proj", "Dense", ["units": .int(width)])
                try g.add(p + "adapter.proj_layer_norm", "LayerNormalization")
            }
            try g.add(p + "adapter.transpose", "Permute", ["dims": .ints([2, 1])])
            let kernel = try c.int("adapter_kernel_size", default: 3), stride = try c.int("adapter_stride", default: 2)
            for i in 0..<(try c.layerCount("num_adapter_layers", default: 3, minimum: 0)) {
                let l = "\(p)adapter.layers.\(i)."
                try g.add(l + "conv", "Conv1D", [
                    "filters": .int(try product(2, width, what: "the adapter's 2 × 'output_hidden_size' channels")), "kernel_size": .int(kernel), "strides": .int(stride), "padding": .int(1),
                    "data_format": .string("channels_first"),
                ])
                try g.add(l + "glu", "Cropping1D", ["cropping": .ints([0, width])])
            }
            try g.add(p + "adapter.transpose_back", "Permute", ["dims": .ints([2, 1])])
        }
        // `use_weighted_layer_sum` heads read the encoder's hidden states, not the adapter's output
        // (which still runs in Wav2Vec2Model's forward).
        let weighted = try c.bool("use_weighted_layer_sum", default: false)
        let layerSum = weighted && !["Wav2Vec2Model", "Wav2Vec2ForCTC", "Wav2Vec2ForPreTraining"].contains(cls)
        if layerSum { try addWeightedLayerSum(states, hidden: hidden, into: &g) }
        var described = ""
        switch cls {
        case "Wav2Vec2ForCTC":
            // `lm_head`: `Linear(output_hidden_size if add_adapter else hidden_size, vocab_size)`.
            try g.add("lm_head", "Dense", ["units": .int(try c.int("vocab_size", default: 32))])
        case "Wav2Vec2ForSequenceClassification":
            // `projector` on every frame, the mean over frames, `classifier` on the mean.
            try g.add("projector", "Dense", ["units": .int(try c.int("classifier_proj_size", default: 256))])
            try g.add("pooled", "GlobalAveragePooling1D")
            try g.add("classifier", "Dense", ["units": .int(try c.numLabels())])
        case "Wav2Vec2ForAudioFrameClassification":
            // `classifier`: `Linear(hidden_size, num_labels)` on every frame.
            try g.add("classifier", "Dense", ["units": .int(try c.numLabels())])
        case "Wav2Vec2ForPreTraining":
            let projected = try c.int("proj_codevector_dim", default: 256)
            let codevector = try c.int("codevector_dim", default: 256)
            let groups = try c.int("num_codevector_groups", default: 2)
            let perGroup = try c.int("num_codevectors_per_group", default: 320)
            guard codevector % groups == 0 else {
                throw TransformerConfigError("codevector_dim \(codevector) is not divisible by num_codevector_groups \(groups)")
            }
            try g.add("project_hid", "Dense", ["units": .int(projected)])
            try g.add("quantizer.weight_proj", "Dense", ["units": .int(try product(groups, perGroup, what: "'num_codevector_groups' × 'num_codevectors_per_group'"))], inputs: [p + "feature_projection.layer_norm"])
            try g.add("quantizer.groups", "Reshape", ["target_shape": .ints([-1, perGroup])])
            try g.add("quantizer.argmax", "GlobalMaxPooling1D", ["data_format": .string("channels_first")])
            try g.add("quantizer.codevectors", "TokenEmbedding", [
                "vocab_size": .int(try product(groups, perGroup, what: "'num_codevector_groups' × 'num_codevectors_per_group'")), "hidden_size": .int(codevector / groups),
            ])
            try g.add("quantizer.concatenated", "Reshape", ["target_shape": .ints([-1, codevector])])
            try g.add("project_q", "Dense", ["units": .int(projected)])
        case "Wav2Vec2ForXVector":
            try addXVectorHead(c, into: &g)
            described = "; objective (AMSoftmaxLoss weight, xvector_output_dim × num_labels) is counted but read only by the training loss (0 MACs)"
        default: break
        }
        if layerSum { described = "; use_weighted_layer_sum (layer_weights: 0 MACs)" + described }
        return "Hugging Face \(cls); MACs over \(samples) audio samples (add --input-shape N to change)" + described
    }

    static func doubleValue(_ c: TransformerConfig, _ key: String, default fallback: Double) throws(TransformerConfigError) -> Double {
        switch c.values[key] {
        case nil, .null?: return fallback
        case .double(let value)?: return value
        case .int(let value)?: return Double(value)
        case let other?: throw TransformerConfigError("'\(key)' must be a number, found \(other.displayText)")
        }
    }
}
