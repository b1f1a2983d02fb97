import CatalogCore
import CatalogStore

extension Catalog {
    /// ``list(_:)`` one architecture at a time, in the same order, as the database produces
    /// them: memory stays flat however many architectures match, and `body` sees the first
    /// before the last is read (`list --format csv` of 100,000 architectures).
    /// - Parameters:
    ///   - body: Called with each architecture.
    /// - Throws: ``ServiceError/corruptRow(name:detail:)`` for a row without its numbers (the
    ///   rows before it have been handed over), or ``ServiceError/store(_:)``.
    public func forEachListed(
        _ query: ListQuery, _ body: (ArchitectureSummary) -> Void
    ) throws(ServiceError) {
        var failure: ServiceError?
        var cache = JSONText.Cache()
        do {
            try database.forEachArchitecture(
                matching: query.filter, sortedBy: query.sort, descending: query.descending, limit: query.limit
            ) { record in
                do throws(ServiceError) {
                    body(try RecordDecoding.summary(of: record, cache: &cache))
                } catch {
                    failure = error
                    throw error
                }
            }
        } catch {
            throw failure ?? .store(error)
        }
    }
}
