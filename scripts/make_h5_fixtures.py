#!/usr/bin/env python3
"""Makes the Keras .h5 fixtures of Tests/CatalogImportTests/Fixtures/h5/ and Keras' own counts.

Usage (in a venv with keras 3, jax, tf_keras 2 and tensorflow, h5py; nothing is downloaded):

    KERAS_BACKEND=jax python scripts/make_h5_fixtures.py k3 Tests/CatalogImportTests/Fixtures/h5
    python scripts/make_h5_fixtures.py k2 Tests/CatalogImportTests/Fixtures/h5
    python scripts/make_h5_fixtures.py bad Tests/CatalogImportTests/Fixtures/h5/bad

`k3` saves models with Keras 3 (`model.save("x.h5")`, Keras' legacy HDF5 format), `k2` with
tf_keras 2 (the Keras 2 format). Every floating-point weight (and optimizer variable) is set to
zero before saving, so the files compress; shapes are untouched. For each model `<m>`:
- `<m>.h5`: the file Keras wrote.
- `<m>.expected.json`: what Keras reports: `total_params` (= `model.count_params()`),
  `trainable_params` / `non_trainable_params` (sums over `model.trainable_weights` /
  `non_trainable_weights`), `keras_version`, `backend`, and per layer `name`, `class_name`,
  `output_shape` (batch first as null; null when the layer is called more than once), `params`
  (`layer.count_params()`), `trainable_params`, `non_trainable_params`; `weights`: every dataset
  of the file's `model_weights` group as h5py lists it (`name` = its path, `shape`, `dtype`);
  `optimizer_weights`: the number of datasets in `optimizer_weights` and their elements.
- `<m>.summary.txt`: `model.summary()`.
Also `k3_weights_only.weights.h5` / `k2_weights_only.h5`: `save_weights` files, which hold no
architecture (no `model_config`) and must be refused.

`bad` writes malformed files with h5py alone (each must be refused, or read without following
the link, as its name says); `bad/README.md` lists them.
"""
import json
import os
import sys

import h5py
import numpy as np

from keras_expected import h5_expected, summary, zero

MODE, OUT = sys.argv[1], sys.argv[2]
os.makedirs(OUT, exist_ok=True)

if MODE == "bad":
    CONFIG = json.dumps({"class_name": "Sequential", "config": {"name": "tiny", "layers": [
        {"class_name": "InputLayer", "config": {"name": "x", "batch_shape": [None, 4]}},
        {"class_name": "Dense", "config": {"name": "d", "units": 2}}]}})
    ok = "kernel (4, 2) and bias (2,) in model_weights/d/d: 10 parameters, matching the config"
    cases = {
        "config_not_json.h5": "model_config is not JSON",
        "config_integer.h5": "model_config is an integer, not a string",
        "config_two_strings.h5": "model_config is an array of two strings",
        "config_not_keras.h5": "model_config is JSON but not a Keras model",
        "no_config.h5": "an HDF5 file with one dataset `data` and no Keras attributes or groups",
        "hard_link_cycle.h5": "model_weights/d/loop is a hard link to model_weights: an endless tree",
        "hard_link_fanout.h5": "model_weights/g0 … g8: each g holds 10 hard links to the next (no cycle): "
        "10^8 paths 9 levels deep",
        "groups_too_deep.h5": "model_weights/n1/n2/…/n17: 17 distinct groups nested in each other, deeper than "
        "the reader's limit of 16; " + ok,
        "external_link.h5": "model_weights/d/outside is an external link to /etc/passwd; " + ok,
        "weights_mismatch.h5": "the config says Dense(2) but model_weights/d holds a (4, 3) kernel and (3,) bias",
        "config_fixed_length_dense.h5": "valid: model_config as a fixed-length 70,000-byte string (the JSON "
        "padded with spaces, as old h5py wrote bytes), too large for the object header, so in dense "
        "attribute storage (libver latest); " + ok,
        "config_only.h5": "valid: model_config and no model_weights group (nothing to cross-check)",
        "config_huge_declared.h5": "config_fixed_length_dense.h5 with the string type's declared size "
        "patched from 70,000 to 2,147,418,112 bytes (a hostile header)",
    }
    def write(name, config=CONFIG, kernel=(4, 2), bias=(2,)):
        f = h5py.File(os.path.join(OUT, name), "w")
        if config is not None:
            f.attrs["model_config"] = config
            f.attrs["keras_version"] = "3.15.1"
            f.attrs["backend"] = "jax"
        g = f.create_group("model_weights/d/d")
        g.create_dataset("kernel", data=np.zeros(kernel, "float32"))
        g.create_dataset("bias", data=np.zeros(bias, "float32"))
        return f
    write("config_not_json.h5", config="{not json").close()
    write("config_integer.h5", config=42).close()
    write("config_two_strings.h5", config=np.array([CONFIG.encode(), CONFIG.encode()])).close()
    write("config_not_keras.h5", config=json.dumps({"hello": "world"})).close()
    with h5py.File(os.path.join(OUT, "no_config.h5"), "w") as f:
        f.create_dataset("data", data=np.zeros((3, 3), "float32"))
    f = write("hard_link_cycle.h5")
    f["model_weights/d/loop"] = f["model_weights"]
    f.close()
    f = write("hard_link_fanout.h5")
    levels = [f.create_group(f"model_weights/g{i}") for i in range(9)]
    for upper, lower in zip(levels, levels[1:]):
        for k in range(10):
            upper[f"link{k}"] = lower
    f.close()
    f = write("groups_too_deep.h5")
    f.create_group("model_weights/" + "/".join(f"n{i}" for i in range(1, 18)))
    f.close()
    f = write("external_link.h5")
    f["model_weights/d/outside"] = h5py.ExternalLink("/etc/passwd", "/")
    f.close()
    write("weights_mismatch.h5", kernel=(4, 3), bias=(3,)).close()
    with h5py.File(os.path.join(OUT, "config_only.h5"), "w") as f:
        f.attrs["model_config"] = CONFIG
    padded = CONFIG.encode().ljust(70000, b" ")
    path = os.path.join(OUT, "config_fixed_length_dense.h5")
    with h5py.File(path, "w", libver="latest") as f:
        f.attrs.create("model_config", np.bytes_(padded), dtype="S70000")
        g = f.create_group("model_weights/d/d")
        g.create_dataset("kernel", data=np.zeros((4, 2), "float32"))
        g.create_dataset("bias", data=np.zeros((2,), "float32"))
    data = bytearray(open(path, "rb").read())
    at = [i for i in range(len(data) - 3) if data[i:i + 4] == (70000).to_bytes(4, "little")]
    assert len(at) == 1, at
    data[at[0]:at[0] + 4] = (0x7FFF0000).to_bytes(4, "little")
    open(os.path.join(OUT, "config_huge_declared.h5"), "wb").write(bytes(data))
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write("# Malformed .h5 files (scripts/make_h5_fixtures.py bad)\n\n")
        f.write("Each holds a Sequential `tiny` (Input 4, Dense 2: 4·2 + 2 = 10 parameters) unless said.\n\n")
        for name, what in cases.items():
            f.write(f"- `{name}`: {what}\n")
    sys.exit(0)

