internal import CCurl
import Foundation

/// The one thread that drives every transfer of an ``HTTPClient`` through a curl multi handle.
///
/// Blocking in `curl_easy_perform` on Swift's cooperative pool (two threads on the build machine)
/// would starve every other task, so a dedicated Foundation `Thread` owns the multi handle: it
/// adds submitted transfers, runs `curl_multi_perform`, waits in `curl_multi_poll`, and resumes
/// each transfer's continuation when curl reports it done. Tasks hand work over through a
/// lock-protected queue and `curl_multi_wakeup`, the one multi call documented as safe from
/// another thread. The multi handle keeps the connection cache, so keep-alive connections are
/// reused across requests, at most `maxConnectionsPerHost` per host.
final class CurlMultiLoop: @unchecked Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var isShuttingDown = false
    }

    private let multi: UnsafeMutableRawPointer
    private let inbox = LockedValue(Inbox())
    private let running = DispatchGroup()
    /// Transfers in the multi handle, keyed by easy handle. Only the loop thread touches this.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    /// An error for transfers cut short by ``shutdown()``.
    struct ShutdownError: Error {}

    init(maxConnectionsPerHost: Int) {
        Self.initializeCurlOnce
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.multi = multi
        _ = concord_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxConnectionsPerHost))
        running.enter()
        let thread = Thread { [self] in
            run()
            running.leave()
        }
        thread.name = "concord.http.curl"
        thread.start()
    }

    deinit {
        // The thread holds `self` until it returns, so by now it has removed every easy handle.
        curl_multi_cleanup(multi)
    }

    /// `curl_global_init` is not thread-safe in every libcurl build; run it once, before any handle exists.
    private static let initializeCurlOnce: Void = {
        _ = concord_curl_global_init()
    }()

    /// Runs `transfer` to completion on the loop thread.
    ///
    /// - Throws: ``CurlTransfer/Failure`` when curl fails, `CancellationError` when the task is
    ///   cancelled (the easy handle is then removed from the multi handle), ``ShutdownError`` after
    ///   ``shutdown()``.
    func perform(_ transfer: CurlTransfer) async throws -> CurlTransfer.Response {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard transfer.install(continuation) else { return }
                let accepted = inbox.withLock { inbox in
                    guard !inbox.isShuttingDown else { return false }
                    inbox.submitted.append(transfer)
                    return true
                }
                if accepted {
                    curl_multi_wakeup(multi)
                } else {
                    transfer.finish(.failure(ShutdownError()))
                }
            }
        } onCancel: {
            // Resume the caller now; the loop thread detaches the handle when it wakes.
            guard transfer.finish(.failure(CancellationError())) else { return }
            inbox.withLock { $0.cancelled.append(transfer) }
            curl_multi_wakeup(multi)
        }
    }

    /// Stops the thread and waits for it: in-flight transfers fail with ``ShutdownError``. Idempotent.
    func shutdown() {
        inbox.withLock { $0.isShuttingDown = true }
        curl_multi_wakeup(multi)
        running.wait()
    }

    // MARK: Loop thread

    private func run() {
        var stillRunning: Int32 = 0
        while true {
            let (submitted, cancelled, isShuttingDown) = inbox.withLock { inbox in
                defer {
                    inbox.submitted.removeAll()
                    inbox.cancelled.removeAll()
                }
                return (inbox.submitted, inbox.cancelled, inbox.isShuttingDown)
            }
            for transfer in cancelled where active.removeValue(forKey: transfer.easy) != nil {
                curl_multi_remove_handle(multi, transfer.easy)
            }
            for transfer in submitted where !transfer.isFinished {
                if curl_multi_add_handle(multi, transfer.easy) == CURLM_OK {
                    active[transfer.easy] = transfer
                } else {
                    transfer.finish(.failure(CurlTransfer.Failure(code: CURLE_FAILED_INIT, detail: "curl_multi_add_handle failed")))
                }
            }
            if isShuttingDown {
                for (easy, transfer) in active {
                    curl_multi_remove_handle(multi, easy)
                    transfer.finish(.failure(ShutdownError()))
                }
                active.removeAll()
                return
            }
            curl_multi_perform(multi, &stillRunning)
            collectFinishedTransfers()
            // Returns on socket activity, on curl's own next timeout, on curl_multi_wakeup, or after 1 s.
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func collectFinishedTransfers() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // Read the result before removing the handle: that invalidates the message.
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, easy)
            active.removeValue(forKey: easy)?.complete(with: code)
        }
    }
}
