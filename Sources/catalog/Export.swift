import ArgumentParser
import CatalogImport
import CatalogService
import Foundation

/// `catalog export NAME`
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an architecture as native JSON (which `catalog add` reads back) or as a Graphviz graph.",
        discussion: """
            --format dot writes a Graphviz graph: one box per layer with its name, type, output \
            shape and parameters, coloured by layer category, and an edge per inbound tensor. \
            Render it with Graphviz (https://graphviz.org), e.g. `dot -Tsvg`.

            Examples:
              catalog export vgg16 > vgg16.json
              catalog export resnet50 --output resnet50.json
              catalog export resnet18 --format dot | dot -Tsvg > resnet18.svg
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// The native JSON format (docs/FORMAT.md).
        case native
        /// The same as `native`.
        case json
        /// A Graphviz graph.
        case dot
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The architecture's name (case-insensitive).", completion: .architectureNames)
    var name: String

    @Option(help: "native (JSON, the default; also 'json') or dot (Graphviz).")
    var format: Format = .native

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let catalog = try global.openCatalog()
        let data: Data
        switch format {
        case .native, .json:
            let architecture = try orExit { () throws(ServiceError) in try catalog.architecture(named: name) }
            data = NativeWriter.json(for: architecture)
        case .dot:
            let detail = try orExit { () throws(ServiceError) in try catalog.detail(named: name) }
            data = Data(DotGraph.render(detail).utf8)
        }
        try write(data, to: output)
    }
}

/// Writes `data` through the path `path` (see ``OutputFile``), or to stdout when `path` is nil.
func write(_ data: Data, to path: String?) throws {
    guard let path else {
        StandardStreams.write(data)
        return
    }
    do {
        try OutputFile.write(data, to: path)
    } catch {
        printError(error.description)
        throw ExitCode.failure
    }
}
