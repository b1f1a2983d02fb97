import CatalogCore
import Foundation
import Testing
@testable import CatalogService

/// The text columns are written by `JSONEncoder` (shapes formatted directly) and read through
/// `JSONSerialization` rather than `Codable`; the text must be what `JSONEncoder` writes for
/// every value, and reading must give what `JSONDecoder` gives.
@Suite("JSON text columns: JSONSerialization path equals Codable")
struct JSONTextTests {
    static func foundation<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static let strings = [
        "", "a", "conv2d_1", "a/b", "quote\"", "back\\slash", "tab\t", "nl\n", "cr\r", "\u{8}\u{c}", "\u{1}\u{1f}",
        "\u{7f}", "é", "e\u{301}", "日本", "😀", "\u{2028}", "１", "\u{10000}", "x y", "Z", "_", "10", "9",
    ]

    @Test(arguments: strings)
    func stringsAreWrittenAsFoundationWrites(_ string: String) {
        #expect(JSONText.encode([string]) == Self.foundation([string]))
    }

    @Test func numbersAreWrittenAsFoundationWrites() {
        let doubles = [0.99, 1e-05, 1.001e-05, 1e20, 1e16, 1e15, 123456789.123, 2.0, -0.0, 0.1, 1.0 / 3.0,
                       5e-324, 1.7976931348623157e308, 100.0, 1e21, 12345678901234567.0, 0.000123, -2.5]
        for number in doubles {
            #expect(JSONText.encode(["k": ConfigValue.double(number)]) == Self.foundation(["k": ConfigValue.double(number)]))
        }
        for integer in [0, 1, 9, 10, -1, -10, Int.max, Int.min, 1_000_000] {
            #expect(JSONText.encode([[integer, nil]]) == Self.foundation([[integer, nil]]))
        }
    }

    @Test func keysAreSortedAsJSONEncoderSorts() throws {
        // "é" and "e\u{301}" are one key to Swift: the first stays. JSONEncoder's .sortedKeys
        // order (UTF-8) is the columns' order: deterministic either way.
        let config = Dictionary(Self.strings.enumerated().map { ($1, ConfigValue.int($0)) }, uniquingKeysWith: { first, _ in first })
        #expect(JSONText.encode(config) == Self.foundation(config))
        #expect(JSONText.decode([String: ConfigValue].self, JSONText.encode(config)) == config)
    }

    @Test func columnTypesRoundTrip() throws {
        let shapes: [[Int?]] = [[224, 224, 3], [nil, 8], []]
        let calls: [[[Int?]]] = [[[112, 112, 64]], [[nil], [1, 2]], []]
        let inbound = [[InboundEntry(TensorReference(layer: "conv\"1", node: 1, tensor: 2))], []]
        #expect(JSONText.encode(shapes) == Self.foundation(shapes))
        #expect(JSONText.encode(calls) == Self.foundation(calls))
        #expect(JSONText.encode(inbound) == Self.foundation(inbound))
        #expect(JSONText.decode([[Int?]].self, JSONText.encode(shapes)) == shapes)
        #expect(JSONText.decode([[[Int?]]].self, JSONText.encode(calls)) == calls)
        let read = try #require(JSONText.decode([[InboundEntry]].self, JSONText.encode(inbound)))
        #expect(read.map { $0.map(\.reference) } == inbound.map { $0.map(\.reference) })
        #expect(JSONText.decode([String].self, JSONText.encode(Self.strings)) == Self.strings)
    }

    /// Text Foundation reads differently from the strict form: the same answer either way.
    @Test(arguments: [
        "[[1.0,null]]", "[[1.5]]", "[[\"a\"]]", "[1]", "{}", "[[1,],]", "[[1e3]]", "nonsense", "[[9007199254740993.0]]",
    ])
    func shapesReadAsFoundationReads(_ text: String) {
        #expect(JSONText.decode([[Int?]].self, text) == (try? JSONDecoder().decode([[Int?]].self, from: Data(text.utf8))))
    }

    @Test(arguments: ["[[[\"a\",0,0,7]]]", "[[[\"a\",0]]]", "[[[\"a\",0.0,1]]]", "[[[1,0,0]]]", "[[]]", "[[[\"a\",0,0]],]"])
    func inboundReadsAsFoundationReads(_ text: String) {
        let fast = JSONText.decode([[InboundEntry]].self, text)?.map { $0.map(\.reference) }
        let slow = (try? JSONDecoder().decode([[InboundEntry]].self, from: Data(text.utf8)))?.map { $0.map(\.reference) }
        #expect(fast == slow)
    }

    /// Random configs of every value kind, written by both.
    @Test func randomConfigsAreWrittenAsFoundationWrites() throws {
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func value(_ depth: Int) -> ConfigValue {
            switch next(depth > 2 ? 6 : 8) {
            case 0: return [.null, .bool(true), .bool(false)][next(3)]
            case 1: return .int(next(2_000_000) - 1_000_000)
            case 2: return .double(Double(next(1_000_000)) / Double([1, 3, 7, 1000, 1_000_000][next(5)]) * [1, -1][next(2)])
            case 3, 4, 5: return .string(Self.strings[next(Self.strings.count)] + Self.strings[next(Self.strings.count)])
            case 6: return .array((0..<next(4)).map { _ in value(depth + 1) })
            default:
                return .object(Dictionary((0..<next(5)).map { _ in (Self.strings[next(Self.strings.count)], value(depth + 1)) },
                                          uniquingKeysWith: { first, _ in first }))
            }
        }
        for _ in 0..<300 {
            guard case .object(let config) = value(3) else { continue }
            let text = JSONText.encode(config)
            #expect(text == Self.foundation(config))
            #expect(JSONText.decode([String: ConfigValue].self, text) == config)
        }
    }

