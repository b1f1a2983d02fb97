"""Fixtures for the Keras 1/2 file classes (Tests/CatalogImportTests/Fixtures/keras-legacy/):

- keras1_bidirectional_lstm.json: tf_keras 2 writes Sequential([Embedding, Bidirectional(LSTM),
  TimeDistributed(Dense)]); its LSTM and Dense configs are then rewritten with the Keras 1 keys
  Keras 2 renamed (units -> output_dim, recurrent_activation -> inner_activation, dropout ->
  dropout_W, recurrent_dropout -> dropout_U, plus consume_less and the LSTM's own input_dim), as
  Keras 1.2 files have them. The counts are tf_keras' for the same model.
- keras2_nested_sequential.json: a Sequential inside a Sequential whose inner first layer carries
  batch_input_shape; the outer model's build_input_shape and the inner InputLayer are removed, as in Keras 2.0 files.
- keras2_lambda.json: Sequential([Lambda(lambda x: x / 127.5 - 1.), Conv2D, ...]); tf_keras records
  no output shape for the Lambda, and the build_config records (which Keras 2.0-2.3 files lack) are
  removed, so nothing in the file gives it.

Each <m>.expected.json has the layout of Fixtures/keras/*.expected.json (tf_keras' per-layer
counts). Usage: /tmp/ref/bin/python scripts/make_keras_legacy_fixtures.py OUTDIR
"""
import json
import os
import sys

import tf_keras as keras

from keras_expected import count


def expected(model):
    layers = []
    for layer in model.layers:
        t, n = count(layer.trainable_weights), count(layer.non_trainable_weights)
        shape = layer.output_shape
        layers.append({
            "name": layer.name, "class_name": layer.__class__.__name__,
            "output_shape": list(shape) if isinstance(shape, tuple) else None,
            "params": t + n, "trainable_params": t, "non_trainable_params": n,
        })
    return {
        "total_params": model.count_params(), "trainable_params": count(model.trainable_weights),
        "non_trainable_params": count(model.non_trainable_weights), "keras_version": keras.__version__,
        "layers": layers,
    }


def keras1_keys(layer_config):
    renames = {"units": "output_dim", "recurrent_activation": "inner_activation",
               "dropout": "dropout_W", "recurrent_dropout": "dropout_U"}
    out = {}
    for key, value in layer_config.items():
        out[renames.get(key, key)] = value
    return out


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    model = keras.Sequential([
        keras.layers.Embedding(1000, 32, input_length=20, name="embedding"),
        keras.layers.Bidirectional(keras.layers.LSTM(24, return_sequences=True), name="bidirectional"),
        keras.layers.TimeDistributed(keras.layers.Dense(5), name="time_distributed"),
    ])
    document = json.loads(model.to_json())
    for layer in document["config"]["layers"]:
        inner = layer["config"].get("layer")
        if inner:
            inner["config"] = keras1_keys(inner["config"])
            if inner["class_name"] == "LSTM":
                inner["config"]["consume_less"] = "gpu"
                inner["config"]["input_dim"] = 32
    json.dump(document, open(os.path.join(out, "keras1_bidirectional_lstm.json"), "w"))
    json.dump(expected(model), open(os.path.join(out, "keras1_bidirectional_lstm.expected.json"), "w"), indent=1)

    inner = keras.Sequential([
        keras.layers.Conv2D(8, 3, activation="relu", batch_input_shape=(None, 28, 28, 1), name="conv"),
        keras.layers.MaxPooling2D(name="pool"),
        keras.layers.Flatten(name="flatten"),
    ], name="features")
    model = keras.Sequential([inner, keras.layers.Dense(10, name="logits")], name="outer")
    document = json.loads(model.to_json())
    document["config"].pop("build_input_shape", None)
    # Keras 2.0 wrote no InputLayer: the inner Conv2D's batch_input_shape is the only record.
    inner_layers = document["config"]["layers"][0]["config"]["layers"]
    inner_layers[:] = [layer for layer in inner_layers if layer["class_name"] != "InputLayer"]
    json.dump(document, open(os.path.join(out, "keras2_nested_sequential.json"), "w"))
    json.dump(expected(model), open(os.path.join(out, "keras2_nested_sequential.expected.json"), "w"), indent=1)

    model = keras.Sequential([
        keras.layers.Lambda(lambda x: x / 127.5 - 1.0, input_shape=(32, 32, 3), name="normalize"),
        keras.layers.Conv2D(16, 3, name="conv"),
        keras.layers.GlobalAveragePooling2D(name="pool"),
        keras.layers.Dense(10, name="logits"),
    ])
    document = json.loads(model.to_json())
    # Files of Keras 2.0-2.3 have no build_config: nothing records the Lambda's output shape.
    for layer in document["config"]["layers"]:
        layer.pop("build_config", None)
    document["config"].pop("build_input_shape", None)
    json.dump(document, open(os.path.join(out, "keras2_lambda.json"), "w"))
    json.dump(expected(model), open(os.path.join(out, "keras2_lambda.expected.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
