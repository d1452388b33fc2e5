import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request to stop, shared between whoever asks (a signal handler, a test) and the code that
/// honours it at a safe point.
///
/// An apply is never cut in the middle of a write call: ``PlanExecutor`` checks the signal between
/// calls, so the call in flight finishes and its outcomes are journaled, and every change not yet
/// sent stays `queued` for `concord apply --resume`. That is what makes SIGTERM from systemd or
/// Ctrl-C in a terminal safe, where SIGKILL relies on the journal's slower resume path.
public final class StopSignal: Sendable {
    private struct State {
        var requested = false
        var reason: String?
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether a stop was requested.
    public var isRequested: Bool { state.withLock { $0.requested } }

    /// Why the stop was requested (e.g. `SIGTERM`), once it was.
    public var reason: String? { state.withLock { $0.reason } }

    /// Asks everything watching this signal to stop at its next safe point. Later calls keep the
    /// first reason.
    public func request(reason: String) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.requested else { return [] }
            state.requested = true
            state.reason = reason
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once a stop is requested (at once if it already was), or when the task is cancelled.
    public func wait() async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.requested || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Sleeps for `duration` or until a stop is requested, whichever comes first.
    ///
    /// - Returns: `true` when the full duration passed, `false` when the sleep ended for a stop
    ///   (or the task was cancelled).
    @discardableResult
    public func sleep(for duration: Duration) async -> Bool {
        if isRequested { return false }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await Task.sleep(for: duration)
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                await self.wait()
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first && !isRequested
        }
    }

    /// Requests a stop when the process receives one of `signals` (default SIGTERM and SIGINT),
    /// instead of dying: the signals' default action is ignored and a dispatch source observes
    /// them. Call once, early, before any write can start.
    ///
    /// - Parameter onSignal: Called (on a dispatch queue) with the signal's name each time one
    ///   arrives, e.g. to print a line saying the run is stopping.
    /// - Returns: The sources, which must be kept alive for as long as the handlers should work.
    public func trap(_ signals: [Int32] = [SIGTERM, SIGINT], onSignal: (@Sendable (String) -> Void)? = nil) -> SignalTraps {
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let name = Self.name(of: number)
            source.setEventHandler { [self] in
                onSignal?(name)
                self.request(reason: name)
            }
            source.resume()
            sources.append(source)
        }
        return SignalTraps(sources: sources)
    }

    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGQUIT: "SIGQUIT"
        default: "signal \(signal)"
        }
    }
}

/// The signal sources installed by ``StopSignal/trap(_:onSignal:)``; keep it alive while they
/// should act.
public final class SignalTraps: @unchecked Sendable {
    // Dispatch sources are thread-safe; the array is never mutated after init.
    private let sources: [any DispatchSourceSignal]

    init(sources: [any DispatchSourceSignal]) { self.sources = sources }

    deinit {
        for source in sources { source.cancel() }
    }
}
