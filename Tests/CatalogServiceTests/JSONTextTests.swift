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
}
