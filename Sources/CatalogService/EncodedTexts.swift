import CatalogCore
import Foundation

/// The JSON texts of layer configs, inbound tensors and output shapes during one add command,
/// as ``JSONText`` writes them.
///
/// ``JSONText/Writer`` writes a layer's texts directly, for less than hashing the value to look
/// an equal one up would cost, so nothing is kept: one value can be shared between the groups
/// and threads of a command.
final class EncodedTexts: Sendable {
    /// An encoder of texts.
    init() {}

    /// A layer's hyperparameters, as `JSONText.encode(_:)` writes them.
    func config(_ config: [String: ConfigValue]) -> String {
        JSONText.encode(config)
    }

    /// A layer's inbound tensors, call by call, as ``JSONText`` writes them.
    func inbound(_ calls: [[TensorReference]]) -> String {
        JSONText.encode(calls)
    }

    /// A layer's output shapes, call by call, as `JSONText.encode(_:)` writes them.
    func outputShapes(_ calls: [[TensorShape]]) -> String {
        var writer = JSONText.Writer()
        writer.array(calls) { writer, call in
            writer.array(call) { writer, shape in
                writer.array(shape.dimensions) { writer, dimension in
                    if let dimension { writer.int(dimension) } else { writer.null() }
                }
            }
        }
        return writer.text
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
