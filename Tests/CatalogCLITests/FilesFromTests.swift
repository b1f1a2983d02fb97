import CatalogTestSupport
import Foundation
import Testing

/// `catalog add --files-from LIST`: the files listed one per line, after the arguments.
@Suite("CLI: add --files-from")
struct FilesFromTests {
    /// `tinyJSON` (8 filters): conv (3·3·1 + 1)·8 = 80; flatten 13·13·8 = 1,352; dense
    /// (1,352 + 1)·10 = 13,530; total 13,610; MACs 26·26·8·9 + 1,352·10 = 48,672 + 13,520 =
    /// 62,192. `tiny16JSON`: 27,210 (see its comment); MACs 26·26·16·9 + 2,704·10 = 97,344 +
    /// 27,040 = 124,384.
    static func named(_ name: String, _ json: String) -> String {
        json.replacingOccurrences(of: "\"name\": \"tiny\"", with: "\"name\": \"\(name)\"")
    }

    @Test func listedFilesAfterTheArguments() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let first = try cli.write("first.json", Self.named("first", tinyJSON))
        try cli.write("a b.json", Self.named("spaced", tiny16JSON))
        try cli.write("third.json", Self.named("third", tinyJSON))
        // A relative path, a name with a space, an empty line and a CR LF line end.
        let list = try cli.write("list.txt", "a b.json\r\n\n\(cli.path("third.json"))\n")

        let result = try cli.run(["add", first, "--files-from", list])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines == [
            "added first: 13,610 params (13,610 trainable, 0 non-trainable), 62,192 MACs",
            "added spaced: 27,210 params (27,210 trainable, 0 non-trainable), 124,384 MACs",
            "added third: 13,610 params (13,610 trainable, 0 non-trainable), 62,192 MACs",
            "",
        ])
        #expect(result.stderr == "3 added, 0 replaced, 0 failed\n")
    }

    @Test func listOnStandardInput() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("one.json", Self.named("one", tinyJSON))
        let result = try cli.run(["add", "--files-from", "-", "--quiet"], standardInput: "one.json\n")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result)")
        let show = try cli.run(["show", "one", "--format", "json"])
        #expect(show.status == 0 && show.stdout.contains("\"total_params\" : 13610"), "\(show)")
    }

    /// Two lists, read in turn; a file named twice (another spelling of its path) is added
    /// once; a file whose architecture is already in the catalog is named in its error.
    @Test func severalListsAndTheSameFileTwice() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try FileManager.default.createDirectory(atPath: cli.path("m"), withIntermediateDirectories: true)
        try cli.write("m/a.json", Self.named("a", tinyJSON))
        try cli.write("m/b.json", Self.named("b", tinyJSON))
        let first = try cli.write("first.txt", "m/a.json\n")
        let second = try cli.write("second.txt", "./m/b.json\nm/../m/a.json\n")

        let result = try cli.run(["add", "--files-from", first, "--files-from", second])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines == [
            "added a: 13,610 params (13,610 trainable, 0 non-trainable), 62,192 MACs",
            "added b: 13,610 params (13,610 trainable, 0 non-trainable), 62,192 MACs",
            "",
        ])
        #expect(result.stderr == "warning: m/../m/a.json: the same file as m/a.json, added once\n2 added, 0 replaced, 0 failed\n")

        let again = try cli.run(["add", "m/a.json"])
        #expect(again.status == 1, "\(again)")
        #expect(again.stderr == "error: m/a.json: architecture 'a' already exists; use --name to add it under another name, or --replace to overwrite it\n")
    }

    @Test func unreadableOrEmptyListsAndConflicts() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let missing = try cli.run(["add", "--files-from", cli.path("nowhere.txt")])
        #expect(missing.status == 66)
        #expect(missing.stderr == "error: \(cli.path("nowhere.txt")): the list of files: no such file\n")

        // `find … | catalog add --files-from -` finding nothing: a warning, nothing to do.
        let empty = try cli.run(["add", "--files-from", try cli.write("empty.txt", "\n\n")])
        #expect(empty.status == 0)
        #expect(empty.stdout.isEmpty)
        #expect(empty.stderr == "warning: \(cli.path("empty.txt")) lists no files\n")

        let named = try cli.run(["add", "--files-from", "-", "--name", "x"], standardInput: "one.json\n")
        #expect(named.status == 64)
        #expect(named.stderr.contains("--name takes a single file, not --files-from"))

        let nothing = try cli.run(["add"])
        #expect(nothing.status == 64)
        // Nothing was created or added by any of these.
        #expect(!FileManager.default.fileExists(atPath: cli.database))
    }
}
