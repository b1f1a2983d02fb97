import CatalogTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Whether `program` is on the PATH.
func isInstalled(_ program: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
    }
}

/// Runs `program` with `arguments`, `input` on stdin; returns the exit status and stdout.
func runProgram(_ program: String, _ arguments: [String], input: Data = Data()) throws -> (Int32, Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let stdin = Pipe(), stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = FileHandle.nullDevice
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, data)
}

/// Counts elements and collects text of an XML document; fails on a document that is not well-formed.
final class XMLScan: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var text = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements[name, default: 0] += 1
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}

/// The data `catalog report` embeds once: `architectures` (one array per architecture: name,
/// framework, total, trainable, non-trainable, MACs, layers, depth, parameter bytes, input shapes,
/// output shapes, complete, uncounted, tags, description, source) and `layers` (per architecture
/// its layers as [name, type, output shape, params, MACs, connected to], or null when left out;
/// the page stores the strings once, in `strings`, and rows their indices).
struct ReportData {
    var architectures: [[Any]]
    /// Each layer with its strings resolved.
    var layers: [[[Any]]?]

    init(html: String) throws {
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"catalog-data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let text = String(html[start.upperBound..<end.lowerBound])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        architectures = try #require(object["architectures"] as? [[Any]])
        let strings = try #require(object["strings"] as? [String])
        layers = try #require(object["layers"] as? [Any]).map { rows in
            (rows as? [[Any]])?.map { row in
                [strings[row[0] as! Int], strings[row[1] as! Int], strings[row[2] as! Int], row[3], row[4], strings[row[5] as! Int]]
            }
        }
    }
}

