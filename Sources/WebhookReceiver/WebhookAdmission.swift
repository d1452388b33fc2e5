import Synchronization

/// Whether the webhook server still takes deliveries, and how many it is handling: shutdown
/// closes it and waits for those in hand, so no delivery is acknowledged and then forgotten.
final class WebhookAdmission: Sendable {
    private struct State {
        var open = true
        var inFlight = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Counts a request in; `false` once closed (answer 503).
    func enter() -> Bool {
        state.withLock { state in
            guard state.open else { return false }
            state.inFlight += 1
            return true
        }
    }

    func leave() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.inFlight -= 1
            guard state.inFlight == 0 else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Refuses later requests and returns once none is in flight.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                state.open = false
                if state.inFlight == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
