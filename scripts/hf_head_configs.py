"""Small configs of the task-head classes whose MACs scripts/hf_macs.py measures (one per head kind
of the families catalog reads): hf_fixtures.py writes each as Fixtures/hf/<name>.config.json with
transformers' parameter count in <name>.expected.json. Not published configs: small, so that the
FLOP counter can run them on the CPU."""

_BERT = dict(hidden_size=128, intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500,
             max_position_embeddings=64)
_DECODER = dict(hidden_size=128, intermediate_size=256, num_hidden_layers=2, num_attention_heads=4, vocab_size=500)

HEAD_CONFIGS = {
    # Encoders: heads on the first token (RobertaClassificationHead, DistilBERT's pre_classifier,
    # ALBERT's pooler) and on every token.
    "roberta-sequence-small": dict(architectures=["RobertaForSequenceClassification"], model_type="roberta",
        **{**_BERT, "max_position_embeddings": 66}, type_vocab_size=1, num_labels=3),
    "electra-sequence-small": dict(architectures=["ElectraForSequenceClassification"], model_type="electra",
        embedding_size=64, **_BERT, num_labels=4),
    "distilbert-sequence-small": dict(architectures=["DistilBertForSequenceClassification"], model_type="distilbert",
        dim=128, hidden_dim=256, n_layers=2, n_heads=4, vocab_size=500, max_position_embeddings=64, num_labels=3),
    "albert-sequence-small": dict(architectures=["AlbertForSequenceClassification"], model_type="albert",
        embedding_size=64, **_BERT, num_labels=3),
    "bert-token-small": dict(architectures=["BertForTokenClassification"], model_type="bert", **_BERT, num_labels=9),
    "distilbert-qa-small": dict(architectures=["DistilBertForQuestionAnswering"], model_type="distilbert",
        dim=128, hidden_dim=256, n_layers=2, n_heads=4, vocab_size=500, max_position_embeddings=64),
    # Decoders: `score` runs on every token before one is picked.
    "llama-sequence-small": dict(architectures=["LlamaForSequenceClassification"], model_type="llama", **_DECODER,
        num_key_value_heads=2, num_labels=3),
    "gpt-neox-sequence-small": dict(architectures=["GPTNeoXForSequenceClassification"], model_type="gpt_neox",
        **_DECODER, max_position_embeddings=256, num_labels=3),
    "gpt2-double-heads-small": dict(architectures=["GPT2DoubleHeadsModel"], model_type="gpt2", n_embd=128, n_layer=2,
        n_head=4, n_positions=256, vocab_size=500),
    # Encoder-decoders: the EOS token's state.
    "bart-sequence-small": dict(architectures=["BartForSequenceClassification"], model_type="bart", d_model=128,
        encoder_layers=2, decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=256,
        decoder_ffn_dim=256, vocab_size=500, max_position_embeddings=64, num_labels=3),
    # Decoders alone, called with encoder states (their cross-attention runs on them).
    "bart-causal-small": dict(architectures=["BartForCausalLM"], model_type="bart", d_model=128, encoder_layers=2,
        decoder_layers=3, encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=256, decoder_ffn_dim=320,
        vocab_size=500, max_position_embeddings=64),
    "whisper-causal-small": dict(architectures=["WhisperForCausalLM"], model_type="whisper", d_model=128,
        encoder_layers=2, decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=256,
        decoder_ffn_dim=256, vocab_size=500, num_mel_bins=80, max_source_positions=100, max_target_positions=64,
        pad_token_id=0, bos_token_id=1, eos_token_id=2, decoder_start_token_id=1),
    # Vision: the class token, the pooler, CLIP's projections of the pooled states.
    "vit-classifier-small": dict(architectures=["ViTForImageClassification"], model_type="vit", hidden_size=128,
        num_hidden_layers=2, num_attention_heads=4, intermediate_size=256, image_size=64, patch_size=16, num_labels=5),
    "vit-model-small": dict(architectures=["ViTModel"], model_type="vit", hidden_size=128, num_hidden_layers=2,
        num_attention_heads=4, intermediate_size=256, image_size=64, patch_size=16),
    "vit-mim-small": dict(architectures=["ViTForMaskedImageModeling"], model_type="vit", hidden_size=128,
        num_hidden_layers=2, num_attention_heads=4, intermediate_size=256, image_size=64, patch_size=16, encoder_stride=16),
    "clip-model-small": dict(architectures=["CLIPModel"], model_type="clip", projection_dim=64,
        text_config=dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                         vocab_size=500, max_position_embeddings=64),
        vision_config=dict(hidden_size=96, intermediate_size=192, num_hidden_layers=2, num_attention_heads=4,
                           image_size=64, patch_size=16)),
    "clip-text-projection-small": dict(architectures=["CLIPTextModelWithProjection"], model_type="clip_text_model",
        hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, vocab_size=500,
        max_position_embeddings=64, projection_dim=48),
    "clip-vision-projection-small": dict(architectures=["CLIPVisionModelWithProjection"], model_type="clip_vision_model",
        hidden_size=96, intermediate_size=192, num_hidden_layers=2, num_attention_heads=4, image_size=64, patch_size=16,
        projection_dim=48),
    # Audio: wav2vec2's projector on every frame, the mean, the classifier.
    "wav2vec2-sequence-small": dict(architectures=["Wav2Vec2ForSequenceClassification"], model_type="wav2vec2",
        hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=256, conv_dim=[64, 64],
        conv_stride=[5, 2], conv_kernel=[10, 3], num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4,
        classifier_proj_size=48, num_labels=4),
    "wav2vec2-pretraining-small": dict(architectures=["Wav2Vec2ForPreTraining"], model_type="wav2vec2",
        hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=256, conv_dim=[64, 96],
        conv_stride=[5, 2], conv_kernel=[10, 3], num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4,
        codevector_dim=96, proj_codevector_dim=80, num_codevector_groups=2, num_codevectors_per_group=40),
    # use_weighted_layer_sum: layer_weights (num_hidden_layers + 1) over the encoder's hidden states.
    "wav2vec2-sequence-weighted-small": dict(architectures=["Wav2Vec2ForSequenceClassification"], model_type="wav2vec2",
        hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=256, conv_dim=[64, 64],
        conv_stride=[5, 2], conv_kernel=[10, 3], num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, classifier_proj_size=48, num_labels=4, use_weighted_layer_sum=True),
    "wav2vec2-frame-weighted-stable-small": dict(architectures=["Wav2Vec2ForAudioFrameClassification"],
        model_type="wav2vec2", hidden_size=128, num_attention_heads=4, intermediate_size=256, conv_dim=[64, 64],
        conv_stride=[5, 2], conv_kernel=[10, 3], num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, num_labels=5,
        do_stable_layer_norm=True, feat_extract_norm="layer", num_hidden_layers=3, use_weighted_layer_sum=True),
    "whisper-audio-weighted-small": dict(architectures=["WhisperForAudioClassification"], model_type="whisper",
        d_model=128, encoder_layers=3, decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4,
        encoder_ffn_dim=256, decoder_ffn_dim=256, vocab_size=51865, num_mel_bins=80, max_source_positions=1500,
        max_target_positions=448, classifier_proj_size=64, num_labels=6, use_weighted_layer_sum=True),
    # XVector: projector, dilated TDNN convolutions, mean + std pooling, feature_extractor, classifier,
    # and the AMSoftmaxLoss weight (xvector_output_dim x num_labels) only the loss reads.
    "wav2vec2-xvector-small": dict(architectures=["Wav2Vec2ForXVector"], model_type="wav2vec2",
        hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=256, conv_dim=[64, 64],
        conv_stride=[5, 2], conv_kernel=[10, 3], num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, tdnn_dim=[64, 64, 96], tdnn_kernel=[5, 3, 1],
        tdnn_dilation=[1, 2, 1], xvector_output_dim=40, num_labels=7),
    "wav2vec2-xvector-weighted-small": dict(architectures=["Wav2Vec2ForXVector"], model_type="wav2vec2",
        hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=256, conv_dim=[64, 64],
        conv_stride=[5, 2], conv_kernel=[10, 3], num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, tdnn_dim=[48, 64, 64, 80], tdnn_kernel=[5, 3, 3, 1],
        tdnn_dilation=[1, 2, 3, 1], xvector_output_dim=32, num_labels=9, use_weighted_layer_sum=True),
}
