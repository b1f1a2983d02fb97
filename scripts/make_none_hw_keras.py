"""Writes Tests/CatalogImportTests/Fixtures/keras/conv_none_hw.keras: a small Keras 3 CNN whose input
height and width are None (Input(shape=(None, None, 3))), the file `catalog add model.keras
--input-shape 224,224,3` of `add --help` stands for. Weights zeroed so the file compresses.
Run with the reference venv: KERAS_BACKEND=jax /tmp/ref/bin/python scripts/make_none_hw_keras.py"""
import os
import numpy as np
import keras

inputs = keras.Input(shape=(None, None, 3), name="image")
x = keras.layers.Conv2D(8, 3, strides=2, padding="same", name="conv")(inputs)
x = keras.layers.GlobalAveragePooling2D(name="pool")(x)
outputs = keras.layers.Dense(10, name="head")(x)
model = keras.Model(inputs, outputs, name="conv_none_hw")
model.set_weights([np.zeros_like(w) for w in model.get_weights()])
path = os.path.join(os.path.dirname(__file__), "..", "Tests/CatalogImportTests/Fixtures/keras/conv_none_hw.keras")
model.save(path)
model.summary()
print("params", model.count_params())
