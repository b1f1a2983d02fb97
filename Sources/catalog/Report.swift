import ArgumentParser
import CatalogService
import Foundation

/// `catalog report`
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the catalog as one self-contained HTML page.",
        discussion: """
            The page needs no network: its style, script and data are inline and the charts are \
            SVG. It holds the catalog table (click a column header to sort; a search box and a \
            filter per column), charts of total parameters and MACs (log scale) and of \
            parameters against MACs (log-log, each point named on hover), and for each \
            architecture, opened by a click on its name, its totals and its layer table with a \
            share-of-parameters bar and the inbound layers (Connected to). It takes the filters \
            of `catalog list`. The numbers are embedded once and the tables drawn by the page, so \
            it stays under 5 MB and opens quickly at 10,000 architectures; where layer tables \
            would pass 5 MB, the page says which were left out.

            Examples:
              catalog report && xdg-open catalog.html
              catalog report resnet18 resnet34 resnet50 --output resnets.html
              catalog report --tag cnn --max-params 25M --flops --output small-cnns.html
              catalog report --expand --output - > catalog.html
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Only these architectures, in this order (default: all, by name).", completion: .architectureNames)
    var names: [String] = []

    @OptionGroup(title: "Filters") var filters: FilterOptions

    @OptionGroup var flops: FlopsOption

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write; '-' for stdout.", valueName: "file"))
    var output = "catalog.html"

    @Option(help: "The page's title.")
    var title = "Neural-network architecture catalog"

    @Flag(help: "Open every architecture's layer table (for printing); otherwise a click opens one.")
    var expand = false

    /// Layers loaded for the page at most: beyond them (at 30 bytes or more a layer) the page
    /// would pass its 5 MB whatever the architectures, so later ones come without layers.
    static let layerLimit = 160_000

    func run() throws {
        let catalog = try global.openCatalog()
        let entries = try orExit { () throws(ServiceError) in
            var summaries = try catalog.list(filters.query(sort: .name, descending: false, limit: nil))
            if !names.isEmpty {
                // Each name must exist (the same error and suggestions as show), in the given order,
                // and pass the filters.
                var byName: [String: ArchitectureSummary] = [:]
                for summary in summaries { byName[summary.name.lowercased()] = summary }
                var chosen: [ArchitectureSummary] = []
                for name in names {
                    let detail = try catalog.detail(named: name)
                    if let summary = byName[detail.summary.name.lowercased()] { chosen.append(summary) }
                }
                summaries = chosen
            }
            var entries: [HTMLReport.Entry] = []
            var layers = 0
            for summary in summaries {
                if layers + summary.layerCount > Self.layerLimit {
                    entries.append(HTMLReport.Entry(summary: summary, layers: nil))
                } else {
                    layers += summary.layerCount
                    entries.append(HTMLReport.Entry(summary: summary, layers: try catalog.detail(named: summary.name).layers))
                }
            }
            return entries
        }
        let html = HTMLReport(entries: entries, title: title, expanded: expand, showsFLOPs: flops.flops).render()
        if output == "-" {
            try write(Data(html.utf8), to: nil)
        } else {
            try write(Data(html.utf8), to: output)
            print("wrote \(output): \(entries.count) architecture\(entries.count == 1 ? "" : "s")")
        }
    }
}
