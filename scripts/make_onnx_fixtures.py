#!/usr/bin/env python3
"""Makes the ONNX test fixtures in Tests/CatalogImportTests/Fixtures/onnx/ and their expected values.

Run with the reference venv (torch, torchvision, onnx, onnxruntime, onnxscript):
    /tmp/ref/bin/python scripts/make_onnx_fixtures.py [SHARED_FIXTURES_DIR] [--helper-only]

For every model: the .onnx file with every floating-point weight zeroed (integer tensors such as
Reshape shapes keep their values, so every shape is the exporter's) and <name>.expected.json with
  torch_params        sum(p.numel()) of the PyTorch module (absent for onnx.helper files)
  initializer_elements / float_initializer_elements   from the onnx package
  nodes               every node: name, op, outputs[].shape_ort (onnxruntime's actual shapes,
                      batch included, found by running the model with every value as an output)
  macs                per node and in total, computed here from onnxruntime's shapes by the
                      convention in docs/ONNX.md (Conv prod(Y)*prod(W[1:]), ConvTranspose
                      prod(X)*prod(W[1:]), Gemm/MatMul prod(Y)*K, LSTM/GRU/RNN seq*batch*(|W|+|R|),
                      Einsum the product of its index sizes)
The shared fixtures (../shared/fixtures/onnx) are copied with their weights zeroed; their
expected.json files are theirs, unchanged.
No weights are downloaded: torchvision models are built with weights=None.
"""
import json, os, shutil, sys, tempfile
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "CatalogImportTests", "Fixtures", "onnx")
FLOATS = {TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.FLOAT16, TensorProto.BFLOAT16}


def zero_weights(model):
    def zero(t):
        if t.data_type in FLOATS and t.data_location != TensorProto.EXTERNAL:
            a = numpy_helper.to_array(t)
            t.CopyFrom(numpy_helper.from_array(np.zeros_like(a), t.name))
    def walk(g):
        for t in g.initializer:
            zero(t)
        for n in g.node:
            for a in n.attribute:
                if a.type == onnx.AttributeProto.TENSOR and a.t.data_type in FLOATS and np.prod(a.t.dims) > 16:
                    zero(a.t)
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g)
                for sub in a.graphs:
                    walk(sub)
    walk(model.graph)
    return model


