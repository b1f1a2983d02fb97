import Foundation
import Testing

@testable import CatalogImport

/// YAML work is bounded by the file's size: a YAML file over 4 MiB is refused before Yams parses
/// it (Yams builds the whole tree first: about 1 s and 60 MB per MB), with a message pointing to
/// JSON; the same bytes as JSON are within JSON's 64 MiB limit.
@Suite("YAML size limit")
struct YAMLSizeLimitTests {
    @Test("a 5 MiB YAML list is refused at once, naming both limits")
    func largeYAMLRefused() throws {
        var text = "name: big\ninput: [4]\nlayers:\n"
        let line = "  - {type: Dense, units: 2}\n"
        while text.utf8.count <= 5 * 1024 * 1024 { text += String(repeating: line, count: 1000) }
        let start = Date()
        #expect {
            try DocumentParser.parse(Data(text.utf8), file: "big.yaml")
        } throws: { error in
            "\(error)" == "big.yaml: YAML file of \(text.utf8.count) bytes; YAML is read up to 4194304 bytes (JSON up to 67108864): convert it to JSON"
        }
        #expect(Date().timeIntervalSince(start) < 30)  // generous: the refusal reads no YAML
    }

    @Test("a small YAML file is still read")
    func smallYAMLRead() throws {
        let value = try DocumentParser.parse(Data("name: small\ninput: [4]\nlayers:\n  - {type: Dense, units: 2}\n".utf8), file: "s.yaml")
        #expect(value.objectValue?["name"] == .string("small"))
    }
}
