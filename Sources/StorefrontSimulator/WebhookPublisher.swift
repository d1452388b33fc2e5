import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import ShopifySimulator
import SimulatorCore
import Synchronization
import WooCommerceSimulator

/// Where and how a simulated store sends its webhooks.
public struct WebhookPublishing: Sendable {
    /// The subscriber's address, e.g. `http://127.0.0.1:8464/webhooks/shopify/shop-main`.
    public var url: String
    /// The shared secret deliveries are signed with (Shopify: the app's client secret;
    /// WooCommerce: the webhook's secret).
    public var secret: Secret
    /// The waits before each retry of a failed delivery; its length is the number of retries.
    /// Shopify retries 8 times over 4 hours with exponential backoff (shopify.dev changelog,
    /// "Updates to webhook retry mechanism", 2024-09-10); the simulator's default is the same
    /// count over about nine minutes, and a test passes milliseconds.
    public var retrySchedule: [Duration]
    /// Deliveries waiting to be sent at most; beyond it new ones are dropped (and logged).
    public var queueCapacity: Int
    /// Deliveries in flight at once (each with its own retries).
    public var concurrency: Int
    /// How long one attempt may take: Shopify counts a delivery not answered within 5 seconds
    /// as failed.
    public var attemptTimeout: Duration

    /// - Parameters:
    ///   - url: The subscriber's address.
    ///   - secret: The signing secret.
    ///   - retrySchedule: Waits before each retry; default ``defaultRetrySchedule``.
    ///   - queueCapacity: Queued deliveries at most; default 1,000.
    ///   - concurrency: Deliveries in flight at once; default 4.
    ///   - attemptTimeout: Limit of one attempt; default 5 s.
    public init(
        url: String, secret: Secret, retrySchedule: [Duration] = Self.defaultRetrySchedule, queueCapacity: Int = 1_000,
        concurrency: Int = 4,
        attemptTimeout: Duration = .seconds(5)
    ) {
        self.url = url
        self.secret = secret
        self.retrySchedule = retrySchedule
        self.queueCapacity = queueCapacity
        self.concurrency = concurrency
        self.attemptTimeout = attemptTimeout
    }

    /// Eight retries, doubling from one second: 1, 2, 4, 8, 15, 30 s, 1, 2 min.
    public static let defaultRetrySchedule: [Duration] = [1, 2, 4, 8, 15, 30, 60, 120].map { .seconds($0) }
}

/// Sends a simulated store's webhooks as the platform would: whenever the store's state changes
/// by anything but a read — a shopper's order, an admin edit (`/_sim/orders`, `/_sim/edits`, the
/// live activity), or a write through the admin API, Concord's own included, as real stores
/// announce an app's writes too.
///
/// - Shopify: `orders/create`, `orders/updated`, `products/update` and `inventory_levels/update`
///   (``ShopifyWebhookPayload``), with `X-Shopify-Topic`, `-Hmac-Sha256`, `-Event-Id`,
///   `-Webhook-Id`, `-Shop-Domain`, `-Triggered-At`.
/// - WooCommerce: `order.created`, `order.updated`, `product.updated`, with `X-WC-Webhook-Topic`,
///   `-Signature`, `-Source`, `-Delivery-ID` and the rest.
/// - Magento has no webhooks in core (Adobe Commerce's webhooks are a separate module), so a
///   Magento store is refused.
///
/// Changes are found by comparing the state with the one last announced, on a background task:
/// request handling only signals, so it never waits on a subscriber. Deliveries go through a
/// bounded queue to at most ``WebhookPublishing/concurrency`` senders; a failed one (no answer,
/// or not 2xx) is retried on ``WebhookPublishing/retrySchedule`` with the same body and ids, as
/// platforms do, then dropped. Every attempt is logged (topic, id, status — never the secret or
/// the signature) and listed at `GET /_sim/webhooks`.
public final class WebhookPublisher: Sendable {
    public let settings: WebhookPublishing
    private let store: SimulatedStore
    private let log: @Sendable (String) -> Void
    private let client: HTTPClient
    private let signals: AsyncStream<Void>.Continuation
    private let queue: AsyncStream<SimWebhook>.Continuation
    private let state = Mutex(State())
    private let tasks = Mutex<[Task<Void, Never>]>([])

