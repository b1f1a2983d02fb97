import CatalogImport
import CatalogStore
import Foundation

/// Loads the bundled seed architectures (seeds/*, compiled into the binary).
enum SeedLoader {
    /// The seed files' names and contents.
    static var files: [(name: String, contents: String)] { EmbeddedSeeds.files }

    /// Imports, computes and writes every seed in one transaction, if the database is waiting for
    /// its seeds (just created, or created by a process that stopped before saving them). Of
    /// several processes opening a new database at once, exactly one saves them.
    /// - Throws: ``ServiceError`` if a seed fails (a bug: tests import every seed).
    static func loadIfPending(into database: CatalogDatabase) throws(ServiceError) {
        do {
            guard try database.seedsArePending() else { return }
        } catch {
            throw .store(error)
        }
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
            try database.saveSeeds(items)
        } catch {
            throw .store(error)
        }
    }
}
