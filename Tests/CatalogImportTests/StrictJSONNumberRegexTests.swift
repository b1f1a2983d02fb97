@testable import CatalogImport
import Foundation
import Testing

/// `StrictJSON`'s number check against RFC 8259's number grammar (section 6), written here as
/// the regular expression the RFC's ABNF spells out, and against the verdicts of Python's
/// `json.loads` (strict RFC numbers) listed by hand.
@Suite struct StrictJSONNumberRegexTests {
    static let grammar = #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#

    /// `json.loads` reads these as numbers.
    static let valid = [
        "0", "-0", "1", "-1", "10", "907", "1.5", "0.5", "-0.5", "0.0", "1e5", "1E5", "1e+5", "1e-5", "0e0",
        "-0.0e-0", "1.25e-10", "123456789012345678901234567890", "1.000000000000000000001",
    ]
    /// `json.loads` refuses these (every byte is one a number's token may hold).
    static let invalid = [
        "01", "-01", "00", "1.", ".5", "-", "--1", "1e", "1e+", "1.e5", "+1", "1-2", "1e5.5", "1ee5", "-.5",
        "1.5.5", "1e5e5", "e5", "1+", "0-", "-e", "1.-5",
    ]

    @Test func numbersFollowRFC8259() throws {
        for token in Self.valid {
            #expect(token.range(of: Self.grammar, options: .regularExpression) != nil, "\(token)")
            #expect(StrictJSON.isNumber(ArraySlice(token.utf8)), "\(token)")
            try StrictJSON.validate(Data("[\(token)]".utf8), file: "n.json")
        }
        for token in Self.invalid {
            #expect(token.range(of: Self.grammar, options: .regularExpression) == nil, "\(token)")
            #expect(!StrictJSON.isNumber(ArraySlice(token.utf8)), "\(token)")
            #expect(performing: { try StrictJSON.validate(Data("[\(token)]".utf8), file: "n.json") },
                    throws: { "\($0)".contains("'\(token)' is not a JSON value") && "\($0)".contains("n.json") })
        }
    }
}
