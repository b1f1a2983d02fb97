#!/usr/bin/env python3
"""Write the bundled seed architectures into seeds/ in the native format (docs/FORMAT.md).

Run from anywhere: `python3 scripts/make_seeds.py`. Uses the standard library only and writes
deterministic output (2-space indented JSON, keys in insertion order, trailing newline), so
running it twice gives byte-identical files.

Each builder below returns one architecture as a dict. Layer names follow the framework the
architecture comes from (Keras Applications names for Keras models, torchvision module names for
PyTorch models) so that `catalog explain NAME LAYER` can use the names people already know.
"""

import json
import os
import sys

SEEDS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "seeds")


# MARK: - LeNet-5


def lenet5():
    """LeNet-5 (LeCun et al. 1998) on a 32x32 grayscale image, C5 as a 5x5 convolution."""
    layers = [
        {"type": "Conv2D", "name": "c1", "filters": 6, "kernel_size": 5, "activation": "tanh"},
        {"type": "AveragePooling2D", "name": "s2", "pool_size": 2},
        {"type": "Conv2D", "name": "c3", "filters": 16, "kernel_size": 5, "activation": "tanh"},
        {"type": "AveragePooling2D", "name": "s4", "pool_size": 2},
        {"type": "Conv2D", "name": "c5", "filters": 120, "kernel_size": 5, "activation": "tanh"},
        {"type": "Flatten", "name": "flatten"},
        {"type": "Dense", "name": "f6", "units": 84, "activation": "tanh"},
        {"type": "Dense", "name": "output", "units": 10, "activation": "softmax"},
    ]
    return {
        "name": "lenet5",
        "description": (
            "LeNet-5, the convolutional network LeCun et al. used for handwritten digit recognition: "
            "two 5x5 convolution + 2x2 subsampling stages (C1, S2, C3, S4), a 5x5 convolution C5 "
            "that reduces the map to 1x1x120, an 84-unit layer F6 and 10 outputs. Simplified in the "
            "usual modern way: S2/S4 are plain average pooling without the paper's trainable "
            "coefficient and bias, C3 connects to all six S2 maps (the paper uses a partial "
            "connection table), and the output is a dense softmax layer instead of RBF units."
        ),
        "source": (
            "LeCun, Bottou, Bengio, Haffner (1998), Gradient-based learning applied to document "
            "recognition, Proc. IEEE 86(11); http://yann.lecun.com/exdb/publis/pdf/lecun-98.pdf"
        ),
        "tags": ["cnn", "classification", "mnist", "classic"],
        "framework": "keras",
        "data_format": "channels_last",
        "input": [32, 32, 1],
        "layers": layers,
    }


# MARK: - AlexNet


def alexnet():
    """torchvision.models.alexnet: the single-GPU variant with 64/192/384/256/256 filters."""
    layers = [
        {"type": "Conv2d", "name": "features.0", "filters": 64, "kernel_size": 11, "strides": 4, "padding": 2},
        {"type": "ReLU", "name": "features.1"},
        {"type": "MaxPool2d", "name": "features.2", "pool_size": 3, "strides": 2},
        {"type": "Conv2d", "name": "features.3", "filters": 192, "kernel_size": 5, "padding": 2},
        {"type": "ReLU", "name": "features.4"},
        {"type": "MaxPool2d", "name": "features.5", "pool_size": 3, "strides": 2},
        {"type": "Conv2d", "name": "features.6", "filters": 384, "kernel_size": 3, "padding": 1},
        {"type": "ReLU", "name": "features.7"},
        {"type": "Conv2d", "name": "features.8", "filters": 256, "kernel_size": 3, "padding": 1},
        {"type": "ReLU", "name": "features.9"},
        {"type": "Conv2d", "name": "features.10", "filters": 256, "kernel_size": 3, "padding": 1},
        {"type": "ReLU", "name": "features.11"},
        {"type": "MaxPool2d", "name": "features.12", "pool_size": 3, "strides": 2},
        {"type": "Flatten", "name": "flatten"},
        {"type": "Dropout", "name": "classifier.0", "rate": 0.5},
        {"type": "Linear", "name": "classifier.1", "units": 4096},
        {"type": "ReLU", "name": "classifier.2"},
        {"type": "Dropout", "name": "classifier.3", "rate": 0.5},
        {"type": "Linear", "name": "classifier.4", "units": 4096},
        {"type": "ReLU", "name": "classifier.5"},
        {"type": "Linear", "name": "classifier.6", "units": 1000},
    ]
    return {
        "name": "alexnet",
        "description": (
            "AlexNet as torchvision builds it (torchvision.models.alexnet): the one-tower variant "
            "with 64, 192, 384, 256 and 256 filters, no local response normalisation, then three "
            "fully connected layers with dropout. Layer names are torchvision's module names. "
            "torchvision's AdaptiveAvgPool2d((6, 6)) is omitted: at a 224x224 input the last max "
            "pooling already gives 256x6x6, so it is the identity and changes no shape or count."
        ),
        "source": (
            "Krizhevsky, Sutskever, Hinton (2012), ImageNet Classification with Deep Convolutional "
            "Neural Networks, NeurIPS; variant of torchvision.models.alexnet "
            "(https://pytorch.org/vision/stable/models/alexnet.html), after Krizhevsky (2014), "
            "One weird trick for parallelizing convolutional neural networks, arXiv:1404.5997"
        ),
        "tags": ["cnn", "classification", "imagenet", "classic"],
        "framework": "pytorch",
        "data_format": "channels_first",
        "input": [3, 224, 224],
        "layers": layers,
    }


