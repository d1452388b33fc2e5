import Foundation

/// Gives one task at a time a connection, first come first served, without blocking a thread.
///
/// The connection's thread already runs calls one after another, but a transaction or a COPY is
/// several calls that must not have another task's statement between them. So every public call
/// holds this lock for its duration, and a transaction holds it from `BEGIN` to `COMMIT`. The
/// task holding it, and tasks it starts inside (a task group in a transaction body), are known
/// through a task-local ``Hold``, so their calls go straight through instead of waiting on
/// themselves.
final class ConnectionLock: @unchecked Sendable {
    /// One holding of one connection's lock, visible to the holder's task and its child tasks.
    final class Hold: @unchecked Sendable {
        let lock: ObjectIdentifier
        let isTransaction: Bool
        private let state = NSLock()
        private var ended = false

        init(lock: ObjectIdentifier, isTransaction: Bool) {
            self.lock = lock
            self.isTransaction = isTransaction
        }

        /// False once the holder released the lock: a task that outlived it (an unstructured
        /// `Task` started inside) must then wait its turn like any other.
        var isActive: Bool {
            state.lock()
            defer { state.unlock() }
            return !ended
        }

        func end() {
            state.lock()
            ended = true
            state.unlock()
        }
    }

    @TaskLocal static var holds: [Hold] = []

    private let state = NSLock()
    /// Guarded by `state`.
    private var isHeld = false
    /// Guarded by `state`: tasks waiting, oldest first.
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// The current task's active hold on this lock, if it has one.
    var currentHold: Hold? {
        Self.holds.last { $0.lock == ObjectIdentifier(self) && $0.isActive }
    }

    /// Runs `body` holding the lock, or at once if the current task holds it already.
    func withLock<Value>(isTransaction: Bool = false, _ body: () async throws -> Value) async throws -> Value {
        if currentHold != nil { return try await body() }
        await acquire()
        let hold = Hold(lock: ObjectIdentifier(self), isTransaction: isTransaction)
        defer {
            hold.end()
            release()
        }
        return try await Self.$holds.withValue(Self.holds + [hold]) { try await body() }
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            state.lock()
            if isHeld {
                waiters.append(continuation)
                state.unlock()
            } else {
                isHeld = true
                state.unlock()
                continuation.resume()
            }
        }
    }

    /// Hands the lock to the oldest waiter, or frees it.
    private func release() {
        state.lock()
        guard !waiters.isEmpty else {
            isHeld = false
            state.unlock()
            return
        }
        let next = waiters.removeFirst()
        state.unlock()
        next.resume()
    }
}
