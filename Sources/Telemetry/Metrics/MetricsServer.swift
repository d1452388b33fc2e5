import CatalogModel
import FlyingFox
import Foundation
import LoopbackHTTP

/// Serves `GET /metrics` (Prometheus text format 0.0.4) on a loopback address.
///
/// Runs on ``LoopbackHTTPServer``, as the simulator and the webhook receiver do.
public final class MetricsServer: Sendable {
    private let server: LoopbackHTTPServer

    /// - Parameters:
    ///   - host: The address to bind; only loopback addresses are accepted (metrics name stores).
    ///   - port: 0 picks a free port.
    public init(registry: MetricsRegistry, host: String = "127.0.0.1", port: UInt16) throws {
        guard Loopback.isLoopback(host: host), host != "::1", !host.contains(":") else {
            throw MetricsServerError(
                message: "--metrics binds to loopback only (127.0.0.1:PORT), not \(host); put a reverse proxy in front to expose it")
        }
        server = try LoopbackHTTPServer(
            host: host == "localhost" ? "127.0.0.1" : host, port: port, handler: MetricsHandler(registry: registry))
    }

    /// Starts listening; returns the port once it is open.
    @discardableResult
    public func start() async throws -> UInt16 { try await server.start() }

    public var port: UInt16 { server.port }

    public func stop() async { await server.stop() }

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
