import Foundation
import Testing

/// The bad-input corpus: Fixtures/bad-input/cases.json lists every case (the files beside it, and
/// command lines with bad options) with its exit status and the text its one stderr line holds.
/// Each runs the built `catalog` against a copy of a seeded database and must exit with that
/// status, print nothing on stdout, print exactly one line on stderr that names the file (for a
/// file case), and leave the database byte for byte as it was, with no journal left beside it.
@Suite("Bad input corpus")
struct BadInputTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var `case`: String
        var args: [String]
        var exit: Int32
        var stderr: String
        /// A second text the line must hold, if any.
        var stderr2: String?
        /// Whether `--db DATABASE` is appended (default true).
        var db: Bool?
        var testDescription: String { self.case }
    }

    static let directory = Reliability.fixtures("bad-input")

    static let cases: [Case] = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("cases.json"))
        return try! JSONDecoder().decode([Case].self, from: data)
    }()

    /// Writes the files too large or too deep to keep in the repository into `folder`.
    static func writeGenerated(into folder: URL) throws {
        // 100 MB: a valid JSON document padded with spaces, over the 64 MiB limit.
        var huge = Data("{\"name\": \"huge\", \"input\": [8], \"layers\": [{\"type\": \"Dense\", \"units\": 2}]}".utf8)
        huge.append(Data(repeating: UInt8(ascii: " "), count: 100 * 1024 * 1024 - huge.count))
        try huge.write(to: folder.appendingPathComponent("huge.json"))
        // 100,000 levels of lists, in JSON and in YAML flow style.
        let depth = 100_000
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        try Data("{\"name\": \"deep\", \"input\": [8], \"layers\": \(nested)}".utf8)
            .write(to: folder.appendingPathComponent("deep.json"))
        try Data("name: deep\ninput: [8]\nlayers:\n  - units: \(nested)\n".utf8)
            .write(to: folder.appendingPathComponent("deep.yaml"))
    }

    func expand(_ text: String, generated: URL) -> String {
        text.replacingOccurrences(of: "{dir}", with: Self.directory.path)
            .replacingOccurrences(of: "{generated}", with: generated.path)
    }

    @Test("The corpus has at least 60 cases, each file listed once")
    func corpusSize() throws {
        #expect(Self.cases.count >= 60)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0 != "cases.json" }
        let used = Set(Self.cases.flatMap(\.args).filter { $0.hasPrefix("{dir}/") }.map { String($0.dropFirst(6)) })
        #expect(Set(files).subtracting(used).isEmpty, "files no case uses")
    }

    @Test("A bad input is refused cleanly and leaves the database unchanged", arguments: cases)
    func refused(_ testCase: Case) throws {
        let folder = try Reliability.temporaryDirectory("bad-input")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let generated = folder.appendingPathComponent("generated")
        if testCase.args.contains(where: { $0.contains("{generated}") }) {
            try FileManager.default.createDirectory(at: generated, withIntermediateDirectories: true)
            try Self.writeGenerated(into: generated)
        }
        let expand = { (text: String) in self.expand(text, generated: generated) }

        let arguments = testCase.args.map(expand) + (testCase.db == false ? [] : ["--db", database])
        let result = try Reliability.run(arguments, timeout: 60)

        #expect(result.status == testCase.exit, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "not exactly one line on stderr: \(result)")
        #expect(result.stderr.hasPrefix("error: "), "\(result)")
        #expect(result.stderr.contains(expand(testCase.stderr)), "\(result)")
        if let second = testCase.stderr2 { #expect(result.stderr.contains(second), "\(result)") }
        if testCase.args.first == "add", testCase.exit == 65 {
            let files = testCase.args.filter { $0.hasPrefix("{") }.map(expand)
            #expect(files.contains { result.stderr.hasPrefix("error: \($0)") }, "the message does not start with the file: \(result)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before, "the database changed")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "generated" }
        #expect(left == ["catalog.sqlite"], "files left beside the database: \(left)")
    }
}
