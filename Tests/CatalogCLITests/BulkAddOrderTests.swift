import CatalogTestSupport
import Foundation
import Testing

/// A bulk `add` reads and computes its files on several threads and writes them on one: its
/// lines, their order, its failures and its exit code are those of adding the files in turn.
@Suite("CLI: many files added at once keep their order")
struct BulkAddOrderTests {
    /// `tinyJSON` with `f` filters: conv (3·3·1 + 1)·f = 10f; flatten 13·13·f = 169f; dense
    /// (169f + 1)·10 = 1,690f + 10; total 1,700f + 10.
    static let totals = [1: "1,710", 2: "3,410", 3: "5,110", 4: "6,810", 5: "8,510"]

    /// 2,100 files (two groups: a group holds at most 2,000 files). File 5 cannot be read (a
    /// kernel size "3x3"), file 1,500 cannot be computed (a kernel larger than its input), and
    /// file 2,070 names an architecture already in the catalog; every other file i is `net-i`
    /// with i % 5 + 1 filters.
    @Test func linesAndFailuresInFileOrder() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        func network(_ index: Int) -> String {
            tinyJSON.replacingOccurrences(of: "\"name\": \"tiny\"", with: "\"name\": \"net-\(index)\"")
                .replacingOccurrences(of: "\"filters\": 8", with: "\"filters\": \(index % 5 + 1)")
        }
        let existing = try cli.run(["add", try cli.write("existing.json", network(2_070))])
        #expect(existing.status == 0, "\(existing)")
        let failing = [5, 1_500, 2_070]
        var files: [String] = []
        for index in 0..<2_100 {
            let name = String(format: "f-%04d.json", index)
            switch index {
            case 5: try cli.write(name, badKernelJSON)
            case 1_500: try cli.write(name, impossibleJSON)
            default: try cli.write(name, network(index))
            }
            files.append(name)
        }

        let result = try cli.run(["add"] + files)
        #expect(result.status == 65, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let expected = (0..<2_100).filter { !failing.contains($0) }
        #expect(lines.count == expected.count)
        for (line, index) in zip(lines, expected) {
            let total = Self.totals[index % 5 + 1]!
            #expect(line.hasPrefix("added net-\(index): \(total) params (\(total) trainable, 0 non-trainable), "), "\(line)")
        }
        let errors = result.stderr.split(separator: "\n").map(String.init)
        #expect(errors.count == 4, "\(result.stderr)")
        if errors.count == 4 {
            #expect(errors[0].contains("f-0005.json"))
            #expect(errors[1].contains("f-1500.json") && errors[1].contains("too_big"))
            #expect(errors[2].contains("net-2070"))
            #expect(errors[3] == "2097 added, 0 replaced, 3 failed")
        }
    }
}
