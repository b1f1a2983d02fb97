import Testing
@testable import CatalogCore

/// MACs over a symbolic sequence axis: a product linear in it is per step; attention's QKᵀ and AV
/// are quadratic in it, so they are unknown (with the reason) rather than a wrong per-step figure.
/// Every number is worked out beside it from the ONNX MatMul/Einsum specification.
@Suite("ONNX MACs over a symbolic sequence")
struct ONNXSymbolicSequenceTests {
    static func input(_ name: String, _ dims: [ONNXDim]) -> ONNXValueInfo {
        ONNXValueInfo(name: name, elementType: 1, shape: dims)
    }

    /// x (batch, seq, 16) → q = x·Wq (16×16) → scores = q·qᵀ (MatMul with a transposed copy) → ·q.
    static func attention(_ seq: ONNXDim) -> ONNXGraph {
        ONNXGraph(
            inputs: [input("x", [.symbol("batch"), seq, .value(16)])],
            outputs: [],
            initializers: [ONNXConstant(name: "Wq", dataType: 1, dims: [16, 16])],
            nodes: [
                ONNXNode(name: "proj", opType: "MatMul", inputs: ["x", "Wq"], outputs: ["q"]),
                ONNXNode(name: "qt", opType: "Transpose", inputs: ["q"], outputs: ["kt"], attributes: ["perm": .ints([0, 2, 1])]),
                ONNXNode(name: "scores", opType: "MatMul", inputs: ["q", "kt"], outputs: ["s"]),
                ONNXNode(name: "mix", opType: "MatMul", inputs: ["s", "q"], outputs: ["o"]),
                ONNXNode(name: "einsum_scores", opType: "Einsum", inputs: ["q", "q"], outputs: ["e"],
                         attributes: ["equation": .string("bqd,bkd->bqk")]),
            ])
    }

    @Test func quadraticProductsAreUnknownWithTheReason() throws {
        let analysis = try ONNXAnalysis.analyze(Self.attention(.symbol("seq")))
        // proj: (batch, seq, 16)·(16, 16): seq·16·16 = 256 MACs a step of seq.
        #expect(analysis.nodes[0].macs == 256)
        #expect(analysis.nodes[0].macsArePerStep)
        // scores (seq·seq·16), mix (seq·16·seq) and the Einsum (seq·seq·16) grow with seq².
        for index in [2, 3, 4] {
            #expect(analysis.nodes[index].macs == nil, "node \(index)")
            #expect(analysis.nodes[index].macsUnknownReason?.contains("square of the symbolic axis 'seq'") == true)
        }
        #expect(analysis.warnings.contains { $0.hasPrefix("node 'scores': MatMul MACs grow with the square of the symbolic axis 'seq'") })
    }

    @Test func aFixedSequenceCountsExactly() throws {
        let analysis = try ONNXAnalysis.analyze(Self.attention(.value(10)))
        // proj 10·16·16 = 2,560; scores 10·10·16 = 1,600; mix 10·16·10 = 1,600; einsum b·q·k·d = 10·10·16 = 1,600.
        #expect(analysis.nodes.map(\.macs) == [2_560, 0, 1_600, 1_600, 1_600])
        #expect(analysis.nodes.allSatisfy { !$0.macsArePerStep && $0.macsUnknownReason == nil })
    }

    @Test func twoDistinctSymbolsStayPerStep() throws {
        // x (batch, h, w) · W (w, 8): h·8·w with h and w distinct: linear in each, per step.
        let graph = ONNXGraph(
            inputs: [Self.input("x", [.symbol("batch"), .symbol("h"), .symbol("w")]),
                     Self.input("W", [.symbol("w"), .value(8)])],
            outputs: [], initializers: [],
            nodes: [ONNXNode(name: "mm", opType: "MatMul", inputs: ["x", "W"], outputs: ["y"])])
        let analysis = try ONNXAnalysis.analyze(graph)
        #expect(analysis.nodes[0].macs == 8)
        #expect(analysis.nodes[0].macsArePerStep)
        #expect(analysis.nodes[0].macsUnknownReason == nil)
    }
}
