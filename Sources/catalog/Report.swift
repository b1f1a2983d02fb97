import ArgumentParser
import CatalogService
import Foundation

/// `catalog report`
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the catalog as one self-contained HTML page.",
        discussion: """
            The page needs no network: its style and script are inline and the chart is SVG. It \
            holds the catalog table (click a column header to sort), a bar chart of total \
            parameters on a log scale, and for each architecture its totals and its layer table \
            with a share-of-parameters bar per layer (click a name to open it). Open it in any \
            browser.

            Examples:
              catalog report && xdg-open catalog.html
              catalog report resnet18 resnet34 resnet50 --output resnets.html
              catalog report --expand --output - > catalog.html
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Only these architectures, in this order (default: all, by name).", completion: .architectureNames)
    var names: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write; '-' for stdout.", valueName: "file"))
    var output = "catalog.html"

    @Option(help: "The page's title.")
    var title = "Neural-network architecture catalog"

    @Flag(help: "Open every architecture's layer table (for printing); otherwise a click opens one.")
    var expand = false

    func run() throws {
        let catalog = try global.openCatalog()
        let details = try orExit { () throws(ServiceError) in try catalog.details(named: names) }
        let html = HTMLReport(details: details, title: title, expanded: expand).render()
        if output == "-" {
            try write(Data(html.utf8), to: nil)
        } else {
            try write(Data(html.utf8), to: output)
            print("wrote \(output): \(details.count) architecture\(details.count == 1 ? "" : "s")")
        }
    }
}
