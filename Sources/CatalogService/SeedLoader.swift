import CatalogImport
import CatalogStore
import Foundation

/// Loads the bundled seed architectures (seeds/*, compiled into the binary).
enum SeedLoader {
    /// The seed files' names and contents.
    static var files: [(name: String, contents: String)] { EmbeddedSeeds.files }

    /// Imports, computes and writes every seed in one transaction.
    /// - Throws: ``ServiceError`` if a seed fails (a bug: tests import every seed).
    static func load(into database: CatalogDatabase) throws(ServiceError) {
        var items: [(ArchitectureRecord, [LayerRecord])] = []
        for file in files {
            let path = "seeds/\(file.name)"
            let imported: ImportedArchitecture
            do throws(ImportError) {
                imported = try ArchitectureImporter.read(Data(file.contents.utf8), file: path)
            } catch {
                throw .importFailed(error)
            }
            items.append(try ComputeColumns.records(
                for: imported.architecture, file: path, sourceFormat: imported.sourceFormat,
                sourceVersion: imported.sourceVersion))
        }
        do {
            try database.saveArchitectures(items, replace: true)
        } catch {
            throw .store(error)
        }
    }
}