if MODE == "k3":
    import keras
    from keras import layers
    PREFIX = "k3_"
else:
    import tf_keras as keras
    from tf_keras import layers
    PREFIX = "k2_"


def shape_of(layer):
    try:
        out = layer.output
    except Exception:  # noqa: a layer called several times has no single output
        return None
    if isinstance(out, (list, tuple)):
        return [list(t.shape) for t in out]
    return list(out.shape)


def save(name, model):
    name = PREFIX + name
    zero(model)
    path = os.path.join(OUT, name + ".h5")
    model.save(path)
    text = summary(model)
    expected = h5_expected(model, path, name + ".h5", shape_of)
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    with open(os.path.join(OUT, name + ".summary.txt"), "w") as f:
        f.write(text)
    print(name, expected["total_params"], expected["trainable_params"], expected["non_trainable_params"],
          "optimizer", expected["optimizer_weights"])


# Functional: a nested Sequential block, a shared Dense, a frozen BatchNormalization; compiled
# with Adam and fitted one step so the file holds optimizer weights.
inputs = layers.Input((32, 32, 3), name="image")
block = keras.Sequential([
    layers.Input((32, 32, 3)),
    layers.Conv2D(8, 3, padding="same", name="block_conv"),
    layers.BatchNormalization(name="block_bn"),
    layers.ReLU(name="block_relu"),
], name="block")
x = block(inputs)
frozen = layers.BatchNormalization(name="frozen_bn")
frozen.trainable = False
x = frozen(x)
x = layers.GlobalAveragePooling2D(name="gap")(x)
shared = layers.Dense(8, name="shared_dense")
a = shared(x)
b = shared(layers.Dense(8, name="pre")(x))
x = layers.Concatenate(name="concat")([a, b])
outputs = layers.Dense(3, activation="softmax", name="probs")(x)
model = keras.Model(inputs, outputs, name="nested_compiled")
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.zeros((2, 32, 32, 3), "float32"), np.zeros((2, 3), "float32"), epochs=1, verbose=0)
save("nested_compiled", model)

# Recurrent: Embedding, LSTM returning sequences, bidirectional GRU, Dense.
model = keras.Sequential([
    layers.Input((20,), dtype="int32"),
    layers.Embedding(1000, 16, name="embed"),
    layers.LSTM(24, return_sequences=True, name="lstm"),
    layers.Bidirectional(layers.GRU(12), name="bi_gru"),
    layers.Dense(4, name="out"),
], name="recurrent")
save("recurrent", model)

# A Keras Application, weights=None (random init, then zeroed; nothing downloaded).
if MODE == "k3":
    save("mobilenetv2_035_96", keras.applications.MobileNetV2(
        alpha=0.35, weights=None, input_shape=(96, 96, 3), classes=10))
else:
    save("mobilenet_025_128", keras.applications.MobileNet(
        alpha=0.25, weights=None, input_shape=(128, 128, 3), classes=10))

# save_weights: weights without an architecture.
model = keras.Sequential([layers.Input((10,)), layers.Dense(4, name="d")], name="weights_only")
zero(model)
model.save_weights(os.path.join(OUT, PREFIX + ("weights_only.weights.h5" if MODE == "k3" else "weights_only.h5")))
