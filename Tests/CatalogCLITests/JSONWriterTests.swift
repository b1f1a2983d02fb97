import Foundation
import Testing

@testable import catalog

/// `JSONWriter` against the independent source it copies: Foundation's `JSONSerialization` (as
/// the tool called it, through `jsonText(_:)` and `jsonLine(_:)`) on the same trees as
/// Foundation objects. Every byte must agree, pretty and compact.
@Suite struct JSONWriterTests {
    /// `value` as the Foundation object tree `JSONSerialization` takes.
    static func foundationTree(_ value: JSONValue) -> Any {
        if let object = value.object { return object.mapValues(foundationTree) }
        if let array = value.array { return array.map(foundationTree) }
        switch value.scalar {
        case .null: return NSNull()
        case .bool(let value): return value
        case .int(let value): return value
        case .uint(let value): return value
        case .double(let value): return value
        case .string(let value): return value
        }
    }

    static func object(_ members: [String: JSONValue]) -> JSONValue {
        let value = JSONValue()
        value.object = members
        return value
    }

    static func expectSameAsFoundation(_ value: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
        let tree = foundationTree(value)
        #expect(JSONWriter.text(value, pretty: true) == jsonText(tree), sourceLocation: sourceLocation)
        #expect(JSONWriter.text(value, pretty: false) == jsonLine(tree), sourceLocation: sourceLocation)
    }

    /// Keys whose order under Foundation's numeric, case-insensitive comparison differs from
    /// code-point order (`a10` after `a2`, `B` between `a` and `c`, `_` and digits).
    static let awkwardKeys = [
        "b", "a", "A", "B", "c", "a10", "a2", "a1", "a_b", "ab", "a-b", "Z", "_x", "x_", "1", "10", "2", "02",
        "é", "e", "f", "layer_count", "layers", "macs", "macs_per_step", "total_params", "trainable_params",
        "", " ", "key with space", "x9y", "x10y", "X9Y",
    ]

    static let awkwardStrings = [
        "", "plain", "quote \" here", "back\\slash", "a/b/c", "tab\there", "new\nline", "cr\rlf\r\n",
        "\u{8}\u{c}", "\u{0}\u{1}\u{f}", "\u{10}\u{1f}", "\u{7f}", "é 漢字 😀 👩‍👩‍👧", "<script>&amp;</script>",
    ]

    @Test func scalarsMatchFoundation() {
        var members: [String: JSONValue] = [:]
        let scalars: [JSONValue.Scalar] =
            [.null, .bool(true), .bool(false), .int(0), .int(-1), .int(Int.max), .int(Int.min), .uint(UInt64.max)]
            + [0.0, -0.0, 1.0, 1.5, 0.1, 0.1 + 0.2, 1e-7, 1e16, 1e21, 123_456_789.0, -2.5e-300, 5e-324,
               Double.greatestFiniteMagnitude].map(JSONValue.Scalar.double)
            + Self.awkwardStrings.map(JSONValue.Scalar.string)
        for (index, scalar) in scalars.enumerated() {
            members["k\(index)"] = JSONValue(scalar: scalar)
        }
        Self.expectSameAsFoundation(Self.object(members))
        Self.expectSameAsFoundation(JSONValue(array: scalars.map { JSONValue(scalar: $0) }))
    }

    @Test func keysAreSortedAsFoundationSortsThem() {
        var members: [String: JSONValue] = [:]
        for key in Self.awkwardKeys + Self.awkwardStrings { members[key] = JSONValue(scalar: .string(key)) }
        // Twice: the second call reads the cached order.
        Self.expectSameAsFoundation(Self.object(members))
        Self.expectSameAsFoundation(Self.object(members))
    }

    @Test func emptyAndNestedContainersMatchFoundation() {
        let nested = Self.object([
            "empty_array": JSONValue(array: []),
            "empty_object": Self.object([:]),
            "arrays": JSONValue(array: [JSONValue(array: []), JSONValue(array: [JSONValue(scalar: .int(1))]), Self.object([:])]),
            "deep": Self.object(["deeper": Self.object(["deepest": JSONValue(array: [Self.object(["x": JSONValue()])])])]),
        ])
        Self.expectSameAsFoundation(nested)
        Self.expectSameAsFoundation(JSONValue(array: []))
        Self.expectSameAsFoundation(Self.object([:]))
        Self.expectSameAsFoundation(JSONValue(array: [nested, nested]))
    }

    /// Random trees (a fixed seed, so a failure repeats) of every kind of value and key.
    @Test func randomTreesMatchFoundation() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func tree(depth: Int) -> JSONValue {
            switch depth > 3 ? next(6) : next(8) {
            case 0: return JSONValue()
            case 1: return JSONValue(scalar: .bool(next(2) == 0))
            case 2: return JSONValue(scalar: .int(next(2_000_001) - 1_000_000))
            case 3: return JSONValue(scalar: .double(Double(next(2_000_001) - 1_000_000) / Double(1 + next(1000))))
            case 4: return JSONValue(scalar: .uint(UInt64(next(1 << 30)) << 33))
            case 5: return JSONValue(scalar: .string(Self.awkwardStrings[next(Self.awkwardStrings.count)]))
            case 6: return JSONValue(array: (0..<next(5)).map { _ in tree(depth: depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<next(8) { members[Self.awkwardKeys[next(Self.awkwardKeys.count)]] = tree(depth: depth + 1) }
                return Self.object(members)
            }
        }
        // In an array: JSONSerialization refuses a scalar at the top.
        for _ in 0..<200 { Self.expectSameAsFoundation(JSONValue(array: [tree(depth: 0)])) }
    }
}
