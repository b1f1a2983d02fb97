import CatalogTestSupport
import Foundation
import Testing

/// MACs that count an unknown length as 1 are labelled per step in every output: `macs_per_step`
/// in JSON and CSV, `†` and a footnote in tables (docs/SCHEMA.md, migration 0012).
///
/// By hand: Embedding(1000 → 16) has no MACs; LSTM(8) on 16 features does 4·8·(16 + 8) = 768
/// MACs a step; Dense(2) on (8,) does 8·2 = 16. Over an unknown length (`null`) the total is
/// 768 + 16 = 784 per step; over 5 steps it is 5·768 + 16 = 3,856, a full count.
@Suite("CLI: per-step MACs are labelled")
struct PerStepMACsTests {
    static func model(_ name: String, length: String) -> String {
        """
        {"name": "\(name)", "input": [\(length)], "layers": [
          {"type": "Embedding", "name": "embed", "input_dim": 1000, "output_dim": 16},
          {"type": "LSTM", "name": "lstm", "units": 8},
          {"type": "Dense", "name": "out", "units": 2}
        ]}
        """
    }

    static func catalog() throws -> CLI {
        let cli = try CLI()
        let files = [
            try cli.write("pstep_seq.json", model("pstep_seq", length: "null")),
            try cli.write("pstep_fixed.json", model("pstep_fixed", length: "5")),
        ]
        let added = try cli.run(["add", "--quiet"] + files)
        #expect(added.status == 0, "\(added)")
        return cli
    }

    @Test("list: JSON and CSV say macs_per_step; the table marks the figure and explains the mark")
    func list() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        let rows = try cli.listJSON(["--name", "pstep*"])
        #expect(rows.map { $0["name"] as? String } == ["pstep_fixed", "pstep_seq"])
        #expect(rows.map { $0["macs"] as? Int } == [3_856, 784])
        #expect(rows.map { $0["macs_per_step"] as? Bool } == [false, true])
        #expect(rows.map { $0["per_step_mac_layers"] as? [String] } == [[], ["lstm"]])

        let csv = parseCSV(try cli.output(["list", "--name", "pstep*", "--format", "csv"]))
        let column = try #require(csv.first?.firstIndex(of: "macs_per_step"))
        #expect(csv.dropFirst().map { $0[column] } == ["false", "true"])

        let table = try cli.output(["list", "--name", "pstep*"])
        let seq = try #require(table.split(separator: "\n").first { $0.hasPrefix("pstep_seq") })
        let fixed = try #require(table.split(separator: "\n").first { $0.hasPrefix("pstep_fixed") })
        #expect(seq.contains("784 \u{2020}"), "\(table)")
        #expect(fixed.contains("3,856") && !fixed.contains("\u{2020}"), "\(table)")
        #expect(table.contains("\u{2020} MACs per step: an input dimension is unknown"), "\(table)")
        // Without a per-step row there is no footnote.
        #expect(!(try cli.output(["list", "--name", "pstep_fixed"])).contains("\u{2020}"))
    }

    @Test("--per-step-macs keeps only them, --no-per-step-macs leaves them out; --max-macs uses the stored figure")
    func filters() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        func names(_ arguments: [String]) throws -> [String?] {
            try cli.listJSON(["--name", "pstep*"] + arguments).map { $0["name"] as? String }
        }
        #expect(try names(["--per-step-macs"]) == ["pstep_seq"])
        #expect(try names(["--no-per-step-macs"]) == ["pstep_fixed"])
        #expect(try names(["--max-macs", "1000"]) == ["pstep_seq"])
        #expect(try names(["--max-macs", "1000", "--no-per-step-macs"]) == [])
    }

    @Test("rank --by macs and compare mark per-step MACs; rank --by params has no such key")
    func rankAndCompare() throws {
        let cli = try Self.catalog()
        defer { cli.cleanUp() }
        let ranked = try #require(try JSONSerialization.jsonObject(with: Data(
            try cli.output(["rank", "--by", "macs", "--name", "pstep*", "--format", "json"]).utf8)) as? [[String: Any]])
        #expect(ranked.map { $0["name"] as? String } == ["pstep_fixed", "pstep_seq"])
        #expect(ranked.map { $0["macs_per_step"] as? Bool } == [false, true])
        let byParams = try #require(try JSONSerialization.jsonObject(with: Data(
            try cli.output(["rank", "--by", "params", "--name", "pstep*", "--format", "json"]).utf8)) as? [[String: Any]])
        #expect(byParams.allSatisfy { $0["macs_per_step"] == nil })
        let rankCSV = parseCSV(try cli.output(["rank", "--by", "macs", "--name", "pstep*", "--format", "csv"]))
        #expect(rankCSV.first == ["rank", "name", "macs", "complete", "macs_per_step"])
        #expect(rankCSV.dropFirst().map(\.last) == ["false", "true"])
        let rankTable = try cli.output(["rank", "--by", "macs", "--name", "pstep*"])
        #expect(rankTable.contains("784 \u{2020}") && rankTable.contains("\u{2020} MACs per step"), "\(rankTable)")

        let compared = try cli.output(["compare", "pstep_seq", "pstep_fixed"])
        #expect(compared.contains("784 \u{2020}") && compared.contains("\u{2020} MACs per step"), "\(compared)")
        let compareCSV = parseCSV(try cli.output(["compare", "pstep_seq", "pstep_fixed", "--format", "csv"]))
        #expect(compareCSV.first?.last == "macs_per_step")
        #expect(compareCSV.dropFirst().map(\.last) == ["true", "false"])

        let shown = try #require(try JSONSerialization.jsonObject(with: Data(
            try cli.output(["show", "pstep_seq", "--format", "json"]).utf8)) as? [String: Any])
        #expect(shown["macs_per_step"] as? Bool == true)
        #expect(shown["per_step_mac_layers"] as? [String] == ["lstm"])
    }
}