# MARK: - VGG


VGG_CONFIGS = {
    # convolutions per block; blocks have 64, 128, 256, 512, 512 filters
    "vgg11": ("A", [1, 1, 2, 2, 2]),
    "vgg16": ("D", [2, 2, 3, 3, 3]),
    "vgg19": ("E", [2, 2, 4, 4, 4]),
}


def vgg(name):
    """VGG with Keras Applications' layer names (block<b>_conv<i>, block<b>_pool, fc1, fc2, predictions)."""
    config, counts = VGG_CONFIGS[name]
    depth = sum(counts) + 3
    layers = []
    for block, (count, filters) in enumerate(zip(counts, [64, 128, 256, 512, 512]), start=1):
        for index in range(1, count + 1):
            layers.append({
                "type": "Conv2D", "name": "block%d_conv%d" % (block, index), "filters": filters,
                "kernel_size": 3, "padding": "same", "activation": "relu",
            })
        layers.append({"type": "MaxPooling2D", "name": "block%d_pool" % block, "pool_size": 2, "strides": 2})
    layers += [
        {"type": "Flatten", "name": "flatten"},
        {"type": "Dense", "name": "fc1", "units": 4096, "activation": "relu"},
        {"type": "Dense", "name": "fc2", "units": 4096, "activation": "relu"},
        {"type": "Dense", "name": "predictions", "units": 1000, "activation": "softmax"},
    ]
    keras_note = (
        "Layer names follow keras.applications.VGG16/VGG19 (include_top, 1000 classes)."
        if name != "vgg11"
        else "Keras Applications has no VGG-11; layer names follow the scheme of its VGG16/VGG19."
    )
    return {
        "name": name,
        "description": (
            "VGG-%d (configuration %s of Simonyan and Zisserman): %d weight layers, five blocks of 3x3 "
            "convolutions with 'same' padding and ReLU, each block ending in 2x2 max pooling, then "
            "two 4096-unit fully connected layers and a 1000-way softmax for ImageNet. %s"
            % (depth, config, depth, keras_note)
        ),
        "source": (
            "Simonyan, Zisserman (2014), Very Deep Convolutional Networks for Large-Scale Image "
            "Recognition, arXiv:1409.1556 (https://arxiv.org/abs/1409.1556)"
        ),
        "tags": ["cnn", "classification", "imagenet"],
        "framework": "keras",
        "data_format": "channels_last",
        "input": [224, 224, 3],
        "layers": layers,
    }


# MARK: - ResNet


RESNET_CONFIGS = {
    "resnet18": ("basic", [2, 2, 2, 2]),
    "resnet34": ("basic", [3, 4, 6, 3]),
    "resnet50": ("bottleneck", [3, 4, 6, 3]),
}


