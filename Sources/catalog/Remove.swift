import ArgumentParser
import CatalogService

/// `catalog remove NAME`
struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove an architecture and its layers from the catalog.",
        discussion: """
            The name is compared case-insensitively; an unknown name exits 66 and suggests close ones.

            Example:
              catalog remove my_cnn
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The architecture's name (case-insensitive).", completion: .architectureNames)
    var name: String

    func run() throws {
        let catalog = try global.openCatalog()
        let removed = try orExit { () throws(ServiceError) in try catalog.remove(named: name) }
        print("removed \(removed)")
    }
}
