import ArgumentParser
import CatalogImport
import CatalogService
import Foundation

/// `catalog export NAME`
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an architecture in the native JSON format (which `catalog add` reads back).",
        discussion: """
            Examples:
              catalog export vgg16 > vgg16.json
              catalog export resnet50 --output resnet50.json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The architecture's name (case-insensitive).")
    var name: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let catalog = try global.openCatalog()
        let architecture = try orExit { () throws(ServiceError) in try catalog.architecture(named: name) }
        let data = NativeWriter.json(for: architecture)
        if let output {
            do {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                printError("\(output): cannot write: \(error.localizedDescription)")
                throw ExitCode(1)
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}