def conv_bn(layers, prefix, conv, bn, filters, kernel_size, strides=1, padding=0, inputs=None):
    """Appends a bias-free convolution and its BatchNormalization; returns the BN's name."""
    layer = {"type": "Conv2d", "name": prefix + conv}
    if inputs is not None:
        layer["inputs"] = inputs
    layer.update({"filters": filters, "kernel_size": kernel_size})
    if strides != 1:
        layer["strides"] = strides
    if padding:
        layer["padding"] = padding
    layer["use_bias"] = False
    layers.append(layer)
    layers.append({"type": "BatchNorm2d", "name": prefix + bn})
    return prefix + bn


def resnet_block(layers, kind, prefix, block_input, in_channels, width, stride):
    """Appends one torchvision BasicBlock or Bottleneck; returns (output name, output channels).

    torchvision reuses one ReLU module per block; here each ReLU is its own layer (relu1, relu2,
    then `relu` after the addition) so that names stay unique.
    """
    expansion = 1 if kind == "basic" else 4
    out_channels = width * expansion
    if kind == "basic":
        conv_bn(layers, prefix, "conv1", "bn1", width, 3, stride, 1)
        layers.append({"type": "ReLU", "name": prefix + "relu1"})
        residual = conv_bn(layers, prefix, "conv2", "bn2", width, 3, 1, 1)
    else:
        conv_bn(layers, prefix, "conv1", "bn1", width, 1)
        layers.append({"type": "ReLU", "name": prefix + "relu1"})
        conv_bn(layers, prefix, "conv2", "bn2", width, 3, stride, 1)
        layers.append({"type": "ReLU", "name": prefix + "relu2"})
        residual = conv_bn(layers, prefix, "conv3", "bn3", out_channels, 1)
    if stride != 1 or in_channels != out_channels:
        shortcut = conv_bn(
            layers, prefix, "downsample.0", "downsample.1", out_channels, 1, stride, 0,
            inputs=[block_input])
    else:
        shortcut = block_input
    layers.append({"type": "Add", "name": prefix + "add", "inputs": [residual, shortcut]})
    layers.append({"type": "ReLU", "name": prefix + "relu"})
    return prefix + "relu", out_channels


def resnet(name):
    """torchvision.models.resnet18/34/50 (ResNet v1.5: the stride sits on the 3x3 convolution)."""
    kind, counts = RESNET_CONFIGS[name]
    depth = int(name[len("resnet"):])
    layers = []
    conv_bn(layers, "", "conv1", "bn1", 64, 7, 2, 3)
    layers.append({"type": "ReLU", "name": "relu"})
    layers.append({"type": "MaxPool2d", "name": "maxpool", "pool_size": 3, "strides": 2, "padding": 1})
    current, channels = "maxpool", 64
    for stage, (count, width) in enumerate(zip(counts, [64, 128, 256, 512]), start=1):
        for index in range(count):
            stride = 2 if stage > 1 and index == 0 else 1
            current, channels = resnet_block(
                layers, kind, "layer%d.%d." % (stage, index), current, channels, width, stride)
    layers += [
        {"type": "AdaptiveAvgPool2d", "name": "avgpool", "output_size": 1},
        {"type": "Flatten", "name": "flatten"},
        {"type": "Linear", "name": "fc", "units": 1000},
    ]
    block_text = (
        "basic blocks (two 3x3 convolutions)"
        if kind == "basic"
        else "bottleneck blocks (1x1, 3x3, 1x1 convolutions, expansion 4, stride on the 3x3 "
        "convolution as torchvision does, the 'v1.5' variant)"
    )
    return {
        "name": name,
        "description": (
            "ResNet-%d as torchvision builds it (torchvision.models.%s): a 7x7 stride-2 stem with "
            "3x3 max pooling, four stages of %s with %s blocks, a 1x1 convolution + batch norm "
            "shortcut where the stride or width changes, global average pooling and a 1000-way "
            "fully connected layer. Convolutions have no bias and are each followed by batch "
            "normalisation. Layer names are torchvision's module names; its shared per-block ReLU "
            "is split into relu1/relu2 and 'relu' after the 'add' merge so names stay unique. "
            "Counted under the PyTorch convention: batch-norm running statistics are buffers, "
            "not parameters."
            % (depth, name, block_text, "/".join(str(c) for c in counts))
        ),
        "source": (
            "He, Zhang, Ren, Sun (2015), Deep Residual Learning for Image Recognition, "
            "arXiv:1512.03385 (https://arxiv.org/abs/1512.03385); variant of torchvision.models.%s "
            "(https://pytorch.org/vision/stable/models/resnet.html)" % name
        ),
        "tags": ["cnn", "classification", "imagenet", "residual"],
        "framework": "pytorch",
        "data_format": "channels_first",
        "input": [3, 224, 224],
        "layers": layers,
    }


