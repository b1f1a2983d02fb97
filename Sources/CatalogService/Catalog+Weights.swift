import CatalogCore
import CatalogStore
import Foundation

/// An architecture's stored weight tensors and their totals (migration 0006).
public struct WeightsSummary: Sendable, Hashable {
    /// The tensors, in the file's order.
    public var tensors: [Tensor]
    /// Elements per dtype over the counted tensors (`params_by_dtype`).
    public var paramsByDType: [String: Int]
    /// Bytes of the counted tensors (`weight_bytes`), or `nil` if one dtype's size is unknown.
    public var weightBytes: Int?
    /// The file's own metadata strings.
    public var metadata: [String: String]
}

extension Catalog {
    /// The weights stored with the architecture `name`, or `nil` when it was read from a file
    /// without weights.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``; ``ServiceError/corruptRow(name:detail:)``
    ///   for unreadable JSON columns.
    public func weights(named name: String) throws(ServiceError) -> WeightsSummary? {
        let (record, weights) = try stored(named: name) { database, id throws(StoreError) in
            try database.weights(ofArchitecture: id)
        }
        let storedName = record.name
        guard let stored = weights else { return nil }
        guard let byDType = JSONText.decode([String: Int].self, stored.paramsByDType) else {
            throw .corruptRow(name: storedName, detail: "params_by_dtype is not an object of counts")
        }
        var tensors: [Tensor] = []
        tensors.reserveCapacity(stored.tensors.count)
        for row in stored.tensors {
            guard let shape = JSONText.decode([Int].self, row.shape) else {
                throw .corruptRow(name: storedName, detail: "tensor '\(row.name)' has an unreadable shape")
            }
            tensors.append(Tensor(
                name: row.name, dtype: row.dtype, shape: shape, elements: row.elements, bytes: row.bytes,
                layer: row.layer, isBuffer: row.isBuffer, uncountedReason: row.uncountedReason))
        }
        let metadata = stored.metadata.flatMap { JSONText.decode([String: String].self, $0) } ?? [:]
        return WeightsSummary(tensors: tensors, paramsByDType: byDType, weightBytes: stored.weightBytes, metadata: metadata)
    }
}
