internal import GRDB

// MARK: - Stored weights (migration 0006)

extension CatalogDatabase {
    /// Inserts `weights` for the architecture `id` inside the caller's transaction: its tensor
    /// rows, each linked to the layer of its module name when there is one, and the cached
    /// `params_by_dtype`, `weight_bytes` and `weight_metadata` columns.
    static func insert(_ weights: StoredWeights, architectureID id: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE architectures SET params_by_dtype = ?, weight_bytes = ?, weight_metadata = ? WHERE id = ?")
            .execute(arguments: [weights.paramsByDType, weights.weightBytes, weights.metadata, id])
        let inserter = try TensorRowInserter(db, sql: """
            INSERT INTO tensors (architecture_id, layer_id, position, name, dtype, shape, elements, bytes, buffer, uncounted_reason)
            VALUES (?1, (SELECT id FROM layers WHERE architecture_id = ?1 AND name = ?2), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        for (position, tensor) in weights.tensors.enumerated() {
            try inserter.insert(tensor, position: position, architectureID: id)
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
