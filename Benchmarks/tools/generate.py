#!/usr/bin/env python3
"""Writes generated architectures in the native format (docs/FORMAT.md) for the benchmarks.

    generate.py many DIR COUNT [--first N]   COUNT files of about 50 layers: DIR/gen-000001.json ...
    generate.py deep FILE LAYERS             one architecture of exactly LAYERS layers

`many` architectures are small residual CNNs: an input of 32 to 224 pixels, four stages of
Conv2D / BatchNormalization / ReLU blocks (with an Add shortcut every second block), max pooling
between stages, global average pooling and two Dense layers: 46 to 58 layers each. The width is
drawn log-uniformly from 8 to 192 channels, so total parameters spread from about 10^4 to 10^8
and `list --max-params 1e7` keeps roughly two thirds of them. Architecture i is the same for
every run (seeded by i), so catalogs of 1k, 10k and 100k share their first 1k architectures.

`deep` writes a straight chain (Conv2D / BatchNormalization / ReLU repeated after a 32x32x16
input) for `catalog show` of a 1,000-layer architecture.
"""
import json
import math
import os
import random
import sys

TAGS = ["cnn", "residual", "generated", "vision", "small", "mobile", "classification", "benchmark"]


def architecture(index):
    rng = random.Random(index)
    size = rng.choice([32, 64, 96, 128, 160, 224])
    width = int(round(math.exp(rng.uniform(math.log(8), math.log(192)))))
    blocks = [rng.choice([2, 3]) for _ in range(4)]
    layers = []
    count = 0

    def add(layer_type, inputs=None, **config):
        nonlocal count
        count += 1
        name = f"{layer_type.lower()}_{count}"
        layer = {"type": layer_type, "name": name, **config}
        if inputs:
            layer["inputs"] = inputs
        layers.append(layer)
        return name

    previous = add("Conv2D", filters=width, kernel_size=3, strides=2, padding="same", use_bias=False)
    previous = add("BatchNormalization", [previous])
    previous = add("ReLU", [previous])
    for stage, repeat in enumerate(blocks):
        filters = width * 2**stage
        if stage > 0:
            previous = add("MaxPooling2D", [previous], pool_size=2)
        shortcut = None
        for block in range(repeat):
            conv = add("Conv2D", [previous], filters=filters, kernel_size=3, padding="same", use_bias=False)
            norm = add("BatchNormalization", [conv])
            if shortcut is not None and block % 2 == 1:
                norm = add("Add", [norm, shortcut])
            previous = add("ReLU", [norm])
            shortcut = previous
        previous = add("Conv2D", [previous], filters=filters, kernel_size=1, padding="same")
    previous = add("GlobalAveragePooling2D", [previous])
    previous = add("Dense", [previous], units=rng.choice([128, 256, 512]), activation="relu")
    previous = add("Dropout", [previous], rate=0.2)
    add("Dense", [previous], units=rng.choice([10, 100, 1000]), activation="softmax")
    return {
        "name": f"gen-{index:06d}",
        "description": f"Generated residual CNN {index} (Benchmarks/tools/generate.py).",
        "tags": sorted(rng.sample(TAGS, 2)),
        "input": [size, size, 3],
        "layers": layers,
    }


def deep(layers):
    block = [
        {"type": "Conv2D", "filters": 16, "kernel_size": 3, "padding": "same"},
        {"type": "BatchNormalization"},
        {"type": "ReLU"},
    ]
    # The input is a layer too: LAYERS - 1 more after it.
    chain = [dict(block[i % 3], name=f"l{i + 1}") for i in range(layers - 1)]
    return {
        "name": f"deep-{layers}",
        "description": f"A straight chain of {layers} layers (Benchmarks/tools/generate.py).",
        "tags": ["generated", "benchmark"],
        "input": [32, 32, 16],
        "layers": chain,
    }


def main(argv):
    if len(argv) >= 3 and argv[0] == "many":
        directory, count = argv[1], int(argv[2])
        first = int(argv[4]) if len(argv) >= 5 and argv[3] == "--first" else 1
        os.makedirs(directory, exist_ok=True)
        for index in range(first, first + count):
            with open(os.path.join(directory, f"gen-{index:06d}.json"), "w") as file:
                json.dump(architecture(index), file, separators=(",", ":"))
    elif len(argv) == 3 and argv[0] == "deep":
        with open(argv[1], "w") as file:
            json.dump(deep(int(argv[2])), file, indent=1)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
