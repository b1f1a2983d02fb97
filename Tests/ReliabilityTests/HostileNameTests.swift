import CatalogTestSupport
import Foundation
import Testing

/// Names with quotes, semicolons, SQL, spaces and non-ASCII characters are stored and shown
/// exactly (JSON output, export), found again by `show`/`remove`, and never break the one-line
/// error rule. Names with control characters (a newline, a tab, NUL, ESC) are refused: SQLite's
/// C strings end at NUL, and ESC sequences would reach the terminal.
@Suite("Hostile names")
struct HostileNameTests {
    static let names = [
        "O'Brien \"net\"; DROP TABLE architectures;--",
        "réseau-ñ 网络 🚀 ÅÄÖ",
        "  leading and trailing spaces  ",
        "back\\slash %_ wildcards *?",
    ]

    func document(_ name: String) throws -> Data {
        try JSONSerialization.data(withJSONObject: [
            "name": name, "description": name, "tags": [name], "input": [4],
            "layers": [["type": "Dense", "name": "layer \(name)", "units": 2]],
        ] as [String: Any])
    }

    @Test("A name with a control character is refused, escaped in one line, nothing added",
          arguments: ["two\nlines", "tab\there", "nul\u{0}cut", "esc\u{1B}[2J"])
    func controlCharacters(_ name: String) throws {
        let folder = try Reliability.temporaryDirectory("names")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        for (index, document) in [
            try document(name),
            try JSONSerialization.data(withJSONObject: [
                "name": "plain", "tags": [name], "input": [4], "layers": [["type": "Dense", "units": 2]],
            ] as [String: Any]),
        ].enumerated() {
            let file = folder.appendingPathComponent("model\(index).json")
            try document.write(to: file)
            let added = try Reliability.run(["add", file.path, "--db", database])
            #expect(added.status == 65, "\(added)")
            #expect(added.stderr.filter { $0 == "\n" }.count == 1, "\(added)")
            #expect(added.stderr.contains("holds the control character U+00"), "\(added)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }

    @Test("A hostile name round-trips exactly", arguments: names)
    func roundTrip(_ name: String) throws {
        let folder = try Reliability.temporaryDirectory("names")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let file = folder.appendingPathComponent("model.json")
        try document(name).write(to: file)

        let added = try Reliability.run(["add", file.path, "--db", database])
        #expect(added.status == 0, "\(added)")

        let listing = try Reliability.run(["list", "--format", "json", "--db", database])
        let rows = try #require(JSONSerialization.jsonObject(with: listing.stdoutData) as? [[String: Any]])
        let row = try #require(rows.first { ($0["name"] as? String) == name }, "\(listing)")
        #expect(row["description"] as? String == name)
        #expect(row["tags"] as? [String] == [name])
        #expect(rows.count == 12, "the seeds are still all there")

        let shown = try Reliability.run(["show", name, "--format", "json", "--db", database])
        #expect(shown.status == 0, "\(shown)")
        let detail = try #require(JSONSerialization.jsonObject(with: shown.stdoutData) as? [String: Any])
        #expect(detail["name"] as? String == name)
        #expect(shown.stdout.contains(try jsonString("layer \(name)")))

        let exported = try Reliability.run(["export", name, "--db", database])
        #expect(exported.status == 0, "\(exported)")
        let document = try #require(JSONSerialization.jsonObject(with: exported.stdoutData) as? [String: Any])
        #expect(document["name"] as? String == name)

        // A second add without --replace: one line, the name escaped, nothing changed.
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let again = try Reliability.run(["add", file.path, "--db", database])
        #expect(again.status == 1, "\(again)")
        #expect(again.stderr.filter { $0 == "\n" }.count == 1, "\(again)")
        #expect(again.stderr.contains("already exists; use --name"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)

        let removed = try Reliability.run(["remove", name, "--db", database])
        #expect(removed.status == 0, "\(removed)")
        let after = try Reliability.run(["list", "--format", "json", "--db", database])
        let names = (try JSONSerialization.jsonObject(with: after.stdoutData) as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names?.count == 11 && names?.contains(name) == false)
    }

    /// `text` as a JSON string literal, the way the CLI escapes it.
    func jsonString(_ text: String) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    @Test("An error naming a layer with a newline stays on one line")
    func errorWithNewlineInLayerName() throws {
        let folder = try Reliability.temporaryDirectory("names-error")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let file = folder.appendingPathComponent("bad.json")
        try JSONSerialization.data(withJSONObject: [
            "name": "x", "input": [4],
            "layers": [["type": "Dense", "name": "evil\nname", "units": 0]],
        ] as [String: Any]).write(to: file)
        let result = try Reliability.run(["add", file.path, "--db", database])
        #expect(result.status == 65)
        #expect(result.stderr == "error: \(file.path): layer 1 'evil\\nname': 'units' = 0 is invalid: must be at least 1\n")
    }
}
