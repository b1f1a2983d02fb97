import CatalogTestSupport
import Foundation
import Testing

/// Runs `catalog ARGUMENTS --db DATABASE` under `script`, which gives it a pseudo-terminal for
/// stdin, stdout and stderr; returns everything it wrote (stdout and stderr together).
func runOnTerminal(_ cli: CLI, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
    let binary = try CLI.binary().path
    let quoted = ([binary] + arguments + ["--db", cli.database]).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let assignments = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
    let command = "env -u NO_COLOR TERM=xterm \(assignments) " + quoted.joined(separator: " ")
    let (_, output) = try runProgram("script", ["-qec", command, "/dev/null"])
    return String(decoding: output, as: UTF8.self)
}

@Suite("CLI: terminal output, help, version and completion")
struct TerminalAndHelpTests {
    @Test(
        "Colour only when stdout is a terminal and NO_COLOR is unset; the text is otherwise the same",
        .enabled(if: isInstalled("script"), "script (util-linux) is not installed"))
    func colour() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let coloured = try runOnTerminal(cli, ["rank"])
        #expect(coloured.contains("\u{1B}[1mRank\u{1B}[0m"), "bold headers: \(coloured)")
        #expect(coloured.contains("\u{1B}[36m████"), "coloured bars: \(coloured)")
        let plainOnTerminal = try runOnTerminal(cli, ["rank"], environment: ["NO_COLOR": "1"])
        #expect(!plainOnTerminal.contains("\u{1B}["), "\(plainOnTerminal)")
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plainOnTerminal)
        // Not a terminal: no colour even with NO_COLOR empty (which counts as unset).
        let redirected = try cli.run(["rank"], environment: ["NO_COLOR": ""])
        #expect(!redirected.stdout.contains("\u{1B}"), "\(redirected)")
        #expect(redirected.stdout.replacingOccurrences(of: "\n", with: "\r\n") == plainOnTerminal)
        // Scripts' formats are never coloured.
        let json = try runOnTerminal(cli, ["list", "--format", "json"])
        #expect(!json.contains("\u{1B}["))
    }

    @Test(
        "add with several files: a progress bar on a terminal's stderr, a summary; --quiet silences both",
        .enabled(if: isInstalled("script"), "script (util-linux) is not installed"))
    func addProgress() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var paths: [String] = []
        for (file, text) in SmallCatalog.files { paths.append(try cli.write(file, text)) }
        let bad = try cli.write("bad.json", #"{"name": "bad", "input": [4], "layers": [{"type": "Dense"}]}"#)
        let onTerminal = try runOnTerminal(cli, ["add"] + paths + [bad])
        #expect(onTerminal.contains("\r\u{1B}[2K["), "a bar redrawn in place: \(onTerminal)")
        #expect(onTerminal.contains("] 2/5 "), "\(onTerminal)")
        #expect(onTerminal.contains("added small_bn: 134 params"), "\(onTerminal)")
        #expect(onTerminal.contains("4 added, 0 replaced, 1 failed"), "\(onTerminal)")

        // Redirected: no bar; stdout has one line per architecture; the summary is on stderr.
        let redirected = try cli.run(["add", "--replace"] + paths)
        #expect(redirected.status == 0, "\(redirected)")
        #expect(!redirected.stderr.contains("\u{1B}"), "\(redirected)")
        #expect(redirected.stdout.split(separator: "\n").count == 4, "\(redirected)")
        #expect(redirected.stderr.hasSuffix("0 added, 4 replaced, 0 failed\n"), "\(redirected)")

        let quiet = try runOnTerminal(cli, ["add", "--replace", "--quiet"] + paths)
        #expect(!quiet.contains("replaced"), "\(quiet)")
        #expect(!quiet.contains("\u{1B}[2K"), "\(quiet)")
        let quietFailure = try cli.run(["add", "--quiet", bad])
        #expect(quietFailure.status == 65, "\(quietFailure)")
        #expect(quietFailure.stdout.isEmpty)
        #expect(quietFailure.stderr.contains("bad.json"), "errors are never silenced")
    }

    @Test("Every command and option has help text; every command's help has an example")
    func helpEverywhere() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let dump = try cli.run(["--experimental-dump-help"], withDatabase: false)
        #expect(dump.status == 0, "\(dump)")
        let root = try #require(
            (try JSONSerialization.jsonObject(with: dump.stdoutData) as? [String: Any])?["command"] as? [String: Any])
        var commands: [String] = []
        func walk(_ command: [String: Any], path: String) {
            let name = command["commandName"] as? String ?? "?"
            guard name != "help" else { return }
            let full = path.isEmpty ? name : path + " " + name
            commands.append(full)
            #expect(!((command["abstract"] as? String) ?? "").isEmpty, "\(full) has no abstract")
            #expect(((command["discussion"] as? String) ?? "").contains("Example"), "\(full) has no example")
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                let argumentName = (argument["preferredName"] as? [String: Any])?["name"] ?? argument["valueName"] ?? "?"
                #expect(!((argument["abstract"] as? String) ?? "").isEmpty, "\(full) \(argumentName) has no help")
            }
            for subcommand in command["subcommands"] as? [[String: Any]] ?? [] { walk(subcommand, path: full) }
        }
        walk(root, path: "")
        for name in ["add", "list", "rank", "show", "compare", "remove", "export", "report", "query"] {
            #expect(commands.contains("catalog \(name)"), "\(name)")
        }
    }

    @Test("--version prints the version")
    func version() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["--version"], withDatabase: false)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(result)")
    }

    @Test(
        "Completion scripts complete architecture names from the database",
        arguments: ["bash", "zsh", "fish"])
    func completionScripts(_ shell: String) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let script = try cli.run(["--generate-completion-script", shell], withDatabase: false)
        #expect(script.status == 0, "\(script)")
        for command in ["show", "compare", "remove", "export", "report"] {
            #expect(script.stdout.contains("---completion \(command) -- positional@0"), "\(shell): \(command)")
        }
    }

    @Test("The name completion reads the --db given on the command line, read-only, and never creates it")
    func nameCompletion() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        // What bash runs for `catalog show sma<TAB> --db DB`: the word index, the cursor in it, the words.
        let result = try cli.run(
            ["---completion", "show", "--", "positional@0", "2", "3", "catalog", "show", "sma", "--db", cli.database],
            withDatabase: false)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.split(separator: "\n") == ["small_bn", "small_bn_pt"], "\(result)")
        let compare = try cli.run(
            ["---completion", "compare", "--", "positional@0", "3", "0", "catalog", "compare", "tiny", "", "--db=\(cli.database)"],
            withDatabase: false)
        #expect(compare.stdout.split(separator: "\n") == SmallCatalog.names.map { Substring($0) }, "\(compare)")
        let missing = cli.path("missing.sqlite")
        let none = try cli.run(
            ["---completion", "show", "--", "positional@0", "2", "0", "catalog", "show", "", "--db", missing],
            withDatabase: false)
        #expect(none.stdout.isEmpty, "\(none)")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
