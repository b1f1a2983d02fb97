import ArgumentParser

/// The root command: configuration only; each subcommand is its own file.
@main
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "A catalog of neural-network architectures with exact output shapes, parameters and MACs.",
        discussion: """
            Add an architecture file (native JSON/YAML with Keras layer names or torch.nn modules and their constructor arguments, Keras to_json() of Keras 1-3, a .keras archive, a TF.js model.json) and catalog computes every layer's output \
            shape, trainable and non-trainable parameters and multiply-accumulates, keeps them in \
            SQLite, and answers questions across the catalog. A new database starts with the \
            bundled seed architectures (LeNet-5, AlexNet, VGG, ResNet, MobileNet …). --db PATH \
            may come before the command too (catalog --db x.sqlite list).

            Examples:
              catalog list --max-params 1e7 --sort macs
              catalog rank --by macs --log
              catalog show vgg16
              catalog compare vgg16 resnet50 mobilenet_v1
              catalog compare resnet50 keras_resnet50
              catalog export resnet18 --format dot | dot -Tsvg > resnet18.svg
              catalog report --output catalog.html
              catalog query "SELECT name, macs FROM architecture_summary LIMIT 3"
              catalog add my_model.json

            Shell completion (architecture names included); bash:
              catalog --generate-completion-script bash \\
                > ~/.local/share/bash-completion/completions/catalog
            zsh (with fpath+=(~/.zfunc) in ~/.zshrc) and fish:
              catalog --generate-completion-script zsh > ~/.zfunc/_catalog
              catalog --generate-completion-script fish \\
                > ~/.config/fish/completions/catalog.fish
            """,
        version: "0.1.0",
        subcommands: [
            Add.self, List.self, Rank.self, Show.self, Compare.self, Remove.self, Export.self, Report.self,
            Query.self, Explain.self, MemoryCommand.self, Fit.self, ReadHDF5Command.self,
        ]
    )
}
