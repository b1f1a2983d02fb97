import ArgumentParser
import CatalogService

/// `catalog remove NAME...`
struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove architectures and their layers from the catalog.",
        discussion: """
            Names are compared case-insensitively. An unknown name is reported (exit 66, with \
            close names suggested) and the others are still removed.

            Examples:
              catalog remove vgg11 vgg19
              catalog add my_cnn.json && catalog remove my_cnn
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The architectures' names (case-insensitive).", completion: .architectureNames)
    var names: [String]

    func run() throws {
        let catalog = try global.openCatalog()
        var failure: ServiceError?
        for name in names {
            do throws(ServiceError) {
                print("removed \(try catalog.remove(named: name))")
            } catch {
                printError(error.description)
                failure = failure ?? error
            }
        }
        if let failure { throw failure.exitCode }
    }
}
