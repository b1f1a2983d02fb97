"""Writes Tests/CatalogImportTests/Fixtures/unknown-dims/: Keras models whose input has unknown
(None) dimensions, and what Keras itself reports for the same models built at a fixed shape.

- mnv3s_none.json: MobileNetV3Small(weights=None) with input (None, None, 3).
- mnv3s_224.shapes.json: per-layer output shapes (batch dropped) of MobileNetV3Small built
  with input_shape=(224, 224, 3), as Keras computes them.
- rnn_none.json: LSTM(32) + GRU(8) over (None, 16) timesteps.
Run with the venv that has keras: /tmp/ref/bin/python scripts/make_unknown_dims_fixtures.py
No weights are written.
"""
import json
import os

import keras

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "CatalogImportTests", "Fixtures", "unknown-dims")
os.makedirs(out, exist_ok=True)

free = keras.applications.MobileNetV3Small(weights=None)
with open(os.path.join(out, "mnv3s_none.json"), "w") as f:
    f.write(free.to_json())

fixed = keras.applications.MobileNetV3Small(weights=None, input_shape=(224, 224, 3))
shapes = {}
for layer in fixed.layers:
    shape = layer.output.shape if not isinstance(layer.output, (list, tuple)) else layer.output[0].shape
    shapes[layer.name] = list(shape)[1:]
with open(os.path.join(out, "mnv3s_224.shapes.json"), "w") as f:
    json.dump(shapes, f, indent=0)

rnn = keras.Sequential([keras.Input((None, 16)), keras.layers.LSTM(32, return_sequences=True), keras.layers.GRU(8)])
with open(os.path.join(out, "rnn_none.json"), "w") as f:
    f.write(rnn.to_json())
print("written", len(shapes), "layers")
