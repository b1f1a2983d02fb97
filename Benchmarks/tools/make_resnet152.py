#!/usr/bin/env python3
"""Writes Benchmarks/Fixtures/resnet152.keras.json: Keras' ResNet-152 as `model.to_json()` gives it.

Run with a Python that has Keras (scripts/bench.sh fixture sets one up in a throw-away virtualenv):

    KERAS_BACKEND=jax python Benchmarks/tools/make_resnet152.py

No weights are loaded (`weights=None`); the file is the architecture only. Prints the parameter
count Keras computes (60,419,944 for Keras 3.15), which `catalog add` of the file must match.
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "Fixtures", "resnet152.keras.json")
model = keras.applications.ResNet152(weights=None)
with open(path, "w") as file:
    file.write(model.to_json())
print(f"{os.path.normpath(path)}: Keras {keras.__version__}, {len(model.layers)} layers, "
      f"{model.count_params():,} parameters")
