import CatalogTestSupport
import Foundation
import Testing

/// Every `catalog …` command README.md and the `--help` pages show, run as written.
enum DocumentedExamples {
    /// The commands of README.md: each line of a ```sh or ```console block that starts with
    /// `catalog ` (after `$ ` in a console block), and each inline code span that is a whole
    /// command (`catalog …` without a placeholder such as NAME or FILE). A comment after `#` is
    /// dropped. In document order.
    static func readme() throws -> [String] {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var commands: [String] = []
        var inBlock = false
        var isShell = false
        var paragraph = ""
        func inlineCommands() {
            // An inline code span may run over a line break: spans are read per paragraph.
            let spans = paragraph.components(separatedBy: "`")
            paragraph = ""
            for index in stride(from: 1, to: spans.count, by: 2) where spans[index].hasPrefix("catalog ") {
                let command = spans[index]
                let words = command.split(separator: " ").map(String.init)
                // Placeholders (NAME, FILE, TYPE …) and option lists (`--by params|macs`) are syntax, not examples.
                if words.contains(where: { $0.count > 1 && $0 == $0.uppercased() && $0.allSatisfy(\.isLetter) })
                    || command.contains("|") && !command.contains(" | ") || command.contains("…") || command.contains("[")
                    || words.count < 3 {  // `catalog add` in a sentence names the command
                    continue
                }
                commands.append(command)
            }
        }
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if inBlock { inBlock = false } else {
                    inlineCommands()
                    inBlock = true
                    isShell = line == "```sh" || line == "```console"
                }
                continue
            }
            if inBlock {
                guard isShell else { continue }
                var command = line.hasPrefix("$ ") ? String(line.dropFirst(2)) : line
                guard command.hasPrefix("catalog ") || command.hasPrefix("find ") && command.contains("| catalog ") else { continue }
                if let comment = command.range(of: "  #") ?? command.range(of: " # ") { command = String(command[..<comment.lowerBound]) }
                commands.append(command.trimmingCharacters(in: .whitespaces))
                continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { inlineCommands() } else { paragraph += " " + line }
        }
        inlineCommands()
        return commands
    }

    /// The example lines of a help page: the indented lines under "Examples:" (and the
    /// completion lines), a `\`-continued line joined to the next.
    static func help(_ text: String) -> [String] {
        var commands: [String] = []
        var pending: String?
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let start = pending {
                pending = nil
                commands.append(start + " " + line)
                continue
            }
            guard line.hasPrefix("catalog ") else { continue }
            var command = line
            if let comment = command.range(of: "  #") { command = String(command[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces) }
            if command.hasSuffix("\\") {
                pending = String(command.dropLast()).trimmingCharacters(in: .whitespaces)
            } else {
                commands.append(command)
            }
        }
        return commands
    }

    /// The example lines as the source writes them (each subcommand's `discussion`), to check
    /// that the help output prints each on one line.
    static let subcommands = [
        "add", "list", "rank", "show", "compare", "remove", "export", "report", "query", "explain", "memory", "fit",
    ]
}

@Suite("Every documented example runs")
struct DocumentedExamplesTests {
    /// A fresh directory holding the files the examples name (native JSON/YAML, a .keras
    /// archive), a `catalog` on PATH, a fresh database as $CATALOG_DB and a private HOME.
    struct Sandbox {
        let cli: CLI
        let environment: [String: String]

        init() throws {
            cli = try CLI()
            func native(_ name: String) -> String {
                """
                {"name": "\(name)", "framework": "keras", "input": [28, 28, 1], "layers": [
                  {"type": "Conv2D", "name": "conv", "filters": 8, "kernel_size": 3},
                  {"type": "Flatten", "name": "flatten"},
                  {"type": "Dense", "name": "fc", "units": 10}]}
                """
            }
            try cli.write("my_cnn.json", native("my_cnn"))
            try cli.write("my_model.json", native("my_model"))
            try cli.write("vgg.json", native("vgg"))
            try FileManager.default.createDirectory(atPath: cli.path("models"), withIntermediateDirectories: true)
            try cli.write("models/a.json", native("model_a"))
            try cli.write("models/b.yaml", """
                name: model_b
                framework: keras
                input: [8]
                layers:
                  - {type: Dense, name: fc, units: 4}
                """)
            let fixtures = CLI.packageRoot.appendingPathComponent("Tests/CatalogImportTests/Fixtures")
            // The files the examples name, from the test fixtures: a .keras archive, a header-only
            // Llama-3-8B checkpoint folder (config.json + four safetensors shards), a GGUF
            // header, an ONNX export with a dynamic `input_ids`, and Hugging Face configs.
            for (fixture, name) in [
                ("keras/conv_none_hw.keras", "model.keras"),
                ("weights/llama3-8b-header-only", "Meta-Llama-3-8B"),
                ("weights/llama-header-only.gguf", "model-q4_k_m.gguf"),
                ("onnx/bert_tiny_dyn.onnx", "model.onnx"),
            ] {
                try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent(fixture).path, toPath: cli.path(name))
            }
            for (config, folder) in [("gpt2", "path/to"), ("Mixtral-8x7B-v0.1", "Mixtral-8x7B-v0.1")] {
                try FileManager.default.createDirectory(atPath: cli.path(folder), withIntermediateDirectories: true)
                try FileManager.default.copyItem(
                    atPath: fixtures.appendingPathComponent("hf/\(config).config.json").path,
                    toPath: cli.path(folder + "/config.json"))
            }
            for folder in [".local/share/bash-completion/completions", ".zfunc", ".config/fish/completions"] {
                try FileManager.default.createDirectory(atPath: cli.path("home/" + folder), withIntermediateDirectories: true)
            }
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = try CLI.binary().deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["CATALOG_DB"] = cli.database
            environment["HOME"] = cli.path("home")
            environment["NO_COLOR"] = "1"
            self.environment = environment
        }