    private struct State {
        /// `/_sim/reset` happened: take the next state as the new starting point.
        var rebaseline = false
        /// Deliveries queued or in flight, for the count left undelivered at stop.
        var outstanding = 0
        /// Event numbers start at random, so a restarted simulator never reuses an id a
        /// receiver remembers (it would drop the delivery as a replay).
        var nextEvent = Int64.random(in: 1..<(1 << 40))
    }

    /// Starts watching `store` and sending its webhooks to `settings.url`.
    ///
    /// - Parameter log: Receives one line per attempt, per drop and at stop.
    /// - Throws: ``SimWebhookError`` for a Magento store.
    public init(store: SimulatedStore, settings: WebhookPublishing, log: @escaping @Sendable (String) -> Void) throws {
        guard store.spec.platform != .magento else {
            throw SimWebhookError(
                message:
                    "Magento has no webhooks in core; a Magento store sends none (its changes reach Concord through the scheduled sync)")
        }
        self.store = store
        self.settings = settings
        self.log = log
        client = HTTPClient(
            configuration: HTTPClient.Configuration(
                connectTimeout: settings.attemptTimeout, totalTimeout: settings.attemptTimeout,
                retryPolicy: RetryPolicy(maxAttempts: 1), userAgent: "concord-sim webhooks"))
        let (signalStream, signals) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let (deliveryStream, queue) = AsyncStream.makeStream(
            of: SimWebhook.self, bufferingPolicy: .bufferingOldest(max(1, settings.queueCapacity)))
        self.signals = signals
        self.queue = queue
        let baseline = store.shop.snapshot
        store.server.observeStateChanges { [weak self] notice in
            if case .reset = notice { self?.state.withLock { $0.rebaseline = true } }
            self?.signals.yield()
        }
        let watcher = Task { [self] in await watch(signalStream, from: baseline) }
        let sender = Task { [self] in await send(deliveryStream) }
        tasks.withLock { $0 = [watcher, sender] }
    }

    /// Stops sending; deliveries still queued or waiting for a retry are dropped, and their
    /// number is logged.
    public func stop() async {
        signals.finish()
        queue.finish()
        let running = tasks.withLock { $0 }
        for task in running { task.cancel() }
        for task in running { await task.value }
        client.shutdown()
        let left = state.withLock { $0.outstanding }
        if left > 0 { log("\(store.spec.name): \(left) webhook delivery(ies) not delivered at stop") }
    }

    // MARK: Watching the store

    private func watch(_ signals: AsyncStream<Void>, from baseline: ShopState) async {
        var last = baseline
        for await _ in signals {
            let current = store.shop.snapshot
            if state.withLock({ state in
                defer { state.rebaseline = false }; return state.rebaseline
            }) {
                last = current
                continue
            }
            let changes = current.changes(since: last)
            last = current
            for change in changes {
                for delivery in deliveries(for: change, in: current) { enqueue(delivery) }
            }
        }
    }

    private func enqueue(_ delivery: SimWebhook) {
        state.withLock { $0.outstanding += 1 }
        if case .dropped = queue.yield(delivery) {
            state.withLock { $0.outstanding -= 1 }
            record(delivery, attempt: 0, status: 0, outcome: .dropped)
            log(
                "\(store.spec.name): webhook \(delivery.topic) \(delivery.deliveryID) dropped: \(settings.queueCapacity) deliveries already queued"
            )
        }
    }

    private func takeEventNumber() -> Int64 {
        state.withLock { state in
            defer { state.nextEvent += 1 }
            return state.nextEvent
        }
    }

