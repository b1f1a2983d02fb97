import CatalogTestSupport
import Foundation
import Testing

/// Whole outputs of `list` and `rank` on the small catalog, in every format.
@Suite("CLI: list and rank outputs")
struct ListRankOutputTests {
    @Test("list: the table right-aligns grouped numbers; incomplete totals are lower bounds (≥)")
    func listTable() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        // Memory is memory's default weights: no dtype declared, so float32, 4 bytes a parameter:
        // 61,706·4 = 246,824 B = 241.04 KiB; odd ≥ 49·4 = 196 B.
        expectSameText(try cli.output(["list"]), """
            Name         Total params  Trainable  Non-trainable     MACs  Layers  Depth          Memory  Input shape
            ────────────────────────────────────────────────────────────────────────────────────────────────────────
            lenet5             61,706     61,706              0  416,520       9      5  241.04 KiB f32  (32, 32, 1)
            odd                  ≥ 49       ≥ 49            ≥ 0     ≥ 44       4      2     ≥ 196 B f32  (10,)
            small_bn              134        126              8    3,896       5      2       536 B f32  (8, 8, 3)
            small_bn_pt           126        126              0    3,896       5      2       504 B f32  (8, 8, 3)
            tiny               13,610     13,610              0   62,192       5      2   53.16 KiB f32  (28, 28, 1)

            """)
    }

    @Test("list --format markdown and --no-headers")
    func listMarkdown() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        expectSameText(try cli.output(["list", "--format", "markdown"]), """
            | Name | Total params | Trainable | Non-trainable | MACs | Layers | Depth | Memory | Input shape |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
            | lenet5 | 61,706 | 61,706 | 0 | 416,520 | 9 | 5 | 241.04 KiB f32 | (32, 32, 1) |
            | odd | ≥ 49 | ≥ 49 | ≥ 0 | ≥ 44 | 4 | 2 | ≥ 196 B f32 | (10,) |
            | small_bn | 134 | 126 | 8 | 3,896 | 5 | 2 | 536 B f32 | (8, 8, 3) |
            | small_bn_pt | 126 | 126 | 0 | 3,896 | 5 | 2 | 504 B f32 | (8, 8, 3) |
            | tiny | 13,610 | 13,610 | 0 | 62,192 | 5 | 2 | 53.16 KiB f32 | (28, 28, 1) |

            """)
        expectSameText(try cli.output(["list", "--has-layer", "batchnormalization", "--framework", "keras", "--no-headers"]), """
            small_bn  134  126  8  3,896  5  2  536 B f32  (8, 8, 3)

            """)
    }

    @Test("list --format csv carries raw integers in the order added, and parses back to the JSON numbers")
    func listCSV() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let csv = try cli.output(["list", "--sort", "added", "--format", "csv"])
        // Activation elements: tiny 26·26·8 + 13·13·8 + 1,352 + 10 = 8,122; small_bn 144 + 144 + 4 + 2 = 294.
        expectSameText(csv, """
            name,total_params,trainable_params,non_trainable_params,macs,layer_count,depth,input_shapes,parameter_bytes,activation_elements,framework,complete,tags,weights_memory_bytes,weights_memory_type,macs_per_step
            lenet5,61706,61706,0,416520,9,5,"(32, 32, 1)",246824,8214,keras,true,cnn;classification;mnist;classic,246824,f32,false
            tiny,13610,13610,0,62192,5,2,"(28, 28, 1)",54440,8122,keras,true,cnn;example,54440,f32,false
            small_bn,134,126,8,3896,5,2,"(8, 8, 3)",536,294,keras,true,cnn;bn,536,f32,false
            small_bn_pt,126,126,0,3896,5,2,"(8, 8, 3)",504,294,pytorch,true,cnn;bn;PyTorch,504,f32,false
            odd,49,49,0,44,4,2,"(10,)",196,9,keras,false,mlp,196,f32,false

            """)
        let table = parseCSV(csv)
        let header = try #require(table.first)
        let rows = try cli.listJSON()
        for record in table.dropFirst() {
            let fields = Dictionary(uniqueKeysWithValues: zip(header, record))
            let json = try #require(rows.first { $0["name"] as? String == fields["name"] })
            for key in ["total_params", "trainable_params", "non_trainable_params", "macs", "layers", "depth", "parameter_bytes"] {
                #expect(fields[key].flatMap { Int($0) } == json[key] as? Int, "\(fields["name"] ?? "?").\(key)")
            }
            #expect(fields["complete"] == ((json["complete"] as? Bool) == true ? "true" : "false"))
        }
        #expect(expectNoHeader(try cli.output(["list", "--format", "csv", "--no-headers"])) == table.count - 1)
    }

    private func expectNoHeader(_ csv: String) -> Int {
        let rows = parseCSV(csv)
        #expect(!rows.contains { $0.first == "name" })
        return rows.count
    }

    @Test("list --format jsonl: one compact object per line with the list keys")
    func listJSONLines() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        expectSameText(try cli.output(["list", "--format", "jsonl", "--name", "small*"]), """
            {"activation_elements":294,"assumed_shape_layers":[],"complete":true,"depth":2,"description":null,"framework":"keras","input_shapes":[[8,8,3]],"layer_count":5,"macs":3896,"macs_per_step":false,"name":"small_bn","non_trainable_params":8,"output_shapes":[[2]],"parameter_bytes":536,"per_step_mac_layers":[],"source":null,"source_format":"native","tags":["cnn","bn"],"total_params":134,"trainable_params":126,"uncounted_layers":[],"weights_memory_bytes":536,"weights_memory_type":"f32"}
            {"activation_elements":294,"assumed_shape_layers":[],"complete":true,"depth":2,"description":null,"framework":"pytorch","input_shapes":[[8,8,3]],"layer_count":5,"macs":3896,"macs_per_step":false,"name":"small_bn_pt","non_trainable_params":0,"output_shapes":[[2]],"parameter_bytes":504,"per_step_mac_layers":[],"source":null,"source_format":"native","tags":["cnn","bn","PyTorch"],"total_params":126,"trainable_params":126,"uncounted_layers":[],"weights_memory_bytes":504,"weights_memory_type":"f32"}

            """)
        let all = try cli.output(["list", "--format", "jsonl"]).split(separator: "\n")
        let array = try cli.listJSON()
        #expect(all.count == 5)
        for (line, object) in zip(all, array) {
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(parsed.keys) == Set(object.keys))
            #expect(parsed["name"] as? String == object["name"] as? String)
        }
    }

    @Test(
        "list filters: each alone and combined give exactly the expected names",
        arguments: [
            (["--max-params", "1e4"], ["odd", "small_bn", "small_bn_pt"]),
            (["--min-params", "13_610"], ["lenet5", "tiny"]),
            (["--min-macs", "4k", "--max-macs", "100K"], ["tiny"]),
            (["--max-macs", "3896"], ["odd", "small_bn", "small_bn_pt"]),
            (["--tag", "CNN", "--tag", "bn"], ["small_bn", "small_bn_pt"]),
            (["--tag", "pytorch"], ["small_bn_pt"]),
            (["--tag", "cnn", "--tag", "mlp"], []),
            (["--has-layer", "BatchNormalization"], ["small_bn", "small_bn_pt"]),
            (["--has-layer", "dense", "--has-layer", "AveragePooling2D"], ["lenet5"]),
            (["--has-layer", "FancyLayer"], ["odd"]),
            (["--name", "small*"], ["small_bn", "small_bn_pt"]),
            (["--name", "SMALL_B?"], ["small_bn"]),
            (["--name", "[lt]*"], ["lenet5", "tiny"]),
            (["--framework", "pytorch"], ["small_bn_pt"]),
            (["--framework", "Keras"], ["lenet5", "odd", "small_bn", "tiny"]),
            (["--incomplete"], ["odd"]),
            (["--complete", "--max-params", "200"], ["small_bn", "small_bn_pt"]),
        ])
    func filters(_ arguments: [String], _ expected: [String]) throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let names = try cli.listJSON(arguments).compactMap { $0["name"] as? String }
        #expect(names == expected, "\(arguments)")
    }

    @Test(
        "list sorts, ties broken by name; --desc; --limit",
        arguments: [
            (["--sort", "params"], ["odd", "small_bn_pt", "small_bn", "tiny", "lenet5"]),
            (["--sort", "params", "--desc"], ["lenet5", "tiny", "small_bn", "small_bn_pt", "odd"]),
            (["--sort", "trainable"], ["odd", "small_bn", "small_bn_pt", "tiny", "lenet5"]),
            (["--sort", "macs", "--desc", "--limit", "3"], ["lenet5", "tiny", "small_bn"]),
            (["--sort", "layers"], ["odd", "small_bn", "small_bn_pt", "tiny", "lenet5"]),
            (["--sort", "depth", "--desc"], ["lenet5", "odd", "small_bn", "small_bn_pt", "tiny"]),
            (["--sort", "memory"], ["odd", "small_bn_pt", "small_bn", "tiny", "lenet5"]),
            (["--sort", "added"], ["lenet5", "tiny", "small_bn", "small_bn_pt", "odd"]),
            (["--sort", "added", "--desc", "--limit", "2"], ["odd", "small_bn_pt"]),
            (["--sort", "name", "--desc"], ["tiny", "small_bn_pt", "small_bn", "odd", "lenet5"]),
        ])
    func sorts(_ arguments: [String], _ expected: [String]) throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        #expect(try cli.listJSON(arguments).compactMap { $0["name"] as? String } == expected, "\(arguments)")
    }

    @Test(
        "Bad filters are usage errors before the database is touched",
        arguments: [
            ["--framework", "caffe"], ["--min-macs", "2G", "--max-macs", "1G"], ["--max-macs", "lots"],
            ["--complete", "--incomplete"], ["--name", ""], ["--sort", "speed"],
        ])
    func badFilters(_ arguments: [String]) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["list"] + arguments)
        #expect(result.status == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: cli.database))
    }

    @Test("rank: largest first with Unicode bars proportional to the value")
    func rankTable() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        // tiny: 13,610 / 61,706 · 40 = 8.82 characters = 71 eighths: 8 full blocks and ▉ (7/8).
        // The smallest positive values still get the thinnest bar, ▏.
        expectSameText(try cli.output(["rank"]), """
            Rank  Name         Total params
            ─────────────────────────────────────────────────────────────────────────
               1  lenet5             61,706  ████████████████████████████████████████
               2  tiny               13,610  ████████▉
               3  small_bn              134  ▏
               4  small_bn_pt           126  ▏
               5  odd                  ≥ 49  ▏

            """)
    }

    @Test("rank --by memory marks totals that include the activation estimate, with a footnote")
    func rankMemoryMarksTheEstimate() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        // f32 weights + the activation estimate (rankScripts below): lenet5 279,680 B = 273.125 KiB,
        // tiny 86,928 B = 84.890625 KiB; tiny's bar: 86,928 / 279,680 · 20 = 6.2 characters.
        let table = try cli.output(["rank", "--by", "memory", "--top", "2", "--width", "20"])
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(table)")
        #expect(lines[2].contains("lenet5") && lines[2].contains("≈ 273.1"), "\(table)")
        #expect(lines[3].contains("tiny") && lines[3].contains("≈ 84.89 KiB") && lines[3].contains("██████"), "\(table)")
        #expect(lines[4].hasPrefix("≈ includes the activation estimate"), "\(table)")
        // Scripts get the raw total; the JSON contract is unchanged (rankScripts).
        #expect(!(try cli.output(["rank", "--by", "memory", "--format", "csv"])).contains("≈"))
    }

    @Test("rank --by macs --log --ascii --width 20 --format markdown")
    func rankLogASCII() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        // Log scale from 10⁰ (a decade below 44's) to 416,520: log10(62,192)/log10(416,520) · 20 =
        // 4.794/5.620 · 20 = 17.1 → 17; 3,896: 3.591/5.620 · 20 = 12.8 → 13; 44: 1.643/5.620 · 20 = 5.8 → 6.
        expectSameText(try cli.output(["rank", "--by", "macs", "--log", "--ascii", "--width", "20", "--format", "markdown"]), """
            | Rank | Name | MACs | log scale |
            | ---: | --- | ---: | --- |
            | 1 | lenet5 | 416,520 | #################### |
            | 2 | tiny | 62,192 | ################# |
            | 3 | small_bn | 3,896 | ############# |
            | 4 | small_bn_pt | 3,896 | ############# |
            | 5 | odd | ≥ 44 | ###### |

            """)
    }

    @Test("rank --format csv and json carry raw values under the list's keys")
    func rankScripts() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        expectSameText(try cli.output(["rank", "--by", "layers", "--format", "csv"]), """
            rank,name,layer_count,complete
            1,lenet5,9,true
            2,small_bn,5,true
            3,small_bn_pt,5,true
            4,tiny,5,true
            5,odd,4,false

            """)
        // The inference total (docs/MEMORY.md), f32: weights + every layer output of one pass.
        // lenet5: 61,706·4 = 246,824 + 8,214 output values·4 = 32,856 → 279,680.
        // tiny: 13,610·4 = 54,440 + (26·26·8 + 13·13·8 + 1,352 + 10 = 8,122)·4 = 32,488 → 86,928.
        expectSameText(try cli.output(["rank", "--by", "memory", "--top", "2", "--format", "json"]), """
            [
              {
                "complete" : true,
                "name" : "lenet5",
                "rank" : 1,
                "total_bytes" : 279680
              },
              {
                "complete" : true,
                "name" : "tiny",
                "rank" : 2,
                "total_bytes" : 86928
              }
            ]

            """)
        expectSameText(try cli.output(["rank", "--by", "macs", "--top", "1", "--format", "jsonl", "--tag", "bn"]), """
            {"complete":true,"macs":3896,"macs_per_step":false,"name":"small_bn","rank":1}

            """)
    }
}