    /// `JSONEncoder` refuses NaN and infinity anywhere in a config, and containers nested 512
    /// deep: the text is then `null`, as the generic path writes.
    @Test func unencodableConfigsAreNull() {
        for number in [Double.nan, .infinity, -.infinity] {
            let config: [String: ConfigValue] = ["a": .int(1), "b": .array([.object(["c": .double(number)])])]
            #expect(JSONText.encode(config) == "null")
            #expect((try? JSONEncoder().encode(config)) == nil)
        }
        func nested(_ depth: Int) -> [String: ConfigValue] {
            var value = ConfigValue.int(1)
            for level in 1..<depth { value = level.isMultiple(of: 2) ? .array([value]) : .object(["k": value]) }
            return ["k": value]
        }
        for depth in [2, 3, 100, 510, 511, 512, 513, 600] {
            let config = nested(depth)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let expected = (try? encoder.encode(config)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
            #expect(JSONText.encode(config) == expected, "depth \(depth)")
        }
    }

    @Test func namedNumbersAndTextsAreWrittenAsFoundationWrites() {
        let counts = Dictionary(Self.strings.enumerated().map { ($1, $0 * 7919 - 50_000) }, uniquingKeysWith: { first, _ in first })
        #expect(JSONText.encode(counts) == Self.foundation(counts))
        #expect(JSONText.encode(["F16": 8, "Q4_K": Int.max, "q4_k": Int.min]) == Self.foundation(["F16": 8, "Q4_K": Int.max, "q4_k": Int.min]))
        let texts = Dictionary(Self.strings.enumerated().map { ($1, Self.strings[($0 * 5) % Self.strings.count]) }, uniquingKeysWith: { first, _ in first })
        #expect(JSONText.encode(texts) == Self.foundation(texts))
        #expect(JSONText.encode([String: Int]()) == Self.foundation([String: Int]()))
        #expect(JSONText.encode([String]()) == Self.foundation([String]()))
    }

    /// Inbound lists and output shapes of random layers, written by both.
    @Test func randomInboundAndShapesAreWrittenAsFoundationWrites() {
        var state: UInt64 = 5
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<300 {
            let calls = (0..<next(4)).map { _ in
                (0..<next(4)).map { _ in
                    TensorReference(layer: Self.strings[next(Self.strings.count)] + Self.strings[next(Self.strings.count)],
                                    node: next(5) - 1, tensor: [0, 1, 2, Int.max, Int.min][next(5)])
                }
            }
            #expect(Array(JSONText.encode(calls).utf8) == Array(Self.foundation(calls.map { $0.map(InboundEntry.init) }).utf8))
            let shapes = (0..<next(4)).map { _ in
                (0..<next(4)).map { _ in TensorShape((0..<next(5)).map { _ in next(3) == 0 ? nil : next(100_000) - 10 }) }
            }
            let text = JSONText.encode(shapes)
            #expect(text == Self.foundation(shapes.map { $0.map(\.dimensions) }))
            #expect(JSONText.decode([[[Int?]]].self, text) == shapes.map { $0.map(\.dimensions) })
        }
    }

    /// The direct readers of plain lists give what Foundation's path gives, or leave the text to it.
    @Test(arguments: [
        "[]", "[[]]", "[[1,2,3]]", "[[null,8],[]]", "[[0]]", "[[-0]]", "[[-5]]", "[[01]]", "[[1.0]]", "[[1e3]]", "[[1E3]]",
        "[[123456789012345678]]", "[[1234567890123456789]]", "[[9223372036854775807]]", "[[1,]]", "[[1] ]", " [[1]]",
        "[[1]]x", "[[nul]]", "[[null]", "[[\"a\"]]", "[1]", "[[true]]", "[[-]]", "",
    ])
    func plainShapesReadAsFoundationReads(_ text: String) {
        #expect(JSONText.decode([[Int?]].self, text) == (try? JSONDecoder().decode([[Int?]].self, from: Data(text.utf8))))
        if let plain = JSONText.Plain.shapes(text) {
            #expect(plain == (try? JSONDecoder().decode([[Int?]].self, from: Data(text.utf8))))
        }
        let calls = "[" + text + "]"
        #expect(JSONText.decode([[[Int?]]].self, calls) == (try? JSONDecoder().decode([[[Int?]]].self, from: Data(calls.utf8))))
    }

    @Test(arguments: [
        "[]", "[\"\"]", "[\"a\",\"b\"]", "[\"a/b\"]", "[\"\\u00e9\"]", "[\"\\n\"]", "[\"caf\u{e9}\"]", "[\"e\u{301}\"]",
        "[\"\u{7f}\"]", "[\"\u{1}\"]", "[\"a\",]", "[\"a\"", "[\"a\"] ", "[1]", "[\"日本 😀\"]", "[\"\\\"\"]",
    ])
    func plainStringsReadAsFoundationReads(_ text: String) {
        let foundation = try? JSONDecoder().decode([String].self, from: Data(text.utf8))
        let read = JSONText.decode([String].self, text)
        #expect(read.map { $0.map { Array($0.utf8) } } == foundation.map { $0.map { Array($0.utf8) } })
        if let plain = JSONText.Plain.strings(text) {
            #expect(plain.map { Array($0.utf8) } == foundation.map { $0.map { Array($0.utf8) } })
        }
    }
}
