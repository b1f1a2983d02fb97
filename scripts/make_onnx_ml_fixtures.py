#!/usr/bin/env python3
"""Writes Tests/CatalogImportTests/Fixtures/onnx-ml/: small `ai.onnx.ml` graphs written with
onnx.helper (the operators scikit-learn's exporters write: LinearClassifier + ZipMap,
LinearRegressor, Scaler, Normalizer, Imputer, Binarizer, ArrayFeatureExtractor, OneHotEncoder,
TreeEnsembleClassifier/Regressor, SVMRegressor), each run by onnxruntime on 3 rows.

expected.json, per file: `outputs` {name: the shape onnxruntime returned, with the 3 rows written
as "N"} (a ZipMap's output is a list of maps: "sequence"), `producers` {name: [node, position]}; `params` and `non_trainable` and `macs`
worked out by hand in the comments below from the attributes written here.

Run with the reference venv:  /tmp/ref/bin/python scripts/make_onnx_ml_fixtures.py
"""
import json, os
import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "CatalogImportTests", "Fixtures", "onnx-ml")
ML = "ai.onnx.ml"


def save(name, nodes, inputs, outputs, expected, feed):
    graph = helper.make_graph(nodes, name, inputs, outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(ML, 3)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    path = os.path.join(OUT, name + ".onnx")
    onnx.save(model, path)
    session = onnxruntime.InferenceSession(path)
    results = session.run(None, feed)
    shapes = {}
    for out, value in zip(session.get_outputs(), results):
        if isinstance(value, list):
            shapes[out.name] = "sequence"
        else:
            shapes[out.name] = ["N" if i == 0 and d == 3 else d for i, d in enumerate(value.shape)]
    expected["outputs"] = shapes
    # The node and output position producing each graph output (the catalog's layer is the node).
    expected["producers"] = {out: [n.name, i] for n in nodes for i, out in enumerate(n.output) if out in shapes}
    return {name: expected}


def x(features, elem=TensorProto.FLOAT, name="X"):
    return helper.make_tensor_value_info(name, elem, ["N", features])


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = np.zeros((3, 4), np.float32)
    expected = {}

    # LinearClassifier, 4 features, 3 classes, then ZipMap (skl2onnx's LogisticRegression).
    # params = 3 x 4 coefficients + 3 intercepts = 15; MACs = 4 x 3 = 12 per row.
    expected.update(save("linear_classifier", [
        helper.make_node("LinearClassifier", ["X"], ["label", "probabilities"], domain=ML, name="linear",
                         coefficients=[0.0] * 12, intercepts=[0.0] * 3, classlabels_ints=[0, 1, 2],
                         post_transform="SOFTMAX"),
        helper.make_node("ZipMap", ["probabilities"], ["output_probability"], domain=ML, name="zipmap",
                         classlabels_int64s=[0, 1, 2]),
    ], [x(4)], [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
                helper.make_value_info("output_probability", helper.make_sequence_type_proto(helper.make_map_type_proto(
                    TensorProto.INT64, helper.make_tensor_type_proto(TensorProto.FLOAT, []))))],
        {"params": 15, "non_trainable": 0, "macs": 12}, {"X": rows}))
    # A binary LinearClassifier: one coefficient row (4) + 1 intercept = 5; MACs 4.
    expected.update(save("linear_classifier_binary", [
        helper.make_node("LinearClassifier", ["X"], ["label", "scores"], domain=ML, name="linear",
                         coefficients=[0.0] * 4, intercepts=[0.0], classlabels_strings=["no", "yes"]),
    ], [x(4)], [helper.make_tensor_value_info("label", TensorProto.STRING, ["N"]),
                helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", "k"])],
        {"params": 5, "non_trainable": 0, "macs": 4}, {"X": rows}))
    # Scaler (offset 4 + scale 4 non-trainable) -> Normalizer -> LinearRegressor, 2 targets:
    # params 2 x 4 + 2 = 10; MACs 4 x 2 = 8.
    expected.update(save("scaled_regression", [
        helper.make_node("Scaler", ["X"], ["scaled"], domain=ML, name="scaler", offset=[0.0] * 4, scale=[1.0] * 4),
        helper.make_node("Normalizer", ["scaled"], ["normed"], domain=ML, name="normalizer", norm="L2"),
        helper.make_node("LinearRegressor", ["normed"], ["variable"], domain=ML, name="regressor",
                         coefficients=[0.0] * 8, intercepts=[0.0] * 2, targets=2),
    ], [x(4)], [helper.make_tensor_value_info("variable", TensorProto.FLOAT, ["N", "k"])],
        {"params": 10, "non_trainable": 8, "macs": 8}, {"X": rows}))
    # Imputer (4 imputed values, non-trainable) -> Binarizer -> ArrayFeatureExtractor (columns
    # 0 and 2): no parameters, no MACs.
    indices = helper.make_tensor("indices", TensorProto.INT64, [2], [0, 2])
    expected.update(save("imputer_select", [
        helper.make_node("Imputer", ["X"], ["imputed"], domain=ML, name="imputer",
                         imputed_value_floats=[0.0] * 4, replaced_value_float=float("nan")),
        helper.make_node("Binarizer", ["imputed"], ["binary"], domain=ML, name="binarizer", threshold=0.5),
        helper.make_node("Constant", [], ["indices"], name="columns", value=indices),
        helper.make_node("ArrayFeatureExtractor", ["binary", "indices"], ["selected"], domain=ML, name="select"),
    ], [x(4)], [helper.make_tensor_value_info("selected", TensorProto.FLOAT, ["N", "k"])],
        {"params": 0, "non_trainable": 4, "macs": 0}, {"X": rows}))
    # OneHotEncoder of 1 integer column into 5 categories: no parameters.
    expected.update(save("one_hot", [
        helper.make_node("OneHotEncoder", ["X"], ["encoded"], domain=ML, name="onehot", cats_int64s=[1, 2, 3, 4, 5], zeros=1),
    ], [x(1, TensorProto.INT64)], [helper.make_tensor_value_info("encoded", TensorProto.FLOAT, ["N", "k"])],
        {"params": 0, "non_trainable": 0, "macs": 0}, {"X": np.ones((3, 1), np.int64)}))
    # Two one-split trees over 3 classes (a TreeEnsembleClassifier): 6 nodes, no parameters.
    tree = dict(nodes_treeids=[0, 0, 0, 1, 1, 1], nodes_nodeids=[0, 1, 2, 0, 1, 2], nodes_featureids=[0, 0, 0, 2, 0, 0],
                nodes_values=[0.5, 0.0, 0.0, 0.5, 0.0, 0.0], nodes_modes=["BRANCH_LEQ", "LEAF", "LEAF"] * 2,
                nodes_truenodeids=[1, 0, 0, 1, 0, 0], nodes_falsenodeids=[2, 0, 0, 2, 0, 0])
    expected.update(save("tree_classifier", [
        helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "probabilities"], domain=ML, name="forest", **tree,
                         class_treeids=[0, 0, 1, 1], class_nodeids=[1, 2, 1, 2], class_ids=[0, 1, 1, 2],
                         class_weights=[1.0, 1.0, 1.0, 1.0], classlabels_int64s=[0, 1, 2]),
    ], [x(4)], [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
                helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", "k"])],
        {"params": 0, "non_trainable": 0, "macs": 0}, {"X": rows}))
    expected.update(save("tree_regressor", [
        helper.make_node("TreeEnsembleRegressor", ["X"], ["variable"], domain=ML, name="forest", **tree,
                         target_treeids=[0, 0, 1, 1], target_nodeids=[1, 2, 1, 2], target_ids=[0, 0, 0, 0],
                         target_weights=[1.0, 2.0, 3.0, 4.0], n_targets=1),
    ], [x(4)], [helper.make_tensor_value_info("variable", TensorProto.FLOAT, ["N", "k"])],
        {"params": 0, "non_trainable": 0, "macs": 0}, {"X": rows}))
    expected["made_by"] = f"onnx {onnx.__version__}, onnxruntime {onnxruntime.__version__}"
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    print(json.dumps(expected, indent=1))


if __name__ == "__main__":
    main()