        /// Runs `command` with bash in the sandbox; the exit status is the first program's of
        /// its last pipeline (`catalog …` in `catalog … | dot …`). Programs the examples pipe
        /// into (dot, jq, xdg-open) are stand-ins when not installed.
        func run(_ command: String) throws -> (status: Int32, output: String) {
            let prelude = """
                for tool in dot jq; do command -v $tool >/dev/null || eval "$tool() { cat >/dev/null; }"; done
                xdg-open() { test -f "$1"; }  # never a browser in a test: the file must exist
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", prelude + "\n" + command + "\nexit ${PIPESTATUS[0]}"]
            process.currentDirectoryURL = cli.directory
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    @Test("Every catalog command in README.md runs, in order, on a fresh database")
    func readmeExamples() throws {
        let commands = try DocumentedExamples.readme()
        // The README's own list: at least the quick tour, the questions, install and completion.
        #expect(commands.count > 25, "\(commands)")
        #expect(commands.contains("catalog compare resnet50 keras_resnet50"))
        let sandbox = try Sandbox()
        defer { sandbox.cli.cleanUp() }
        for command in commands {
            let result = try sandbox.run(command)
            #expect(result.status == 0, "\(command)\n\(result.output)")
        }
    }

    @Test("Every example of every --help runs on a fresh database", arguments: [""] + DocumentedExamples.subcommands)
    func helpExamples(_ subcommand: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.cli.cleanUp() }
        let help = try sandbox.run(subcommand.isEmpty ? "catalog --help" : "catalog help \(subcommand)")
        #expect(help.status == 0)
        let commands = DocumentedExamples.help(help.output)
        #expect(!commands.isEmpty, "\(subcommand): no examples")
        // The examples of the other commands name the transformers a user adds first.
        if subcommand != "add" {
            let added = try sandbox.run("catalog add --quiet Meta-Llama-3-8B/ Mixtral-8x7B-v0.1/")
            #expect(added.status == 0, "\(added.output)")
        }
        for command in commands {
            let result = try sandbox.run(command)
            #expect(result.status == 0, "\(command)\n\(result.output)")
        }
    }

    @Test("Help examples never wrap: each ends on its own line at 80 columns", arguments: [""] + DocumentedExamples.subcommands)
    func examplesDoNotWrap(_ subcommand: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.cli.cleanUp() }
        let help = try sandbox.run("COLUMNS=80 catalog \(subcommand.isEmpty ? "" : "help \(subcommand)") --help 2>&1 || catalog \(subcommand) --help")
        let lines = help.output.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where line.trimmingCharacters(in: .whitespaces).hasPrefix("catalog ") {
            #expect(line.count <= 80, "\(line)")
            // A wrapped example continues on a line indented like it that is neither a command,
            // a `\` continuation's target nor a heading.
            guard index + 1 < lines.count, !line.hasSuffix("\\") else { continue }
            let next = lines[index + 1]
            let indent = line.prefix { $0 == " " }.count
            let nextIndent = next.prefix { $0 == " " }.count
            let continues = !next.trimmingCharacters(in: .whitespaces).isEmpty && nextIndent >= indent
                && !next.trimmingCharacters(in: .whitespaces).hasPrefix("catalog ")
                && !next.trimmingCharacters(in: .whitespaces).hasPrefix("find ")
            #expect(!continues, "wrapped after: \(line)\nnext: \(next)")
        }
    }

    @Test("The completion paths in --help and README agree")
    func completionPaths() throws {
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let sandbox = try Sandbox()
        defer { sandbox.cli.cleanUp() }
        let help = DocumentedExamples.help(try sandbox.run("catalog --help").output)
        let completions = help.filter { $0.contains("--generate-completion-script") }
        #expect(completions.count == 3)
        for command in completions { #expect(readme.contains(command), "\(command)") }
    }
}
