import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog compare A B [C …]`
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare architectures side by side, each relative to the first.",
        discussion: """
            One column per architecture: input and output shape, convention, layers, depth, \
            total / trainable / non-trainable parameters, MACs, parameter and activation memory \
            (float32); then each architecture relative to the first (×, %); the parameters by \
            layer category (convolution, dense, recurrent, attention, normalisation, embedding, \
            other) in counts and shares; the five largest layers of each; and a note where \
            architectures follow different counting conventions.

            Examples:
              catalog compare vgg16 resnet50
              catalog compare resnet18 resnet34 resnet50 --format markdown
              catalog compare vgg16 vgg19 --format json | jq '.architectures[].total_params'
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Two or more architectures; the first is the reference.", completion: .architectureNames)
    var names: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if names.count < 2 {
            throw ValidationError("compare needs at least two architectures, got \(names.count)")
        }
    }

    func run() throws {
        let catalog = try global.openCatalog()
        let (details, architectures) = try orExit { () throws(ServiceError) in
            var details: [ArchitectureDetail] = []
            var architectures: [Architecture] = []
            for name in names {
                details.append(try catalog.detail(named: name))
                architectures.append(try catalog.architecture(named: name))
            }
            return (details, architectures)
        }
        let comparison = ComparisonView(details: details, notes: ConventionNotes.notes(for: architectures))
        output.emit(comparison.render(output.format, headers: !output.noHeaders, style: output.style))
    }
}
