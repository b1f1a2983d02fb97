import ArgumentParser
import Foundation
import CatalogImport
import CatalogService

/// `catalog add FILE...`
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add architecture files to the catalog, computing every layer's numbers.",
        discussion: """
            Each file is added atomically: a file that fails leaves nothing behind, and the \
            others are still added (they are committed in groups of up to 20,000 layers). Two files of one \
            command that would get the same name refuse the whole command before anything is written \
            (give them --name one at a time, or rename the models). One line per architecture with its total parameters \
            on stdout; with several files, a progress bar on stderr when it is a terminal and a \
            summary line on stderr at the end (added, replaced, failed). Ctrl-C stops the command \
            once the group being written is committed (exit status 130): every architecture added \
            has had its line, and the summary counts the files not added.

            Examples:
              catalog add my_cnn.json
              catalog add models/*.yaml --tag vision
              catalog add models/*.json --quiet
              catalog add vgg.json --name vgg16-mine --replace
              catalog add model.keras --input-shape 224,224,3
              catalog add Meta-Llama-3-8B/ --input-shape 4096   # config.json, 4,096 tokens
              find models -name '*.json' | catalog add --files-from - --quiet
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp(
        "Architecture files: native JSON or YAML, Keras to_json() (Keras 1, 2, 3), .keras archives and .h5 files, TF.js model.json, Hugging Face config.json (or its checkpoint folder), safetensors (single, or sharded through model.safetensors.index.json), GGUF, PyTorch checkpoints (.pt, .pth, pytorch_model.bin) and ONNX.",
        valueName: "file"))
    var files: [String] = []

    @Option(help: ArgumentHelp(
        "Also add the files listed in this file, one path per line ('-': standard input; repeatable), after those given as arguments: more files than a command line holds, and no cost for parsing them as arguments. Relative paths are taken from the current directory.",
        valueName: "list"))
    var filesFrom: [String] = []

    @Option(help: "Catalog name for the architecture (only with a single file); default: the file's \"name\".")
    var name: String?

    @Flag(help: "Replace an existing architecture of the same name instead of failing.")
    var replace = false

    @Option(name: .customLong("tag"), help: ArgumentHelp("Add this tag (repeatable).", valueName: "tag"))
    var tags: [String] = []

    @Option(help: "The file format: auto (detect from content), native, keras, tfjs, huggingface or onnx. Weight files (safetensors, GGUF, PyTorch) and .h5 files are always detected from their content.")
    var format: SourceFormat = .auto

    @Option(help: ArgumentHelp(
        "Input shape without the batch axis, for a model that records none (e.g. 224,224,3; 'None' for an unknown length); for an ONNX file, per input name: input_ids=128 or 'x=3,224,224;mask=224'.",
        valueName: "shape"))
    var inputShape: String?

    @Flag(help: "For a Hugging Face config.json: count the base model (transformers' AutoModel, no task head) instead of the class in 'architectures'.")
    var baseModel = false

    @Flag(help: "Refuse a file with a layer type the engine does not know, instead of adding it with lower-bound totals.")
    var strict = false

    @Option(name: .customLong("lambda-shape"), help: ArgumentHelp(
        "The output shape of a Keras Lambda layer whose file records none (repeatable; batch excluded), e.g. normalize=224,224,3. Without it the shape is assumed equal to the layer's input, with a warning.",
        valueName: "name=shape"))
    var lambdaShapes: [String] = []

    @Flag(name: .shortAndLong, help: "Print only errors and warnings: no line per architecture, no progress bar, no summary.")
    var quiet = false

    func validate() throws {
        if parsedLambdaShapes == nil {
            throw ValidationError("--lambda-shape must be NAME=DIMS, e.g. normalize=224,224,3 (positive integers or None)")
        }
        if inputShape != nil, parsedInputShape == nil, parsedNamedInputShapes == nil {
            throw ValidationError("--input-shape must be positive integers separated by commas, e.g. 224,224,3, or NAME=DIMS entries separated by ';' for an ONNX file")
        }
        if files.isEmpty, filesFrom.isEmpty {
            throw ValidationError("Missing expected argument '<file> ...' (or --files-from)")
        }
        if name != nil, files.count > 1 || !filesFrom.isEmpty {
            throw ValidationError(filesFrom.isEmpty ? "--name takes a single file, got \(files.count)" : "--name takes a single file, not --files-from")
        }
        if let name, name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--name must not be empty")
        }
        // `list --tag ""` is refused, so an empty tag could never be found.
        for tag in tags where tag.allSatisfy(\.isWhitespace) {
            throw ValidationError("--tag must not be empty")
        }
    }

    func run() throws {
        let files = try allFiles()
        // An empty list (`find … | catalog add --files-from -` finding nothing) adds nothing.
        if files.isEmpty { return }
        let catalog = try global.openCatalog()
        Interruption.catchFirst()
        // libhdf5 runs in child processes: a crash on a damaged .h5 file is an error naming it.
        ReadHDF5Command.readHDF5InChildProcesses()
        let options = AddOptions(
            format: format, inputShape: parsedInputShape, namedInputShapes: parsedNamedInputShapes ?? [:],
            lambdaShapes: parsedLambdaShapes ?? [:], strict: strict, baseModel: baseModel, name: name, tags: tags,
            replace: replace)
        var progress = ProgressBar(total: files.count, isEnabled: !quiet && files.count > 1 && Terminal.stderrIsTerminal)
        let quiet = quiet
        let summary = try orExit { () throws(ServiceError) in
            try catalog.add(files: files, options: options, isCancelled: { Interruption.isRequested }) { event in
                switch event {
                case .working(let done, let current):
                    progress.show(done: done, current: current)
                case .finished(let file, .added(let result)):
                    progress.clear()
                    for warning in result.warnings { printWarning("\(file): \(warning)") }
                    if !quiet {
                        let verb = result.replaced ? "replaced" : "added"
                        let bound = result.summary.isComplete ? "" : "≥ "
                        print("\(verb) \(result.summary.name): \(bound)\(result.summary.totalParameters.grouped) params (\(bound)\(result.summary.trainableParameters.grouped) trainable, \(bound)\(result.summary.nonTrainableParameters.grouped) non-trainable), \(result.summary.isWeightsOnly ? "MACs unknown (weights only)" : "\(bound)\(result.summary.macs.grouped) MACs")")
                        flushStdout()
                    }
                case .finished(let file, .failed(let error)):
                    progress.clear()
                    // Every message names its file (a name clash with the catalog does not by itself).
                    let message = error.description
                    printError(message.hasPrefix(file) ? message : "\(file): \(message)")
                }
            }
        }
        let (added, replaced, failed) = (summary.added, summary.replaced, summary.failures.count)
        switch summary.cancellation {
        case .whileReading:
            // Ctrl-C while reading: nothing has been written.
            writeToStderr("interrupted: nothing was added\n")
            throw ExitCode.interrupted
        case .whileWriting(let notAdded):
            // Stopped between groups: the groups before are committed and reported.
            progress.finish()
            writeToStderr("interrupted: \(added) added, \(replaced) replaced, \(failed) failed, \(notAdded) not added\n")
            throw ExitCode.interrupted
        case nil:
            progress.finish()
        }
        if files.count > 1, !quiet {
            writeToStderr("\(added) added, \(replaced) replaced, \(failed) failed\n")
        }
        if let first = summary.failures.first {
            throw first.exitCode
        }
    }

    /// The files given as arguments, then those listed by each `--files-from` in turn: one path
    /// per line (ended by LF or CR LF, as a list written on Windows), empty lines skipped. A file
    /// named twice (under any path: a link, `.` or `..`) is added once, with a warning; a list
    /// naming no file is a warning too.
    /// - Throws: ``ExitCode/noInput`` when a list cannot be read, ``ExitCode/dataError`` when it is
    ///   not UTF-8 text.
    func allFiles() throws -> [String] {
        var all = files
        for filesFrom in filesFrom {
            let list = filesFrom == "-" ? "standard input" : filesFrom
            let data: Data?
            if filesFrom == "-" {
                do {
                    data = try StandardStreams.readStandardInput()
                } catch {
                    printError("standard input: the list of files cannot be read: \(error.reason)")
                    throw ExitCode.noInput
                }
            } else {
                data = FileManager.default.contents(atPath: filesFrom)
            }
            guard let data else {
                let problem = FileManager.default.fileExists(atPath: filesFrom) ? "cannot be read" : "no such file"
                printError("\(list): the list of files: \(problem)")
                throw ExitCode.noInput
            }
            guard let text = String(data: data, encoding: .utf8) else {
                printError("\(list): the list of files is not UTF-8 text")
                throw ExitCode.dataError
            }
            // "\r\n" is one Character in Swift, not "\r" followed by "\n".
            let listed = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
            if listed.isEmpty { printWarning("\(list) lists no files") }
            all += listed
        }
        // The same file: the same device and inode (one stat each; a file that cannot be
        // stat'ed is compared by its path, and its read reports the problem).
        // A single file is not named twice.
        if all.count < 2 { return all }
        var seen: [FileIdentity: String] = [:]
        return all.filter { file in
            var info = stat()
            let identity = stat(file, &info) == 0
                ? FileIdentity.inode(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) : .path(file)
            if let first = seen[identity] {
                printWarning("\(file): the same file as \(first), added once")
                return false
            }
            seen[identity] = file
            return true
        }
    }

    private enum FileIdentity: Hashable {
        case inode(device: UInt64, inode: UInt64)
        case path(String)
    }

    /// `--lambda-shape name=32,32,3` options by layer name; nil when one is malformed.
    var parsedLambdaShapes: [String: [Int?]]? {
        var shapes: [String: [Int?]] = [:]
        for option in lambdaShapes {
            guard let equals = option.lastIndex(of: "="), equals != option.startIndex,
                  let dims = Self.dimensions(String(option[option.index(after: equals)...])) else { return nil }
            shapes[String(option[..<equals])] = dims
        }
        return shapes
    }

    /// `--input-shape x=3,224,224;mask=224` (an ONNX file's inputs by name) as dimensions.
    var parsedNamedInputShapes: [String: [Int?]]? {
        guard let inputShape, inputShape.contains("=") else { return nil }
        var shapes: [String: [Int?]] = [:]
        for entry in inputShape.split(separator: ";") {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let dims = Self.dimensions(String(parts[1])) else { return nil }
            shapes[parts[0].trimmingCharacters(in: .whitespaces)] = dims
        }
        return shapes.isEmpty ? nil : shapes
    }

    /// `--input-shape 224,224,3` as dimensions; `None`/`null` for an unknown one.
    var parsedInputShape: [Int?]? {
        guard let inputShape, !inputShape.contains("=") else { return nil }
        return Self.dimensions(inputShape)
    }

    /// `224,224,3` as dimensions; `None`/`null` for an unknown one; nil when malformed.
    static func dimensions(_ text: String) -> [Int?]? {
        var dims: [Int?] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let text = part.trimmingCharacters(in: .whitespaces)
            if ["none", "null"].contains(text.lowercased()) { dims.append(nil); continue }
            guard let value = Int(text), value > 0 else { return nil }
            dims.append(value)
        }
        return dims.isEmpty ? nil : dims
    }
}

extension SourceFormat: ExpressibleByArgument {}