@Suite("CLI: export, report and query")
struct ExportReportQueryTests {
    @Test("export --format dot: one box per layer with name, type, shape and parameters; an edge per input")
    func exportDot() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        expectSameText(try cli.output(["export", "odd", "--format", "dot"]), """
            digraph "odd" {
              graph [rankdir=TB, fontname="Helvetica", fontsize=14, labelloc=t, label="odd: ≥ 49 params, ≥ 44 MACs (keras convention)", nodesep=0.25, ranksep=0.3];
              node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, margin="0.12,0.04", fillcolor="#ffffff", color="#555555"];
              edge [color="#777777", arrowsize=0.6];
              "input" [label="input: InputLayer\\n(10,)", fillcolor="#ffffff"];
              "hidden" [label="hidden: Dense\\n(4,)\\n44 params", fillcolor="#fde2c8"];
              "fancy" [label="fancy: FancyLayer\\n(4,)\\nparams unknown", style="rounded,filled,dashed", fillcolor="#ffffff"];
              "out" [label="out: Dense\\n(1,)\\n5 params", fillcolor="#fde2c8"];
              "input" -> "hidden";
              "hidden" -> "fancy";
              "fancy" -> "out";
            }

            """)
    }

    @Test(
        "Graphviz renders every architecture's graph to SVG (when dot is installed)",
        .enabled(if: isInstalled("dot"), "Graphviz's dot is not installed"))
    func dotRendersToSVG() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for name in ["lenet5", "resnet50", "mobilenet_v1"] {
            let graph = try cli.run(["export", name, "--format", "dot"])
            #expect(graph.status == 0, "\(graph)")
            let (status, svg) = try runProgram("dot", ["-Tsvg"], input: graph.stdoutData)
            #expect(status == 0, "dot failed on \(name)")
            let text = String(decoding: svg, as: UTF8.self)
            #expect(text.contains("<svg"), "\(name)")
            // One node per layer: ResNet-50 has 176 layers (list --format json "layers").
            let layers = try cli.listJSON(["--name", name]).first?["layer_count"] as? Int ?? -1
            #expect(text.components(separatedBy: "class=\"node\"").count - 1 == layers, "\(name)")
        }
    }

    @Test("report: one well-formed, self-contained HTML file with every architecture and total")
    func report() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let output = cli.path("catalog.html")
        let result = try cli.run(["report", "--output", output])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "wrote \(output): 11 architectures\n")
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        let html = String(decoding: data, as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))

        let scan = XMLScan()
        let parser = XMLParser(data: data)
        parser.delegate = scan
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
        // Three charts (parameters, MACs, parameters against MACs); the data once, the script once.
        #expect(scan.elements["svg"] == 3)
        #expect(scan.elements["script"] == 2)
        // The scatter has a point per architecture, each named on hover.
        #expect(scan.elements["circle"] == 11)
        let embedded = try ReportData(html: html)
        #expect(embedded.architectures.count == 11)

        // Self-contained: nothing is fetched (sources appear as text, never as links).
        for reference in ["src=", "<link", "@import", "url(", "href=\"http", "href=\"//"] {
            #expect(!html.contains(reference), "\(reference)")
        }

        for row in try cli.listJSON() {
            let name = try #require(row["name"] as? String)
            let total = try #require(row["total_params"] as? Int)
            let macs = try #require(row["macs"] as? Int)
            // Named on hover in the scatter, with its grouped totals; in the embedded data raw.
            #expect(scan.text.contains("\(name): \(total.groupedForTests) params, \(macs.groupedForTests) MACs"), "\(name)")
            let index = try #require(embedded.architectures.firstIndex { $0[0] as? String == name }, "\(name)")
            let values = embedded.architectures[index]
            #expect(values[2] as? Int == total && values[5] as? Int == macs, "\(name)")
            let layers = try #require(embedded.layers[index])
            #expect(layers.count == row["layer_count"] as? Int, "\(name)")
        }
    }

    @Test("report NAME… writes only those; '-' is stdout; an unknown name exits 66")
    func reportSelection() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let result = try cli.run(["report", "odd", "tiny", "--output", "-"])
        #expect(result.status == 0, "\(result)")
        let scan = XMLScan()
        let parser = XMLParser(data: result.stdoutData)
        parser.delegate = scan
        #expect(parser.parse())
        let data = try ReportData(html: result.stdout)
        #expect(data.architectures.map { $0[0] as? String } == ["odd", "tiny"])
        #expect(data.architectures.map { $0[11] as? Bool } == [false, true], "odd is incomplete")
        // odd's layers with Keras' "Connected to": its last layer consumes fancy.
        #expect(data.layers[0]?.last?[5] as? String == "fancy[0][0]")
        #expect(scan.text.contains("≥ 49"), "odd's total is a lower bound")
        #expect(scan.text.contains("13,610"))
        #expect(!scan.text.contains("small_bn"))
        let unknown = try cli.run(["report", "nosuch", "--output", cli.path("x.html")])
        #expect(unknown.status == 66, "\(unknown)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.html")))
    }

    @Test("query: read-only SQL with the output formats")
    func query() throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let sql = "SELECT architecture, count(*) AS layers, sum(params) AS params FROM layer_summary GROUP BY architecture ORDER BY 3 DESC"
        expectSameText(try cli.output(["query", sql]), """
            architecture  layers  params
            ────────────────────────────
            lenet5             9  61,706
            tiny               5  13,610
            small_bn           5     134
            small_bn_pt        5     126
            odd                4      49

            """)
        expectSameText(try cli.output(["query", sql, "--format", "csv"]), """
            architecture,layers,params
            lenet5,9,61706
            tiny,5,13610
            small_bn,5,134
            small_bn_pt,5,126
            odd,4,49

            """)
        expectSameText(try cli.output(["query", "SELECT name, complete, activation_elements / 2.0 AS half, NULL AS missing FROM architecture_summary WHERE name = ?", "--param", "odd", "--format", "jsonl"]), """
            {"complete":0,"half":4.5,"missing":null,"name":"odd"}

            """)
        // JSON has no infinity: SQLite's 1e308 · 10 is null there (it crashed the writer), inf in CSV.
        expectSameText(try cli.output(["query", "SELECT 1e308 * 10 AS big, -1e308 * 10 AS small, 0.5 AS half", "--format", "jsonl"]), """
            {"big":null,"half":0.5,"small":null}

            """)
        expectSameText(try cli.output(["query", "SELECT 1e308 * 10 AS big", "--format", "csv", "--no-headers"]), "inf\n")
        expectSameText(try cli.output(["query", "SELECT tag FROM architecture_tags JOIN architectures ON id = architecture_id WHERE name = 'small_bn_pt' ORDER BY tag", "--format", "markdown", "--no-headers"]), """
            | bn |
            | cnn |
            | PyTorch |

            """)
    }

    @Test(
        "query refuses statements that write, several statements and bad SQL (exit 65); the database is unchanged",
        arguments: [
            "DELETE FROM architectures", "UPDATE architectures SET total_params = 0", "DROP TABLE layers",
            "INSERT INTO architecture_tags VALUES (1, 'x')", "CREATE TABLE t (x)", "PRAGMA user_version = 7",
            "SELECT 1; DELETE FROM architectures", "SELEC 1", "SELECT * FROM nosuch", "VACUUM",
            "ATTACH 'other.sqlite' AS other", "SELECT ?",
        ])
    func queryIsReadOnly(_ sql: String) throws {
        let cli = try SmallCatalog.make()
        defer { cli.cleanUp() }
        let before = try cli.output(["list", "--format", "json"])
        let version = try cli.output(["query", "PRAGMA user_version"])
        let result = try cli.run(["query", sql])
        #expect(result.status == 65, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.hasPrefix("error: invalid query: "), "\(result)")
        #expect(try cli.output(["list", "--format", "json"]) == before)
        #expect(try cli.output(["query", "PRAGMA user_version"]) == version)
        #expect(!FileManager.default.fileExists(atPath: cli.path("other.sqlite")))
    }
}

extension Int {
    /// `1,234,567`, as the tables print it (written independently of the CLI's own helper).
    var groupedForTests: String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        formatter.usesGroupingSeparator = true
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: NSNumber(value: self)) ?? "\(self)"
    }
}
