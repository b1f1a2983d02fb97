import Dispatch

/// Work spread over the machine's cores, its results kept in order (a bulk `add` reads and
/// computes files on every core while one thread writes the catalog).
enum Concurrently {
    /// `body(0)`, …, `body(count - 1)` computed on all cores (`DispatchQueue.concurrentPerform`),
    /// each call on one thread.
    /// - Returns: The results in index order, as `(0..<count).map(body)` would.
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let results = Locked([T?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let value = body(index)
            results.withLock { $0[index] = value }
        }
        return results.withLock { $0.map { $0! } }
    }
}

/// A value computed on another thread while the caller goes on; ``wait()`` returns it.
final class Background<Value: Sendable>: Sendable {
    private let result = Locked<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a global dispatch queue.
    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async { [result, done] in
            let value = work()
            result.withLock { $0 = value }
            done.signal()
        }
    }

    /// Computes `work` at once on the calling thread, so that ``wait()`` returns its value
    /// without blocking: for work that nothing runs beside (one group of files), a worker
    /// thread only adds its start-up (BENCHMARKS.md §6).
    init(computingNow work: () -> Value) {
        let value = work()
        result.withLock { $0 = value }
        done.signal()
    }

    /// Blocks until the work has finished, then returns its value.
    func wait() -> Value {
        done.wait()
        done.signal()  // a later wait() returns at once
        return result.withLock { $0! }
    }
}
