internal import GRDB

// MARK: - Rows to records, records to arguments

extension Row {
    /// The value of `column` as `Value`, or a ``StoreError`` naming the table, the row's id and
    /// the column when the stored value has another type (GRDB's subscript would trap).
    func checked<Value: DatabaseValueConvertible>(_ column: String, table: String) throws(StoreError) -> Value {
        do {
            return try decode(Value.self, forColumn: column)
        } catch {
            let id = (self["id"] as DatabaseValue).storage.value.map { "\($0)" } ?? "?"
            let raw = self[column] as DatabaseValue
            throw CatalogDatabase.notAnInteger(table: table, id: id, column: column, value: raw.isNull ? "NULL" : "\(raw)")
        }
    }
}

extension CatalogDatabase {
    /// The error for a stored value of the wrong type: names the table, row and column and says
    /// what to do (the database was changed outside catalog).
    static func notAnInteger(table: String, id: String, column: String, value: String) -> StoreError {
        let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
        let remedy = table == "layers"
            ? "remove its architecture with 'catalog remove' and add it again"
            : "set it right with sqlite3, or remove the architecture with 'catalog remove'"
        return .underlying("table \(table), row id \(id), column \(column): the stored value \(shown) is not of the column's type (the database was edited outside catalog); \(remedy)")
    }
}
