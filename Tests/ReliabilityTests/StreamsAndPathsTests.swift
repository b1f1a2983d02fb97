import CatalogTestSupport
import Foundation
import Testing

@testable import CatalogStore

/// The second adversarial pass: output streams, output paths, `--db` paths, lookalike names and
/// hand-edited databases, each through the built binary with an input of its class.
@Suite("Streams, output paths and hand-edited databases")
struct StreamsAndPathsTests {
    /// Runs `catalog ARGUMENTS` through `sh -c SCRIPT`, where the script runs the binary as
    /// `"$0" "$@"` with the redirections to test.
    static func shell(_ script: String, _ arguments: [String]) throws -> Reliability.RunResult {
        try Reliability.run(arguments, prefix: ["/bin/sh", "-c", script])
    }

    static func errorLines(_ result: Reliability.RunResult) -> [Substring] {
        result.stderr.split(separator: "\n")
    }

    @Test("a full disk or a closed stdout is one error line and exit 74, for every kind of output",
          arguments: [["export", "vgg16"], ["list", "--format", "csv"], ["show", "vgg16", "--format", "json"],
                      ["list"], ["compare", "vgg16", "resnet50"], ["explain", "lenet5"]])
    func failedWrites(_ command: [String]) throws {
        let folder = try Reliability.temporaryDirectory("streams")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        for redirection in ["> /dev/full", ">&-"] {
            let result = try Self.shell("exec \"$0\" \"$@\" \(redirection)", command + ["--db", database])
            #expect(result.status == 74, "\(redirection): \(result)")
            #expect(Self.errorLines(result).count == 1, "\(redirection): \(result)")
            #expect(result.stderr.hasPrefix("error: cannot write to standard output"), "\(redirection): \(result)")
        }
    }

