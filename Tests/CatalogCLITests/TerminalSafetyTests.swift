import CatalogTestSupport
import Foundation
import Testing

/// Control characters in names reach human tables escaped, never raw; JSON keeps the exact text.
@Suite("Control characters in human output")
struct TerminalSafetyTests {
    @Test("A layer name with a tab, a newline and ESC is escaped in the show table, exact in JSON")
    func layerNamesAreEscaped() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // Layer names may hold a tab and a newline (NUL and ESC are refused at add).
        try cli.write("tabbed.json", """
            {"name": "tabbed", "input": [4], "layers": [{"type": "Dense", "name": "a\\tb\\nc", "units": 2}]}
            """)
        #expect(try cli.run(["add", cli.path("tabbed.json")]).status == 0)
        let table = try cli.output(["show", "tabbed"])
        #expect(table.contains("a\\tb\\nc (Dense)"), "\(table)")
        #expect(!table.contains("\t"))
        let json = try cli.output(["show", "tabbed", "--format", "json"])
        #expect(json.contains(#""a\tb\nc""#), "\(json)")
        let markdown = try cli.output(["show", "tabbed", "--format", "markdown"])
        #expect(markdown.contains("a\\tb\\nc"), "\(markdown)")
    }
}
