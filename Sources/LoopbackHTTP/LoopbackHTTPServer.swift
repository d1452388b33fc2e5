import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// A FlyingFox server on a loopback address, started and stopped the one safe way: what the
/// simulator, the metrics endpoint and the webhook receiver all run on.
///
/// - The `.poll()` socket pool: FlyingFox's default pool stalls on Linux with several
///   connections open (8 parallel requests took 6 s with it, 7 ms with `.poll()`).
/// - Starts are serialised process-wide (one server at a time goes from "starting" to
///   "listening"): FlyingFox sets `SO_REUSEADDR` before binding, and on Linux two sockets bound to
///   port 0 at the same moment with that option can be given the same port. And ``stop()`` cancels the accept loop *before* FlyingFox closes the socket.
///   FlyingFox's own `stop()` closes the listening socket first and cancels its loop afterwards;
///   in between the pool still waits on the closed descriptor, and if another server or client
///   opens a socket then, the kernel may hand it the same number and the old loop would accept its
///   connections: one server answering another's requests.
public final class LoopbackHTTPServer: Sendable {
    private let http: HTTPServer
    private let running = Mutex<(task: Task<Void, any Error>?, port: UInt16)>((nil, 0))

    /// - Parameters:
    ///   - host: An IPv4 address (`127.0.0.1` unless the caller has checked otherwise).
    ///   - port: 0 picks a free port; ``port`` says which once started.
    ///   - timeout: Seconds a connection may stay idle.
    public init(host: String = "127.0.0.1", port: UInt16, timeout: Double = 30, handler: some HTTPHandler) throws {
        let address = try sockaddr_in.inet(ip4: host, port: port)
        http = HTTPServer(address: address, timeout: timeout, pool: .poll(), logger: .disabled, handler: handler)
    }

    /// Starts listening; returns the port once it is open.
    @discardableResult
    public func start() async throws -> UInt16 {
        try await StartGate.shared.run {
            let http = self.http
            let task = Task { try await http.run() }
            // Generous: on a 2-core machine under a parallel test run, binding can take seconds.
            try await http.waitUntilListening(timeout: 30)
            guard case .ip4(_, let port)? = await http.listeningAddress else { throw SocketError.unsupportedAddress }
            running.withLock { $0 = (task, port) }
            return port
        }
    }

    /// The port listened on (0 before ``start()``).
    public var port: UInt16 { running.withLock { $0.port } }

    /// Stops serving and returns once the socket pool has let go of the socket.
    public func stop() async {
        let task = running.withLock { state -> Task<Void, any Error>? in
            defer { state.task = nil }
            return state.task
        }
        task?.cancel()
        _ = try? await task?.value
        await http.stop(timeout: 0)
    }
}

/// Lets one server at a time go from "starting" to "listening".
actor StartGate {
    static let shared = StartGate()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        }
        busy = true
        defer {
            if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
        }
        return try await body()
    }
}
