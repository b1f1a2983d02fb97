import CatalogTestSupport
import Foundation
import Testing

/// Whole outputs of `show` on the small catalog, in every format.
@Suite("CLI: show outputs")
struct ShowOutputTests {
    @Test("show: Keras' table plus MACs and each layer's share of the parameters with a bar")
    func showTable() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        // Shares of 134: 108 → 80.6% (8.06 of 10 characters: 8 blocks); 16 → 11.9% (1.19: █▎);
        // 10 → 7.5% (0.75: ▊). Memory: 134·4 = 536 B, 126·4 = 504 B, 8·4 = 32 B.
        expectSameText(try cli.output(["show", "small_bn"]), """
            Architecture: "small_bn"  (keras convention, 5 layers, depth 2)
            Layer (type)                   Output Shape  Param #   MACs  Share
            ────────────────────────────────────────────────────────────────────────────
            input (InputLayer)             (8, 8, 3)           0      0
            conv (Conv2D)                  (6, 6, 4)         108  3,888  80.6%  ████████
            bn (BatchNormalization)        (6, 6, 4)          16      0  11.9%  █▎
            pool (GlobalAveragePooling2D)  (4,)                0      0
            fc (Dense)                     (2,)               10      8   7.5%  ▊
             Total params: 134 (536.00 B)
             Trainable params: 126 (504.00 B)
             Non-trainable params: 8 (32.00 B)
             Total MACs: 3,896 (3.90 K)
             Sizes in parentheses after the params totals copy Keras' model.summary(): float32, its "MB" = 1024² bytes (MiB); the tool's own sizes are 1024-based with IEC labels (KiB, MiB, GiB).

            """)
    }

    @Test("show of an incomplete architecture: unknown, never 0; totals are lower bounds; a warning on stderr")
    func showIncomplete() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let result = try cli.run(["show", "odd"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "warning: 'odd' is incomplete: totals are lower bounds; not counted: 'fancy'\n")
        expectSameText(result.stdout, """
            Architecture: "odd"  (keras convention, 4 layers, depth 2)
            Layer (type)        Output Shape  Param #     MACs  Share of ≥
            ─────────────────────────────────────────────────────────────────────────
            input (InputLayer)  (10,)               0        0
            hidden (Dense)      (4,)               44       40       89.8%  █████████
            fancy (FancyLayer)  (4,)          unknown  unknown
            out (Dense)         (1,)                5        4       10.2%  █
             Total params: ≥ 49 (196.00 B)
             Trainable params: ≥ 49 (196.00 B)
             Non-trainable params: ≥ 0 (0.00 B)
             Total MACs: ≥ 44 (44)
             Incomplete: not counted: fancy (totals are lower bounds)
             Sizes in parentheses after the params totals copy Keras' model.summary(): float32, its "MB" = 1024² bytes (MiB); the tool's own sizes are 1024-based with IEC labels (KiB, MiB, GiB).
             Share is of a lower bound: the total leaves out the layers the engine does not know, so each share is at most what is shown.

            """)
        let csv = try cli.run(["show", "odd", "--format", "csv"])
        expectSameText(csv.stdout, """
            name,type,output_shapes,params,trainable_params,non_trainable_params,macs,inputs
            input,InputLayer,"(10,)",0,0,0,0,
            hidden,Dense,"(4,)",44,44,0,40,input
            fancy,FancyLayer,"(4,)",,,,,hidden
            out,Dense,"(1,)",5,5,0,4,fancy

            """)
        let json = try cli.run(["show", "odd", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        let fancy = try #require((object["layers"] as? [[String: Any]])?.first { $0["name"] as? String == "fancy" })
        for key in ["params", "trainable_params", "non_trainable_params", "macs"] {
            #expect(fancy[key] is NSNull, "\(key) of an unknown layer must be null, not \(fancy[key] ?? "missing")")
        }
        #expect(object["complete"] as? Bool == false)
        #expect(object["uncounted_layers"] as? [String] == ["fancy"])
        #expect(object["total_params"] as? Int == 49)
    }

    @Test("show --format jsonl: one layer per line, the layer objects of --format json")
    func showJSONLines() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        expectSameText(try cli.output(["show", "small_bn", "--format", "jsonl"]), """
            {"connected_to":[],"inputs":[],"macs":0,"name":"input","non_trainable_params":0,"output_shape":[8,8,3],"output_shapes":[[8,8,3]],"params":0,"trainable_params":0,"type":"InputLayer"}
            {"connected_to":["input[0][0]"],"inputs":["input"],"macs":3888,"name":"conv","non_trainable_params":0,"output_shape":[6,6,4],"output_shapes":[[6,6,4]],"params":108,"trainable_params":108,"type":"Conv2D"}
            {"connected_to":["conv[0][0]"],"inputs":["conv"],"macs":0,"name":"bn","non_trainable_params":8,"output_shape":[6,6,4],"output_shapes":[[6,6,4]],"params":16,"trainable_params":8,"type":"BatchNormalization"}
            {"connected_to":["bn[0][0]"],"inputs":["bn"],"macs":0,"name":"pool","non_trainable_params":0,"output_shape":[4],"output_shapes":[[4]],"params":0,"trainable_params":0,"type":"GlobalAveragePooling2D"}
            {"connected_to":["pool[0][0]"],"inputs":["pool"],"macs":8,"name":"fc","non_trainable_params":0,"output_shape":[2],"output_shapes":[[2]],"params":10,"trainable_params":10,"type":"Dense"}

            """)
    }

    @Test("show --layers REGEX prints the matching layers; the totals stay the whole architecture's")
    func showLayersMarkdown() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        // 80 / 13,610 = 0.59%; 13,530 / 13,610 = 99.4%.
        expectSameText(try cli.output(["show", "tiny", "--format", "markdown", "--layers", "conv|dense"]), """
            ## tiny

            keras convention, 5 layers, depth 2

            | Layer (type) | Output Shape | Param # | MACs | Share |  |
            | --- | --- | ---: | ---: | ---: | --- |
            | conv2d_1 (Conv2D) | (26, 26, 8) | 80 | 48,672 | 0.59% | ▏ |
            | dense_4 (Dense) | (10,) | 13,530 | 13,520 | 99.4% | ██████████ |

            - **Total params:** 13,610 (53.16 KB)
            - **Trainable params:** 13,610 (53.16 KB)
            - **Non-trainable params:** 0 (0.00 B)
            - **Total MACs:** 62,192 (62.19 K)
            - **Shown:** 2 of 5 layers

            > Sizes in parentheses after the params totals copy Keras' model.summary(): float32, its "MB" = 1024² bytes (MiB); the tool's own sizes are 1024-based with IEC labels (KiB, MiB, GiB).

            """)
    }

    @Test("show --layers A --layers B prints the range, as Keras' layer_range")
    func showLayerRange() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let json = try cli.run(["show", "lenet5", "--layers", "^c3$", "--layers", "c5", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        let names = (object["layers"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["c3", "s4", "c5"])
        #expect(object["total_params"] as? Int == 61_706)

        let none = try cli.run(["show", "lenet5", "--layers", "nothing", "--layers", "c5"])
        #expect(none.status == 66, "\(none)")
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.contains("'nothing'"), "\(none)")
        let bad = try cli.run(["show", "lenet5", "--layers", "("])
        #expect(bad.status == 64, "\(bad)")
        let three = try cli.run(["show", "lenet5", "--layers", "a", "--layers", "b", "--layers", "c"])
        #expect(three.status == 64, "\(three)")
    }

    @Test("show --no-headers drops the column headers only")
    func showNoHeaders() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let text = try cli.output(["show", "small_bn", "--no-headers"])
        #expect(!text.contains("Layer (type)"))
        #expect(!text.contains("───"))
        #expect(text.contains("conv (Conv2D)"))
        #expect(text.contains(" Total params: 134 (536.00 B)"))
        let csv = parseCSV(try cli.output(["show", "small_bn", "--format", "csv", "--no-headers"]))
        #expect(csv.count == 5)
        #expect(csv.first?.first == "input")
    }
}
