import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog query SQL`
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a read-only SQL query over the catalog.",
        discussion: """
            The database is opened read-only, so no statement can change it: INSERT, UPDATE, \
            DELETE, CREATE and the like are refused (exit 65). The tables, cached columns and \
            the views architecture_summary and layer_summary are described in docs/SCHEMA.md. \
            `?` placeholders take the --param values in order.

            Examples:
              catalog query "SELECT name, macs FROM architecture_summary LIMIT 3"
              catalog query "SELECT name FROM layer_summary WHERE type = ?" --param LSTM
              catalog query "SELECT type, count(*) FROM layers GROUP BY 1" --format csv
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("One SQL statement that reads (SELECT, WITH, PRAGMA table_info(…), EXPLAIN).", valueName: "sql"))
    var sql: String

    @Option(name: .customLong("param"), help: ArgumentHelp("A value for the next ? placeholder (repeatable).", valueName: "value"))
    var parameters: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the SQL statement is empty")
        }
    }

    func run() throws {
        let catalog = try global.openCatalog()
        let result = try orExit { () throws(ServiceError) in try catalog.query(sql, arguments: parameters) }
        output.emit(Self.listing(result).render(output.format, headers: !output.noHeaders, style: output.style))
    }

    /// Columns of numbers are right-aligned, integers grouped in tables; NULL is empty in tables
    /// and CSV and `null` in JSON; a blob is base64 text.
    static func listing(_ result: QueryResult) -> Listing {
        let numeric = result.columns.indices.map { column in
            result.rows.allSatisfy { row in
                switch row[column] {
                case .integer, .real, .null: true
                case .text, .blob: false
                }
            } && result.rows.contains { if case .null = $0[column] { false } else { true } }
        }
        var listing = Listing(
            columns: result.columns.enumerated().map { numeric[$0.offset] ? .right($0.element) : .left($0.element) },
            csvHeader: result.columns)
        for row in result.rows {
            listing.append(cells: row.map(\.tableText), csv: row.map(\.rawText), json: QueryRow(columns: result.columns, values: row))
        }
        return listing
    }
}

extension QueryValue {
    var tableText: String {
        switch self {
        case .null: ""
        case .integer(let value): Int(value).grouped
        case .real(let value): String(value)
        case .text(let text): text
        case .blob(let bytes): Data(bytes).base64EncodedString()
        }
    }

    var rawText: String {
        switch self {
        case .null: ""
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let text): text
        case .blob(let bytes): Data(bytes).base64EncodedString()
        }
    }

    /// The value in JSON: `null`, a number, text, a blob as base64 text. JSON has no infinity:
    /// a real SQLite computed as ±infinity (`1e308 * 10`) is `null`, as JavaScript's
    /// `JSON.stringify` writes it (the table and CSV print `inf`).
    func encode(to container: inout KeyedEncodingContainer<NamedKey>, forKey key: NamedKey) throws {
        switch self {
        case .null: try container.encodeNil(forKey: key)
        case .integer(let value): try container.encode(value, forKey: key)
        case .real(let value) where !value.isFinite: try container.encodeNil(forKey: key)
        case .real(let value): try container.encode(value, forKey: key)
        case .text(let text): try container.encode(text, forKey: key)
        case .blob(let bytes): try container.encode(Data(bytes).base64EncodedString(), forKey: key)
        }
    }
}
