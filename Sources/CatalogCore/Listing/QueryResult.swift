/// The rows of a read-only SQL query (`catalog query`), as plain values: what the store reads
/// and the service hands out, defined once here.
public struct QueryResult: Sendable, Equatable {
    /// The column names, in the statement's order (duplicates possible: `SELECT 1, 1`).
    public var columns: [String]
    /// The rows, each with one value per column.
    public var rows: [[QueryValue]]

    /// Creates a result.
    public init(columns: [String], rows: [[QueryValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// One SQLite value: SQLite's five storage classes (https://sqlite.org/datatype3.html).
public enum QueryValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// A blob's bytes.
    case blob([UInt8])
}
