@testable import CatalogStore

extension CatalogDatabase {
    /// One architecture through ``CatalogDatabase/save(_:)``, its error thrown: the form most
    /// tests need.
    /// - Returns: The new architecture id.
    @discardableResult
    func saveArchitecture(_ architecture: ArchitectureRecord, layers: [LayerRecord], replace: Bool) throws(StoreError) -> Int64 {
        try save([(architecture, layers, replace)])[0].get().id
    }
}
