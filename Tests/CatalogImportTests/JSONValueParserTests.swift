import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// The fast JSON reader must give exactly what Foundation's `JSONDecoder` gives for
/// ``ConfigValue``, or step aside (`nil`) so that Foundation decides.
@Suite("Fast JSON reader agrees with JSONDecoder")
struct JSONValueParserTests {
    static func foundation(_ text: String) -> ConfigValue? {
        try? JSONDecoder().decode(ConfigValue.self, from: Data(text.utf8))
    }

    /// Strict JSON the fast reader must read itself, each the same as Foundation.
    @Test(arguments: [
        "3", "-5", "0", "-0", "3.0", "-0.0", "2.5", "1e3", "1E3", "1.0e2", "4.0e0", "0e0", "1e-5",
        "1.001e-05", "0.001", "1000e-3", "9223372036854775807", "-9223372036854775808",
        "9007199254740993", "1.0000000000000001", "1e-400", "5e-324", "0.1", "-2.75e-3", "9007199254740991.0",
        "true", "false", "null", "\"\"", "\"a\\u0000b\"", "\"\\ud83d\\ude00\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
        "\"caf\\u00e9 ✓\"", "[]", "{}", "[1,2.0,\"x\",null,[true]]", "  {\"x\" : [ true , false, null ] }  ",
        "{\"a\":{\"b\":{\"c\":[1,[2,[3]]]}},\"d\":-1.5}", "\"é\"",
    ])
    func readsStrictJSON(_ text: String) throws {
        let fast = try #require(JSONValueParser.parse(Array(text.utf8)), "the fast reader stepped aside")
        #expect(fast == Self.foundation(text))
    }

    /// Text the fast reader leaves to Foundation (which accepts some and refuses others).
    @Test(arguments: [
        "[1,]", "{\"a\":1,}", "{\"a\":1,\"a\":2}", "\"\\ud83d\"", "\"\\udc00\"", "01", "1.", ".5", "+1", "NaN",
        "\"\t\"", "1 2", "1e400", "-1e400", "12345678901234567890", "9223372036854775808",
        "9007199254740993.0", "-9007199254740993.1", "123456789012345678.0", "1e19", "1.5e300", "[1", "{\"a\"}", "\"\\x\"", "tru", "nul", "",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func stepsAside(_ text: String) {
        #expect(JSONValueParser.parse(Array(text.utf8)) == nil)
    }

    /// Every Keras fixture and seed reads the same both ways, through the fast path.
    @Test(arguments: ExplanationConsistencyTests.files)
    func fixturesReadTheSame(_ url: URL) throws {
        let data = try Data(contentsOf: url)
        let fast = try #require(JSONValueParser.parse(data))
        #expect(fast == (try JSONDecoder().decode(ConfigValue.self, from: data)))
    }

    /// Random documents of every value kind, written compactly and with whitespace.
    @Test func randomDocumentsReadTheSame() throws {
        var generator = SplitMix(seed: 7)
        for _ in 0..<500 {
            let text = Self.randomJSON(&generator, depth: 0)
            let fast = JSONValueParser.parse(Array(text.utf8))
            if let fast { #expect(fast == Self.foundation(text), "\(text)") }
        }
    }

    static func randomJSON(_ generator: inout SplitMix, depth: Int) -> String {
        let space = generator.next(4) == 0 ? " \n" : ""
        switch generator.next(depth > 3 ? 6 : 8) {
        case 0: return ["true", "false", "null"][generator.next(3)]
        case 1: return String(Int(bitPattern: UInt(generator.next(UInt64.max))) >> generator.next(64))
        case 2:
            let mantissa = ["0", "1", "25", "3", "100", "9007199254740993", "7"][generator.next(7)]
            let fraction = ["", ".0", ".5", ".000", ".125", ".1"][generator.next(6)]
            let exponent = ["", "e0", "e3", "E-2", "e+5", "e-7", "e20", "e-300"][generator.next(8)]
            return (generator.next(2) == 0 ? "-" : "") + mantissa + fraction + exponent
        case 3, 4, 5:
            let pieces = ["a", "Z", " ", "\\n", "\\u00e9", "\\ud83d\\ude00", "é", "\\\"", "\\\\", "_1"]
            return "\"" + (0..<generator.next(6)).map { _ in pieces[generator.next(pieces.count)] }.joined() + "\""
        case 6:
            let elements = (0..<generator.next(4)).map { _ in randomJSON(&generator, depth: depth + 1) }
            return "[" + space + elements.joined(separator: "," + space) + "]"
        default:
            let members = (0..<generator.next(4)).map { index in
                "\"k\(index)\"" + space + ":" + space + randomJSON(&generator, depth: depth + 1)
            }
            return "{" + space + members.joined(separator: ",") + space + "}"
        }
    }
}

/// A small deterministic random number generator for the tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return bound == .max ? z : z % bound
    }
    mutating func next(_ bound: Int) -> Int { Int(next(UInt64(bound))) }
}
