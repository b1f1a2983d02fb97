#!/usr/bin/env python3
"""Writes Tests/CatalogImportTests/Fixtures/onnx-timm/: timm models exported to ONNX, graph only.

Each model is built by timm with pretrained=False (nothing downloaded), every float parameter and
buffer drawn uniformly from [0.5, 1.5] (seed 0; not zeroed, not timm's initialisation: the
exporter merges initializers of equal values, so zero or zero-initialised tensors of one shape
would be stored once), exported with torch.onnx.export (TorchScript exporter, opset 17, batch 1, 224x224) and saved
with its weights as external data, which is then deleted: the committed .onnx holds the graph and
the initializers' names, dtypes and dims, which is all `catalog add` reads (docs/ONNX.md).

expected.json, per model, from the libraries alone:
  torch_params          sum(p.numel() for p in model.parameters())           (torch)
  batchnorm_params      the BatchNorm weights and biases among them: the exporter folds each
                        BatchNorm into the preceding convolution, which keeps its weight and gains
                        a bias of C elements for the BatchNorm's 2C (docs/ONNX.md)
  initializer_elements  the float initializers' elements in the exported graph (onnx)
  output_shape          onnxruntime's output shape for a 1x3x224x224 input    (onnxruntime, before
                        the data file is deleted)
  macs                  the project's convention (docs/ONNX.md) worked out over the shapes
                        onnxruntime computes for every value: Conv = output elements * Cin/groups * prod(kernel);
                        Gemm/MatMul = M * N * K; nothing else counted

timm is installed outside the reference venv:
  /tmp/ref/bin/pip install --no-deps --target /tmp/ref2-timm timm
  PYTHONPATH=/tmp/ref2-timm /tmp/ref/bin/python scripts/make_timm_onnx.py
"""
import json, os, shutil
import numpy as np
import onnx
import onnxruntime
import timm
import torch

from make_onnx_fixtures import ort_shapes

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "CatalogImportTests", "Fixtures", "onnx-timm")
MODELS = ["resnet18", "efficientnet_b0", "mobilenetv3_small_100", "convnext_atto", "vit_tiny_patch16_224"]


def macs(model):
    # Every value's shape as onnxruntime computes it.
    dims = ort_shapes(model, {"x": np.zeros((1, 3, 224, 224), np.float32)})
    dims["x"] = [1, 3, 224, 224]
    for t in model.graph.initializer:
        dims[t.name] = list(t.dims)
    total = 0
    for node in model.graph.node:
        if node.op_type == "Conv":
            out, w = dims[node.output[0]], dims[node.input[1]]
            total += int(np.prod(out)) * int(np.prod(w[1:]))  # w: (Cout, Cin/groups, *kernel)
        elif node.op_type == "Gemm":
            a, out = dims[node.input[0]], dims[node.output[0]]
            trans_a = next((x.i for x in node.attribute if x.name == "transA"), 0)
            k = a[0] if trans_a else a[1]
            total += int(np.prod(out)) * k
        elif node.op_type == "MatMul":
            a, out = dims[node.input[0]], dims[node.output[0]]
            total += int(np.prod(out)) * a[-1]
    return total


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    expected = {}
    for name in MODELS:
        torch.manual_seed(0)
        model = timm.create_model(name, pretrained=False).eval()
        with torch.no_grad():  # every float tensor distinct (see above), variances positive
            for t in list(model.parameters()) + list(model.buffers()):
                if t.is_floating_point():
                    t.uniform_(0.5, 1.5)
        path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(model, (torch.zeros(1, 3, 224, 224),), path, opset_version=17, dynamo=False,
                          input_names=["x"], output_names=["logits"])
        session = onnxruntime.InferenceSession(path)
        output_shape = list(session.run(None, {"x": np.zeros((1, 3, 224, 224), np.float32)})[0].shape)
        graph = onnx.load(path)
        elements = sum(int(np.prod(t.dims)) for t in graph.graph.initializer if t.data_type in (1, 10, 11, 16))
        expected[name] = {
            "torch_params": sum(p.numel() for p in model.parameters()),
            "batchnorm_params": sum(p.numel() for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)
                                    for p in m.parameters(recurse=False)),
            "initializer_elements": elements,
            "output_shape": output_shape,
            "macs": macs(graph),
        }
        onnx.save_model(graph, path, save_as_external_data=True, location=name + ".onnx.data", size_threshold=0)
        os.remove(os.path.join(OUT, name + ".onnx.data"))  # the graph alone is committed
        print(name, expected[name], os.path.getsize(path))
    expected["made_by"] = f"timm {timm.__version__}, torch {torch.__version__}, onnx {onnx.__version__}, onnxruntime {onnxruntime.__version__}"
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
