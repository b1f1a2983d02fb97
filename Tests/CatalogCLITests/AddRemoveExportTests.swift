import CatalogTestSupport
import Foundation
import Testing

/// input [28, 28, 1]; Conv2D 8 3x3 valid → 26x26x8, (3·3·1+1)·8 = 80; MaxPooling2D 2 → 13x13x8;
/// Flatten → 1,352; Dense 10 → (1,352+1)·10 = 13,530. Total 80 + 13,530 = 13,610.
/// MACs 26·26·8·9 + 1,352·10 = 48,672 + 13,520 = 62,192.
let tinyJSON = """
    {"name": "tiny", "input": [28, 28, 1],
     "layers": [
       {"type": "Conv2D", "filters": 8, "kernel_size": 3},
       {"type": "MaxPooling2D", "pool_size": 2},
       {"type": "Flatten"},
       {"type": "Dense", "units": 10}
     ]}
    """

/// The same with 16 filters: (3·3·1+1)·16 = 160; flatten 13·13·16 = 2,704; (2,704+1)·10 = 27,050.
/// Total 160 + 27,050 = 27,210.
let tiny16JSON = tinyJSON.replacingOccurrences(of: "\"filters\": 8", with: "\"filters\": 16")

/// Layer 2 ('conv2d_2') has kernel_size "3x3".
let badKernelJSON = """
    {"name": "bad", "input": [28, 28, 1],
     "layers": [
       {"type": "Conv2D", "filters": 8, "kernel_size": 3},
       {"type": "Conv2D", "filters": 8, "kernel_size": "3x3"}
     ]}
    """

/// Layer 5 ('too_big') is impossible (FixtureDocuments.impossible).
let impossibleJSON = FixtureDocuments.impossible

/// The database's logical content: `sqlite3 .dump` (every row of every table) when sqlite3 is
/// installed, and always the catalog's own `list --format json`.
///
/// Not the file's bytes: opening a pool, GRDB writes (creates and drops a table named
/// `grdb_issue_102`) whenever the -wal file is absent, so every command, read-only ones included,
/// changes the file's change counter and schema cookie without changing any row.
struct DatabaseSnapshot: Equatable {
    let dump: String?
    let list: String

    init(_ cli: CLI) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-readonly", cli.database, ".dump"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        var dump: String?
        if (try? process.run()) != nil {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus == 0 { dump = String(decoding: data, as: UTF8.self) }
        }
        self.dump = dump
        let list = try cli.run(["list", "--format", "json"])
        #expect(list.status == 0, "\(list)")
        self.list = list.stdout
    }
}

/// `total_params` of `name` from `show --format json`.
func totalParams(_ cli: CLI, _ name: String) throws -> Int? {
    let result = try cli.run(["show", name, "--format", "json"])
    guard result.status == 0 else { return nil }
    return (try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])?["total_params"] as? Int
}

@Suite("CLI: add, remove, export")
struct AddRemoveExportTests {
    @Test("add prints the hand-computed total; the architecture is then listed")
    func addPrintsTotal() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("tiny.json", tinyJSON)
        let result = try cli.run(["add", file])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(result.stdout.contains("tiny"), "\(result)")
        #expect(result.stdout.contains("13,610"), "\(result)")
        #expect(result.stdout.contains("62,192"), "\(result)")
        #expect(result.stdoutLines.filter { !$0.isEmpty }.count == 1, "one line per architecture: \(result)")

