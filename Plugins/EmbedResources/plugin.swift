import Foundation
import PackagePlugin

/// Compiles the package's `migrations/*.sql` (into CatalogStore) and `seeds/*` (into
/// CatalogService) as Swift string literals, so the release binary needs no files beside it.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder: String
        let symbol: String
        switch target.name {
        case "CatalogStore": (folder, symbol) = ("migrations", "EmbeddedMigrations")
        case "CatalogService": (folder, symbol) = ("seeds", "EmbeddedSeeds")
        default: return []
        }
        let directory = context.package.directoryURL.appending(path: folder)
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") && $0.pathExtension != "md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(symbol).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(folder)/ into \(target.name)",
                executable: try context.tool(named: "EmbedResourcesTool").url,
                arguments: [symbol, output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output])
        ]
    }
}
