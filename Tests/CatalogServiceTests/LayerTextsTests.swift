import CatalogCore
import Foundation
import Testing
@testable import CatalogService

/// The layer texts of an add (configs, inbound lists, output shapes) are the text `JSONEncoder`
/// writes for each value, byte for byte, however often the value (or an equal one) comes.
@Suite("Layer texts of an add")
struct LayerTextsTests {
    /// Each value encoded twice against a fresh `JSONEncoder`, compared as bytes: Swift's `==` on strings ignores normalization.
    @Test func configsAreTheTextsOfAFreshEncoding() {
        let configs: [[String: ConfigValue]] = [
            [:],
            ["filters": .int(16), "kernel_size": .int(3), "padding": .string("same")],
            ["path": .string("a/b/c"), "rate": .double(0.5), "epsilon": .double(1e-05)],
            ["nested": .object(["b": .array([.int(1), .null, .bool(true)]), "a": .object(["z": .double(-2.5)])])],
            ["name": .string("日本 😀"), "quote": .string("say \"hi\"\n")],
            ["e\u{301}": .string("x")], ["\u{e9}": .string("y")],
            ["zero": .double(0.0)], ["zero": .double(-0.0)], ["zero": .int(0)],
        ]
        for _ in 0..<2 {
            for config in configs {
                #expect(Array(JSONText.encode(config).utf8) == Array(JSONTextTests.foundation(config).utf8))
            }
        }
    }

    @Test func handWrittenTexts() {
        let conv: [String: ConfigValue] = ["padding": .string("same"), "kernel_size": .int(3), "filters": .int(16)]
        #expect(JSONText.encode(conv) == #"{"filters":16,"kernel_size":3,"padding":"same"}"#)
        #expect(JSONText.encode(conv) == #"{"filters":16,"kernel_size":3,"padding":"same"}"#)
        let nested: [String: ConfigValue] = ["initializer": .object(["class_name": .string("a/b"), "seed": .null]), "rate": .double(0.25)]
        #expect(JSONText.encode(nested) == #"{"initializer":{"class_name":"a/b","seed":null},"rate":0.25}"#)
        #expect(JSONText.encode(nested) == #"{"initializer":{"class_name":"a/b","seed":null},"rate":0.25}"#)
        #expect(JSONText.encode([[TensorReference(layer: "conv1")], [TensorReference(layer: "a/b", node: 1, tensor: 2)]])
            == #"[[["conv1",0,0]],[["a/b",1,2]]]"#)
        #expect(JSONText.encode([] as [[TensorReference]]) == "[]")
    }

    @Test func outputShapesAreWrittenAsBefore() {
        let calls = [[TensorShape([112, 112, 64])], [TensorShape([nil, 10]), TensorShape([])]]
        #expect(JSONText.encode(calls) == "[[[112,112,64]],[[null,10],[]]]")
        #expect(JSONText.encode(calls) == "[[[112,112,64]],[[null,10],[]]]")
        #expect(JSONText.encode([] as [[TensorShape]]) == "[]")
    }

    /// "café" with é as one scalar (U+00E9) and as e + U+0301 are equal Swift strings; each is
    /// written with its own bytes.
    @Test func canonicallyEqualStringsKeepTheirBytes() {
        let composed = JSONText.encode(["name": .string("caf\u{e9}")])
        let decomposed = JSONText.encode(["name": .string("cafe\u{301}")])
        #expect(Array(composed.utf8) == Array(#"{"name":"caf"#.utf8) + [0xC3, 0xA9] + Array(#""}"#.utf8))
        #expect(Array(decomposed.utf8) == Array(#"{"name":"cafe"#.utf8) + [0xCC, 0x81] + Array(#""}"#.utf8))
        let first = JSONText.encode([[TensorReference(layer: "caf\u{e9}")]])
        let second = JSONText.encode([[TensorReference(layer: "cafe\u{301}")]])
        #expect(Array(first.utf8) == Array(#"[[["caf"#.utf8) + [0xC3, 0xA9] + Array(#"",0,0]]]"#.utf8))
        #expect(Array(second.utf8) == Array(#"[[["cafe"#.utf8) + [0xCC, 0x81] + Array(#"",0,0]]]"#.utf8))
    }

    /// 0.0 == -0.0, but JSON writes them differently.
    @Test func negativeZeroIsNotTakenForZero() {
        #expect(JSONText.encode(["k": .double(0.0)]) == #"{"k":0}"#)
        #expect(JSONText.encode(["k": .double(-0.0)]) == #"{"k":-0}"#)
        #expect(JSONText.encode(["k": .double(0.0)]) == #"{"k":0}"#)
    }

    /// Many distinct values, each written twice: every text is right.
    @Test func manyValues() {
        for round in 0..<2 {
            for units in stride(from: 0, to: 16_394, by: 7) {
                #expect(JSONText.encode(["units": .int(units)]) == "{\"units\":\(units)}", "round \(round)")
            }
        }
    }
}