    /// The platform's deliveries for one change, signed.
    func deliveries(for change: ShopChange, in current: ShopState) -> [SimWebhook] {
        let secret = settings.secret.reveal()
        switch store.spec.platform {
        case .shopify:
            let made: (topic: String, body: JSONValue)?
            switch change {
            case .orderCreated(let id): made = current.orders[id].map { ("orders/create", ShopifyWebhookPayload.order($0)) }
            case .orderUpdated(let id): made = current.orders[id].map { ("orders/updated", ShopifyWebhookPayload.order($0)) }
            case .productUpdated(let id, _): made = current.product(id: id).map { ("products/update", ShopifyWebhookPayload.product($0)) }
            case .inventoryLevel(let variantID, let locationID):
                made = current.variant(id: variantID).map {
                    ("inventory_levels/update", ShopifyWebhookPayload.inventoryLevel($0.variant, locationID: locationID))
                }
            }
            guard let made else { return [] }
            return [
                store.shopifyDelivery(
                    topic: made.topic, body: Array(made.body.serialized.utf8), eventNumber: takeEventNumber(), secret: secret)
            ]
        case .woocommerce:
            let platform = (store.api as? WooCommercePlatform) ?? WooCommercePlatform()
            var made: [(topic: String, body: [UInt8])] = []
            switch change {
            case .orderCreated(let id):
                if let body = platform.orderWebhookBody(orderID: id, in: store.shop, origin: store.baseURL) {
                    made.append(("order.created", body))
                }
            case .orderUpdated(let id):
                if let body = platform.orderWebhookBody(orderID: id, in: store.shop, origin: store.baseURL) {
                    made.append(("order.updated", body))
                }
            case .productUpdated(let id, let variantIDs):
                // One delivery per changed variation (each names its SKU), or the product itself.
                for variantID in variantIDs.isEmpty ? [nil] : variantIDs.map(Optional.some) {
                    if let body = platform.productWebhookBody(productID: id, variantID: variantID, in: store.shop, origin: store.baseURL) {
                        made.append(("product.updated", body))
                    }
                }
            case .inventoryLevel:
                break  // WooCommerce has no inventory topic: the product.updated above carries the stock.
            }
            return made.map { store.wooDelivery(topic: $0.topic, body: $0.body, deliveryNumber: takeEventNumber(), secret: secret) }
        case .magento:
            return []
        }
    }

    // MARK: Sending

    private func send(_ deliveries: AsyncStream<SimWebhook>) async {
        let limit = max(1, settings.concurrency)
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await delivery in deliveries {
                if running >= limit {
                    await group.next()
                    running -= 1
                }
                group.addTask { [self] in await deliver(delivery) }
                running += 1
            }
        }
    }

    /// One delivery with its retries.
    private func deliver(_ delivery: SimWebhook) async {
        defer { state.withLock { $0.outstanding -= 1 } }
        let attempts = settings.retrySchedule.count + 1
        for attempt in 1...attempts {
            guard !Task.isCancelled else { return }
            let status = await delivery.post(to: settings.url, using: client)
            let name = "\(store.spec.name): webhook \(delivery.topic) \(delivery.deliveryID)"
            let answer = status == 0 ? "no answer" : "\(status)"
            if (200..<300).contains(status) {
                record(delivery, attempt: attempt, status: status, outcome: .delivered)
                log("\(name) → \(answer) (attempt \(attempt))")
                return
            }
            guard attempt < attempts else {
                record(delivery, attempt: attempt, status: status, outcome: .gaveUp)
                log("\(name) → \(answer) (attempt \(attempt) of \(attempts)); giving up")
                return
            }
            let wait = settings.retrySchedule[attempt - 1]
            record(delivery, attempt: attempt, status: status, outcome: .retrying, retryIn: wait)
            log("\(name) → \(answer) (attempt \(attempt) of \(attempts)); retry in \(Self.format(wait))")
            do { try await Task.sleep(for: wait) } catch { return }
        }
    }

    private func record(_ delivery: SimWebhook, attempt: Int, status: Int, outcome: WebhookAttempt.Outcome, retryIn: Duration? = nil) {
        store.server.recordWebhookAttempt(
            WebhookAttempt(
                time: Date(), topic: delivery.topic, deliveryID: delivery.deliveryID, attempt: attempt, status: status, outcome: outcome,
                retryIn: retryIn))
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds % 60_000 == 0 && milliseconds > 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1000 == 0 && milliseconds > 0 { return "\(milliseconds / 1000)s" }
        return "\(milliseconds)ms"
    }
}

extension SimWebhook {
    /// POSTs the delivery to `url` through libcurl, as the platform would, and returns the HTTP
    /// status (0 when nothing answered). Posting it again is a replay: same body, same ids.
    public func post(to url: String, using client: HTTPClient) async -> Int {
        let request = HTTPRequest(
            method: .post, url: url, headers: HTTPHeaders(headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }), body: body,
            retrySafe: false)
        return (try? await client.send(request))?.status ?? 0
    }
}
