import Foundation
import Testing

@testable import CatalogImport

/// Numbers as RFC 8259 section 6 defines them: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
/// The expectations are the grammar applied by hand to each text.
@Suite struct StrictJSONNumberTests {
    static let valid = ["0", "-0", "7", "-12", "10", "3.25", "-0.5", "1e5", "1E5", "1e+5", "1e-5", "-0.0e-0", "2.5E+10", "1E400",
                        "123456789012345678901234567890"]
    static let invalid = ["01", "-01", "00", "1.", ".5", "-", "+1", "1e", "1e+", "1.e5", "1.5e", "--1", "1-", "1e5.5", "0x10", "1..2", "1e5e5"]

    @Test(arguments: valid) func accepted(text: String) throws {
        try StrictJSON.validate(Data("[\(text)]".utf8), file: "numbers.json")
    }

    @Test(arguments: invalid) func refused(text: String) {
        #expect(performing: {
            try StrictJSON.validate(Data("[\(text)]".utf8), file: "numbers.json")
        }, throws: { "\($0)".contains("numbers.json") && "\($0)".contains("not valid JSON") })
    }

    @Test func refusalNamesTheText() {
        #expect(performing: {
            try StrictJSON.validate(Data(#"{"units": 012}"#.utf8), file: "numbers.json")
        }, throws: { "\($0)".contains("'012' is not a JSON value") })
    }
}
