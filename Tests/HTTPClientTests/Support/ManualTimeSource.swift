import Foundation
import HTTPClient

/// A clock for ``RateGovernor`` that only moves when told to, or when the governor sleeps
/// (the sleep is recorded and advances time instantly).
final class ManualTimeSource: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Duration = .zero
    private var recordedSleeps: [Duration] = []

    var sleeps: [Duration] {
        lock.lock()
        defer { lock.unlock() }
        return recordedSleeps
    }

    func advance(by duration: Duration) {
        lock.lock()
        current += duration
        lock.unlock()
    }

    private func recordSleep(_ duration: Duration) {
        lock.lock()
        recordedSleeps.append(duration)
        current += duration
        lock.unlock()
    }

    var timeSource: RateGovernor.TimeSource {
        RateGovernor.TimeSource(
            now: { [self] in
                lock.lock()
                defer { lock.unlock() }
                return current
            },
            sleep: { [self] duration in recordSleep(duration) }
        )
    }
}
