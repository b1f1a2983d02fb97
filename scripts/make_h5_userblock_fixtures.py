#!/usr/bin/env python3
"""Makes the Keras .h5 fixtures with an HDF5 user block (Tests/CatalogImportTests/Fixtures/h5/).

HDF5 allows a user block before the superblock: the file's signature is then at byte 512, 1024,
2048, … (the HDF5 File Format Specification, "Format Signature and Version Information": the
superblock is searched for at 0, 512 and every power of two after it). h5py writes one with
`h5py.File(path, "w", userblock_size=N)`; Keras saves into an open h5py.File.

Usage (in a venv with keras 3 + jax, tf_keras 2 + tensorflow, h5py; nothing is downloaded):

    KERAS_BACKEND=jax python scripts/make_h5_userblock_fixtures.py k3 Tests/CatalogImportTests/Fixtures/h5
    python scripts/make_h5_userblock_fixtures.py k2 Tests/CatalogImportTests/Fixtures/h5

`k3` writes `k3_userblock_512.h5` (Keras 3's legacy HDF5 format, a 512-byte user block), `k2`
writes `k2_userblock_2048.h5` (tf_keras 2, a 2048-byte user block). The user block starts with a
line of text (the rest is zero). Every floating-point weight is zeroed before saving. Beside each,
`<m>.expected.json` in the format of scripts/make_h5_fixtures.py (Keras' own counts per layer,
h5py's list of the weight datasets) and `<m>.summary.txt` (`model.summary()`).
"""
import json
import os
import sys

import h5py

from keras_expected import h5_expected, summary, zero

MODE, OUT = sys.argv[1], sys.argv[2]
os.makedirs(OUT, exist_ok=True)

if MODE == "k3":
    import keras
    from keras import layers
    from keras.src.legacy.saving.legacy_h5_format import save_model_to_hdf5
    NAME, USERBLOCK = "k3_userblock_512", 512
else:
    import tf_keras as keras
    from tf_keras import layers
    from tf_keras.src.saving.legacy.hdf5_format import save_model_to_hdf5
    NAME, USERBLOCK = "k2_userblock_2048", 2048


# A small Functional CNN: Conv2D, a BatchNormalization (non-trainable statistics), pooling, Dense.
inputs = layers.Input((16, 16, 3), name="image")
x = layers.Conv2D(8, 3, name="conv")(inputs)
x = layers.BatchNormalization(name="bn")(x)
x = layers.ReLU(name="relu")(x)
x = layers.GlobalAveragePooling2D(name="gap")(x)
outputs = layers.Dense(4, name="logits")(x)
model = keras.Model(inputs, outputs, name="userblock_%d" % USERBLOCK)
zero(model)

path = os.path.join(OUT, NAME + ".h5")
with h5py.File(path, "w", userblock_size=USERBLOCK) as f:
    save_model_to_hdf5(model, f)
with open(path, "r+b") as f:
    f.write(b"catalog test fixture: a %d-byte HDF5 user block before the superblock\n" % USERBLOCK)

with open(path, "rb") as f:
    head = f.read(USERBLOCK + 8)
assert head[USERBLOCK:] == b"\x89HDF\r\n\x1a\n" and b"\x89HDF" not in head[:USERBLOCK], "signature not at the user block's end"

with h5py.File(path, "r") as f:
    assert f.userblock_size == USERBLOCK

text = summary(model)
expected = h5_expected(model, path, NAME + ".h5", lambda layer: list(layer.output.shape), userblock_size=USERBLOCK)
with open(os.path.join(OUT, NAME + ".expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
with open(os.path.join(OUT, NAME + ".summary.txt"), "w") as f:
    f.write(text)
print(NAME, expected["total_params"], expected["trainable_params"], expected["non_trainable_params"])
