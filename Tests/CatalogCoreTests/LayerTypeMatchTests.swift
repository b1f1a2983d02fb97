import CatalogCore
import Testing

/// The stored type names a `--has-layer` word finds (the table in README's `list` section).
@Suite("LayerTypeMatch")
struct LayerTypeMatchTests {
    @Test(
        "a word finds its aliases and family, and not other layers",
        arguments: [
            ("Dense", ["linear"], ["conv2d"]),
            ("Linear", ["dense"], ["bilinear"]),
            ("BatchNormalization", ["batchnorm1d", "batchnorm2d", "batchnorm3d"], ["layernormalization"]),
            ("LayerNorm", ["layernormalization"], ["rmsnorm"]),
            ("MultiHeadAttention", ["transformerattention", "groupedqueryattention", "multilatentattention"], ["attention", "additiveattention"]),
            ("MultiheadAttention", ["transformerattention"], ["attention"]),
            ("TransformerAttention", ["multiheadattention"], ["additiveattention"]),
            ("Attention", ["additiveattention", "multiheadattention", "transformerattention", "disentangledattention"], ["dense"]),
            ("FancyLayer", ["fancylayer"], ["dense"]),
        ])
    func matches(_ word: String, _ found: [String], _ notFound: [String]) {
        let names = LayerTypeMatch.storedTypes(matching: word)
        #expect(names.first == word.lowercased())
        for name in found { #expect(names.contains(name), "\(word) should find \(name): \(names)") }
        for name in notFound { #expect(!names.contains(name), "\(word) should not find \(name): \(names)") }
    }
}
