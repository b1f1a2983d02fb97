import ArgumentParser
import CatalogService

/// `catalog remove NAME`
struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove an architecture and its layers from the catalog.",
        discussion: """
            Example:
              catalog remove my_cnn
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The architecture's name (case-insensitive).")
    var name: String

    func run() throws {
        let catalog = try global.openCatalog()
        let removed = try orExit { () throws(ServiceError) in try catalog.remove(named: name) }
        print("removed \(removed)")
    }
}