# MARK: - MobileNet v1


MOBILENET_BLOCKS = [
    # (pointwise filters, stride of the depthwise convolution), block ids 1..13
    (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
    (512, 1), (512, 1), (512, 1), (512, 1), (512, 1),
    (1024, 2), (1024, 1),
]


def mobilenet_v1():
    """keras.applications.MobileNet(alpha=1.0, depth_multiplier=1, include_top=True, classes=1000)."""
    layers = [
        {"type": "Conv2D", "name": "conv1", "filters": 32, "kernel_size": 3, "strides": 2,
         "padding": "same", "use_bias": False},
        {"type": "BatchNormalization", "name": "conv1_bn"},
        {"type": "ReLU", "name": "conv1_relu", "max_value": 6.0},
    ]
    for block_id, (filters, stride) in enumerate(MOBILENET_BLOCKS, start=1):
        if stride != 1:
            layers.append({"type": "ZeroPadding2D", "name": "conv_pad_%d" % block_id,
                           "padding": [[0, 1], [0, 1]]})
        layers += [
            {"type": "DepthwiseConv2D", "name": "conv_dw_%d" % block_id, "kernel_size": 3,
             "strides": stride, "padding": "same" if stride == 1 else "valid",
             "depth_multiplier": 1, "use_bias": False},
            {"type": "BatchNormalization", "name": "conv_dw_%d_bn" % block_id},
            {"type": "ReLU", "name": "conv_dw_%d_relu" % block_id, "max_value": 6.0},
            {"type": "Conv2D", "name": "conv_pw_%d" % block_id, "filters": filters, "kernel_size": 1,
             "padding": "same", "use_bias": False},
            {"type": "BatchNormalization", "name": "conv_pw_%d_bn" % block_id},
            {"type": "ReLU", "name": "conv_pw_%d_relu" % block_id, "max_value": 6.0},
        ]
    layers += [
        {"type": "GlobalAveragePooling2D", "name": "global_average_pooling2d", "keepdims": True},
        {"type": "Dropout", "name": "dropout", "rate": 0.001},
        {"type": "Conv2D", "name": "conv_preds", "filters": 1000, "kernel_size": 1, "padding": "same"},
        {"type": "Flatten", "name": "flatten"},
        {"type": "Activation", "name": "predictions", "activation": "softmax"},
    ]
    return {
        "name": "mobilenet_v1",
        "description": (
            "MobileNet (v1) as Keras Applications builds it (keras.applications.MobileNet, alpha 1.0, "
            "depth multiplier 1, 224x224x3, include_top, 1000 classes): a 3x3 stride-2 convolution, "
            "then 13 depthwise-separable blocks (3x3 depthwise + 1x1 pointwise convolution, each "
            "with batch normalisation and ReLU6; stride-2 blocks pad one row and column after and "
            "use 'valid' padding), global average pooling, dropout and a 1x1 convolution as the "
            "classifier. Layer names are Keras'. Keras reshapes the 1x1x1000 logits with a Reshape "
            "layer (reshape_2); this file uses a Flatten layer instead, which gives the same shape "
            "and counts."
        ),
        "source": (
            "Howard et al. (2017), MobileNets: Efficient Convolutional Neural Networks for Mobile "
            "Vision Applications, arXiv:1704.04861 (https://arxiv.org/abs/1704.04861); "
            "keras.applications.MobileNet (https://keras.io/api/applications/mobilenet/)"
        ),
        "tags": ["cnn", "classification", "imagenet", "mobile", "depthwise-separable"],
        "framework": "keras",
        "data_format": "channels_last",
        "input": [224, 224, 3],
        "layers": layers,
    }


# MARK: - ResNet50 as Keras Applications builds it


def keras_resnet50():
    """keras.applications.ResNet50(include_top=True, weights=None, classes=1000), layer for layer.

    Follows keras/src/applications/resnet.py: `stack1`/`block1` with a 1x1 convolution + batch
    norm shortcut in each stage's first block, the stride on the first 1x1 convolution (the
    original 'v1' ResNet, unlike torchvision's v1.5), every convolution with a bias, and
    BatchNormalization with epsilon 1.001e-5 (which changes no count). Layers are listed in the
    order Keras' model.layers gives them (a block's 0_conv shortcut after its 2_relu).
    """
    layers = [
        {"type": "ZeroPadding2D", "name": "conv1_pad", "padding": 3},
        {"type": "Conv2D", "name": "conv1_conv", "filters": 64, "kernel_size": 7, "strides": 2},
        {"type": "BatchNormalization", "name": "conv1_bn"},
        {"type": "Activation", "name": "conv1_relu", "activation": "relu"},
        {"type": "ZeroPadding2D", "name": "pool1_pad", "padding": 1},
        {"type": "MaxPooling2D", "name": "pool1_pool", "pool_size": 3, "strides": 2},
    ]
    current = "pool1_pool"
    for stage, (blocks, filters) in enumerate(zip([3, 4, 6, 3], [64, 128, 256, 512]), start=2):
        for block in range(1, blocks + 1):
            prefix = "conv%d_block%d_" % (stage, block)
            stride = 2 if stage > 2 and block == 1 else 1
            first = {"type": "Conv2D", "name": prefix + "1_conv", "filters": filters, "kernel_size": 1}
            if stride != 1:
                first["strides"] = stride
            if block == 1:
                first["inputs"] = [current]
            layers += [
                first,
                {"type": "BatchNormalization", "name": prefix + "1_bn"},
                {"type": "Activation", "name": prefix + "1_relu", "activation": "relu"},
                {"type": "Conv2D", "name": prefix + "2_conv", "filters": filters, "kernel_size": 3,
                 "padding": "same"},
                {"type": "BatchNormalization", "name": prefix + "2_bn"},
                {"type": "Activation", "name": prefix + "2_relu", "activation": "relu"},
            ]
            if block == 1:
                shortcut = {"type": "Conv2D", "name": prefix + "0_conv", "inputs": [current],
                            "filters": 4 * filters, "kernel_size": 1}
                if stride != 1:
                    shortcut["strides"] = stride
                layers += [
                    shortcut,
                    {"type": "Conv2D", "name": prefix + "3_conv", "inputs": [prefix + "2_relu"],
                     "filters": 4 * filters, "kernel_size": 1},
                    {"type": "BatchNormalization", "name": prefix + "0_bn", "inputs": [prefix + "0_conv"]},
                    {"type": "BatchNormalization", "name": prefix + "3_bn", "inputs": [prefix + "3_conv"]},
                    {"type": "Add", "name": prefix + "add", "inputs": [prefix + "0_bn", prefix + "3_bn"]},
                ]
            else:
                layers += [
                    {"type": "Conv2D", "name": prefix + "3_conv", "filters": 4 * filters, "kernel_size": 1},
                    {"type": "BatchNormalization", "name": prefix + "3_bn"},
                    {"type": "Add", "name": prefix + "add", "inputs": [current, prefix + "3_bn"]},
                ]
            layers.append({"type": "Activation", "name": prefix + "out", "activation": "relu"})
            current = prefix + "out"
    layers += [
        {"type": "GlobalAveragePooling2D", "name": "avg_pool"},
        {"type": "Dense", "name": "predictions", "units": 1000, "activation": "softmax"},
    ]
    return {
        "name": "keras_resnet50",
        "description": (
            "ResNet50 as Keras Applications builds it (keras.applications.ResNet50, include_top, "
            "224x224x3, 1000 classes): the same network as torchvision's resnet50 but in the "
            "original 'v1' form and Keras' convention, so the two show what a convention changes. "
            "A 7x7 stride-2 stem (zero padding 3) and 3x3 max pooling, four stages of bottleneck "
            "blocks (1x1, 3x3, 1x1 convolutions, expansion 4, the stride on the first 1x1 "
            "convolution) with 3/4/6/3 blocks and a 1x1 convolution + batch norm shortcut in each "
            "stage's first block, global average pooling and a 1000-way softmax. Every convolution "
            "has a bias, and BatchNormalization's moving mean and variance are non-trainable "
            "parameters (Keras' convention). Layer names are Keras'."
        ),
        "source": (
            "He, Zhang, Ren, Sun (2015), Deep Residual Learning for Image Recognition, "
            "arXiv:1512.03385 (https://arxiv.org/abs/1512.03385); keras.applications.ResNet50 "
            "(https://keras.io/api/applications/resnet/)"
        ),
        "tags": ["cnn", "classification", "imagenet", "residual"],
        "framework": "keras",
        "data_format": "channels_last",
        "input": [224, 224, 3],
        "layers": layers,
    }


# MARK: - The tutorial's example network


def article_cnn():
    """The Keras model zoo_seed (Sequential, 96x96x1 input), layer for layer."""

    def conv(name, filters):
        return {"type": "Conv2D", "name": name, "filters": filters, "kernel_size": [3, 3],
                "strides": [1, 1], "padding": "same", "dilation_rate": [1, 1], "groups": 1,
                "activation": "relu", "use_bias": True}

    def pool(name):
        return {"type": "MaxPooling2D", "name": name, "pool_size": [2, 2], "strides": [2, 2],
                "padding": "valid"}

    layers = [
        conv("conv1", 32),
        {"type": "Dropout", "name": "drop1", "rate": 0.25},
        conv("conv2", 32),
        pool("pool1"),
        conv("conv3", 64),
        {"type": "Dropout", "name": "drop2", "rate": 0.25},
        conv("conv4", 64),
        pool("pool2"),
        {"type": "Flatten", "name": "flatten"},
        {"type": "Dense", "name": "fc1", "units": 128, "activation": "relu", "use_bias": True},
        {"type": "Dropout", "name": "drop3", "rate": 0.5},
        {"type": "Dense", "name": "out", "units": 1, "activation": "sigmoid", "use_bias": True},
    ]
    return {
        "name": "article_cnn",
        "description": (
            "The example network of the parameter-counting tutorial this project started from: a "
            "96x96 single-channel image through two pairs of 3x3 'same' convolutions (32 then 64 "
            "filters, ReLU), each pair with dropout after its first convolution and 2x2 max "
            "pooling after its second. The tutorial shows only part of its network; this file "
            "completes it as a small binary classifier of our choice (flatten, a 128-unit dense "
            "layer, dropout and one sigmoid output), exactly the Keras model zoo_seed, for which "
            "Keras reports 4,783,841 parameters."
        ),
        "source": "Keras model zoo_seed; tutorial: How to calculate the number of parameters in the CNN?",
        "tags": ["cnn", "classification", "binary", "example"],
        "framework": "keras",
        "data_format": "channels_last",
        "input": [96, 96, 1],
        "layers": layers,
    }


# MARK: - Writing


def architectures():
    return [
        lenet5(),
        alexnet(),
        vgg("vgg11"),
        vgg("vgg16"),
        vgg("vgg19"),
        resnet("resnet18"),
        resnet("resnet34"),
        resnet("resnet50"),
        keras_resnet50(),
        mobilenet_v1(),
        article_cnn(),
    ]


def main():
    out_dir = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else SEEDS_DIR)
    os.makedirs(out_dir, exist_ok=True)
    for arch in architectures():
        names = [layer["name"] for layer in arch["layers"]]
        if len(names) != len(set(names)) or "input" in names:
            raise SystemExit("%s: layer names are not unique" % arch["name"])
        path = os.path.join(out_dir, arch["name"] + ".json")
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(json.dumps(arch, indent=2, ensure_ascii=False) + "\n")
        print("wrote %s (%d layers)" % (path, len(arch["layers"])))


if __name__ == "__main__":
    main()
