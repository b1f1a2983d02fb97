import CatalogCore
import CatalogImport
import CatalogStore
import Foundation

/// The compute service: connects the engine and the store, and owns the cached columns.
///
/// Every architecture is computed before it is written, and written with its numbers in one
/// transaction, so no architecture is ever visible without them. Opening a catalog recomputes
/// rows whose `compute_version` is older than ``Engine/computeVersion``.
public final class Catalog: Sendable {
    /// The underlying store.
    public let database: CatalogDatabase
    /// Architectures that could not be recomputed with this engine version when the catalog was
    /// opened (their old numbers are kept).
    public let recomputeWarnings: [String]
    /// What migrating the database found that the user should know (e.g. two names that became
    /// one under Unicode normalisation).
    public let migrationNotes: [String]

    /// Opens (or creates, with the bundled seeds) the catalog at `path`, or at
    /// ``CatalogDatabase/defaultPath(environment:)`` when `path` is `nil`.
    /// - Throws: ``ServiceError/store(_:)`` when the database cannot be opened or created.
    public convenience init(path: String?) throws(ServiceError) {
        let database: CatalogDatabase
        do {
            // A path the user names (--db, $CATALOG_DB) must be in an existing folder: a typo
            // would otherwise start a new, empty catalog. The default location's folders are made.
            let named = path ?? ProcessInfo.processInfo.environment["CATALOG_DB"].flatMap { $0.isEmpty ? nil : $0 }
            database = try CatalogDatabase(path: path ?? CatalogDatabase.defaultPath(), createsMissingFolders: named == nil)
        } catch {
            throw .store(error)
        }
        try self.init(database: database)
    }

    /// Wraps an open database (tests use an in-memory one); seeds it when it was just created
    /// and recomputes outdated rows.
    public init(database: CatalogDatabase) throws(ServiceError) {
        self.database = database
        migrationNotes = MigrationNotes.shared.take()
        try SeedLoader.loadIfPending(into: database)
        recomputeWarnings = try ComputeColumns.recomputeOutdated(in: database)
    }

    /// The names stored in the catalog at `path` (``CatalogDatabase/defaultPath(environment:)``
    /// when `nil`), for shell completion: the database is opened read-only and never created or
    /// migrated; a missing or unreadable one has no names.
    public static func storedNames(inCatalogAt path: String?) -> [String] {
        let path = path ?? CatalogDatabase.defaultPath()
        guard FileManager.default.fileExists(atPath: path),
              let database = try? CatalogDatabase.openReadOnly(path: path) else { return [] }
        defer { try? database.close() }
        return (try? database.architectureNames()) ?? []
    }

    /// Adds an imported architecture.
    /// - Parameters:
    ///   - file: the file's name for error messages.
    ///   - name: overrides the file's name.
    ///   - tags: added to the file's tags.
    ///   - replace: replace an existing architecture of the same name instead of failing.
    /// - Throws: ``ServiceError/inferenceFailed(file:_:)`` for an impossible shape, or
    ///   ``ServiceError/store(_:)`` (a duplicate name without `replace`); nothing is written then.
    public func add(
        _ imported: ImportedArchitecture, file: String, name: String? = nil, tags: [String] = [],
        replace: Bool = false
    ) throws(ServiceError) -> AddResult {
        let results = try add([AddRequest(imported, file: file, name: name, tags: tags, replace: replace)])
        return try results[0].get()
    }

    /// One architecture with its layers' cached numbers.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)`` with close names.
    public func detail(named name: String) throws(ServiceError) -> ArchitectureDetail {
        let (record, layers) = try stored(named: name) { database, id throws(StoreError) in
            try database.layersWithSuccessorInbound(ofArchitecture: id)
        }
        var summaries: [LayerSummary] = []
        summaries.reserveCapacity(layers.count)
        var cache = JSONText.Cache()
        var previous: RecordDecoding.PreviousLayer?
        for (layer, successorInbound) in layers {
            let summary = try RecordDecoding.layerSummary(
                of: layer, architecture: record.name, cache: &cache, previous: previous)
            summaries.append(summary)
            previous = RecordDecoding.PreviousLayer(
                name: layer.name, successorInbound: successorInbound, outputShapesText: layer.outputShapes,
                outputShapes: summary.outputShapes)
        }
        return ArchitectureDetail(summary: try RecordDecoding.summary(of: record, cache: &cache), layers: summaries)
    }

    /// The stored architecture as engine values (for `export`).
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``, or ``ServiceError/corruptRow(name:detail:)``.
    public func architecture(named name: String) throws(ServiceError) -> Architecture {
        let (record, layers) = try stored(named: name)
        return try RecordDecoding.architecture(of: record, layers: layers)
    }

    /// Removes an architecture and its layers.
    /// - Returns: the stored name that was removed.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``.
    public func remove(named name: String) throws(ServiceError) -> String {
        let (record, _) = try stored(named: name)
        do {
            _ = try database.deleteArchitecture(named: record.name)
        } catch {
            throw .store(error)
        }
        return record.name
    }

    private func stored(named name: String) throws(ServiceError) -> (ArchitectureRecord, [LayerRecord]) {
        try stored(named: name) { database, id throws(StoreError) in try database.layers(ofArchitecture: id) }
    }

    /// The architecture named `name` and what `read` reads of it by its id (its layers, its
    /// weights).
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``; ``ServiceError/store(_:)``.
    func stored<Detail>(
        named name: String, _ read: (CatalogDatabase, Int64) throws(StoreError) -> Detail
    ) throws(ServiceError) -> (ArchitectureRecord, Detail) {
        do {
            guard let record = try database.architecture(named: name), let id = record.id else {
                throw ServiceError.notFound(
                    name: name, suggestions: Suggestions.closeNames(to: name, among: try database.architectureNames()))
            }
            return (record, try read(database, id))
        } catch let error as ServiceError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(.underlying(String(describing: error)))
        }
    }
}
