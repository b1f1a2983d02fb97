import CatalogCore
import Testing
@testable import CatalogService

/// The byte scan of ``TextValidation`` finds exactly the scalars of general category Cc that
/// the Unicode properties of the standard library name.
@Suite("Control characters found on UTF-8 bytes")
struct TextValidationTests {
    static func byProperties(_ text: String, allowing: Bool) -> Bool {
        text.unicodeScalars.contains {
            $0.properties.generalCategory == .control && !(allowing && ["\t", "\n", "\r"].contains($0))
        }
    }

    @Test func everyScalarOfTheFirstPlanes() {
        for value in UInt32(0)...0x3FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(Character(scalar)) + "b"
            for allowing in [false, true] {
                #expect(TextValidation.hasControlCharacter(text.utf8, allowingLineBreaksAndTabs: allowing)
                    == Self.byProperties(text, allowing: allowing), "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test(arguments: ["", "conv1", "日本", "😀", "\u{c2}", "\u{c2}\u{80}", "\u{a0}\u{85}", "x\r\ny", "\u{9f}", "\u{e000}\u{2028}", "é\u{301}\u{80}"])
    func samples(_ text: String) {
        for allowing in [false, true] {
            #expect(TextValidation.hasControlCharacter(text.utf8, allowingLineBreaksAndTabs: allowing)
                == Self.byProperties(text, allowing: allowing))
        }
    }

    /// A layer name with a control character other than a tab or line break is still refused,
    /// with the message naming the layer and the character.
    @Test func layerNamesAreStillChecked() {
        var architecture = Architecture(name: "m", framework: .keras, layers: [])
        architecture.layers = [Layer(name: "ok\tname", type: "Custom", config: [:], kind: .unsupported(recordedOutputs: []), calls: [])]
        #expect(TextValidation.check(architecture, file: "f.json") == nil)
        architecture.layers.append(Layer(name: "bad\u{85}name", type: "Custom", config: [:], kind: .unsupported(recordedOutputs: []), calls: []))
        let problem = TextValidation.check(architecture, file: "f.json")
        #expect(problem?.description.contains("U+0085") == true)
        #expect(TextValidation.controlCharacter(in: "tag\u{1b}", what: "the tag")?.contains("U+001B") == true)
        #expect(TextValidation.controlCharacter(in: "plain", what: "the tag") == nil)
    }

    /// A YAML `.inf`, `.nan` or `1e400` anywhere in a layer's config is refused, naming the key:
    /// JSON, the stored form, has no such number, and the config would be lost.
    @Test func nonFiniteConfigNumbersAreRefused() {
        func check(_ config: [String: ConfigValue]) -> String? {
            let layer = Layer(name: "cu", type: "MyThing", config: config, kind: .unsupported(recordedOutputs: []), calls: [])
            return TextValidation.check(Architecture(name: "m", framework: .keras, layers: [layer]), file: "f.yaml")?.description
        }
        #expect(check(["a": .double(1.5), "b": .array([.int(1), .double(-0.0)])]) == nil)
        #expect(check(["a": .double(.infinity)])?.contains("'a' = inf is not a finite number") == true)
        #expect(check(["shape": .array([.int(1), .double(-.infinity)])])?.contains("'shape[1]' = -inf") == true)
        #expect(check(["o": .object(["x": .double(.nan)])])?.contains("'o.x' = nan") == true)
        #expect(check(["a": .double(.infinity)])?.contains("f.yaml") == true)
    }

    /// An empty or blank tag is refused: `list --tag ""` cannot ask for it.
    @Test func emptyTagsAreRefused() {
        var architecture = Architecture(name: "m", framework: .keras, layers: [])
        architecture.tags = ["cnn", "  "]
        #expect(TextValidation.check(architecture, file: "f.json")?.description.contains("a tag is empty") == true)
        architecture.tags = ["cnn", ""]
        #expect(TextValidation.check(architecture, file: "f.json") != nil)
        architecture.tags = ["cnn", "a b"]
        #expect(TextValidation.check(architecture, file: "f.json") == nil)
    }
}
