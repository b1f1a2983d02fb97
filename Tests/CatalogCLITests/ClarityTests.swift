import CatalogTestSupport
import Foundation
import Testing

/// Units, FLOPs, lower bounds and the command line's forgiving edges.
@Suite("CLI: units, FLOPs, global options and suggestions")
struct ClarityTests {
    // MARK: - Units

    @Test("show --dtype float16 --batch 8: own sizes in MiB, torchinfo's lines in its MB, each labelled")
    func memoryUnits() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["show", "resnet18", "--dtype", "float16", "--batch", "8"])
        #expect(result.status == 0, "\(result)")
        // 11,689,512 parameters × 2 bytes = 23,379,024 bytes; / 1,048,576 = 22.296 MiB; / 10⁶ = 23.38 MB.
        #expect(result.stdout.contains(" Parameter memory (float16): 22.30 MiB\n"))
        #expect(result.stdout.contains(" torchinfo: Params size (MB): 23.38\n"))
        #expect(result.stdout.contains("Lines marked torchinfo copy torchinfo's summary: its MB = 10⁶ bytes."))
        // Keras' own totals keep Keras' label, and a footnote says whose units they are.
        #expect(result.stdout.contains(" Total params: 11,689,512 (44.59 MB)\n"))
        #expect(result.stdout.contains("copy Keras' model.summary(): float32, its \"MB\" = 1024² bytes (MiB)"))
        // Activation memory is defined where it is shown.
        #expect(result.stdout.contains("Activation memory = every layer's output elements for one forward pass"))
        // No other size says "MB" or "KB" without saying whose convention it is.
        for line in result.stdoutLines where line.contains(" MB") || line.contains(" KB") {
            #expect(line.hasPrefix(" Total params") || line.hasPrefix(" Trainable params")
                || line.hasPrefix(" Non-trainable params") || line.contains("torchinfo") || line.contains("Keras'"), "\(line)")
        }
    }

    @Test("list, rank and compare give sizes 1024-based with IEC labels; JSON bytes as integers")
    func listUnits() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // vgg16: 138,357,544 × 4 = 553,430,176 bytes = 527.79 MiB.
        let list = try cli.output(["list", "--name", "vgg16"])
        #expect(list.contains("527.79 MiB"), "\(list)")
        let rank = try cli.output(["rank", "--by", "memory", "--top", "1"])
        // --by memory ranks by the inference total (weights 143,667,240 × 4 = 548.05 MiB plus the
        // activation estimate): more than the weights alone, in MiB.
        #expect(rank.contains("vgg19") && rank.contains(" MiB") && !rank.contains(" MB"), "\(rank)")
        let compare = try cli.output(["compare", "vgg16", "vgg19"])
        #expect(compare.contains("527.79 MiB") && compare.contains("548.05 MiB"), "\(compare)")
        #expect(compare.contains("Activation memory = every layer's output elements"), "\(compare)")
        let json = try cli.listJSON(["--name", "vgg16"])
        #expect(json.first?["parameter_bytes"] as? Int == 553_430_176)
    }

    // MARK: - FLOPs

    @Test("--flops on show, list, rank, compare: FLOPs = 2 × MACs, labelled")
    func flops() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // VGG-16: 15,470,264,320 MACs (derivation in SeedTests.swift) → 30,940,528,640 FLOPs.
        let show = try cli.output(["show", "vgg16", "--flops"])
        #expect(show.contains(" Total FLOPs (2 × MACs): 30,940,528,640 (30.94 G)\n"), "\(show)")
        // block1_conv1: 86,704,128 MACs → 173,408,256 FLOPs.
        let layer = try #require(show.components(separatedBy: "\n").first { $0.hasPrefix("block1_conv1 ") })
        #expect(layer.contains("86,704,128") && layer.contains("173,408,256"), "\(layer)")
        let showJSON = try #require(try JSONSerialization.jsonObject(with: try cli.run(["show", "vgg16", "--flops", "--format", "json"]).stdoutData) as? [String: Any])
        #expect(showJSON["flops"] as? Int == 30_940_528_640)

        let list = try cli.listJSON(["--flops", "--name", "vgg16"])
        #expect(list.first?["flops"] as? Int == 30_940_528_640)
        #expect(list.first?["macs"] as? Int == 15_470_264_320)
        let csv = parseCSV(try cli.output(["list", "--flops", "--name", "vgg16", "--format", "csv"]))
        let fields = Dictionary(uniqueKeysWithValues: zip(csv[0], csv[1]))
        #expect(fields["flops"] == "30940528640")

        let rank = try #require(try JSONSerialization.jsonObject(with: try cli.run(["rank", "--by", "flops", "--top", "1", "--format", "json"]).stdoutData) as? [[String: Any]])
        // The largest MACs of the seeds: vgg19 = VGG-16's 15,470,264,320 + its three extra
        // convolutions 56²·256·2,304 + 28²·512·4,608 + 14²·512·4,608 = 1,849,688,064 +
        // 1,849,688,064 + 462,422,016 → 19,632,062,464 MACs, 39,264,124,928 FLOPs.
        #expect(rank.first?["name"] as? String == "vgg19")
        #expect(rank.first?["flops"] as? Int == 2 * 19_632_062_464)
        let rankMACs = try cli.output(["rank", "--by", "macs", "--flops", "--top", "1"])
        #expect(rankMACs.contains("FLOPs (2 × MACs)") && rankMACs.contains("39,264,124,928"), "\(rankMACs)")

        let compare = try cli.output(["compare", "vgg16", "vgg19", "--flops"])
        #expect(compare.contains("FLOPs (2 × MACs)") && compare.contains("30,940,528,640"), "\(compare)")
    }

    @Test("list --min-flops/--max-flops filter as 2 × MACs, inclusive, and --sort flops is the MACs order")
    func flopsFilters() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // lenet5: 416,520 MACs = 833,040 FLOPs: kept at --max-flops 833040, dropped at 833039.
        let at = try cli.listJSON(["--max-flops", "833040"]).compactMap { $0["name"] as? String }
        #expect(at == ["lenet5"])
        #expect(try cli.listJSON(["--max-flops", "833039"]).isEmpty)
        // --min-flops 833041 is at least 416,521 MACs: lenet5 is out.
        let above = try cli.listJSON(["--min-flops", "833041"]).compactMap { $0["name"] as? String }
        #expect(!above.contains("lenet5") && above.count == 10)
        let byFLOPs = try cli.listJSON(["--sort", "flops"]).compactMap { $0["name"] as? String }
        let byMACs = try cli.listJSON(["--sort", "macs"]).compactMap { $0["name"] as? String }
        #expect(byFLOPs == byMACs)
        #expect(try cli.run(["list", "--min-flops", "2G", "--max-flops", "1G"]).status == 64)
    }

    // MARK: - Global options and suggestions

    @Test("--db before the subcommand is the same as after it")
    func dbBeforeSubcommand() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let other = cli.path("other.sqlite")
        let report = try cli.run(["--db", other, "report", "--output", cli.path("x.html")], withDatabase: false)
        #expect(report.status == 0, "\(report)")
        #expect(FileManager.default.fileExists(atPath: other))
        let list = try cli.run(["--db=\(other)", "list", "--name", "lenet5"], withDatabase: false)
        #expect(list.status == 0 && list.stdout.contains("lenet5"), "\(list)")
    }

    @Test("add --tag \"\" is a usage error, as list --tag \"\" is: an empty tag could never be found")
    func emptyTagIsRefused() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("t.json", #"{"name": "t", "input": [4], "layers": [{"type": "Dense", "name": "d", "units": 2}]}"#)
        for tag in ["", " "] {
            let result = try cli.run(["add", file, "--tag", tag])
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("--tag must not be empty"), "\(result)")
        }
        #expect(try cli.run(["add", file, "--tag", "ok"]).status == 0)
    }

    @Test("memory and fit offer only the formats they print, table and json", arguments: ["memory", "fit"])
    func reportFormatsInHelp(_ command: String) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let help = try cli.run([command, "--help"], withDatabase: false)
        #expect(help.status == 0, "\(help)")
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("(values: table, json; default: table)"), "\(help)")
        let extra = command == "fit" ? ["--budget", "24GiB"] : []
        let refused = try cli.run([command, "vgg16", "--format", "csv"] + extra)
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("'csv'") && refused.stderr.contains("'table'"), "\(refused)")
        #expect(refused.stdout.isEmpty)
    }

    @Test("A mistyped subcommand gets the close names (exit 64)", arguments: [
        ("shwo", "did you mean 'show'?"), ("lsit", "did you mean 'list'"), ("reprot", "did you mean 'report'?"),
        ("comapre", "did you mean 'compare'?"),
    ])
    func mistypedSubcommand(_ typed: String, _ hint: String) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run([typed, "vgg16"], withDatabase: false)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("unknown command '\(typed)' (\(hint)"), "\(result)")
        #expect(result.stdout.isEmpty)
    }

    @Test("report NAME gets the same error and suggestions as show NAME")
    func reportSuggestions() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for name in ["resnet5", "vgg61", "nosuch"] {
            let show = try cli.run(["show", name])
            let report = try cli.run(["report", name, "--output", cli.path("x.html")])
            #expect(show.status == 66 && report.status == 66)
            #expect(report.stderr == show.stderr, "\(report.stderr) vs \(show.stderr)")
        }
        #expect(try cli.run(["show", "vgg61"]).stderr.contains("did you mean"))
    }

    // MARK: - Report

    @Test("report takes list's filters and --flops")
    func reportFilters() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let tagged = try cli.run(["report", "--tag", "residual", "--output", "-"])
        #expect(tagged.status == 0, "\(tagged)")
        // The seeds tagged residual, by name: torchvision's three ResNets and Keras' ResNet50.
        let names = try ReportData(html: tagged.stdout).architectures.compactMap { $0[0] as? String }
        #expect(names == ["keras_resnet50", "resnet18", "resnet34", "resnet50"])
        // At most 10M parameters and a name glob: lenet5 61,706 and mobilenet_v1 4,253,864 of "*net*".
        let small = try cli.run(["report", "--max-params", "10M", "--name", "*net*", "--output", "-"])
        #expect(try ReportData(html: small.stdout).architectures.compactMap { $0[0] as? String } == ["lenet5", "mobilenet_v1"])
        // Names and filters together: the names that pass, in the order given.
        let both = try cli.run(["report", "vgg16", "lenet5", "resnet18", "--max-params", "20M", "--output", "-"])
        #expect(try ReportData(html: both.stdout).architectures.compactMap { $0[0] as? String } == ["lenet5", "resnet18"])
        let flops = try cli.run(["report", "lenet5", "--flops", "--output", "-"])
        #expect(flops.stdout.contains("<th scope=\"col\" class=\"num\" tabindex=\"0\" data-column=\"6\">FLOPs</th>"))
        #expect(flops.stdout.contains("FLOPs = 2 × MACs"))
    }

    // MARK: - JSON layout

    @Test("Empty arrays print as []")
    func emptyArrays() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let list = try cli.output(["list", "--name", "lenet5", "--format", "json"])
        #expect(list.contains("\"uncounted_layers\" : []"), "\(list)")
        #expect(!list.contains("[\n\n"))
        let explain = try cli.output(["explain", "lenet5", "c1", "--format", "json"])
        #expect(explain.contains("\"notes\" : []"), "\(explain)")
        let none = try cli.output(["list", "--name", "nothing*", "--format", "json"])
        #expect(none == "[]\n")
    }
}
