import CatalogModel
import FlyingFox
import Foundation
import LoopbackHTTP
import MessageAuthentication

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
    /// Larger than the listener takes (413), refused before or while reading it.
    case tooLarge = "too_large"
    /// Signed, but without the platform's delivery id or topic header, or triggered too long
    /// ago: not acted on.
    case incomplete
    /// Signed, but triggered longer ago than the listener accepts: answered 200 and ignored.
    case stale
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
    ///   - maxDeliveryAge: A Shopify delivery whose `X-Shopify-Triggered-At` is older is ignored
    ///     (a captured delivery replayed later); default one hour. The scheduled sync covers
    ///     whatever it named.
    public init(
        sources: [WebhookSource], host: String = "127.0.0.1", port: UInt16, remember: @escaping Remember,
        observe: @escaping @Sendable (StoreID?, WebhookResult, String) -> Void = { _, _, _ in },
        maxDeliveryAge: Duration = .seconds(3_600), now: @escaping @Sendable () -> Date = { Date() },
        deliver: @escaping @Sendable (WebhookDelivery) async -> Void
    ) throws {
        let admission = WebhookAdmission()
        let handler = WebhookHandler(
            sources: Dictionary(
                sources.map { ("\($0.platform.rawValue)/\($0.store.rawValue)", $0) }, uniquingKeysWith: { first, _ in first }),
            remember: remember, observe: observe, deliver: deliver, admission: admission, maxDeliveryAge: maxDeliveryAge, now: now)
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
    let maxDeliveryAge: Duration
    let now: @Sendable () -> Date

    static let maxBody = 4 << 20

    /// The body, read only up to the cap: a `Content-Length` over it is refused before a byte is
    /// read, and a chunked body stops being read at the cap. `nil`: too large.
    static func boundedBody(_ request: FlyingFox.HTTPRequest) async throws -> [UInt8]? {
        if let length = request.headers[.contentLength].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), length > maxBody {
            return nil
        }
        var body: [UInt8] = []
        for try await chunk in request.bodySequence {
            guard body.count + chunk.count <= maxBody else { return nil }
            body.append(contentsOf: chunk)
        }
        return body
    }

    /// A request's size and digest, never its content, for the log.
    static func fingerprint(_ body: [UInt8]) -> String {
        let digest = SHA256.hash(body).prefix(8).map { String(format: "%02x", $0) }.joined()
        return "\(body.count) bytes, sha256 \(digest)…"
    }

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
            observe(nil, .notFound, "no webhook route \(VisibleText.escaped(String(request.path.prefix(200))))")
            return Self.answer(
                404, "no such webhook route; use POST /webhooks/<shopify|woocommerce>/<store-id> for a store in concord.toml")
        }
        guard request.method == .POST else { return Self.answer(405, "webhooks are POSTed") }
        guard let body = try await Self.boundedBody(request) else {
            observe(source.store, .tooLarge, "\(source.store): webhook refused: body over \(Self.maxBody >> 20) MiB")
            return Self.answer(413, "body too large")
        }
        let signature = request.headers[HTTPHeader(source.platform.signatureHeader)]
        // WooCommerce pings a new webhook with an unsigned form body `webhook_id=N`; answer 200
        // so the webhook can be saved, and do nothing else. The body is unsigned: never logged.
        if source.platform == .woocommerce, signature == nil, body.count <= 64, body.starts(with: Array("webhook_id=".utf8)) {
            observe(source.store, .ping, "\(source.store): WooCommerce webhook ping (\(Self.fingerprint(body)))")
            return Self.answer(200, "pong")
        }
        guard WebhookSignature.isValid(signature: signature, body: body, secret: source.secret) else {
            observe(
                source.store, .unauthorized,
                "\(source.store): webhook refused: \(signature == nil ? "unsigned" : "bad signature") (\(Self.fingerprint(body)); check the webhook secret)"
            )
            return Self.answer(401, "signature missing or wrong")
        }
        // Both platforms always send a delivery id and a topic (Shopify: X-Shopify-Webhook-Id and
        // X-Shopify-Topic; WooCommerce: X-WC-Webhook-Delivery-ID and X-WC-Webhook-Topic): a signed
        // body without them is a replay someone assembled, not a delivery.
        let deliveryID = source.platform.deliveryHeaders.lazy.compactMap { request.headers[HTTPHeader($0)] }.first
        guard let deliveryID, !deliveryID.isEmpty, let topic = request.headers[HTTPHeader(source.platform.topicHeader)], !topic.isEmpty
        else {
            observe(source.store, .incomplete, "\(source.store): signed webhook without its delivery id or topic header; ignored")
            return Self.answer(400, "missing the platform's delivery id or topic header")
        }
        if source.platform == .shopify, let triggered = request.headers[HTTPHeader("X-Shopify-Triggered-At")].flatMap(Self.date),
            now().timeIntervalSince(triggered) > Double(maxDeliveryAge.components.seconds)
        {
            observe(
                source.store, .stale,
                "\(source.store): webhook \(VisibleText.escaped(topic)) triggered \(Int(now().timeIntervalSince(triggered))) s ago; ignored"
            )
            return Self.answer(200, "too old; ignored")
        }
        // Replays by delivery id, and the same signed body under a new id.
        let digest = "sha256:" + SHA256.hash(body).map { String(format: "%02x", $0) }.joined()
        do {
            let newID = try await remember(source.store, deliveryID)
            let newBody = try await remember(source.store, digest)
            guard newID, newBody else {
                observe(
                    source.store, .duplicate,
                    "\(source.store): webhook delivery \(VisibleText.escaped(deliveryID)) already received; ignored")
                return Self.answer(200, "duplicate delivery; ignored")
            }
        } catch {
            // Cannot tell a replay from a new delivery: ask the platform to retry later.
            observe(
                source.store, .notFound, "\(source.store): could not record webhook delivery \(VisibleText.escaped(deliveryID)): \(error)")
            return Self.answer(503, "try again later")
        }
        let subjects = WebhookPayload.subjects(platform: source.platform, topic: topic, body: body)
        let refund = WebhookRefund.refund(platform: source.platform, topic: topic, body: body, store: source.store)
        observe(
            source.store, .accepted,
            "\(source.store): webhook \(VisibleText.escaped(topic)) \(VisibleText.escaped(deliveryID)) names \(subjects.skus.count) SKU(s)")
        await deliver(
            WebhookDelivery(
                store: source.store, platform: source.platform, topic: topic, deliveryID: deliveryID, subjects: subjects, refund: refund))
        return Self.answer(200, "ok")
    }

    /// `X-Shopify-Triggered-At`: ISO 8601, with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text) ?? plain.date(from: text)
    }

    static func answer(_ status: Int, _ text: String) -> FlyingFox.HTTPResponse {
        HTTPResponse(statusCode: HTTPStatusCode(status, phrase: status == 200 ? "OK" : "Error"), body: Data((text + "\n").utf8))
    }
}
