import CatalogTestSupport
import Foundation
import Testing

@Suite("CLI: help")
struct HelpTests {
    @Test(
        "--help of every command exits 0 and shows an example",
        arguments: [[], ["add"], ["list"], ["show"], ["compare"], ["remove"], ["export"]])
    func helpHasExamples(_ command: [String]) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(command + ["--help"], withDatabase: false)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(result.stdout.contains("Example"), "\(result)")
        #expect(result.stdout.contains("catalog \(command.first ?? "")"), "\(result)")
        // Asking for help creates no database anywhere.
        #expect(!FileManager.default.fileExists(atPath: cli.path("xdg/catalog/catalog.sqlite")))
    }

    @Test("Every subcommand's help documents --db", arguments: ["add", "list", "show", "compare", "remove", "export"])
    func helpMentionsDatabase(_ command: String) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["help", command], withDatabase: false)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("--db"), "\(result)")
    }

    @Test("An unknown subcommand is a usage error")
    func unknownSubcommand() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["frobnicate"])
        #expect(result.status == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(!result.stderr.isEmpty, "\(result)")
    }
}

@Suite("CLI: test support")
struct CLISupportTests {
    @Test("The binary under test is the one built with these tests, not a stale build")
    func binaryIsNextToTheTests() throws {
        let binary = try CLI.binary().deletingLastPathComponent().standardizedFileURL.path
        let testDirectories = [Bundle.main.executableURL, CommandLine.arguments.first.map { URL(fileURLWithPath: $0) }]
            .compactMap { $0?.deletingLastPathComponent().standardizedFileURL.path }
        #expect(testDirectories.contains(binary), "\(binary) vs \(testDirectories)")
    }

    @Test("integerMembers accepts only plain integer literals")
    func integerMembersIsStrict() {
        let text = #"{"a": 12, "b": 1.0, "c": "3", "d": 1e3, "e": null, "f": -4}"#
        #expect(integerMembers("a", in: text) == [12])
        #expect(integerMembers("b", in: text).isEmpty)
        #expect(integerMembers("c", in: text).isEmpty)
        #expect(integerMembers("d", in: text).isEmpty)
        #expect(integerMembers("e", in: text).isEmpty)
        #expect(integerMembers("f", in: text) == [-4])
        #expect(memberCount("b", in: text) == 1)
    }

    @Test("parseCSV reads quoted fields with commas and doubled quotes")
    func csvReader() {
        let rows = parseCSV("name,shape\nvgg16,\"(224, 224, 3)\"\n\"a \"\"b\"\"\",x\n")
        #expect(rows == [["name", "shape"], ["vgg16", "(224, 224, 3)"], ["a \"b\"", "x"]])
    }
}
