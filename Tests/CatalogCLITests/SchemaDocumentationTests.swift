import CatalogTestSupport
import Foundation
import Testing

/// docs/SCHEMA.md, split into sections by heading.
struct SchemaDocument {
    let lines: [String]

    init() throws {
        let url = CLI.packageRoot.appendingPathComponent("docs/SCHEMA.md")
        lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
    }

    /// The lines under the first heading containing `title`, up to the next heading of the same
    /// or a higher level.
    func section(_ title: String) throws -> [String] {
        let start = try #require(lines.firstIndex { $0.hasPrefix("#") && $0.contains(title) }, "no heading \(title)")
        let level = lines[start].prefix { $0 == "#" }.count
        var end = start + 1
        while end < lines.count {
            let hashes = lines[end].prefix { $0 == "#" }.count
            if hashes > 0, hashes <= level { break }
            end += 1
        }
        return Array(lines[(start + 1)..<end])
    }

    /// The backquoted names in the first column of each Markdown table of `section`, one set per
    /// table (`| `a`, `b` | …` gives a and b).
    static func tableKeys(_ section: [String]) -> [Set<String>] {
        var tables: [Set<String>] = []
        var current: Set<String>?
        for line in section {
            guard line.hasPrefix("|") else {
                if let table = current { tables.append(table); current = nil }
                continue
            }
            let first = line.split(separator: "|", omittingEmptySubsequences: true).first.map(String.init) ?? ""
            let names = backquoted(first)
            if current == nil { current = [] }
            current?.formUnion(names)
        }
        if let table = current { tables.append(table) }
        return tables.filter { !$0.isEmpty }
    }

    /// Every `name` in backquotes in `text`.
    static func backquoted(_ text: String) -> Set<String> {
        let parts = text.components(separatedBy: "`")
        return Set(stride(from: 1, to: parts.count, by: 2).map { parts[$0] })
    }
}

@Suite("docs/SCHEMA.md matches the output and the database")
struct SchemaDocumentationTests {
    @Test("list --format json keys are exactly the documented ones")
    func listKeys() throws {
        let document = try SchemaDocument()
        let documented = try #require(SchemaDocument.tableKeys(try document.section("`list --format json`")).first)
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        for row in try cli.listJSON() {
            #expect(Set(row.keys) == documented, "\(row["name"] ?? "?")")
        }
    }

    @Test("show --format json keys, and its layers' keys, are exactly the documented ones")
    func showKeys() throws {
        let document = try SchemaDocument()
        let list = try #require(SchemaDocument.tableKeys(try document.section("`list --format json`")).first)
        let tables = SchemaDocument.tableKeys(try document.section("`show --format json`"))
        try #require(tables.count == 2, "\(tables)")
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        for name in SmallCatalog.names {
            let result = try cli.run(["show", name, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
            #expect(Set(object.keys) == list.union(tables[0]), "\(name)")
            for layer in try #require(object["layers"] as? [[String: Any]]) {
                #expect(Set(layer.keys) == tables[1], "\(name)")
            }
        }
    }

    @Test("list --format csv columns are documented")
    func csvColumns() throws {
        let document = try SchemaDocument()
        let section = try document.section("`list --format json`").joined(separator: "\n")
        let csvText = try #require(section.components(separatedBy: "`list --format csv`").last)
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let header = try #require(parseCSV(try cli.output(["list", "--format", "csv"])).first)
        #expect(Set(header) == SchemaDocument.backquoted(csvText).subtracting(["true", "false", ";"]))
    }

    @Test("Every column of every table and view is documented under its heading")
    func columns() throws {
        let document = try SchemaDocument()
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        for table in ["architectures", "layers", "architecture_tags", "architecture_summary", "layer_summary", "tensors", "tensor_summary", "architecture_memory"] {
            let result = try cli.run(["query", "SELECT name FROM pragma_table_info(?)", "--param", table, "--format", "csv", "--no-headers"])
            #expect(result.status == 0, "\(result)")
            let columns = Set(parseCSV(result.stdout).compactMap(\.first))
            #expect(!columns.isEmpty, "\(table)")
            let documented = SchemaDocument.backquoted(try document.section("`\(table)`").joined(separator: "\n"))
            #expect(columns.subtracting(documented).isEmpty, "\(table): undocumented \(columns.subtracting(documented).sorted())")
        }
    }
}
