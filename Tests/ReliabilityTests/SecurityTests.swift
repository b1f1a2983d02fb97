import CatalogTestSupport
import Foundation
import Testing

/// Security properties, checked on the sources and through the CLI:
/// - SQL is parameterised: every value reaches SQLite as a bound `?` argument; the only text
///   interpolated into SQL is from a closed list of identifiers (column names of closed enums,
///   generated placeholder lists, an integer from an enum), reviewed here.
/// - File readers never write: paths inside archives are compared, never used as file names.
/// - `catalog query` cannot change the database.
@Suite("Security")
struct SecurityTests {
    static let sources = Reliability.packageRoot.appendingPathComponent("Sources")

    static func swiftFiles(under folder: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    /// Interpolations allowed inside SQL text, each with why it is safe.
    static let reviewedInterpolations: [String: String] = [
        "assignments": "`column = ?` list built from ArchitectureRecord.cachedColumns (constants)",
        "layerAssignments": "`column = ?` list built from LayerRecord.cachedColumns (constants)",
        "table": "\"architectures\" or \"layers\", literals at the call sites",
        "columns.joined(separator: \", \")": "insertColumns of the records (constants)",
        "placeholders": "a generated `?, ?, …` list",
        "columns": "`*` or ArchitectureColumn.listedSQL (the listed columns' names joined, constants), the listing's select list",
        "LayerRecord.selectedColumns": "the layers table's column names (constants), in CatalogDatabase+RowReads",
        "state.rawValue": "an integer of the SeedState enum (PRAGMA takes no bound parameters)",
        "sort.column": "the column of the closed ArchitectureSort enum (CatalogStore's ArchitectureSort+Column.swift)",
        "direction": "ASC or DESC",
        "column": "literal column names passed by `bound(_:_:_:)` in CatalogDatabase+Listing",
        "op": "a literal comparison operator passed by `bound(_:_:_:)`",
        "try Self.nameMatch(db)": "one of two literal name conditions (CatalogDatabase.nameMatch); the name is bound",
    ]

    @Test("SQL text interpolates only reviewed identifiers; values are bound")
    func sqlIsParameterised() throws {
        let keywords = ["SELECT ", "INSERT ", "UPDATE ", "DELETE ", "PRAGMA ", "ORDER BY", " WHERE ", "CREATE ", "DROP ", " SET "]
        var unreviewed: [String] = []
        var interpolations = 0
        for file in Self.swiftFiles(under: Self.sources) {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//"), keywords.contains(where: { code.contains($0) }) else { continue }
                // Every \( … ) interpolation on a line that holds SQL.
                var rest = Substring(code)
                while let start = rest.range(of: "\\(") {
                    var depth = 1
                    var index = start.upperBound
                    while index < rest.endIndex, depth > 0 {
                        if rest[index] == "(" { depth += 1 }
                        if rest[index] == ")" { depth -= 1 }
                        index = rest.index(after: index)
                    }
                    let expression = String(rest[start.upperBound..<rest.index(before: index)])
                    interpolations += 1
                    if Self.reviewedInterpolations[expression] == nil {
                        unreviewed.append("\(file.lastPathComponent):\(number + 1): \\(\(expression))")
                    }
                    rest = rest[index...]
                }
            }
        }
        #expect(unreviewed.isEmpty, "SQL built with unreviewed interpolation (bind it with ? instead): \(unreviewed)")
        #expect(interpolations > 0, "the scan found no SQL at all; is Sources/ where it was?")
    }

    @Test("The file readers never write to the file system")
    func importersDoNotWrite() throws {
        let writing = ["write(to:", "createFile(", "createDirectory(", "fopen(", "FileHandle(forWriting", "moveItem(", "copyItem(", "removeItem("]
        var found: [String] = []
        for file in Self.swiftFiles(under: Self.sources.appendingPathComponent("CatalogImport")) {
            let text = try String(contentsOf: file, encoding: .utf8)
            for call in writing where text.contains(call) { found.append("\(file.lastPathComponent): \(call)") }
        }
        #expect(found.isEmpty, "\(found)")
    }

    @Test("Entry names of an archive are never used as paths")
    func archivePathsAreNotFollowed() throws {
        let folder = try Reliability.temporaryDirectory("zip-slip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let marker = "catalog-zip-slip-\(UUID().uuidString)"
        let config = try JSONSerialization.data(withJSONObject: [
            "class_name": "Sequential", "keras_version": "3.6.0",
            "config": ["name": "slip", "layers": [
                ["class_name": "InputLayer", "config": ["name": "in", "batch_shape": [NSNull(), 8]]],
                ["class_name": "Dense", "config": ["name": "d", "units": 2]],
            ]],
        ] as [String: Any])
        let archive = ZipWriter.stored([
            ("../../../../tmp/\(marker)-relative", Data("x".utf8)),
            ("/tmp/\(marker)-absolute", Data("x".utf8)),
            ("config.json", config),
        ])
        let file = folder.appendingPathComponent("slip.keras")
        try archive.write(to: file)
        let database = try Reliability.copySeededDatabase(into: folder)
        let result = try Reliability.run(["add", file.path, "--db", database])
        #expect(result.status == 0, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/\(marker)-relative"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/\(marker)-absolute"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["catalog.sqlite", "slip.keras"])
    }

    @Test("catalog query cannot change the database", arguments: [
        "DELETE FROM architectures", "DROP TABLE layers", "UPDATE architectures SET name = 'x'",
        "SELECT 1; DELETE FROM architectures", "PRAGMA user_version = 7", "ATTACH 'FOLDER/x.sqlite' AS x",
        "VACUUM", "INSERT INTO architectures (name) VALUES ('x')",
    ])
    func queryIsReadOnly(_ sql: String) throws {
        let folder = try Reliability.temporaryDirectory("query")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        // ATTACH names a file in this test's own folder: one left in /tmp by anything else
        // would attach read-only and succeed.
        let statement = sql.replacingOccurrences(of: "FOLDER", with: folder.path)
        let result = try Reliability.run(["query", statement, "--db", database])
        #expect(result.status != 0, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.sqlite").path))
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.filter { $0 == "\n" }.count == 1, "\(result)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }
}

/// Builds small zip archives (stored entries) for tests.
enum ZipWriter {
    static func stored(_ entries: [(String, Data)]) -> Data {
        var archive = Data()
        var directory = Data()
        func le16(_ value: Int) -> Data { withUnsafeBytes(of: UInt16(value).littleEndian) { Data($0) } }
        func le32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
        for (name, contents) in entries {
            let crc = crc32(contents)
            let nameBytes = Data(name.utf8)
            let offset = UInt32(archive.count)
            let size = le32(UInt32(contents.count))
            var local = le32(0x0403_4B50)
            for field in [20, 0, 0, 0, 0] { local += le16(field) }
            local += le32(crc)
            local += size
            local += size
            local += le16(nameBytes.count)
            local += le16(0)
            archive += local
            archive += nameBytes
            archive += contents
            var central = le32(0x0201_4B50)
            for field in [20, 20, 0, 0, 0, 0] { central += le16(field) }
            central += le32(crc)
            central += size
            central += size
            for field in [nameBytes.count, 0, 0, 0, 0] { central += le16(field) }
            central += le32(0)
            central += le32(offset)
            directory += central
            directory += nameBytes
        }
        let directoryOffset = UInt32(archive.count)
        archive += directory
        archive += le32(0x0605_4B50)
        for field in [0, 0, entries.count, entries.count] { archive += le16(field) }
        archive += le32(UInt32(directory.count))
        archive += le32(directoryOffset)
        archive += le16(0)
        return archive
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}
