#!/usr/bin/env python3
"""Writes the bad-input cases of the second adversarial pass (crashes and silent changes) into
Tests/ReliabilityTests/Fixtures/bad-input/ and appends their entries to cases.json (once).

Every file is small and hand-specified here; the .keras archive with two config.json entries is
written with Python's zipfile, the library Keras itself reads archives with (it reads the LAST
entry of a duplicated name).
"""
import json
import os
import warnings
import zipfile

HERE = os.path.join(os.path.dirname(__file__), "..", "Tests", "ReliabilityTests", "Fixtures", "bad-input")
MAX = 9223372036854775807


def native(name, input_shape, layers, **extra):
    return dict(name=name, input=input_shape, layers=layers, **extra)


def keras_functional(layers, inputs, outputs, version="2.15.0"):
    return {"class_name": "Functional", "keras_version": version,
            "config": {"name": "func", "layers": layers, "input_layers": inputs, "output_layers": outputs}}


def k2_input(name, width):
    return {"class_name": "InputLayer", "name": name,
            "config": {"name": name, "batch_input_shape": [None, width]}, "inbound_nodes": []}


def k2_dense(name, units, inbound):
    return {"class_name": "Dense", "name": name, "config": {"name": name, "units": units},
            "inbound_nodes": [[[ref[0], ref[1], ref[2], {}] for ref in inbound]]}


