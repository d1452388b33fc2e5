internal import CLibPQ
import Foundation

/// The one thread that makes every libpq call of a ``PostgresConnection``.
///
/// libpq's calls block until the server answers (`PQconnectdbParams`, `PQexecParams`,
/// `PQputCopyData`), and Swift's cooperative pool is two threads wide on the build machine: two
/// slow queries there would stall every other task in the process. So, as `HTTPClient` does with
/// its curl thread, each connection owns a Foundation `Thread` that takes jobs from a
/// lock-protected queue, runs them in order, and resumes the waiting task's continuation. The
/// `PGconn` lives and dies on that thread; no task ever touches it.
final class ConnectionThread: @unchecked Sendable {
    /// What a job sees: the connection handle, only ever read or written on the thread.
    final class Handle {
        /// The `PGconn`, nil before the connection is made and after it is finished.
        var connection: OpaquePointer?
    }

    typealias Job = @Sendable (Handle) -> Void

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var jobs: [Job] = []
    /// Guarded by `condition`: once set, the thread finishes the connection and new jobs are refused.
    private var isStopping = false

    init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Runs `body` on the thread and returns its result.
    ///
    /// - Parameter whenStopped: The failure to return when the thread has stopped (the
    ///   connection was closed) and `body` will never run.
    func perform<Value: Sendable>(
        whenStopped: @autoclosure () -> PostgresError,
        _ body: @escaping @Sendable (Handle) -> Result<Value, PostgresError>
    ) async -> Result<Value, PostgresError> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, PostgresError>, Never>) in
            let accepted = submit { handle in continuation.resume(returning: body(handle)) }
            if !accepted { continuation.resume(returning: .failure(whenStopped())) }
        }
    }

    /// Finishes the connection (`PQfinish`) once the jobs already queued have run, then ends the
    /// thread. Idempotent; does not wait.
    func stop() {
        condition.lock()
        isStopping = true
        condition.signal()
        condition.unlock()
    }

    private func submit(_ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isStopping else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    private func run() {
        let handle = Handle()
        while true {
            condition.lock()
            while jobs.isEmpty && !isStopping { condition.wait() }
            let batch = jobs
            jobs.removeAll()
            let stopping = isStopping
            condition.unlock()

            for job in batch { job(handle) }
            if stopping && batch.isEmpty { break }
        }
        if let connection = handle.connection {
            PQfinish(connection)
            handle.connection = nil
        }
    }
}
