"""Writes <App>.json (model.to_json()) and <App>.expected.json (Keras' own per-layer counts) for
every model in keras.applications, built by Keras 3 with weights=None (no file is downloaded).

Usage: /tmp/ref/bin/python scripts/make_keras_applications.py OUTDIR [NAME ...]
The expected file has the layout of Tests/CatalogImportTests/Fixtures/keras/*.expected.json:
total/trainable/non-trainable parameters and, per layer, name, class_name, output_shape (batch
first, as null), params, trainable_params, non_trainable_params.
"""
import inspect
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402

from keras_expected import count  # noqa: E402


def shape_of(layer):
    try:
        out = layer.output
    except Exception:
        return None
    def one(t):
        return [None if d is None else int(d) for d in t.shape]
    if isinstance(out, (list, tuple)):
        return [one(t) for t in out]
    return one(out)


def applications():
    found = {}
    # Top-level names first (MobileNetV3Small/Large are exported only there), then each module's.
    for name in dir(keras.applications):
        fn = getattr(keras.applications, name)
        if name[:1].isupper() and inspect.isfunction(fn):
            found[name] = fn
    for module_name in dir(keras.applications):
        module = getattr(keras.applications, module_name)
        if not inspect.ismodule(module):
            continue
        for name in dir(module):
            fn = getattr(module, name)
            if callable(fn) and name[:1].isupper() and inspect.isfunction(fn):
                try:
                    params = inspect.signature(fn).parameters
                except (TypeError, ValueError):
                    continue
                if "weights" in params and "include_top" in params:
                    found[name] = fn
    return found


def main():
    out = sys.argv[1]
    only = set(sys.argv[2:])
    os.makedirs(out, exist_ok=True)
    for name, fn in sorted(applications().items()):
        if only and name not in only:
            continue
        try:
            model = fn(weights=None)
        except Exception as error:  # noqa: BLE001
            print(f"{name}: cannot build: {error}", file=sys.stderr)
            continue
        layers = []
        for layer in model.layers:
            trainable = count(layer.trainable_weights)
            non_trainable = count(layer.non_trainable_weights)
            layers.append({
                "name": layer.name,
                "class_name": layer.__class__.__name__,
                "output_shape": shape_of(layer),
                "params": trainable + non_trainable,
                "trainable_params": trainable,
                "non_trainable_params": non_trainable,
            })
        expected = {
            "name": name,
            "class_name": model.__class__.__name__,
            "total_params": model.count_params(),
            "trainable_params": count(model.trainable_weights),
            "non_trainable_params": count(model.non_trainable_weights),
            "keras_version": keras.__version__,
            "backend": keras.backend.backend(),
            "layers": layers,
        }
        with open(os.path.join(out, f"{name}.json"), "w") as f:
            f.write(model.to_json())
        with open(os.path.join(out, f"{name}.expected.json"), "w") as f:
            json.dump(expected, f, indent=1)
        print(name, expected["total_params"], flush=True)
        keras.backend.clear_session()


if __name__ == "__main__":
    main()
