import CatalogTestSupport
import Foundation
import Testing

/// Whole outputs of `compare` on the small catalog.
@Suite("CLI: compare outputs")
struct CompareOutputTests {
    @Test("compare A B C: columns, relative to the first, categories, largest layers, convention notes")
    func compareTable() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        // Relative to small_bn: total 126/134 = ×0.94 (−6.0%), 49/134 = ×0.37 (−63.4%); MACs 44/3,896 = ×0.01.
        // Activation memory: 294·4 = 1,176 B = 1.15 KB; odd 9·4 = 36 B (shapes are known: no ≥).
        // Categories of small_bn: convolution 108/134 = 80.6%, dense 10 = 7.5%, normalisation 16 = 11.9%.
        // The last note: small_bn's one BatchNormalization over 4 channels keeps 2·4 = 8 moving
        // statistics as non-trainable parameters under keras; under pytorch they are buffers,
        // so 134 − 8 = 126 and the whole difference is those statistics.
        expectSameText(try cli.output(["compare", "small_bn", "small_bn_pt", "odd"]), """
                                          small_bn  small_bn_pt         odd
            ───────────────────────────────────────────────────────────────
            Input shape                  (8, 8, 3)    (8, 8, 3)       (10,)
            Output shape                      (2,)         (2,)        (1,)
            Convention                       keras      pytorch       keras
            Layers                               5            5           4
            Depth (weight layers)                2            2           2
            Total params                       134          126        ≥ 49
            Trainable params                   126          126        ≥ 49
            Non-trainable params                 8            0         ≥ 0
            MACs                             3,896        3,896        ≥ 44
            Parameter memory (float32)    536.00 B     504.00 B  ≥ 196.00 B
            Activation memory (float32)   1.15 KiB     1.15 KiB     36.00 B

            Relative to small_bn             small_bn_pt              odd
            ─────────────────────────────────────────────────────────────
            Layers                                     =   ×0.80 (-20.0%)
            Depth (weight layers)                      =                =
            Total params                   ×0.94 (-6.0%)   ×0.37 (-63.4%)
            Trainable params                           =   ×0.39 (-61.1%)
            Non-trainable params         ×0.00 (-100.0%)  ×0.00 (-100.0%)
            MACs                                       =   ×0.01 (-98.9%)
            Parameter memory (float32)     ×0.94 (-6.0%)   ×0.37 (-63.4%)
            Activation memory (float32)                =   ×0.03 (-96.9%)

            Parameters by layer category     small_bn  small_bn_pt          odd
            ───────────────────────────────────────────────────────────────────
            convolution                   108 (80.6%)  108 (85.7%)     0 (0.0%)
            dense                           10 (7.5%)    10 (7.9%)  49 (100.0%)
            normalisation                  16 (11.9%)     8 (6.3%)     0 (0.0%)
            uncounted layers                        0            0            1

            Largest layers of small_bn  Param #  Share
            ────────────────────────────────────────────────────
            conv (Conv2D)                   108  80.6%  ████████
            bn (BatchNormalization)          16  11.9%  █▎
            fc (Dense)                       10   7.5%  ▊

            Largest layers of small_bn_pt  Param #  Share
            ────────────────────────────────────────────────────────
            conv (Conv2D)                      108  85.7%  ████████▋
            fc (Dense)                          10   7.9%  ▊
            bn (BatchNormalization)              8   6.3%  ▋

            Largest layers of odd  Param #  Share
            ────────────────────────────────────────────────
            hidden (Dense)              44  89.8%  █████████
            out (Dense)                  5  10.2%  █

            Note: Different counting conventions: 'small_bn', 'odd' follow keras (BatchNormalization's moving mean and variance are non-trainable parameters); 'small_bn_pt' follows pytorch (running statistics are buffers, not parameters). Non-trainable parameters are not comparable across conventions.
            Note: 'small_bn' and 'small_bn_pt' have the same layers: they differ only in counting convention (keras vs pytorch).
            Note: 'small_bn_pt' (pytorch) has 126 parameters, 'small_bn' (keras) 134: −8 = −8 batch-norm statistics; the whole difference is convention and bias choices, the networks are otherwise the same size

            Memory is 1024-based (KiB, MiB, GiB), float32 (4 bytes an element), one sample. Activation memory = every layer's output elements for one forward pass (each call and output, the input excluded) × bytes per element × batch, all held at once: no buffer reuse, no gradients.
            ≥ marks a lower bound (a layer the engine does not know); a share of such a total is a share of a lower bound.

            """)
    }

    @Test("compare --format markdown")
    func compareMarkdown() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        expectSameText(try cli.output(["compare", "small_bn", "small_bn_pt", "--format", "markdown"]), """
            ## Comparison: small_bn, small_bn_pt

            |  | small_bn | small_bn_pt |
            | --- | ---: | ---: |
            | Input shape | (8, 8, 3) | (8, 8, 3) |
            | Output shape | (2,) | (2,) |
            | Convention | keras | pytorch |
            | Layers | 5 | 5 |
            | Depth (weight layers) | 2 | 2 |
            | Total params | 134 | 126 |
            | Trainable params | 126 | 126 |
            | Non-trainable params | 8 | 0 |
            | MACs | 3,896 | 3,896 |
            | Parameter memory (float32) | 536.00 B | 504.00 B |
            | Activation memory (float32) | 1.15 KiB | 1.15 KiB |

            | Relative to small_bn | small_bn_pt |
            | --- | ---: |
            | Layers | = |
            | Depth (weight layers) | = |
            | Total params | ×0.94 (-6.0%) |
            | Trainable params | = |
            | Non-trainable params | ×0.00 (-100.0%) |
            | MACs | = |
            | Parameter memory (float32) | ×0.94 (-6.0%) |
            | Activation memory (float32) | = |

            | Parameters by layer category | small_bn | small_bn_pt |
            | --- | ---: | ---: |
            | convolution | 108 (80.6%) | 108 (85.7%) |
            | dense | 10 (7.5%) | 10 (7.9%) |
            | normalisation | 16 (11.9%) | 8 (6.3%) |

            | Largest layers of small_bn | Param # | Share |  |
            | --- | ---: | ---: | --- |
            | conv (Conv2D) | 108 | 80.6% | ████████ |
            | bn (BatchNormalization) | 16 | 11.9% | █▎ |
            | fc (Dense) | 10 | 7.5% | ▊ |

            | Largest layers of small_bn_pt | Param # | Share |  |
            | --- | ---: | ---: | --- |
            | conv (Conv2D) | 108 | 85.7% | ████████▋ |
            | fc (Dense) | 10 | 7.9% | ▊ |
            | bn (BatchNormalization) | 8 | 6.3% | ▋ |

            > **Note:** Different counting conventions: 'small_bn' follows keras (BatchNormalization's moving mean and variance are non-trainable parameters); 'small_bn_pt' follows pytorch (running statistics are buffers, not parameters). Non-trainable parameters are not comparable across conventions.
            >
            > **Note:** 'small_bn' and 'small_bn_pt' have the same layers: they differ only in counting convention (keras vs pytorch).
            >
            > **Note:** 'small_bn_pt' (pytorch) has 126 parameters, 'small_bn' (keras) 134: −8 = −8 batch-norm statistics; the whole difference is convention and bias choices, the networks are otherwise the same size

            > Memory is 1024-based (KiB, MiB, GiB), float32 (4 bytes an element), one sample. Activation memory = every layer's output elements for one forward pass (each call and output, the input excluded) × bytes per element × batch, all held at once: no buffer reuse, no gradients.

            """)
    }

    @Test("compare --format csv: one row per architecture, raw numbers, ratios to the first")
    func compareCSV() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let csv = try cli.output(["compare", "lenet5", "tiny", "--format", "csv"])
        expectSameText(csv, """
            name,framework,input_shapes,output_shapes,layer_count,depth,total_params,trainable_params,non_trainable_params,macs,parameter_bytes,activation_bytes,complete,layer_count_ratio,depth_ratio,total_params_ratio,trainable_params_ratio,non_trainable_params_ratio,macs_ratio,parameter_bytes_ratio,activation_bytes_ratio,params_convolution,params_dense,params_recurrent,params_attention,params_normalisation,params_embedding,params_mlp,params_head,params_other,macs_per_step
            lenet5,keras,"(32, 32, 1)","(10,)",9,5,61706,61706,0,416520,246824,32856,true,1.0,1.0,1.0,1.0,,1.0,1.0,1.0,50692,11014,0,0,0,0,0,0,0,false
            tiny,keras,"(28, 28, 1)","(10,)",5,2,13610,13610,0,62192,54440,32488,true,0.5555555555555556,0.4,0.22056201990082003,0.22056201990082003,,0.14931335830212233,0.22056201990082003,0.988799610421232,80,13530,0,0,0,0,0,0,0,false

            """)
        let rows = parseCSV(csv)
        let header = try #require(rows.first)
        let tiny = Dictionary(uniqueKeysWithValues: zip(header, rows[2]))
        #expect(tiny["total_params"] == "13610")
        #expect(Double(tiny["total_params_ratio"] ?? "") == 13_610.0 / 61_706.0)
        #expect(tiny["params_dense"] == "13530")
    }

    @Test("compare --format json: every architecture with relative numbers, categories and largest layers")
    func compareJSON() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let result = try cli.run(["compare", "small_bn", "small_bn_pt", "odd", "--format", "json"])
        #expect(result.status == 0, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(Set(object.keys) == ["architectures", "reference", "notes", "a", "b", "comparison"])
        #expect(object["reference"] as? String == "small_bn")
        let architectures = try #require(object["architectures"] as? [[String: Any]])
        #expect(architectures.compactMap { $0["name"] as? String } == ["small_bn", "small_bn_pt", "odd"])
        let pt = architectures[1]
        let relative = try #require(pt["relative_to_first"] as? [String: [String: Any]])
        #expect(relative["total_params"]?["difference"] as? Int == -8)  // 126 − 134
        #expect(relative["macs"]?["ratio"] as? Double == 1)
        let categories = try #require(pt["params_by_category"] as? [String: [String: Any]])
        #expect(Set(categories.keys) == ["convolution", "dense", "recurrent", "attention", "normalisation", "embedding", "mlp", "head", "other"])
        #expect(categories["normalisation"]?["params"] as? Int == 8)
        let largest = try #require(pt["largest_layers"] as? [[String: Any]])
        #expect(largest.compactMap { $0["name"] as? String } == ["conv", "fc", "bn"])
        #expect(pt["activation_bytes"] as? Int == 1_176)
        let notes = try #require(object["notes"] as? [String])
        #expect(notes.contains { $0.contains("differ only in counting convention") })
        // The two-way keys of earlier versions compare the first two.
        let comparison = try #require(object["comparison"] as? [String: [String: Any]])
        #expect(comparison["total_params"]?["a"] as? Int == 134)
        #expect(comparison["total_params"]?["b"] as? Int == 126)
        #expect(comparison["total_params"]?["difference"] as? Int == -8)

        let lines = try cli.output(["compare", "small_bn", "odd", "--format", "jsonl"]).split(separator: "\n")
        #expect(lines.count == 2)
        let odd = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(odd["name"] as? String == "odd")
        #expect(odd["complete"] as? Bool == false)
    }

    @Test("compare needs two names; an unknown one exits 66")
    func compareArguments() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let one = try cli.run(["compare", "tiny"])
        #expect(one.status == 64, "\(one)")
        let unknown = try cli.run(["compare", "tiny", "small_bn", "nosuch"])
        #expect(unknown.status == 66, "\(unknown)")
        #expect(unknown.stdout.isEmpty)
    }
}
