import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Sync
import Telemetry
import WebhookReceiver

/// Starts the webhook receiver for the stores that have a webhook secret, wired to targeted
/// syncs through the service (one run at a time with the scheduled ones).
enum WebhookWiring {
    static func start(
        port: UInt16, configuration: ConcordConfiguration, stores: [StoreConfiguration], global: GlobalOptions, catalog: any CatalogStore,
        service: SyncService, ledger: WebhookLedger, metrics: ConcordMetrics, writer: EventLogWriter, debounce: Duration,
        maxDeliveryAge: Duration = .seconds(3_600)
    ) async throws -> WebhookListener {
        let resolver = CredentialResolver(environment: global.environment, file: configuration.credentialsFile)
        var sources: [WebhookSource] = []
        for store in stores {
            guard let name = store.credentials.webhookSecretEnv else { continue }
            guard let platform = WebhookPlatform(rawValue: store.platform.rawValue) else {
                writer.write(
                    LogRecord(
                        level: "warning",
                        message:
                            "\(store.id): Concord takes webhooks from Shopify and WooCommerce only; the scheduled sync covers this store",
                        store: store.id.rawValue))
                continue
            }
            let secret = try resolver.secret(named: name, for: store.id, key: "webhook_secret_env")
            sources.append(WebhookSource(store: store.id, platform: platform, secret: Array(secret.reveal().utf8)))
        }
        guard !sources.isEmpty else {
            throw CLIError(
                "no store has a webhook secret; add webhook_secret_env = \"NAME\" to a Shopify or WooCommerce store in concord.toml and export NAME"
            )
        }
        // Webhook syncs answer to the shutdown's time limit, not to the signal (see WebhookListener),
        // and cover every store: a sale in one channel moves every channel's sellable stock.
        let deadline = StopSignal()
        let debouncer = SKUDebouncer(window: debounce) { _, skus in
            await ledger.note(skus)
            _ = await service.targetedRun(skus, stop: deadline)
        }
        let server = try WebhookServer(
            sources: sources, port: port,
            remember: { store, id in try await catalog.recordWebhookDelivery(store: store, deliveryID: id, at: Date()) },
            observe: { store, result, message in
                if let store { metrics.webhook(store: store.rawValue, result: result.rawValue) }
                let level = result == .unauthorized ? "warning" : "info"
                writer.write(LogRecord(level: level, message: message, event: "webhook_\(result.rawValue)", store: store?.rawValue))
            },
            maxDeliveryAge: maxDeliveryAge,
            deliver: { delivery in
                var skus = delivery.subjects.skus
                if let refund = delivery.refund { await recordRefund(refund, catalog: catalog, writer: writer) }
                if !delivery.subjects.inventoryItemIDs.isEmpty {
                    // Inventory level webhooks name the inventory item; the listings Concord matched know its SKU.
                    let mappings = (try? await catalog.listingMappings(store: delivery.store)) ?? []
                    for mapping in mappings
                    where mapping.ref.inventoryItemID.map({ id in
                        delivery.subjects.inventoryItemIDs.contains(id)
                            || delivery.subjects.inventoryItemIDs.contains(where: { id.hasSuffix("/\($0)") })
                    }) ?? false {
                        skus.insert(mapping.sku)
                    }
                }
                await debouncer.add(skus, store: delivery.store)
            })
        let bound = try await server.start()
        writer.write(
            LogRecord(
                level: "info",
                message:
                    "webhooks at http://127.0.0.1:\(bound)/webhooks/<platform>/<store> for \(sources.map { "\($0.platform.rawValue)/\($0.store)" }.joined(separator: ", "))",
                event: "webhooks_listening"))
        try? await catalog.pruneWebhookDeliveries(before: Date().addingTimeInterval(-14 * 86_400))
        return WebhookListener(server: server, debouncer: debouncer, service: service, writer: writer, deadline: deadline)
    }

    /// Applies a refund webhook's units to the stored order lines, once: a replayed refund, or one
    /// the last order read already counted, changes nothing. A failure is only logged: the
    /// targeted sync's order read still takes the store's own totals.
    static func recordRefund(_ refund: OrderRefund, catalog: any CatalogStore, writer: EventLogWriter) async {
        let store = refund.store.rawValue
        let name = "refund \(refund.refundID) of order \(refund.orderID)"
        do {
            let units = refund.lines.reduce(0) { $0 + $1.quantity }
            let message: String
            switch try await catalog.recordRefund(refund, at: Date()) {
            case .applied(let lines): message = "\(store): \(name): \(units) unit(s) on \(lines) stored order line(s)"
            case .alreadyCounted: message = "\(store): \(name) was already counted; unchanged"
            }
            writer.write(LogRecord(level: "info", message: message, event: "refund_recorded", store: store))
        } catch {
            writer.write(
                LogRecord(level: "warning", message: "\(store): could not record \(name): \(error)", event: "refund_failed", store: store))
        }
    }
}
