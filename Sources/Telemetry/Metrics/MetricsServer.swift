import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// Serves `GET /metrics` (Prometheus text format 0.0.4) on a loopback address.
///
/// FlyingFox with the `.poll()` socket pool, as the simulator's server (its default pool stalls
/// on Linux with several connections open); stopped by cancelling the run first, then `stop()`,
/// for the reason given in `SimulatorServer.stop()`.
public final class MetricsServer: Sendable {
    private let http: HTTPServer
    private let running = Mutex<(task: Task<Void, any Error>?, port: UInt16)>((nil, 0))

    /// - Parameters:
    ///   - host: The address to bind; only loopback addresses are accepted (metrics name stores).
    ///   - port: 0 picks a free port.
    public init(registry: MetricsRegistry, host: String = "127.0.0.1", port: UInt16) throws {
        guard host.hasPrefix("127.") || host == "localhost" else {
            throw MetricsServerError(message: "--metrics binds to loopback only (127.0.0.1:PORT), not \(host); put a reverse proxy in front to expose it")
        }
        let address = try sockaddr_in.inet(ip4: host == "localhost" ? "127.0.0.1" : host, port: port)
        http = HTTPServer(address: address, timeout: 30, pool: .poll(), logger: .disabled, handler: MetricsHandler(registry: registry))
    }

    /// Starts listening; returns the port once it is open.
    @discardableResult
    public func start() async throws -> UInt16 {
        let http = self.http
        let task = Task { try await http.run() }
        try await http.waitUntilListening(timeout: 10)
        guard case .ip4(_, let port)? = await http.listeningAddress else { throw SocketError.unsupportedAddress }
        running.withLock { $0 = (task, port) }
        return port
    }

    public var port: UInt16 { running.withLock { $0.port } }

    public func stop() async {
        let task = running.withLock { state -> Task<Void, any Error>? in
            defer { state.task = nil }
            return state.task
        }
        task?.cancel()
        _ = try? await task?.value
        await http.stop(timeout: 0)
    }

    /// Splits `127.0.0.1:9464` (or `:9464`, or `9464`) into host and port.
    public static func parseAddress(_ text: String) -> (host: String, port: UInt16)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return UInt16(parts[0]).map { ("127.0.0.1", $0) }
        case 2: return UInt16(parts[1]).map { (parts[0].isEmpty ? "127.0.0.1" : String(parts[0]), $0) }
        default: return nil
        }
    }
}

public struct MetricsServerError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

struct MetricsHandler: HTTPHandler {
    let registry: MetricsRegistry

    func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        guard request.path == "/metrics" else {
            return HTTPResponse(statusCode: .notFound, body: Data("metrics are at /metrics\n".utf8))
        }
        guard request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(statusCode: .methodNotAllowed)
        }
        var headers = HTTPHeaders()
        headers[HTTPHeader("Content-Type")] = "text/plain; version=0.0.4; charset=utf-8"
        return HTTPResponse(statusCode: .ok, headers: headers, body: Data(registry.render().utf8))
    }
}