FILES = {
    # Crashes: unchecked arithmetic (each exited 132 before).
    "overflow-conv1d-same-stride.json": native("o1", [MAX, 1], [
        {"type": "Conv1D", "name": "c", "filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}]),
    "overflow-conv1d-explicit-padding.json": native("o2", [MAX, 1], [
        {"type": "Conv1D", "name": "c", "filters": 2, "kernel_size": 3, "padding": [[MAX, 1]]}]),
    "overflow-conv1d-transpose-strides.json": native("o3", [4611686018427387904, 1], [
        {"type": "Conv1DTranspose", "name": "c", "filters": 2, "kernel_size": 3, "strides": 4}]),
    "overflow-cropping-int64-max.json": native("o4", [8, 3], [
        {"type": "Cropping1D", "name": "c", "cropping": [MAX, MAX]}]),
    "overflow-repeatvector-elements.json": native("o5", [4], [
        {"type": "RepeatVector", "name": "r", "n": 4611686018427387904}]),
    "overflow-conv2d-dilation.json": native("o6", [8, 8, 1], [
        {"type": "Conv2D", "name": "c", "filters": 2, "kernel_size": 3, "dilation_rate": 4611686018427387904}]),
    # Crashes and a silent rewiring: negative Keras indices.
    "keras-negative-node-index.json": keras_functional(
        [k2_input("a", 100), k2_input("b", 7), k2_dense("d", 2, [["b", -1, 0]])],
        [["a", 0, 0], ["b", 0, 0]], [["d", 0, 0]]),
    "keras-negative-tensor-index.json": keras_functional(
        [k2_input("a", 8), k2_dense("d", 2, [["a", 0, -1]])], [["a", 0, 0]], [["d", 0, 0]]),
    "keras3-negative-keras-history.json": {
        "class_name": "Functional", "config": {"name": "k3", "layers": [
            {"class_name": "InputLayer", "name": "a", "config": {"name": "a", "batch_shape": [None, 8]},
             "inbound_nodes": []},
            {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 2}, "inbound_nodes": [
                {"args": [{"class_name": "__keras_tensor__",
                           "config": {"shape": [None, 8], "dtype": "float32", "keras_history": ["a", -1, 0]}}],
                 "kwargs": {}}]}],
            "input_layers": [["a", 0, 0]], "output_layers": [["d", 0, 0]]}},
    # Silent acceptance: output_layers.
    "keras-output-layers-missing-layer.json": keras_functional(
        [k2_input("a", 8), k2_dense("d", 2, [["a", 0, 0]])], [["a", 0, 0]], [["ghost", 0, 0]]),
    "keras-output-layers-missing-node.json": keras_functional(
        [k2_input("a", 8), k2_dense("d", 2, [["a", 0, 0]])], [["a", 0, 0]], [["d", 3, 0]]),
    "keras-output-layers-empty.json": keras_functional(
        [k2_input("a", 8), k2_dense("d", 2, [["a", 0, 0]])], [["a", 0, 0]], []),
    # Silent truncation: NUL and control characters in names and tags.
    "name-with-nul.json": native("model\u0000-v1", [4], [{"type": "Dense", "name": "d", "units": 2}]),
    "tag-with-nul.json": native("tagged", [4], [{"type": "Dense", "name": "d", "units": 2}], tags=["t\u0000x"]),
    "name-with-escape.json": native("evil\u001b[2J", [4], [{"type": "Dense", "name": "d", "units": 2}]),
    "layer-name-with-nul.json": native("layer-nul", [4], [{"type": "Dense", "name": "d\u0000x", "units": 2}]),
}

CASES = [
    ("overflow-conv1d-same-stride.json", "layer 'c' (Conv1D): a count exceeds 64-bit integers"),
    ("overflow-conv1d-explicit-padding.json", "layer 'c' (Conv1D): a count exceeds 64-bit integers"),
    ("overflow-conv1d-transpose-strides.json", "layer 'c' (Conv1DTranspose): a count exceeds 64-bit integers"),
    ("overflow-cropping-int64-max.json", "leaves nothing of length 8"),
    ("overflow-repeatvector-elements.json", "layer 'r' (RepeatVector): a count exceeds 64-bit integers"),
    ("overflow-conv2d-dilation.json", "layer 'c' (Conv2D): a count exceeds 64-bit integers"),
    ("keras-negative-node-index.json", "the node index -1"),
    ("keras-negative-tensor-index.json", "the tensor index -1"),
    ("keras3-negative-keras-history.json", "the node index -1"),
    ("keras-output-layers-missing-layer.json", "\"output_layers\" names 'ghost', which is not a layer of the model"),
    ("keras-output-layers-missing-node.json", "\"output_layers\" names call 3 of 'd'"),
    ("keras-output-layers-empty.json", "\"output_layers\" names no output"),
    ("name-with-nul.json", "holds the control character U+0000"),
    ("tag-with-nul.json", "the tag 't\\u{0}x' holds the control character U+0000"),
    ("name-with-escape.json", "holds the control character U+001B"),
    ("layer-name-with-nul.json", "the layer name holds a NUL character (U+0000)"),
    ("keras-duplicate-config.keras", "the archive has 2 entries named 'config.json'"),
]

OTHER = [
    {"case": "--max-params with a comma that is not a digit group", "args": ["list", "--max-params", "1,5M"],
     "exit": 64, "stderr": "1,500,000"},
    {"case": "--max-params with a group of two digits", "args": ["list", "--max-params", "15,00"],
     "exit": 64, "stderr": "is invalid for '--max-params"},
    {"case": "--top negative", "args": ["rank", "--top", "-1"], "exit": 64, "stderr": "--top must not be negative"},
    {"case": "--limit -5", "args": ["list", "--limit", "-5"], "exit": 64, "stderr": "--limit must not be negative"},
]


def main():
    for name, content in FILES.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as handle:
            json.dump(content, handle, indent=1)
            handle.write("\n")
    good = json.dumps(keras_functional([k2_input("a", 8), k2_dense("d", 2, [["a", 0, 0]])],
                                       [["a", 0, 0]], [["d", 0, 0]]))
    other = json.dumps(keras_functional([k2_input("a", 100), k2_dense("d", 2, [["a", 0, 0]])],
                                        [["a", 0, 0]], [["d", 0, 0]]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        with zipfile.ZipFile(os.path.join(HERE, "keras-duplicate-config.keras"), "w") as archive:
            archive.writestr("config.json", good)
            archive.writestr("metadata.json", '{"keras_version": "3.5.0"}')
            archive.writestr("config.json", other)
    cases_path = os.path.join(HERE, "cases.json")
    with open(cases_path, encoding="utf-8") as handle:
        cases = json.load(handle)
    known = {case["case"] for case in cases}
    for file, stderr in CASES:
        if file not in known:
            cases.append({"case": file, "args": ["add", "{dir}/" + file], "exit": 65, "stderr": stderr})
    for case in OTHER:
        if case["case"] not in known:
            cases.append(case)
    with open(cases_path, "w", encoding="utf-8") as handle:
        json.dump(cases, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
