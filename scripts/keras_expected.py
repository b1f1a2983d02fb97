"""What Keras itself reports about a model, shared by the scripts that make Keras fixtures
(make_h5_fixtures.py, make_h5_userblock_fixtures.py, make_keras_applications.py,
make_keras_legacy_fixtures.py). Imports no Keras: each script brings its own (keras 3 or tf_keras).
"""
import contextlib
import io

import numpy as np


def count(weights):
    """Elements of the given weights (`model.trainable_weights`, ...): Σ Π shape."""
    total = 0
    for w in weights:
        n = 1
        for d in w.shape:
            n *= int(d)
        total += n
    return total


def zero(model):
    """Sets every floating-point weight (and optimizer variable) to zero; shapes are untouched."""
    variables = list(model.weights)
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None:
        variables += list(optimizer.variables)
    for v in variables:
        dtype = v.dtype if isinstance(v.dtype, str) else v.dtype.name
        if np.issubdtype(np.dtype(dtype), np.floating):
            v.assign(np.zeros(v.shape, dtype=dtype))


def h5_datasets(path, group):
    """Every dataset under `group` of the HDF5 file at `path` as h5py lists it: name (its path),
    shape, dtype."""
    import h5py
    found = []
    with h5py.File(path, "r") as f:
        if group not in f:
            return found
        f[group].visititems(lambda n, o: found.append(
            {"name": f"{group}/{n}", "shape": list(o.shape), "dtype": str(o.dtype)})
            if isinstance(o, h5py.Dataset) else None)
    return found


def summary(model):
    """`model.summary()` as text."""
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        model.summary(line_length=110)
    return text.getvalue()


def h5_expected(model, path, file, shape_of, userblock_size=None):
    """The `<m>.expected.json` of a Keras .h5 file at `path` (its format is in
    make_h5_fixtures.py's docstring); `shape_of(layer)` gives a layer's output shape."""
    import h5py
    with h5py.File(path, "r") as f:
        attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
    optimizer = h5_datasets(path, "optimizer_weights")
    expected = {"file": file, "name": model.name, "class_name": type(model).__name__}
    if userblock_size is not None:
        expected["userblock_size"] = userblock_size
    expected.update({
        "total_params": int(model.count_params()),
        "trainable_params": count(model.trainable_weights),
        "non_trainable_params": count(model.non_trainable_weights),
        "keras_version": attrs.get("keras_version"),
        "backend": attrs.get("backend"),
        "layers": [
            {
                "name": layer.name,
                "class_name": type(layer).__name__,
                "output_shape": shape_of(layer),
                "params": int(layer.count_params()),
                "trainable_params": count(layer.trainable_weights),
                "non_trainable_params": count(layer.non_trainable_weights),
            }
            for layer in model.layers
        ],
        "weights": h5_datasets(path, "model_weights"),
        "optimizer_weights": {
            "count": len(optimizer),
            "elements": int(sum(int(np.prod(d["shape"])) for d in optimizer)),
        },
    })
    return expected