def ort_shapes(model, feeds):
    """onnxruntime's shape of every top-level value: each one made a graph output."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    have = {o.name for o in m.graph.output}
    for n in m.graph.node:
        for o in n.output:
            if o and o not in have:
                m.graph.output.append(onnx.ValueInfoProto(name=o))
                have.add(o)
    sess = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    names = [o.name for o in sess.get_outputs()]
    values = sess.run(names, feeds)
    return {n: list(np.asarray(v).shape) for n, v in zip(names, values)}


def feeds_for(model, dims):
    inits = {t.name for t in model.graph.initializer}
    feeds = {}
    for i in model.graph.input:
        if i.name in inits:
            continue
        shape = dims[i.name]
        et = i.type.tensor_type.elem_type
        dtype = {TensorProto.FLOAT: np.float32, TensorProto.INT64: np.int64, TensorProto.INT32: np.int32,
                 TensorProto.BOOL: np.bool_}[et]
        feeds[i.name] = np.zeros(shape, dtype=dtype)
    return feeds


def node_macs(n, shp, inits):
    def s(name):
        return shp.get(name) or (list(inits[name].dims) if name in inits else None)
    op = n.op_type
    prod = lambda xs: int(np.prod(xs)) if xs is not None else None
    if op == "Conv":
        return prod(s(n.output[0])) * prod(s(n.input[1])[1:])
    if op == "ConvTranspose":
        return prod(s(n.input[0])) * prod(s(n.input[1])[1:])
    if op == "Gemm":
        a = s(n.input[0]); ta = next((x.i for x in n.attribute if x.name == "transA"), 0)
        return prod(s(n.output[0])) * (a[0] if ta else a[1])
    if op == "MatMul":
        return prod(s(n.output[0])) * s(n.input[0])[-1]
    if op in ("LSTM", "GRU", "RNN"):
        x = s(n.input[0]); layout = next((a.i for a in n.attribute if a.name == "layout"), 0)
        seq, batch = (x[1], x[0]) if layout else (x[0], x[1])
        return seq * batch * (prod(s(n.input[1])) + prod(s(n.input[2])))
    if op == "Einsum":
        eq = next(a.s.decode() for a in n.attribute if a.name == "equation").replace(" ", "")
        sizes = {}
        for term, name in zip(eq.split("->")[0].split(","), n.input):
            for letter, d in zip(term, s(name)):
                sizes[letter] = max(sizes.get(letter, 1), d)
        return prod(list(sizes.values())) if len(n.input) >= 2 else 0
    return 0


def expected(model, dims, extra):
    inits = {t.name: t for t in model.graph.initializer}
    feeds = feeds_for(model, dims)
    shp = ort_shapes(model, feeds)
    shp.update({k: list(v.shape) for k, v in feeds.items()})
    nodes, total = [], 0
    for i, n in enumerate(model.graph.node):
        m = node_macs(n, shp, inits)
        total += m
        nodes.append({"i": i, "name": n.name, "op": n.op_type, "macs": m,
                      "outputs": [{"name": o, "shape_ort": shp.get(o)} for o in n.output if o]})
    def elements(pred):
        def walk(g):
            e = sum(int(np.prod(t.dims)) for t in g.initializer if pred(t))
            for n in g.node:
                for a in n.attribute:
                    if a.type == onnx.AttributeProto.GRAPH:
                        e += walk(a.g)
            return e
        return walk(model.graph)
    return dict(extra, **{
        "opset": next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")),
        "initializer_elements": elements(lambda t: True),
        "float_initializer_elements": elements(lambda t: t.data_type in FLOATS),
        "input_dims": dims, "macs": total, "nodes": nodes})


def save(name, model, dims, extra, external=False):
    model = zero_weights(model)
    path = os.path.join(OUT, name + ".onnx")
    exp = expected(model, dims, extra)
    # Weights over 1 MB go to an external file that is then removed: the graph alone is committed
    # (the catalog reads it without the data), and the inline path is tested by the small files
    # and by the >64 MiB model the Swift test writes itself.
    external = external or model.ByteSize() > (1 << 20)
    if external:
        onnx.save(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                  location=name + ".data", size_threshold=0)
        os.remove(os.path.join(OUT, name + ".data"))  # the catalog must read the graph alone
    else:
        onnx.save(model, path)
    json.dump(exp, open(os.path.join(OUT, name + ".expected.json"), "w"), indent=1)
    print(name, "macs", exp["macs"], "params", exp.get("torch_params"), exp["float_initializer_elements"])


def torch_models():
    import torch, torchvision
    torch.manual_seed(0)
    tmp = tempfile.mkdtemp()

    def export(name, module, args, dynamo=False, **kw):
        module.eval()
        path = os.path.join(tmp, name + ".onnx")
        torch.onnx.export(module, args, path, dynamo=dynamo, **kw)
        m = onnx.load(path)
        return m, {"torch_params": sum(p.numel() for p in module.parameters()),
                   "exporter": "dynamo" if dynamo else "torchscript"}

    # resnet18, legacy exporter, constant folding off: BatchNormalization kept with its statistics.
    net = torchvision.models.resnet18(weights=None)
    m, extra = export("r18", net, (torch.zeros(1, 3, 64, 64),), input_names=["x"], do_constant_folding=False,
                      opset_version=13, dynamo=False)
    save("resnet18_nofold_op13", m, {"x": [1, 3, 64, 64]}, extra)
    # mobilenet_v3_small, legacy exporter, constant folding on (BN folded), dynamic batch.
    net = torchvision.models.mobilenet_v3_small(weights=None)
    m, extra = export("mv3", net, (torch.zeros(1, 3, 96, 96),), input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=17, dynamo=False)
    save("mobilenet_v3_small_dynbatch", m, {"x": [1, 3, 96, 96]}, dict(extra, dynamic_batch=True))
    # a small ViT-like encoder through the dynamo exporter (static shapes).
    layer = torch.nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, batch_first=True)
    enc = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False))
    m, extra = export("enc", enc, (torch.zeros(1, 10, 16),), dynamo=True, opset_version=18)
    save("encoder_dynamo", m, {m.graph.input[0].name: [1, 10, 16]}, extra)
    # the same CNN as torchscript export with opset 9 and 7 (old Upsample/Pad forms).
    class Small(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.c = torch.nn.Conv2d(3, 8, 3, padding=1)
            self.bn = torch.nn.BatchNorm2d(8)
            self.up = torch.nn.Upsample(scale_factor=2, mode="nearest")
            self.fc = torch.nn.Linear(8, 4)
        def forward(self, x):
            y = self.up(torch.relu(self.bn(self.c(x))))
            return self.fc(y.mean(dim=(2, 3)))
    m, extra = export("small9", Small(), (torch.zeros(1, 3, 16, 16),), input_names=["x"], opset_version=9,
                      do_constant_folding=False, dynamo=False)
    save("small_cnn_op9", m, {"x": [1, 3, 16, 16]}, extra)
    # external data: the graph alone (data file removed)
    m, extra = export("ext", Small(), (torch.zeros(1, 3, 16, 16),), input_names=["x"], opset_version=17, dynamo=False)
    save("small_cnn_external", m, {"x": [1, 3, 16, 16]}, extra, external=True)


def transformer_models():
    """A 2-layer BERT from transformers (config only, random init), TorchScript exporter, with
    dynamic batch and sequence and without: its attention mask is built by Shape/Equal/Where
    arithmetic on the symbolic dims."""
    import torch
    from transformers import BertConfig, BertModel
    torch.manual_seed(0)
    bert = BertModel(BertConfig(hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                                intermediate_size=128, vocab_size=1000)).eval()

    class Hidden(torch.nn.Module):  # the exporter's positional arguments do not fit BertModel's
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, ids):
            return self.m(input_ids=ids).last_hidden_state

    model = Hidden(bert)
    ids = torch.ones(1, 16, dtype=torch.long)
    tmp = tempfile.mkdtemp()
    for dynamic in (False, True):
        path = os.path.join(tmp, "bert.onnx")
        kw = dict(dynamic_axes={"input_ids": {0: "batch", 1: "seq"}}) if dynamic else {}
        torch.onnx.export(model, (ids,), path, input_names=["input_ids"], opset_version=17, dynamo=False, **kw)
        save("bert_tiny_dyn" if dynamic else "bert_tiny_static", onnx.load(path), {"input_ids": [1, 16]},
             {"torch_params": sum(p.numel() for p in model.parameters()), "exporter": "torchscript",
              "dynamic_axes": bool(dynamic)})


def helper_models():
    f = TensorProto.FLOAT
    def init(name, shape, dtype=np.float32, values=None):
        return numpy_helper.from_array(np.zeros(shape, dtype) if values is None else np.array(values, dtype), name)
    # If with a weight in each branch, a Loop with a constant trip count, Einsum, Constant weights, ConvTranspose.
    then_g = helper.make_graph([helper.make_node("MatMul", ["h", "Wt"], ["o"])], "then", [],
                               [helper.make_tensor_value_info("o", f, [1, 8])], [init("Wt", [8, 8])])
    else_g = helper.make_graph([helper.make_node("MatMul", ["h", "We"], ["o2"])], "else", [],
                               [helper.make_tensor_value_info("o2", f, [1, 8])], [init("We", [8, 8])])
    body = helper.make_graph(
        [helper.make_node("MatMul", ["c_in", "Wl"], ["c_mm"]), helper.make_node("Relu", ["c_mm"], ["c_out"]),
         helper.make_node("Identity", ["cond_in"], ["cond_out"])], "body",
        [helper.make_tensor_value_info("iter", TensorProto.INT64, []), helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("c_in", f, [1, 8])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []), helper.make_tensor_value_info("c_out", f, [1, 8])],
        [init("Wl", [8, 8])])
    nodes = [
        helper.make_node("Constant", [], ["Wc"], value=numpy_helper.from_array(np.zeros((8, 4), np.float32), "Wc"), name="const_w"),
        helper.make_node("MatMul", ["x", "Wc"], ["h0"], name="fc_const"),
        helper.make_node("Einsum", ["h0", "E"], ["h"], equation="bi,ij->bj", name="einsum"),
        helper.make_node("ReduceSum", ["h"], ["s"], keepdims=0, name="sum"),
        helper.make_node("Greater", ["s", "zero"], ["flag"], name="gt"),
        helper.make_node("If", ["flag"], ["branch"], then_branch=then_g, else_branch=else_g, name="if"),
        helper.make_node("Loop", ["trip", "", "branch"], ["looped"], body=body, name="loop"),
        helper.make_node("Reshape", ["looped", "shape4"], ["img"], name="to_image"),
        helper.make_node("ConvTranspose", ["img", "Wt2", "bt2"], ["up"], strides=[2, 2], pads=[1, 1, 1, 1],
                         output_padding=[1, 1], group=2, name="deconv"),
        helper.make_node("BatchNormalization", ["up", "g", "b", "mu", "var"], ["y"], name="bn"),
    ]
    graph = helper.make_graph(nodes, "helper_control", [helper.make_tensor_value_info("x", f, [1, 8])],
                              [helper.make_tensor_value_info("y", f, [1, 6, 4, 4])],
                              [init("E", [4, 8]), init("zero", [], values=0.0), init("trip", [], np.int64, 3),
                               init("shape4", [4], np.int64, [1, 2, 2, 2]), init("Wt2", [2, 3, 3, 3]), init("bt2", [6]),
                               init("g", [6]), init("b", [6]), init("mu", [6]), init("var", [6])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    # params: Wc 32 + E 32 + zero 1 + Wt 64 + We 64 + Wl 64 + Wt2 54 + bt2 6 + g,b 12 (trainable) + mu,var 12
    save("hb_control", model, {"x": [1, 8]}, {"params_by_hand": 32 + 32 + 1 + 64 + 64 + 64 + 54 + 6 + 12 + 12,
                                              "non_trainable_by_hand": 12,
                                              # fc 1*4*8 + einsum 1*4*8 + If max(64, 64) + Loop 3*64 + deconv 8*27
                                              "macs_by_hand": 32 + 32 + 64 + 3 * 64 + 8 * 27})
    # A bidirectional LSTM (opset 14) and a GRU, seq 5, batch 1 (onnxruntime runs only layout 0).
    nodes = [helper.make_node("LSTM", ["x", "W", "R", "B"], ["y", "yh", "yc"], hidden_size=6, direction="bidirectional",
                              name="lstm"),
             helper.make_node("Reshape", ["y", "s"], ["y2"], name="flat"),
             helper.make_node("GRU", ["y2", "Wg", "Rg"], ["g", "gh"], hidden_size=4, name="gru")]
    graph = helper.make_graph(nodes, "rnn", [helper.make_tensor_value_info("x", f, [5, 1, 3])],
                              [helper.make_tensor_value_info("g", f, None)],
                              [init("W", [2, 24, 3]), init("R", [2, 24, 6]), init("B", [2, 48]),
                               init("s", [3], np.int64, [5, 1, 12]), init("Wg", [1, 12, 12]), init("Rg", [1, 12, 4])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    save("hb_rnn", model, {"x": [5, 1, 3]}, {"params_by_hand": 144 + 288 + 96 + 144 + 48})
    # A local function called twice (its nodes counted per call), symbolic sequence input.
    fn = helper.make_function("local", "proj", ["a", "w"], ["b"],
                              [helper.make_node("MatMul", ["a", "w"], ["m"]), helper.make_node("Relu", ["m"], ["b"])],
                              [helper.make_opsetid("", 17)])
    nodes = [helper.make_node("proj", ["x", "W1"], ["h"], domain="local", name="p1"),
             helper.make_node("proj", ["h", "W2"], ["y"], domain="local", name="p2")]
    graph = helper.make_graph(nodes, "fn", [helper.make_tensor_value_info("x", f, ["batch", 7, 16])],
                              [helper.make_tensor_value_info("y", f, ["batch", 7, 8])],
                              [init("W1", [16, 32]), init("W2", [32, 8])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("local", 1)],
                              functions=[fn])
    # MACs per call of proj: MatMul (1, 7, 16) x (16, 32) = 7*32*16, then (1, 7, 32) x (32, 8) = 7*8*32
    save("hb_function", model, {"x": [1, 7, 16]}, {"params_by_hand": 16 * 32 + 32 * 8,
                                                  "macs_by_hand": 7 * 32 * 16 + 7 * 8 * 32})


def converted_models(shared):
    """An opset-7 file written by hand: the attribute forms later opsets moved to inputs
    (Upsample scales, Pad pads, Slice starts/ends, Unsqueeze/Squeeze axes), BatchNormalization
    with `spatial`."""
    f = TensorProto.FLOAT
    def init(name, shape, dtype=np.float32, values=None):
        return numpy_helper.from_array(np.zeros(shape, dtype) if values is None else np.array(values, dtype), name)
    nodes = [
        helper.make_node("Conv", ["x", "W", "B"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="conv"),
        helper.make_node("BatchNormalization", ["c", "g", "b", "m", "v"], ["n"], spatial=1, name="bn"),
        helper.make_node("Relu", ["n"], ["r"], name="relu"),
        helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2], name="pool"),
        helper.make_node("Upsample", ["p"], ["u"], scales=[1.0, 1.0, 2.0, 2.0], mode="nearest", name="up"),
        helper.make_node("Pad", ["u"], ["pd"], pads=[0, 0, 1, 1, 0, 0, 1, 1], name="pad"),
        helper.make_node("Slice", ["pd"], ["sl"], starts=[1, 1], ends=[17, 17], axes=[2, 3], name="crop"),
        helper.make_node("GlobalAveragePool", ["sl"], ["gp"], name="gap"),
        helper.make_node("Squeeze", ["gp"], ["sq"], axes=[2, 3], name="squeeze"),
        helper.make_node("Unsqueeze", ["sq"], ["us"], axes=[2], name="unsqueeze"),
        helper.make_node("Reshape", ["us", "shape"], ["fl"], name="flatten"),
        helper.make_node("Gemm", ["fl", "Wf", "Bf"], ["y"], transB=1, name="fc"),
    ]
    graph = helper.make_graph(nodes, "op7", [helper.make_tensor_value_info("x", f, [1, 3, 16, 16])],
                              [helper.make_tensor_value_info("y", f, [1, 5])],
                              [init("W", [8, 3, 3, 3]), init("B", [8]), init("g", [8]), init("b", [8]), init("m", [8]),
                               init("v", [8]), init("shape", [2], np.int64, [1, 8]), init("Wf", [5, 8]), init("Bf", [5])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 7)])
    model.ir_version = 3
    # conv 16*16*8 * 27 = 55,296; fc 5 * 8 = 40
    save("hb_op7", model, {"x": [1, 3, 16, 16]}, {"macs_by_hand": 16 * 16 * 8 * 27 + 5 * 8})


def copy_shared(src):
    for fn in sorted(os.listdir(src)):
        if fn.endswith(".onnx"):
            model = zero_weights(onnx.load(os.path.join(src, fn)))
            if model.ByteSize() > (1 << 20):
                onnx.save(model, os.path.join(OUT, fn), save_as_external_data=True, location=fn + ".data",
                          all_tensors_to_one_file=True, size_threshold=0)
                os.remove(os.path.join(OUT, fn + ".data"))
            else:
                onnx.save(model, os.path.join(OUT, fn))
        elif fn.endswith(".expected.json"):
            shutil.copy(os.path.join(src, fn), os.path.join(OUT, fn))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    shared = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else os.path.join(HERE, "..", "..", "shared", "fixtures", "onnx")
    if os.path.isdir(shared):
        os.makedirs(os.path.join(OUT, "shared"), exist_ok=True)
        OUT_MAIN = OUT
        OUT = os.path.join(OUT_MAIN, "shared")
        copy_shared(shared)
        OUT = OUT_MAIN
    helper_models()
    converted_models(shared)
    if "--helper-only" not in sys.argv:
        torch_models()
        transformer_models()
