import CatalogCore
import CatalogService

// MARK: - query --format json|jsonl

/// One result row of `query --format json|jsonl`: an object keyed by the SQL's column names
/// (the CSV header is those names too); a name repeated in the SELECT keeps its first value.
struct QueryRow: Encodable {
    var columns: [String]
    var values: [QueryValue]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NamedKey.self)
        var seen: Set<String> = []
        for (column, value) in zip(columns, values) where seen.insert(column).inserted {
            try value.encode(to: &container, forKey: NamedKey(column))
        }
    }
}
