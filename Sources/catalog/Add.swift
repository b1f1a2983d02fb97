import ArgumentParser
import CatalogImport
import CatalogService

/// `catalog add FILE...`
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add architecture files to the catalog, computing every layer's numbers.",
        discussion: """
            Each file is added in its own transaction: a file that fails leaves nothing behind, \
            and the others are still added. One line per architecture with its total parameters.

            Examples:
              catalog add my_cnn.json
              catalog add models/*.yaml --tag vision
              catalog add vgg.json --name vgg16-mine --replace
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Architecture files (native JSON or YAML).", valueName: "file"))
    var files: [String]

    @Option(help: "Catalog name for the architecture (only with a single file); default: the file's \"name\".")
    var name: String?

    @Flag(help: "Replace an existing architecture of the same name instead of failing.")
    var replace = false

    @Option(name: .customLong("tag"), help: ArgumentHelp("Add this tag (repeatable).", valueName: "tag"))
    var tags: [String] = []

    func validate() throws {
        if name != nil, files.count > 1 {
            throw ValidationError("--name takes a single file, got \(files.count)")
        }
        if let name, name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--name must not be empty")
        }
    }

    func run() throws {
        let catalog = try global.openCatalog()
        var failures: [ServiceError] = []
        for file in files {
            do throws(ServiceError) {
                let imported: ImportedArchitecture
                do throws(ImportError) {
                    imported = try ArchitectureImporter.read(contentsOf: file)
                } catch {
                    throw ServiceError.importFailed(error)
                }
                let result = try catalog.add(imported, file: file, name: name, tags: tags, replace: replace)
                for warning in result.warnings { printWarning("\(file): \(warning)") }
                let verb = result.replaced ? "replaced" : "added"
                print("\(verb) \(result.summary.name): \(result.summary.totalParameters.grouped) params (\(result.summary.trainableParameters.grouped) trainable, \(result.summary.nonTrainableParameters.grouped) non-trainable), \(result.summary.macs.grouped) MACs")
            } catch {
                printError(error.description)
                failures.append(error)
            }
        }
        if let first = failures.first {
            throw ExitCode(first.exitCode)
        }
    }
}
