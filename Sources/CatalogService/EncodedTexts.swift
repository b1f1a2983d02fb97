import CatalogCore
import Foundation

/// The JSON texts of layer configs, inbound tensors and output shapes already encoded during one
/// add command, kept by value so `JSONEncoder` runs once per distinct value.
///
/// Layers repeat a few configs, and `JSONEncoder` is costly per run (figures in BENCHMARKS.md,
/// "Fast paths kept"). A text is the one ``JSONText`` writes for the value, byte for byte.
///
/// Only values whose equality implies identical text are kept: Swift compares strings by
/// canonical equivalence ("é" as one scalar equals "e" + U+0301, encoded differently) and
/// `0.0 == -0.0`, so a value holding a non-ASCII string (value or key), a negative zero or a
/// NaN is encoded afresh each time. At most ``limit`` texts per kind are kept (the table is
/// emptied when full). Safe to share between threads.
final class EncodedTexts: Sendable {
    private let tables = Locked(Tables())

    private struct Tables {
        var configs: [[String: ConfigValue]: String] = [:]
        var inbound: [[[TensorReference]]: String] = [:]
        var outputShapes: [[[TensorShape]]: String] = [:]
    }

    /// Texts kept per kind before the table is emptied.
    static let limit = 16_384

    /// An empty cache.
    init() {}

    /// A layer's hyperparameters, as `JSONText.encode(_:)` writes them.
    func config(_ config: [String: ConfigValue]) -> String {
        guard config.allSatisfy({ Self.isExact($0.key) && Self.isExact($0.value) }) else {
            return JSONText.encode(config)
        }
        if let known = tables.withLock({ $0.configs[config] }) { return known }
        let text = JSONText.encode(config)
        tables.withLock { Self.remember(text, for: config, in: &$0.configs) }
        return text
    }

    /// A layer's inbound tensors, call by call, as ``JSONText`` writes them.
    func inbound(_ calls: [[TensorReference]]) -> String {
        guard calls.allSatisfy({ $0.allSatisfy { Self.isExact($0.layer) } }) else {
            return JSONText.encode(calls.map { $0.map(InboundEntry.init) })
        }
        if let known = tables.withLock({ $0.inbound[calls] }) { return known }
        let text = JSONText.encode(calls.map { $0.map(InboundEntry.init) })
        tables.withLock { Self.remember(text, for: calls, in: &$0.inbound) }
        return text
    }

    /// A layer's output shapes, call by call, as `JSONText.encode(_:)` writes them (integers and
    /// `null` only: equal shapes always give equal text).
    func outputShapes(_ calls: [[TensorShape]]) -> String {
        if let known = tables.withLock({ $0.outputShapes[calls] }) { return known }
        let text = JSONText.encode(calls.map { $0.map(\.dimensions) })
        tables.withLock { Self.remember(text, for: calls, in: &$0.outputShapes) }
        return text
    }

    private static func remember<Key: Hashable>(_ text: String, for key: Key, in table: inout [Key: String]) {
        if table.count >= limit { table.removeAll(keepingCapacity: true) }
        table[key] = text
    }

    /// Whether values equal to `value` are all encoded to the same text.
    static func isExact(_ value: ConfigValue) -> Bool {
        switch value {
        case .null, .bool, .int: true
        case .double(let number): !number.isNaN && !(number == 0 && number.sign == .minus)
        case .string(let text): isExact(text)
        case .array(let values): values.allSatisfy(isExact)
        case .object(let members): members.allSatisfy { isExact($0.key) && isExact($0.value) }
        }
    }

    /// ASCII only: equal strings are then equal byte for byte.
    static func isExact(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }
}

/// A value guarded by a lock, for results handed between threads.
///
/// `@unchecked Sendable`: `value` is only read or written inside `withLock`, under `lock`, so
/// no two threads touch it at once (`Synchronization.Mutex` would say so to the compiler, but
/// needs macOS 15 and the package supports macOS 13).
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` on the value while holding the lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
