import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

/// ``ConfigValue/parsePlainJSON(_:)`` against JSONSerialization (the reader it stands in for):
/// whenever the plain path gives a value, it is the value JSONSerialization's gives, except a
/// float of a long mantissa, which is the double Python's `json` reads (Fixtures/json/numbers.json)
/// where JSONSerialization rounds through Decimal.
@Suite("config JSON without JSONSerialization")
struct ConfigPlainJSONTests {
    static func reference(_ data: Data) -> ConfigValue? {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        return ConfigValue(jsonObject: object)
    }

    /// Equal, with doubles within 8 units in the last place of each other: JSONSerialization's
    /// rounding of long mantissas (the exact doubles are tested against Python below).
    static func same(_ a: ConfigValue?, _ b: ConfigValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (.double(let x)?, .double(let y)?): return x == y || abs(x - y) <= 8 * max(x.ulp, y.ulp)
        case (.array(let x)?, .array(let y)?): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x)?, .object(let y)?):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { same(value, $0) } ?? false }
        default: return a == b
        }
    }

    /// (text, whether the plain path must take it)
    static let texts: [(String, Bool)] = [
        (#"{"hidden_size": 4096, "rope_theta": 500000.0, "rms_norm_eps": 1e-05, "tie": false, "x": null}"#, true),
        (#"[0, -0, -1, 9223372036854775807, -1234567890123456, 1.5, -2.25e-3, 1E2, 0.1, 3.141592653589793]"#, true),
        (#" "a\u00e9\n\ud83d\ude00\/" "#, true),
        (#"{"a": {"b": [[], {}, [true]]}, "": ""}"#, true),
        (#"[9223372036854775808]"#, false),
        (#"[-123456789012345678]"#, true),
        (#"[1.2345678901234567890]"#, true),
        (#"[1e400]"#, false),
        (#"{"a": 1, "a": 2}"#, false),
        (#"["\ud800"]"#, false),
        (#"[1,]"#, false),
        (#"{"a": 1} x"#, false),
        ("", false),
    ]

    @Test(arguments: 0..<texts.count)
    func agreesWithJSONSerialization(_ number: Int) throws {
        let (text, plain) = Self.texts[number]
        let data = Data(text.utf8)
        let fast = ConfigValue.parsePlainJSON(data)
        #expect((fast != nil) == plain, "\(text)")
        if let fast { #expect(Self.same(fast, Self.reference(data))) }
        #expect(Self.same(ConfigValue.parseJSON(data), Self.reference(data)))
    }

    /// Floats of 16 to 25 significant digits read as Python's `json.loads` reads them, bit for bit
    /// (scripts/json_numbers_table.py): `0.1111111111111111` is 0.1111111111111111, not
    /// JSONSerialization's 0.11111111111111109, so 9 rows scaled by it floor to 1, as in torch.
    @Test func floatsAreTheNearestDoubles() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/json/numbers.json")
        let table = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try #require(table["cases"] as? [[String: String]])
        #expect(cases.count > 400)
        for row in cases {
            let text = try #require(row["text"]), bits = try #require(row["bits"].flatMap { UInt64($0) })
            let value = ConfigValue.parseJSON(Data("[\(text)]".utf8))
            #expect(value == .array([.double(Double(bitPattern: bits))]), "\(text)")
        }
        // The shape formula's floor (torch's nearest upsampling): ⌊9 · 0.1111111111111111⌋ = 1.
        guard case .double(let scale)? = ConfigValue.parseJSON(Data("0.1111111111111111".utf8)) else {
            Issue.record("not a double")
            return
        }
        #expect(Int((9 * scale).rounded(.down)) == 1)
    }

    /// Doubles written with 1 to 15 significant digits (at most 17 characters before the exponent), in plain and exponent form.
    @Test func numbersRoundAsJSONSerializationRounds() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var texts: [String] = []
        for _ in 0..<400 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Double(bitPattern: (state >> 2) & 0x3FEF_FFFF_FFFF_FFFF) * (state & 1 == 0 ? 1 : -1)
            let digits = Int(state >> 59) % 15 + 1
            texts.append(String(format: "%.\(digits)g", value))
            texts.append(String(format: "%.\(max(digits - 1, 0))e", value))
        }
        let data = Data(("[" + texts.joined(separator: ",") + "]").utf8)
        let fast = try #require(ConfigValue.parsePlainJSON(data))
        #expect(Self.same(fast, Self.reference(data)))
    }

    /// Every JSON fixture of this target (Keras, Hugging Face, ONNX sidecars, expected values).
    @Test func fixturesReadAsJSONSerializationReadsThem() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") } ?? []
        #expect(files.count > 100)
        var plain = 0
        for file in files {
            let data = try Data(contentsOf: root.appendingPathComponent(file))
            guard let fast = ConfigValue.parsePlainJSON(data) else { continue }
            plain += 1
            #expect(Self.same(fast, Self.reference(data)), "\(file)")
        }
        #expect(plain > files.count / 2)
    }
}
