import Foundation

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
