internal import GRDB

// MARK: - Stored weights (migration 0006)

extension CatalogDatabase {
    /// Inserts the tensor rows of `weights` for the architecture `id` inside the caller's
    /// transaction, each linked to the layer of its module name when there is one. The cached
    /// `params_by_dtype`, `weight_bytes` and `weight_metadata` columns are written with the
    /// architecture's row (``insert(_:layers:replace:_:)``).
    static func insertTensors(of weights: StoredWeights, architectureID id: Int64, _ db: Database) throws {
        let tensors = weights.tensors
        try TensorRecord.inserter(db).insert(count: tensors.count, shared: id) { handle, row, first in
            tensors[row].bind(handle, position: row, from: first)
        }
    }

    /// The stored weights of the architecture `id`, or `nil` when it has none (an architecture
    /// read from a graph-only file).
    /// - Throws: A ``StoreError`` if the database cannot be read.
    public func weights(ofArchitecture id: Int64) throws(StoreError) -> StoredWeights? {
        try read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT params_by_dtype, weight_bytes, weight_metadata FROM architectures WHERE id = ?", arguments: [id]),
                let byDType: String = row[0]
            else { return nil }
            let tensors = try Row.fetchAll(db, sql: """
                SELECT tensors.name, dtype, shape, elements, bytes, layers.name, buffer, uncounted_reason
                FROM tensors LEFT JOIN layers ON layers.id = tensors.layer_id
                WHERE tensors.architecture_id = ? ORDER BY tensors.position
                """, arguments: [id]).map { row in
                TensorRecord(
                    name: row[0], dtype: row[1], shape: row[2], elements: row[3], bytes: row[4], layer: row[5],
                    isBuffer: row[6], uncountedReason: row[7])
            }
            return StoredWeights(tensors: tensors, paramsByDType: byDType, weightBytes: row[1], metadata: row[2])
        }
    }
}
