import CatalogModel
import FlyingFox
import LoopbackHTTP
import Foundation

/// A store that may send webhooks: its platform and the shared secret its deliveries are signed
/// with (resolved from the environment or the credentials file, never from concord.toml).
public struct WebhookSource: Sendable {
    public var store: StoreID
    public var platform: WebhookPlatform
    public var secret: [UInt8]

    public init(store: StoreID, platform: WebhookPlatform, secret: [UInt8]) {
        self.store = store
        self.platform = platform
        self.secret = secret
    }
}

/// A verified, first-seen delivery.
public struct WebhookDelivery: Sendable {
    public var store: StoreID
    public var platform: WebhookPlatform
    public var topic: String?
    public var deliveryID: String?
    public var subjects: WebhookSubjects
    /// The refund a Shopify `refunds/create` delivery reports, to apply to the stored order
    /// lines before the targeted sync (see ``WebhookRefund``).
    public var refund: OrderRefund?
}

/// What the server did with a request, for logs and metrics.
public enum WebhookResult: String, Sendable {
    /// Signed, new: handed on.
    case accepted
    /// Signed, but already seen: answered 200 so the platform stops retrying, and ignored.
    case duplicate
    /// Unsigned or badly signed: 401, nothing changes.
    case unauthorized
    /// WooCommerce's test delivery when a webhook is created.
    case ping
    /// Unknown route, store or method.
    case notFound = "not_found"
    /// Shutting down: 503 with `Retry-After`, so the platform delivers it again later (to the
    /// next process, or this one restarted).
    case refused
}

/// `POST /webhooks/<platform>/<store-id>`: verifies each delivery's HMAC over the raw body in
/// constant time, drops replays by delivery id (through `remember`, which persists them), and
/// hands the affected SKUs on.
///
/// A replay is answered 200 rather than an error: Shopify and WooCommerce retry any non-2xx
/// answer and eventually disable the subscription, and the delivery was already acted on.
/// Runs on ``LoopbackHTTPServer`` (127.0.0.1 unless told otherwise), as the simulator does.
public final class WebhookServer: Sendable {
    public typealias Remember = @Sendable (_ store: StoreID, _ deliveryID: String) async throws -> Bool

    private let server: LoopbackHTTPServer
    private let admission: WebhookAdmission

    /// - Parameters:
    ///   - sources: The stores accepted, by id.
    ///   - remember: Records a delivery id; `false` when it was seen before.
    ///   - observe: Called for every request with the store (when known) and what became of it.
    ///   - deliver: Called for each accepted delivery.
    public init(
        sources: [WebhookSource], host: String = "127.0.0.1", port: UInt16, remember: @escaping Remember,
        observe: @escaping @Sendable (StoreID?, WebhookResult, String) -> Void = { _, _, _ in },
        deliver: @escaping @Sendable (WebhookDelivery) async -> Void
    ) throws {
        let admission = WebhookAdmission()
        let handler = WebhookHandler(
            sources: Dictionary(sources.map { ("\($0.platform.rawValue)/\($0.store.rawValue)", $0) }, uniquingKeysWith: { first, _ in first }),
            remember: remember, observe: observe, deliver: deliver, admission: admission)
        self.admission = admission
        server = try LoopbackHTTPServer(host: host, port: port, handler: handler)
    }

    /// Answers every later request 503 with `Retry-After` (the platforms retry those), and returns
    /// once the deliveries already being handled have been handed on: after it, nothing more
    /// reaches `deliver`, while the port stays open so no platform sees a refused connection.
    public func refuseNewDeliveries() async {
        await admission.close()
    }

    @discardableResult
    public func start() async throws -> UInt16 { try await server.start() }

    public var port: UInt16 { server.port }

    public func stop() async { await server.stop() }
}

struct WebhookHandler: HTTPHandler {
    let sources: [String: WebhookSource]
    let remember: WebhookServer.Remember
    let observe: @Sendable (StoreID?, WebhookResult, String) -> Void
    let deliver: @Sendable (WebhookDelivery) async -> Void
    let admission: WebhookAdmission

    static let maxBody = 4 << 20

    func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        guard admission.enter() else {
            observe(nil, .refused, "webhook \(request.path) refused with 503: shutting down (the platform will deliver it again)")
            var response = Self.answer(503, "shutting down; deliver again later")
            response.headers[HTTPHeader("Retry-After")] = "30"
            return response
        }
        defer { admission.leave() }
        return try await handle(request)
    }

    func handle(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.count == 3, parts[0] == "webhooks", let source = sources["\(parts[1])/\(parts[2])"] else {
            observe(nil, .notFound, "no webhook route \(request.path)")
            return Self.answer(404, "no such webhook route; use POST /webhooks/<shopify|woocommerce>/<store-id> for a store in concord.toml")
        }
        guard request.method == .POST else { return Self.answer(405, "webhooks are POSTed") }
        let body = Array(try await request.bodyData.prefix(Self.maxBody + 1))
        guard body.count <= Self.maxBody else { return Self.answer(413, "body too large") }
        let signature = request.headers[HTTPHeader(source.platform.signatureHeader)]
        // WooCommerce pings a new webhook with an unsigned form body `webhook_id=N`; answer 200
        // so the webhook can be saved, and do nothing else.
        if source.platform == .woocommerce, signature == nil, let text = String(bytes: body, encoding: .utf8), text.hasPrefix("webhook_id=") {
            observe(source.store, .ping, "\(source.store): WooCommerce webhook ping (\(text))")
            return Self.answer(200, "pong")
        }
        guard WebhookSignature.isValid(signature: signature, body: body, secret: source.secret) else {
            observe(source.store, .unauthorized, "\(source.store): webhook refused: \(signature == nil ? "unsigned" : "bad signature") (check the webhook secret)")
            return Self.answer(401, "signature missing or wrong")
        }
        let deliveryID = source.platform.deliveryHeaders.lazy.compactMap { request.headers[HTTPHeader($0)] }.first
        if let deliveryID {
            do {
                guard try await remember(source.store, deliveryID) else {
                    observe(source.store, .duplicate, "\(source.store): webhook delivery \(deliveryID) already received; ignored")
                    return Self.answer(200, "duplicate delivery; ignored")
                }
            } catch {
                // Cannot tell a replay from a new delivery: ask the platform to retry later.
                observe(source.store, .notFound, "\(source.store): could not record webhook delivery \(deliveryID): \(error)")
                return Self.answer(503, "try again later")
            }
        }
        let topic = request.headers[HTTPHeader(source.platform.topicHeader)]
        let subjects = WebhookPayload.subjects(platform: source.platform, topic: topic, body: body)
        let refund = WebhookRefund.refund(platform: source.platform, topic: topic, body: body, store: source.store)
        observe(source.store, .accepted, "\(source.store): webhook \(topic ?? "?") \(deliveryID ?? "") names \(subjects.skus.count) SKU(s)")
        await deliver(
            WebhookDelivery(store: source.store, platform: source.platform, topic: topic, deliveryID: deliveryID, subjects: subjects, refund: refund))
        return Self.answer(200, "ok")
    }

    static func answer(_ status: Int, _ text: String) -> FlyingFox.HTTPResponse {
        HTTPResponse(statusCode: HTTPStatusCode(status, phrase: status == 200 ? "OK" : "Error"), body: Data((text + "\n").utf8))
    }
}