        #expect(try totalParams(cli, "tiny") == 13_610)
        let list = try cli.listJSON()
        #expect(list.count == 12)
        let row = try #require(list.first { $0["name"] as? String == "tiny" })
        #expect(row["macs"] as? Int == 62_192)
        #expect(row["layer_count"] as? Int == 5)  // input, conv, pool, flatten, dense
    }

    @Test("add of an existing name fails and says to use --replace; --replace works")
    func addDuplicateThenReplace() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let first = try cli.run(["add", try cli.write("tiny.json", tinyJSON)])
        #expect(first.status == 0, "\(first)")

        let second = try cli.write("tiny16.json", tiny16JSON)
        let duplicate = try cli.run(["add", second])
        #expect(duplicate.status != 0, "\(duplicate)")
        #expect(duplicate.stdout.isEmpty, "\(duplicate)")
        #expect(duplicate.stderr.contains("--replace"), "\(duplicate)")
        #expect(duplicate.stderr.contains("tiny"), "\(duplicate)")
        #expect(try totalParams(cli, "tiny") == 13_610)

        let replaced = try cli.run(["add", second, "--replace"])
        #expect(replaced.status == 0, "\(replaced)")
        #expect(replaced.stderr.isEmpty, "\(replaced)")
        #expect(replaced.stdout.contains("27,210"), "\(replaced)")
        #expect(try totalParams(cli, "tiny") == 27_210)
        #expect(try cli.listJSON().count == 12)
    }

    @Test(
        "A malformed file exits 65, names the file and the layer, prints nothing, changes nothing",
        arguments: [
            ("bad.json", badKernelJSON, ["layer 2 'conv2d_2'", "kernel_size"]),
            ("impossible.json", impossibleJSON, ["'too_big'", "does not fit"]),
        ])
    func malformedFileChangesNothing(file: String, text: String, mentions: [String]) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let setup = try cli.run(["list"])
        #expect(setup.status == 0, "\(setup)")
        let before = try DatabaseSnapshot(cli)
        #expect(before.dump?.contains("INSERT INTO architectures") != false, "the dump holds no rows")

        let path = try cli.write(file, text)
        let result = try cli.run(["add", path])
        #expect(result.status == 65, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.contains(path), "\(result)")
        for mention in mentions {
            #expect(result.stderr.contains(mention), "stderr should mention \(mention): \(result)")
        }
        #expect(result.stderr.hasPrefix("error: "), "\(result)")

        let after = try DatabaseSnapshot(cli)
        #expect(after.dump == before.dump, "the database's rows changed")
        #expect(after.list == before.list)
    }

    @Test("add good.json bad.json adds the good one, reports the bad one, exits non-zero")
    func addGoodAndBad() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let good = try cli.write("good.json", tinyJSON)
        let bad = try cli.write("bad.json", badKernelJSON)
        for order in [[good, bad], [bad, good]] {
            _ = try cli.run(["remove", "tiny"])
            let result = try cli.run(["add"] + order)
            #expect(result.status != 0, "\(result)")
            #expect(result.status == 65, "\(result)")
            #expect(result.stdout.contains("tiny"), "\(result)")
            #expect(result.stdout.contains("13,610"), "\(result)")
            #expect(!result.stdout.contains("bad.json"), "\(result)")
            #expect(result.stderr.contains(bad), "\(result)")
            #expect(!result.stderr.contains(good), "\(result)")
            #expect(try totalParams(cli, "tiny") == 13_610)
            #expect(try totalParams(cli, "bad") == nil)
        }
    }

    @Test("add ok.json plus files whose values used to crash the engine: ok is added, each other file exits 65")
    func addGoodAndExtremeValues() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // Each crashed with SIGILL before (an unchecked product or Int(Double) beyond 64 bits) or
        // ran for ever (num_layers), taking the whole batch with it.
        let extremes = [
            ("c1.json", #"{"name":"c1","framework":"pytorch","input":[4,8,8],"layers":[{"type":"Upsample","name":"x","scale_factor":1e300}]}"#,
             "layer 'x' (Upsample): a count exceeds 64-bit integers"),
            ("c2.json", #"{"name":"c2","framework":"pytorch","input":[4,8,8],"layers":[{"type":"PixelShuffle","name":"x","upscale_factor":3037000500}]}"#,
             "layer 'x' (PixelShuffle): a count exceeds 64-bit integers"),
            ("c4.json", #"{"name":"c4","framework":"pytorch","input":[8,16],"layers":[{"type":"MultiLatentAttention","name":"x","hidden_size":16,"num_attention_heads":2,"kv_lora_rank":9223372036854775807,"qk_nope_head_dim":4,"qk_rope_head_dim":4,"v_head_dim":4}]}"#,
             "layer 'x' (MultiLatentAttention): a count exceeds 64-bit integers"),
            ("lstm.json", #"{"name":"lstm","framework":"pytorch","input":[8,16],"layers":[{"type":"LSTM","name":"x","input_size":16,"hidden_size":4,"num_layers":4611686018427387904}]}"#,
             "layer 'x' (LSTM): 'num_layers' = 4,611,686,018,427,387,904 exceeds the limit of 100,000 stacked layers"),
        ]
        let good = try cli.write("good.json", tinyJSON)
        var paths: [String] = []
        for (file, text, _) in extremes { paths.append(try cli.write(file, text)) }
        let result = try cli.run(["add", good] + paths)
        #expect(result.status == 65, "\(result)")
        #expect(result.stdout.contains("13,610"), "\(result)")
        #expect(try totalParams(cli, "tiny") == 13_610)
        for ((_, _, message), path) in zip(extremes, paths) {
            #expect(result.stderr.contains("\(path): \(message)"), "\(result)")
        }
        #expect(result.stderr.contains("1 added, 0 replaced, 4 failed"), "\(result)")
        for name in ["c1", "c2", "c4", "lstm"] { #expect(try totalParams(cli, name) == nil) }
    }

    @Test("add --strict refuses a native file with a layer type the engine does not know")
    func addStrictRefusesUnknownType() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("custom.json", """
            {"name": "custom", "input": [8],
             "layers": [{"type": "Dense", "units": 4}, {"type": "MyLayer", "name": "mine", "output_shape": [6]},
                        {"type": "Dense", "units": 2}]}
            """)
        // Without --strict: added with lower-bound totals, 36 + 14 = 50 counted
        // ((8+1)·4 = 36, (6+1)·2 = 14), and a warning naming the layer.
        let lenient = try cli.run(["add", file])
        #expect(lenient.status == 0, "\(lenient)")
        #expect(lenient.stdout.contains("50"), "\(lenient)")
        #expect(lenient.stderr.contains("warning:"), "\(lenient)")
        #expect(lenient.stderr.contains("mine"), "\(lenient)")

        // --help: "Refuse a file with a layer type the engine does not know".
        let strict = try cli.run(["add", "--strict", "--name", "custom_strict", file])
        let added = try totalParams(cli, "custom_strict")
        #expect(strict.status == 65, "\(strict)")
        #expect(strict.stdout.isEmpty, "\(strict)")
        #expect(strict.stderr.contains("mine"), "\(strict)")
        #expect(added == nil)
    }

    @Test("add of a missing file fails naming it")
    func addMissingFile() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let missing = cli.path("nope.json")
        let result = try cli.run(["add", missing])
        #expect(result.status != 0, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.contains(missing), "\(result)")
    }

    @Test("add --name with two files is a usage error")
    func addNameWithTwoFiles() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let a = try cli.write("a.json", tinyJSON)
        let b = try cli.write("b.json", tiny16JSON)
        let result = try cli.run(["add", a, b, "--name", "x"])
        #expect(result.status == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: cli.database))
    }

    @Test("add reads YAML too")
    func addYAML() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let yaml = """
            name: tiny
            input: [28, 28, 1]
            layers:
              - {type: Conv2D, filters: 8, kernel_size: 3}
              - {type: MaxPooling2D, pool_size: 2}
              - {type: Flatten}
              - {type: Dense, units: 10}
            """
        let result = try cli.run(["add", try cli.write("tiny.yaml", yaml)])
        #expect(result.status == 0, "\(result)")
        #expect(try totalParams(cli, "tiny") == 13_610)
    }

    @Test("remove then show exits 66")
    func removeThenShow() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let removed = try cli.run(["remove", "vgg16"])
        #expect(removed.status == 0, "\(removed)")
        #expect(removed.stderr.isEmpty, "\(removed)")
        #expect(removed.stdout.contains("vgg16"), "\(removed)")

        let show = try cli.run(["show", "vgg16"])
        #expect(show.status == 66, "\(show)")
        #expect(show.stdout.isEmpty, "\(show)")
        #expect(show.stderr.contains("no architecture named 'vgg16'"), "\(show)")

        let again = try cli.run(["remove", "vgg16"])
        #expect(again.status == 66, "\(again)")
        #expect(again.stdout.isEmpty, "\(again)")
        #expect(try cli.listJSON().count == 10)
    }

    @Test("export vgg16, add it back as vgg16_copy: the same total")
    func exportAndReAdd() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let export = try cli.run(["export", "vgg16"])
        #expect(export.status == 0, "\(export)")
        #expect(export.stderr.isEmpty, "\(export)")
        let document = try #require(try JSONSerialization.jsonObject(with: export.stdoutData) as? [String: Any])
        #expect(document["name"] as? String == "vgg16")

        let file = cli.path("vgg16.json")
        try export.stdoutData.write(to: URL(fileURLWithPath: file))
        let added = try cli.run(["add", "--name", "vgg16_copy", file])
        #expect(added.status == 0, "\(added)")
        #expect(added.stdout.contains("vgg16_copy"), "\(added)")
        #expect(added.stdout.contains("138,357,544"), "\(added)")
        #expect(try totalParams(cli, "vgg16_copy") == 138_357_544)

        // --output writes the same bytes as stdout.
        let output = cli.path("out.json")
        let written = try cli.run(["export", "vgg16", "--output", output])
        #expect(written.status == 0, "\(written)")
        #expect(written.stdout.isEmpty, "\(written)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == export.stdoutData)

        let missing = try cli.run(["export", "nosuch"])
        #expect(missing.status == 66, "\(missing)")
        #expect(missing.stdout.isEmpty, "\(missing)")
    }
}
