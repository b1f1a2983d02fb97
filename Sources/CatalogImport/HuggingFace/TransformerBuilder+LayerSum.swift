import CatalogCore

extension TransformerBuilder {
    /// `use_weighted_layer_sum` of the audio heads (wav2vec2 `…ForSequenceClassification`,
    /// `…ForAudioFrameClassification`, `…ForXVector`; `WhisperForAudioClassification`):
    /// `layer_weights` (`num_hidden_layers + 1` parameters), and the forward
    /// `(torch.stack(hidden_states, dim=1) * softmax(layer_weights).view(-1, 1, 1)).sum(dim=1)`
    /// (models/wav2vec2/modeling_wav2vec2.py, models/whisper/modeling_whisper.py).
    ///
    /// `states` are the encoder's `hidden_states` in order (the embeddings, then every layer's
    /// output; the last one after the encoder's final norm where it has one), each `(T, hidden)`.
    /// The stack is built as a concatenation over frames reshaped to `(N+1, T·hidden)` and
    /// transposed to `(T·hidden, N+1)`; `layer_weights` is held as a one-row `N+1` table over that
    /// stack; the weighted sum as a pooling over the layer axis, reshaped back to `(T, hidden)`.
    /// The softmax, the product and the sum are elementwise: 0 MACs (PyTorch's FlopCounterMode
    /// counts none). Output `(T, hidden)`, the name of the last layer added.
    /// - Throws: ``TransformerConfigError`` when a layer cannot be built.
    @discardableResult
    static func addWeightedLayerSum(
        _ states: [String], hidden: Int, into g: inout TransformerGraph
    ) throws(TransformerConfigError) -> String {
        let count = states.count
        try g.add("weighted_layer_sum.stack", "Concatenate", ["axis": .int(1)], inputs: states)
        try g.add("weighted_layer_sum.by_layer", "Reshape", ["target_shape": .ints([count, -1])])
        try g.add("weighted_layer_sum.transpose", "Permute", ["dims": .ints([2, 1])])
        try g.add("layer_weights", "PositionEmbedding", [
            "num_embeddings": .int(1), "embedding_dim": .int(count), "per_position": .bool(false),
        ])
        try g.add("weighted_layer_sum", "GlobalAveragePooling1D", ["data_format": .string("channels_first")])
        return try g.add("weighted_layer_sum.frames", "Reshape", ["target_shape": .ints([-1, hidden])])
    }

    /// `Wav2Vec2ForXVector`'s head on the encoder output `(T, hidden_size)`
    /// (models/wav2vec2/modeling_wav2vec2.py): `projector` `Linear(hidden_size, tdnn_dim[0])`;
    /// per `tdnn_dim[i]` a `TDNNLayer`, `Linear(tdnn_dim[i-1]·tdnn_kernel[i], tdnn_dim[i])` applied
    /// as `conv1d(…, dilation=tdnn_dilation[i])` without padding (a Conv1D: `T - d·(k-1)` frames,
    /// MACs `frames · k · in · out`) with ReLU; statistics pooling, the mean and the standard
    /// deviation over frames concatenated (`2·tdnn_dim[-1]`, no MACs); `feature_extractor`
    /// `Linear(2·tdnn_dim[-1], xvector_output_dim)`; `classifier`
    /// `Linear(xvector_output_dim, xvector_output_dim)`; and `objective`, AMSoftmaxLoss's weight
    /// (`xvector_output_dim × num_labels` parameters, counted by transformers' `parameters()`),
    /// which only the training loss reads: held as a table beside the logits, 0 MACs.
    /// - Throws: ``TransformerConfigError`` when the TDNN lists differ in length or are empty.
    static func addXVectorHead(_ c: TransformerConfig, into g: inout TransformerGraph) throws(TransformerConfigError) {
        let dims = try c.intList("tdnn_dim") ?? [512, 512, 512, 512, 1500]
        let kernels = try c.intList("tdnn_kernel") ?? [5, 3, 3, 1, 1]
        let dilations = try c.intList("tdnn_dilation") ?? [1, 2, 3, 1, 1]
        guard !dims.isEmpty, dims.count == kernels.count, kernels.count == dilations.count else {
            throw TransformerConfigError("'tdnn_dim', 'tdnn_kernel' and 'tdnn_dilation' must have the same length")
        }
        let output = try c.int("xvector_output_dim", default: 512)
        try g.add("projector", "Dense", ["units": .int(dims[0])])
        for i in dims.indices {
            try g.add("tdnn.\(i).kernel", "Conv1D", [
                "filters": .int(dims[i]), "kernel_size": .int(kernels[i]), "dilation_rate": .int(dilations[i]),
                "activation": .string("relu"),
            ])
        }
        let frames = g.last
        try g.add("statistics_pooling.mean", "GlobalAveragePooling1D", inputs: [frames])
        let mean = g.last
        try g.add("statistics_pooling.std", "GlobalAveragePooling1D", inputs: [frames])
        try g.add("statistics_pooling", "Concatenate", ["axis": .int(-1)], inputs: [mean, g.last])
        try g.add("feature_extractor", "Dense", ["units": .int(output)])
        try g.add("classifier", "Dense", ["units": .int(output)])
        try g.add("objective.training_loss_only", "Reshape", ["target_shape": .ints([1, output])])
        try g.add("objective", "PositionEmbedding", [
            "num_embeddings": .int(try c.numLabels()), "embedding_dim": .int(output), "per_position": .bool(false),
        ])
    }
}
