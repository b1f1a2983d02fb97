import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog explain NAME [LAYER]`
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Work out each layer's parameters, output size and MACs as formulas with its numbers put in.",
        discussion: """
            For every layer (or the one named) the parameter formula, the output size and the \
            multiply-accumulates, written as a student would, e.g.
              block1_conv1 Conv2D: (3·3·3 + 1)·64 = 1,792 params; output 224 = (224 + 2·1 − 3)/1 + 1 → (224, 224, 64)
            A layer without parameters says so; MACs that are not counted (pooling, \
            normalisation, element-wise layers, fvcore convention) say why. --framework recounts \
            under the other convention (pytorch: batch-norm statistics are buffers).

            Examples:
              catalog explain vgg16 block1_conv1
              catalog explain resnet50 --framework keras
              catalog explain lenet5 --format json | jq '.[].params'
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The architecture's name (case-insensitive).", completion: .architectureNames)
    var name: String

    @Argument(help: "One layer's name; all layers when omitted.")
    var layer: String?

    @Option(help: ArgumentHelp("Count under this convention: keras or pytorch (default: the architecture's own).", valueName: "framework"))
    var framework: Framework?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let catalog = try global.openCatalog()
        let explanations = try orExit { () throws(ServiceError) in
            try catalog.explanation(named: name, layer: layer, framework: framework)
        }
        switch format {
        case .text:
            print(explanations.map(\.text).joined(separator: "\n"))
        case .json:
            print(jsonText(encoding: explanations.map(ExplanationOutput.init)))
        }
    }
}
