import Foundation

/// A value that threads take turns at, behind a lock.
///
/// Not `Synchronization.Mutex`: on Linux its futex is invisible to ThreadSanitizer, which then
/// reports every access it guards as a data race. `NSLock` is a pthread mutex, which it sees.
package final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
