import CatalogCore
import Foundation
import Testing

@testable import CatalogImport

/// YAML aliases are counted, and list or mapping keys refused, from libyaml's events before Yams
/// composes the tree (Sources/CatalogImport/YAMLAliasBudget.swift): Yams hashes every mapping key
/// while composing, so an alias key standing for 9^7 values took 22 s before any count ran.
@Suite("YAML alias budget")
struct YAMLAliasBudgetTests {
    /// `name: t`, an anchor `a` of a list of ten scalars, and `b`: a list of `aliases` × `*a`
    /// and `scalars` × `y`. Counted by hand, one per scalar, list and mapping, an alias as the
    /// values it names: the top mapping 1, `name` 1, `t` 1, `a` 1, the anchored list 1 + 10,
    /// `b` 1, b's list 1 → 17, plus 11 per alias and 1 per scalar.
    static func document(aliases: Int, scalars: Int) -> String {
        let items = Array(repeating: "*a", count: aliases) + Array(repeating: "y", count: scalars)
        return "name: t\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: [\(items.joined(separator: ", "))]\n"
    }

    @Test("aliases expanding to exactly the budget are read; one value more is refused")
    func budgetBoundary() throws {
        // 17 + 11 × 907 + 6 = 10,000 values, the budget of a file under 10,000 bytes.
        let atBudget = Self.document(aliases: 907, scalars: 6)
        #expect(atBudget.utf8.count < 10_000)
        let value = try DocumentParser.parse(Data(atBudget.utf8), file: "t.yaml")
        #expect(value.objectValue?["b"]?.arrayValue?.count == 913)
        #expect(value.objectValue?["b"]?.arrayValue?.first?.arrayValue?.count == 10)

        let over = Self.document(aliases: 907, scalars: 7)  // 10,001 values
        #expect {
            try DocumentParser.parse(Data(over.utf8), file: "t.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("t.yaml: not valid YAML: line 3, column ")
                && text.hasSuffix("its aliases expand to more than 10000 values (more than the file has bytes)")
        }
    }

    @Test("the fuzzer's alias bomb with alias keys is refused at once, naming the file and line")
    func fuzzAliasKeys() throws {
        // Fuzz finding (Tests/ReliabilityTests/Fixtures/fuzz-findings/FuzzNativeYAML/alias-keys.yaml),
        // shortened: 9 × 9 × 9 … values behind `*h`, used as a key and a value.
        let text = """
            a: &a [x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
            g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
            h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
            i: &i [*h: *h, *h]
            name: bomb

            """
        let start = Date()
        #expect {
            try DocumentParser.parse(Data(text.utf8), file: "bomb.yaml")
        } throws: { error in
            // Running count: the top mapping 1, then per line its key 1 and its list: a 10
            // (12 in all); b 1 + 9 × 10 = 91 (104); c 1 + 9 × 91 = 820 (925); d 1 + 9 × 820
            // = 7,381 (8,307); e's key and list (8,309) and its first `*d` (7,381) pass 10,000.
            "\(error)" == "bomb.yaml: not valid YAML: line 5, column 8: its aliases expand to more than 10000 values (more than the file has bytes)"
        }
        #expect(Date().timeIntervalSince(start) < 10)  // generous: it took 22 s before
    }

    @Test("a list or mapping used as a mapping key is refused, directly or through an alias")
    func nonScalarKeys() throws {
        let cases: [(String, String)] = [
            ("name: k\n? [x]\n: 1\n", "line 2, column 3"),
            ("name: k\n? {x: 1}\n: 1\n", "line 2, column 3"),
            ("name: k\na: &a [x, x]\nb: {*a: 1}\n", "line 3, column 5"),
            ("name: k\na: &a {x: 1}\nb:\n  *a : 1\n", "line 4, column 3"),
        ]
        for (text, place) in cases {
            #expect {
                try DocumentParser.parse(Data(text.utf8), file: "k.yaml")
            } throws: { error in
                "\(error)" == "k.yaml: unsupported YAML: \(place): a mapping key that is a list or a mapping (architecture keys are names)"
            }
        }
    }

    @Test("a large list used as a key is refused before Yams composes it")
    func largeKey() throws {
        // 200,000 scalars (about 600 KB): within the budget, but Yams would hash all of them.
        let items = String(repeating: "x, ", count: 200_000)
        let text = "name: k\nbig: &big [\(items)x]\nkey: {*big : 1}\n"
        #expect {
            try DocumentParser.parse(Data(text.utf8), file: "k.yaml")
        } throws: { error in
            "\(error)" == "k.yaml: unsupported YAML: line 3, column 7: a mapping key that is a list or a mapping (architecture keys are names)"
        }
    }

    @Test("aliases of scalars stay usable as keys and values; a later anchor shadows an earlier one")
    func scalarAliases() throws {
        let text = "name: s\nu: &x [1]\nv: &x units\nlayer: {*x : 3, copy: *x}\n"
        let value = try DocumentParser.parse(Data(text.utf8), file: "s.yaml")
        let layer = value.objectValue?["layer"]?.objectValue
        #expect(layer?["units"] == .int(3))
        #expect(layer?["copy"] == .string("units"))
        #expect(value.objectValue?["u"]?.arrayValue == [.int(1)])
    }
}