    @Test("a reader closing the pipe early leaves stderr silent")
    func readerClosesPipe() throws {
        let folder = try Reliability.temporaryDirectory("pipe")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        // The DOT graph of ResNet-50 is far larger than a pipe's buffer.
        let result = try Self.shell("\"$0\" \"$@\" | head -c 1 > /dev/null", ["export", "resnet50", "--format", "dot", "--db", database])
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("add --files-from - with a closed stdin is a clean error, not a trap")
    func closedStdin() throws {
        let folder = try Reliability.temporaryDirectory("stdin")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let result = try Self.shell("exec \"$0\" \"$@\" <&-", ["add", "--files-from", "-", "--db", database])
        #expect(result.status == 66, "\(result)")
        #expect(Self.errorLines(result) == ["error: standard input: the list of files cannot be read: Bad file descriptor"], "\(result)")
    }

    @Test("report --output writes through links, keeps the mode and hard links, refuses a directory")
    func outputThroughPaths() throws {
        let folder = try Reliability.temporaryDirectory("output")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let manager = FileManager.default
        let target = folder.appendingPathComponent("target.html").path
        let link = folder.appendingPathComponent("link.html").path
        let second = folder.appendingPathComponent("second-name.html").path
        #expect(manager.createFile(atPath: target, contents: Data("old".utf8), attributes: [.posixPermissions: 0o600]))
        try manager.createSymbolicLink(atPath: link, withDestinationPath: "target.html")
        try manager.linkItem(atPath: target, toPath: second)

        let viaLink = try Reliability.run(["report", "lenet5", "--output", link, "--db", database])
        #expect(viaLink.status == 0, "\(viaLink)")
        #expect(try manager.destinationOfSymbolicLink(atPath: link) == "target.html", "the link was replaced")
        let attributes = try manager.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "mode \(String(describing: attributes[.posixPermissions]))")
        // The hard link sees the new contents: the file was rewritten, not replaced.
        let contents = try String(contentsOfFile: second, encoding: .utf8)
        #expect(contents.hasPrefix("<!DOCTYPE html"), "\(contents.prefix(40))")

        let directory = try Reliability.run(["report", "--output", folder.path, "--db", database])
        #expect(directory.status == 1)
        #expect(Self.errorLines(directory).count == 1 && directory.stderr.contains("is a directory"), "\(directory)")

        let full = try Reliability.run(["report", "--output", "/dev/full", "--db", database])
        #expect(full.status == 1 && full.stderr.contains("No space left on device"), "\(full)")
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "/dev/full is no longer a device")
    }

    @Test("--db is a file path: ':memory:' and 'file:abc.db' are files that keep what is added")
    func databasePathIsAFile() throws {
        let folder = try Reliability.temporaryDirectory("dbpath")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("m.json")
        try Data(#"{"name": "kept", "input": [4], "layers": [{"type": "Dense", "units": 2}]}"#.utf8).write(to: model)
        for name in [":memory:", "file:abc.db"] {
            let cd = "cd '\(folder.path)' && exec \"$0\" \"$@\""
            let add = try Self.shell(cd, ["add", model.path, "--db", name])
            #expect(add.status == 0, "\(add)")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "no file \(name)")
            let show = try Self.shell(cd, ["show", "kept", "--db", name])
            #expect(show.status == 0, "\(name): \(show)")
        }
    }

    @Test("names that are one name in Unicode NFC clash across commands too")
    func lookalikeNames() throws {
        let folder = try Reliability.temporaryDirectory("nfc")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        for (index, name) in ["caf\u{E9}", "cafe\u{301}"].enumerated() {
            let file = folder.appendingPathComponent("m\(index).json")
            let json = #"{"name": "\#(name)", "input": [4], "layers": [{"type": "Dense", "units": 2}]}"#
            try Data(json.utf8).write(to: file)
            let result = try Reliability.run(["add", file.path, "--db", database])
            if index == 0 {
                #expect(result.status == 0, "\(result)")
            } else {
                #expect(result.status == 1 && result.stderr.contains("already exists"), "\(result)")
            }
        }
    }

    @Test("PRAGMA quick_check is clean on a seeded catalog and after an upgrade from schema 0001")
    func quickCheck() throws {
        let folder = try Reliability.temporaryDirectory("quick")
        defer { try? FileManager.default.removeItem(at: folder) }
        let seeded = try Reliability.copySeededDatabase(into: folder)
        let upgraded = folder.appendingPathComponent("upgraded.sqlite")
        try FileManager.default.copyItem(
            at: Reliability.fixtures("upgrade/schema-0001.sqlite"), to: upgraded)
        for path in [seeded, upgraded.path] {
            let database = try CatalogDatabase(path: path)
            #expect(try database.fetchTextForTesting("PRAGMA quick_check") == "ok", "\(path)")
            // The rebuilt tag table kept the tags (the seeds have some; so do the rows of 0001).
            #expect(try database.fetchTextForTesting("SELECT count(*) > 0 FROM architecture_tags") == "1", "\(path)")
            try database.close()
        }
    }

    @Test("a hand-edited database: wrong types are refused by triggers, or reported by table, row and column")
    func handEditedDatabase() throws {
        let folder = try Reliability.temporaryDirectory("edited")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Reliability.copySeededDatabase(into: folder)
        do {
            let database = try CatalogDatabase(path: path)
            #expect(throws: StoreError.self) {
                try database.executeForTesting("UPDATE architectures SET total_params = 'abc' WHERE name = 'vgg16'")
            }
            #expect(throws: StoreError.self) {
                try database.executeForTesting("UPDATE layers SET params = 'x' WHERE position = 1")
            }
            // As an older catalog or a sqlite3 session without the triggers would leave it:
            try database.executeForTesting("""
                DROP TRIGGER architectures_integer_columns_update;
                UPDATE architectures SET total_params = 'abc' WHERE name = 'vgg16';
                UPDATE layers SET inbound = '[[["conv1", -5, 0]]]'
                  WHERE position = 2 AND architecture_id = (SELECT id FROM architectures WHERE name = 'lenet5');
                UPDATE layers SET params = 9223372036854775807
                  WHERE position = 1 AND architecture_id = (SELECT id FROM architectures WHERE name = 'alexnet');
                UPDATE architectures SET compute_version = NULL WHERE name = 'lenet5'
                """)
            try database.close()
        }
        for command in [["list"], ["show", "vgg16"], ["rank"]] {
            let result = try Reliability.run(command + ["--db", path])
            #expect(result.status == 1, "\(command): \(result)")
            #expect(result.stderr.contains("table architectures, row id") && result.stderr.contains("column total_params"),
                    "\(command): \(result)")
        }
        // A layer of Int64.max parameters: compare's breakdown leaves it uncounted, no trap.
        let compare = try Reliability.run(["compare", "alexnet", "resnet18", "--db", path])
        #expect(compare.status == 0, "\(compare)")
        // An inbound index of -5 (and no compute_version): a warning naming the row at every
        // open, and a clean error (not a trap) where the graph is needed.
        #expect(compare.stderr.contains("could not recompute 'lenet5'") && compare.stderr.contains("conv1[-5][0]"), "\(compare)")
        let shown = try Reliability.run(["compare", "lenet5", "alexnet", "--db", path])
        #expect(shown.status == 65 && shown.stderr.contains("error: lenet5, alexnet: layer 's2': input 'conv1[-5][0]' does not exist"), "\(shown)")
    }

    @Test("messages that misled: a device or a pipe, a batch size, a query comment, a huge number")
    func messages() throws {
        let folder = try Reliability.temporaryDirectory("messages")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let zero = try Reliability.run(["add", "/dev/zero", "--db", database])
        #expect(zero.status == 65 && zero.stderr == "error: /dev/zero: is not a regular file and gives more than 67108864 bytes; the limit is 67108864\n", "\(zero)")
        let lenet = Reliability.packageRoot.appendingPathComponent("seeds/lenet5.json").path
        let piped = try Self.shell("\"$0\" add /dev/stdin --name piped \"$@\" < '\(lenet)'", ["--db", database])
        #expect(piped.status == 0 && piped.stdout.hasPrefix("added piped: 61,706 params"), "\(piped)")
        let batch = try Reliability.run(["show", "vgg16", "--batch", "100000000000", "--db", database])
        #expect(batch.status == 65 && batch.stderr.contains("at batch size 100000000000 the memory in bytes exceeds 64-bit integers")
                && !batch.stderr.contains("layer"), "\(batch)")
        let comment = try Reliability.run(["query", "-- a comment\nSELECT 1", "--db", database])
        #expect(comment.status == 64 && comment.stderr.contains("needs '--' before it"), "\(comment)")
        let huge = folder.appendingPathComponent("huge.json")
        try Data(("{\"name\": \"x\", \"input\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": "
                  + String(repeating: "9", count: 100_000) + "}]}").utf8).write(to: huge)
        let number = try Reliability.run(["add", huge.path, "--db", database])
        #expect(number.status == 65 && number.stderr.contains("99999999999999999999…(100000 digits)") && number.stderr.count < 300, "\(number.stderr.prefix(300))")
    }
}
