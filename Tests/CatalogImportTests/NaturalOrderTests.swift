import Foundation
import CatalogTestSupport
import Testing

@testable import CatalogImport

/// ``NaturalOrder`` against Foundation's `compare(_:options: [.numeric])`, whose order a sharded
/// checkpoint's tensors are listed in.
@Suite struct NaturalOrderTests {
    @Test func layersInNumericOrder() {
        var names = ["model.layers.10.mlp.up_proj.weight", "model.layers.2.mlp.up_proj.weight", "lm_head.weight",
                     "model.layers.1.self_attn.q_proj.weight", "model.embed_tokens.weight", "model.layers.1.mlp.down_proj.weight"]
        NaturalOrder.sort(&names, by: { $0 })
        // Written out by hand: digits by value (1 < 2 < 10), other characters by code ('l' < 'm', 'm' < 's').
        #expect(names == ["lm_head.weight", "model.embed_tokens.weight", "model.layers.1.mlp.down_proj.weight",
                          "model.layers.1.self_attn.q_proj.weight", "model.layers.2.mlp.up_proj.weight",
                          "model.layers.10.mlp.up_proj.weight"])
    }

    /// Random names over digits, letters of both cases, punctuation and a non-ASCII letter:
    /// the same order as Foundation's, including leading zeros (`01` against `1`), which are
    /// left to Foundation.
    @Test func sameOrderAsFoundation() {
        var generator = SeededGenerator(seed: 15)
        let alphabet = Array("ab.AB_-0129 /zZ~é")
        for _ in 0..<200 {
            var names = (0..<40).map { _ in
                String((0..<Int(generator.next() % 8)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            }
            names = Array(Set(names))
            let expected = names.sorted { $0.compare($1, options: [.numeric]) == .orderedAscending }
            NaturalOrder.sort(&names, by: { $0 })
            // Names Foundation holds equal (`a1` and `a01`) may stand in either order.
            #expect(zip(names, expected).allSatisfy { $0.compare($1, options: [.numeric]) == .orderedSame })
        }
    }

    /// ASCII names without leading zeros take the byte-key path: random names of letters,
    /// punctuation and digit runs of up to 25 digits in Foundation's order (runs past 18 digits,
    /// which Foundation does not order by value, are left to it).
    @Test func asciiKeysInFoundationOrder() {
        var generator = SeededGenerator(seed: 16)
        let letters = Array("ab.AB_-/zZ~ ")
        for _ in 0..<200 {
            var names: [String] = (0..<40).map { _ in
                var name = ""
                for _ in 0..<Int(generator.next() % 6) {
                    if generator.next() % 2 == 0 {
                        let digits = 1 + Int(generator.next() % 25)
                        name += String(1 + generator.next() % 9)
                        for _ in 1..<digits { name += String(generator.next() % 10) }
                    } else {
                        name.append(letters[Int(generator.next() % UInt64(letters.count))])
                    }
                }
                return name
            }
            names = Array(Set(names))
            let expected = names.sorted { $0.compare($1, options: [.numeric]) == .orderedAscending }
            NaturalOrder.sort(&names, by: { $0 })
            #expect(names == expected)
        }
    }

    /// Names the key leaves to the other comparisons, by hand: a run starting with 0 that goes
    /// on (two spellings of one value), a run of 19 digits; a lone 0 is a number like any other.
    @Test func keysLeftOut() {
        #expect(NaturalOrder.key(Array("layers.01.weight".utf8)) == nil)
        #expect(NaturalOrder.key(Array(String(repeating: "7", count: 19).utf8)) == nil)
        #expect(NaturalOrder.key(Array("layers.0.weight".utf8)) != nil)
        #expect(NaturalOrder.key(Array(String(repeating: "7", count: 18).utf8)) != nil)
    }
}
