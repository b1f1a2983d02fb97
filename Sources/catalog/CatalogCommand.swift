import ArgumentParser

/// The root command: configuration only; each subcommand is its own file.
@main
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "A catalog of neural-network architectures with exact output shapes, parameters and MACs.",
        discussion: """
            Add an architecture file (native JSON/YAML) and catalog computes every layer's output \
            shape, trainable and non-trainable parameters and multiply-accumulates, keeps them in \
            SQLite, and answers questions across the catalog. A new database starts with the \
            bundled seed architectures (LeNet-5, AlexNet, VGG, ResNet, MobileNet …).

            Examples:
              catalog list --max-params 1e7 --sort macs
              catalog show vgg16
              catalog compare vgg16 resnet50
              catalog add my_model.json
            """,
        version: "0.1.0",
        subcommands: [Add.self, List.self, Show.self, Compare.self, Remove.self, Export.self]
    )
}
