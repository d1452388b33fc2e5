import ArgumentParser
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Sync
import Telemetry
import WebhookReceiver

/// `concord listen`: receive the stores' webhooks and sync the SKUs they name.
struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Receive Shopify and WooCommerce webhooks and sync the SKUs they name within seconds.",
        discussion: """
            Serves POST /webhooks/<platform>/<store-id> on 127.0.0.1 (put your TLS reverse proxy in \
            front). Each delivery's signature (Shopify X-Shopify-Hmac-Sha256, WooCommerce \
            X-WC-Webhook-Signature: base64 HMAC-SHA256 of the raw body) is checked in constant time \
            with the store's webhook secret, named in concord.toml by webhook_secret_env = "NAME" \
            and read from the environment or the credentials file. Unsigned or badly signed requests \
            get 401 and change nothing; a delivery seen before (by X-Shopify-Event-Id / \
            X-Shopify-Webhook-Id or X-WC-Webhook-Delivery-ID, remembered in the catalog database) is \
            answered 200 and ignored. WooCommerce's ping on webhook creation is answered 200.

            The SKUs named by a quiet store's first webhook go out at once: a targeted sync reads only \
            those listings and writes only their changes (through the journal, under the catalog's \
            lock, as concord sync --apply). SKUs arriving while it runs and for --debounce after it \
            are gathered into the next one.

            Refunds: a Shopify refunds/create delivery is applied to the stored order lines at once \
            (the refunded units no longer hold stock), exactly once per refund id: a replay, or an \
            order read that already counted the refund, changes nothing. WooCommerce names refunds \
            in order.updated without their lines; the targeted sync's order read fetches them.

            Webhooks are not guaranteed to arrive: keep a scheduled reconciliation running (concord \
            run --listen PORT does both in one process).

            SIGTERM or SIGINT stops the listener without dropping what it acknowledged: new \
            deliveries are answered 503 (Shopify and WooCommerce deliver them again later), the SKUs \
            still being gathered get one last targeted sync, and the process exits 0. At \
            --drain-timeout a sync still writing stops after the write call in flight, its remaining \
            changes stay queued for the next run (concord run resumes them, or concord apply \
            --resume), and the log says how many; 10 s later the process exits even if a store \
            hangs (the journal makes that as safe as a crash).

            Try it with the simulator (two terminals):
              export SHOP_WEBHOOK_SECRET=demo-secret CONCORD_SIM_WEBHOOK_SECRET=demo-secret
              concord-sim serve --platform shopify --webhook-url http://127.0.0.1:8464/webhooks/shopify/shop
              concord listen --port 8464
            """
    )

    @Option(help: ArgumentHelp("The port to listen on (127.0.0.1).", valueName: "port"))
    var port: UInt16 = 8464

    @Option(help: ArgumentHelp("How long to gather webhooks before a targeted sync.", valueName: "duration"))
    var debounce: String = "2s"

    @Option(name: .customLong("store"), help: "Accept webhooks for these stores only (repeatable; default all with a webhook secret).")
    var stores: [String] = []

    @Option(help: ArgumentHelp("Serve Prometheus metrics on this loopback address, e.g. 127.0.0.1:9464.", valueName: "host:port"))
    var metrics: String?

    @Option(help: ArgumentHelp("Log lines as text or json (one object a line).", valueName: "format"))
    var logFormat: String = "text"

    @Option(help: ArgumentHelp("On SIGTERM/SIGINT: the longest the last targeted sync of gathered SKUs may take.", valueName: "duration"))
    var drainTimeout: String = "20s"

    @Option(
        help: ArgumentHelp(
            "Ignore a Shopify delivery triggered longer ago than this (X-Shopify-Triggered-At): a captured delivery replayed later.",
            valueName: "duration"))
    var maxDeliveryAge: String = "1h"

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if ServiceDuration.parse(debounce) == nil { throw ValidationError("--debounce \(debounce): write a duration such as 500ms or 2s") }
        if ServiceDuration.parse(drainTimeout) == nil {
            throw ValidationError("--drain-timeout \(drainTimeout): write a duration such as 20s or 1m")
        }
        if ServiceDuration.parse(maxDeliveryAge) == nil {
            throw ValidationError("--max-delivery-age \(maxDeliveryAge): write a duration such as 30m or 1h")
        }
        if LogFormat(rawValue: logFormat) == nil { throw ValidationError("--log-format is text or json") }
        if let metrics, MetricsServer.parseAddress(metrics) == nil {
            throw ValidationError("--metrics \(metrics): write host:port, e.g. 127.0.0.1:9464")
        }
    }

    func run() async throws {
        let writer = EventLogWriter(format: LogFormat(rawValue: logFormat) ?? .text)
        let stop = StopSignal()
        let traps = stop.trap { name in writer.write(LogRecord(level: "info", message: "\(name) received; stopping", event: "stopping")) }
        defer { withExtendedLifetime(traps) {} }

        guard let configuration = try global.loadConfiguration(required: true) else { return }
        let selected = try StoreSelection.select(stores, from: configuration)
        let database = global.database(configuration: configuration)
        let catalog = try await database.open()
        let connections = StoreConnections(stores: selected, configuration: configuration, global: global)
        defer { connections.shutdown() }
        for failure in connections.failures {
            writer.write(
                LogRecord(
                    level: "error", message: "\(failure.configuration.id): \(failure.error)", store: failure.configuration.id.rawValue))
        }
        let metricsModel = ConcordMetrics()
        var metricsServer: MetricsServer?
        if let metrics, let address = MetricsServer.parseAddress(metrics) {
            let server = try MetricsServer(registry: metricsModel.registry, host: address.host, port: address.port)
            let bound = try await server.start()
            metricsServer = server
            writer.write(
                LogRecord(level: "info", message: "metrics at http://\(address.host):\(bound)/metrics", event: "metrics_listening"))
        }
        // PostgreSQL: the leases of its stores for as long as it listens (a SQLite catalog's lock
        // file is taken sync by sync); nothing between here and `holding` throws.
        let lock =
            database.isPostgres
            ? try await CatalogSyncLock.take(database, store: catalog, command: "concord listen", stores: selected.map(\.id)) : nil
        var service = SyncService(
            catalog: catalog, databasePath: database.sqlitePath, stores: connections.entries, options: ServiceOptions(), stop: stop,
            events: { writer.write(LogRecord($0)) })
        service.statistics = { connections.statistics(of: $0) }
        service.onReport = { report, kind in metricsModel.record(report, kind: kind) }
        service.leaseKeeper = lock?.keeper
        try await (lock ?? .none).holding {
            try await listen(
                service: service, configuration: configuration, connections: connections, catalog: catalog, writer: writer,
                metrics: metricsModel, stop: stop)
        }
        await metricsServer?.stop()
    }

    /// Receives webhooks until stopped, then syncs what was gathered.
    func listen(
        service: SyncService, configuration: ConcordConfiguration, connections: StoreConnections, catalog: any CatalogStore,
        writer: EventLogWriter, metrics metricsModel: ConcordMetrics, stop: StopSignal
    ) async throws {
        let webhooks = try await WebhookWiring.start(
            port: port, configuration: configuration, stores: connections.entries.map(\.configuration), global: global, catalog: catalog,
            service: service, ledger: WebhookLedger(), metrics: metricsModel, writer: writer, debounce: ServiceDuration.parse(debounce)!,
            maxDeliveryAge: ServiceDuration.parse(maxDeliveryAge)!)
        await stop.wait()
        await webhooks.drain(timeout: ServiceDuration.parse(drainTimeout)!)
    }
}
