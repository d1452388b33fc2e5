import Foundation

/// Stands in for `Task.sleep` in a ``RetryPolicy``: records each requested delay and returns at
/// once, so tests assert on the delays the client asked for instead of on wall-clock time.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []

    var delays: [Duration] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func sleep(_ delay: Duration) async throws {
        record(delay)
        try Task.checkCancellation()
    }

    private func record(_ delay: Duration) {
        lock.lock()
        recorded.append(delay)
        lock.unlock()
    }
}
