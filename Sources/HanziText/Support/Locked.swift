import Foundation

/// A value that threads take turns at, behind a lock.
///
/// Not `Synchronization.Mutex`: on Linux its futex is invisible to ThreadSanitizer, which then
/// reports every access it guards as a data race. `NSLock` is a pthread mutex, which it sees. The
/// value lives behind a pointer, not in a stored property: ThreadSanitizer reported the property
/// access of a `Locked<Void>` as racing although every access held the lock.
package final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let value: UnsafeMutablePointer<Value>

    package init(_ value: Value) {
        self.value = .allocate(capacity: 1)
        self.value.initialize(to: value)
    }

    deinit {
        value.deinitialize(count: 1)
        value.deallocate()
    }

    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value.pointee)
    }
}
