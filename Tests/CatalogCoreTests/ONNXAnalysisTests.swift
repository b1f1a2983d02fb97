import Testing
@testable import CatalogCore

/// The ONNX analysis on graphs written out by hand; every expected number is worked out in the
/// comment beside it from the ONNX operator specification.
@Suite("ONNX analysis")
struct ONNXAnalysisTests {
    static func input(_ name: String, _ dims: [ONNXDim], type: Int = 1) -> ONNXValueInfo {
        ONNXValueInfo(name: name, elementType: type, shape: dims)
    }

    @Test func convolutionShapeAndMACs() throws {
        // x (batch, 3, 32, 32), W (16, 3, 5, 5), strides 2, pads 2: (32 + 4 − 5)/2 + 1 = 16.
        // MACs per sample: 16·16·16 outputs · 3·5·5 = 4,096 · 75 = 307,200.
        let graph = ONNXGraph(
            inputs: [Self.input("x", [.symbol("batch"), .value(3), .value(32), .value(32)])],
            outputs: [], initializers: [ONNXConstant(name: "W", dataType: 1, dims: [16, 3, 5, 5]),
                                        ONNXConstant(name: "B", dataType: 1, dims: [16])],
            nodes: [ONNXNode(name: "conv", opType: "Conv", inputs: ["x", "W", "B"], outputs: ["y"],
                             attributes: ["strides": .ints([2, 2]), "pads": .ints([2, 2, 2, 2])])])
        let analysis = try ONNXAnalysis.analyze(graph)
        #expect(analysis.nodes[0].outputs[0] == [.symbol("batch"), .value(16), .value(16), .value(16)])
        #expect(analysis.storedShape(analysis.nodes[0].outputs[0]!) == [16, 16, 16])
        #expect(analysis.nodes[0].macs == 307_200)
        #expect(analysis.nodes[0].trainable == 16 * 3 * 5 * 5 + 16)
        #expect(!analysis.nodes[0].macsArePerStep)
    }

    @Test func shapeArithmeticKeepsSymbols() throws {
        // x (batch, seq, 64) → Shape → Gather [0, 1] → Concat with [4, 16] → Reshape:
        // (batch, seq, 4, 16); then Reshape to (0, -1): −1 = batch·seq·64 / batch = seq·64.
        let graph = ONNXGraph(
            inputs: [Self.input("x", [.symbol("batch"), .symbol("seq"), .value(64)])],
            outputs: [],
            initializers: [ONNXConstant(name: "idx", dataType: 7, dims: [2], integerValues: [0, 1]),
                           ONNXConstant(name: "heads", dataType: 7, dims: [2], integerValues: [4, 16]),
                           ONNXConstant(name: "flat", dataType: 7, dims: [2], integerValues: [0, -1])],
            nodes: [
                ONNXNode(name: "shape", opType: "Shape", inputs: ["x"], outputs: ["s"]),
                ONNXNode(name: "pick", opType: "Gather", inputs: ["s", "idx"], outputs: ["bs"]),
                ONNXNode(name: "cat", opType: "Concat", inputs: ["bs", "heads"], outputs: ["target"], attributes: ["axis": .int(0)]),
                ONNXNode(name: "split_heads", opType: "Reshape", inputs: ["x", "target"], outputs: ["h"]),
                ONNXNode(name: "merge", opType: "Reshape", inputs: ["h", "flat"], outputs: ["m"]),
            ])
        let analysis = try ONNXAnalysis.analyze(graph)
        #expect(analysis.nodes[3].outputs[0] == [.symbol("batch"), .symbol("seq"), .value(4), .value(16)])
        #expect(analysis.nodes[4].outputs[0] == [.symbol("batch"), .symbolic(coefficient: 64, symbols: ["seq"])])
        #expect(analysis.storedShape(analysis.nodes[4].outputs[0]!) == [nil])
    }

    @Test func attentionMatMulCountsActivationProducts() throws {
        // q (1, 4, 10, 16) · kᵀ (1, 4, 16, 10) → (1, 4, 10, 10): M·N·K = 4·10·10 · 16 = 6,400.
        let graph = ONNXGraph(
            inputs: [Self.input("q", [.value(1), .value(4), .value(10), .value(16)]),
                     Self.input("k", [.value(1), .value(4), .value(16), .value(10)])],
            outputs: [], initializers: [],
            nodes: [ONNXNode(name: "scores", opType: "MatMul", inputs: ["q", "k"], outputs: ["s"])])
        let analysis = try ONNXAnalysis.analyze(graph)
        #expect(analysis.nodes[0].macs == 6_400)
        #expect(analysis.nodes[0].trainable == 0)
    }

