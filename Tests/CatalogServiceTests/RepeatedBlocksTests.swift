import CatalogCore
import Testing
@testable import CatalogService

/// `show`'s grouping of a transformer's identical consecutive blocks (the service's rows).
@Suite("Repeated transformer blocks grouped")
struct RepeatedBlocksTests {
    static func row(_ name: String, _ type: String, _ parameters: Int?, _ macs: Int?) -> LayerSummary {
        LayerSummary(
            name: name, type: type, outputShapes: [[TensorShape([4, 8])]], parameters: parameters,
            trainableParameters: parameters, nonTrainableParameters: parameters.map { _ in 0 }, macs: macs, inbound: [])
    }

    static func detail(_ layers: [LayerSummary], tags: [String] = ["transformer", "llama"]) -> ArchitectureDetail {
        let summary = ArchitectureSummary(
            name: "m", description: nil, source: nil, tags: tags, framework: "pytorch", sourceFormat: "hf",
            inputShapes: [], outputShapes: [], totalParameters: 0, trainableParameters: 0, nonTrainableParameters: 0,
            macs: 0, layerCount: layers.count, depth: 0, parameterBytes: 0, activationElements: nil, uncountedLayers: [])
        return ArchitectureDetail(summary: summary, layers: layers)
    }

    /// Block 0 differs (a larger MLP); blocks 1, 2 and 3 are identical: one row for them.
    static let layers: [LayerSummary] = [
        row("embed", "TokenEmbedding", 80, 0),
        row("model.layers.0.self_attn", "TransformerAttention", 256, 1000),
        row("model.layers.0.mlp", "FeedForward", 512, 2000),
        row("model.layers.1.self_attn", "TransformerAttention", 256, 1000),
        row("model.layers.1.mlp", "FeedForward", 384, 1500),
        row("model.layers.2.self_attn", "TransformerAttention", 256, 1000),
        row("model.layers.2.mlp", "FeedForward", 384, 1500),
        row("model.layers.3.self_attn", "TransformerAttention", 256, 1000),
        row("model.layers.3.mlp", "FeedForward", 384, 1500),
        row("model.norm", "RMSNorm", 8, 0),
    ]

    @Test("three identical blocks become one row with summed figures; the odd block stays") func grouped() {
        let rows = Self.detail(Self.layers).groupingRepeatedBlocks()
        #expect(rows.map(\.name) == [
            "embed", "model.layers.0.self_attn", "model.layers.0.mlp", "model.layers.1–3 ×3", "model.norm",
        ])
        let run = rows[3]
        // 3 blocks of 256 + 384 = 640 parameters and 1000 + 1500 = 2500 MACs.
        #expect(run.parameters == 1920 && run.trainableParameters == 1920 && run.nonTrainableParameters == 0)
        #expect(run.macs == 7500)
        #expect(run.isRepeatedBlocks && run.type.contains("2 layers each") && run.type.contains("640 params"))
        #expect(run.representedLayerCount == 6)
        #expect(rows.reduce(0) { $0 + $1.representedLayerCount } == Self.layers.count)
    }

    @Test("unknown figures and non-transformers are left as they are") func untouched() {
        var layers = Self.layers
        layers[5].parameters = nil
        // Block 2's attention is unknown: it pairs with neither block 1 nor block 3, so no run is left.
        #expect(Self.detail(layers).groupingRepeatedBlocks() == layers)
        #expect(Self.detail(Self.layers, tags: ["keras"]).groupingRepeatedBlocks() == Self.layers)
    }

    @Test("block names: the container and the index") func names() {
        #expect(ArchitectureDetail.blockName("bert.encoder.layer.11.output.LayerNorm")! == ("bert.encoder.layer", 11, "output.LayerNorm"))
        #expect(ArchitectureDetail.blockName("transformer.h.0.attn")! == ("transformer.h", 0, "attn"))
        #expect(ArchitectureDetail.blockName("model.norm") == nil)
        #expect(ArchitectureDetail.blockName("layers.x.mlp") == nil)
    }
}