    @Test func tiedWeightCountedOnceAndStatisticsNonTrainable() throws {
        // E (100, 8) read by Gather and by a MatMul: 800 once. BN over 8 channels: γ, β 16
        // trainable; mean, var 16 non-trainable.
        let graph = ONNXGraph(
            inputs: [Self.input("ids", [.value(1), .value(5)], type: 7)],
            outputs: [],
            initializers: [ONNXConstant(name: "E", dataType: 1, dims: [100, 8]),
                           ONNXConstant(name: "ET", dataType: 7, dims: [2], integerValues: [1, 0])]
                + ["g", "b", "m", "v"].map { ONNXConstant(name: $0, dataType: 1, dims: [8]) },
            nodes: [
                ONNXNode(name: "embed", opType: "Gather", inputs: ["E", "ids"], outputs: ["h"]),
                ONNXNode(name: "t", opType: "Transpose", inputs: ["h"], outputs: ["ht"], attributes: ["perm": .ints([0, 2, 1])]),
                ONNXNode(name: "bn", opType: "BatchNormalization", inputs: ["ht", "g", "b", "m", "v"], outputs: ["n"]),
                ONNXNode(name: "back", opType: "Transpose", inputs: ["n"], outputs: ["nt"], attributes: ["perm": .ints([0, 2, 1])]),
                ONNXNode(name: "Et", opType: "Transpose", inputs: ["E"], outputs: ["Etr"]),
                ONNXNode(name: "logits", opType: "MatMul", inputs: ["nt", "Etr"], outputs: ["y"]),
            ])
        let analysis = try ONNXAnalysis.analyze(graph)
        let trainable = analysis.nodes.reduce(0) { $0 + $1.trainable }
        let nonTrainable = analysis.nodes.reduce(0) { $0 + $1.nonTrainable }
        #expect(trainable == 800 + 16)
        #expect(nonTrainable == 16)
        // logits: (1, 5, 8) · (8, 100) → (1, 5, 100): 5·100·8 = 4,000.
        #expect(analysis.nodes[5].outputs[0] == [.value(1), .value(5), .value(100)])
        #expect(analysis.nodes[5].macs == 4_000)
    }

    @Test func cyclesAndDanglingValuesAreErrors() {
        let cyclic = ONNXGraph(
            inputs: [Self.input("x", [.value(1), .value(2)])], outputs: [], initializers: [],
            nodes: [ONNXNode(name: "a", opType: "Add", inputs: ["x", "b_out"], outputs: ["a_out"]),
                    ONNXNode(name: "b", opType: "Relu", inputs: ["a_out"], outputs: ["b_out"])])
        #expect(throws: ONNXGraphError.cycle(["a", "b"])) { try ONNXAnalysis.analyze(cyclic) }
        let dangling = ONNXGraph(
            inputs: [Self.input("x", [.value(1), .value(2)])], outputs: [], initializers: [],
            nodes: [ONNXNode(name: "", opType: "Add", inputs: ["x", "ghost"], outputs: ["y"])])
        #expect(throws: ONNXGraphError.danglingInput(node: "Add_0", input: "ghost")) { try ONNXAnalysis.analyze(dangling) }
    }

    /// Shape arithmetic at the edges of 64 bits gives an unknown dimension, never a trap: a
    /// Resize scale of 1e300, Int.min / −1 and −Int.min in integer Div and Sub, a Slice step of
    /// Int.min and of Int.max.
    @Test func extremeShapeArithmeticIsUnknownNotATrap() throws {
        let graph = ONNXGraph(
            inputs: [Self.input("x", [.value(1), .value(3), .value(8), .value(8)])],
            outputs: [],
            initializers: [
                ONNXConstant(name: "roi", dataType: 1, dims: [0], floatValues: []),
                ONNXConstant(name: "scales", dataType: 1, dims: [4], floatValues: [1, 1, 1e300, 2]),
                ONNXConstant(name: "min", dataType: 7, dims: [1], integerValues: [Int.min]),
                ONNXConstant(name: "minus1", dataType: 7, dims: [1], integerValues: [-1]),
                ONNXConstant(name: "seven", dataType: 7, dims: [1], integerValues: [-7]),
                ONNXConstant(name: "two", dataType: 7, dims: [1], integerValues: [2]),
                ONNXConstant(name: "starts", dataType: 7, dims: [1], integerValues: [7]),
                ONNXConstant(name: "ends", dataType: 7, dims: [1], integerValues: [Int.min]),
                ONNXConstant(name: "zero", dataType: 7, dims: [1], integerValues: [0]),
                ONNXConstant(name: "big", dataType: 7, dims: [1], integerValues: [Int.max]),
                ONNXConstant(name: "axis", dataType: 7, dims: [1], integerValues: [3]),
            ],
            nodes: [
                ONNXNode(name: "resize", opType: "Resize", inputs: ["x", "roi", "scales"], outputs: ["r"]),
                ONNXNode(name: "div", opType: "Div", inputs: ["min", "minus1"], outputs: ["q"]),
                ONNXNode(name: "sub", opType: "Sub", inputs: ["zero", "min"], outputs: ["d"]),
                ONNXNode(name: "floor", opType: "Div", inputs: ["seven", "two"], outputs: ["f"]),
                ONNXNode(name: "back", opType: "Slice", inputs: ["x", "starts", "ends", "axis", "min"], outputs: ["b"]),
                ONNXNode(name: "skip", opType: "Slice", inputs: ["x", "zero", "big", "axis", "big"], outputs: ["k"]),
            ])
        let analysis = try ONNXAnalysis.analyze(graph)
        // 8 · 1e300 is past Int: unknown; 8 · 2 = 16.
        #expect(analysis.nodes[0].outputs[0] == [.value(1), .value(3), .unknown, .value(16)])
        // Div and Sub above ran on Int.min without trapping (a trap ends the test process).
        // Slice from 7 backwards by a step of Int.min: one element (index 7); from 0 by Int.max: one (index 0).
        #expect(analysis.nodes[4].outputs[0] == [.value(1), .value(3), .value(8), .value(1)])
        #expect(analysis.nodes[5].outputs[0] == [.value(1), .value(3), .value(8), .value(1)])
    }
}
