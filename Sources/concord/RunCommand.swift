import ArgumentParser
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Sync
import Telemetry
import WebhookReceiver

/// `concord run`: the long-lived service: scheduled syncs, a circuit breaker per store, metrics.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run as a service: incremental syncs on a schedule, full ones less often, until stopped.",
        discussion: """
            First finishes any apply or sync a crash or a signal left unfinished (as concord apply \
            --resume), then syncs every store with --apply semantics every --every (plus up to \
            --jitter at random), reading only what changed; every --full-every the run reads every \
            listing instead. Each run takes the catalog's lock: a concord sync started while a run \
            holds it is refused at once (exit 1, naming the holder), and a scheduled run that finds \
            the lock held by someone else is skipped and logged, to try again at the next tick.

            With a PostgreSQL catalog (--db postgres://...) several agents, on one host or many, \
            share the stores instead: each holds a lease on the stores it syncs, renewed every \
            third of --lease-ttl, so two agents never sync or write one store at once. At each \
            tick an agent keeps its stores up to its share (the stores divided by the live agents), \
            gives back what is over it and takes free ones; --store/--stores pin it to those \
            stores. When an agent dies its leases expire after --lease-ttl, and whoever takes a \
            store over first finishes that store's unfinished journal, exactly once. Every agent \
            reads every store's orders, since what can be sold counts every channel's sales. \
            --max-runs then counts ticks, whether or not the agent held a store. concord status \
            shows who holds what.

            A store that fails --breaker-threshold runs in a row is skipped, with a backoff that \
            starts at --every and doubles up to --max-backoff, while the other stores carry on; \
            its outage and its recovery are logged as one line each, and the first run after it \
            answers again catches it up.

            SIGTERM or SIGINT stops the service gracefully: a run in progress finishes its write \
            call in flight and journals it, the rest stays queued for the next start (or concord \
            apply --resume), and the exit status is 0.

            --metrics 127.0.0.1:9464 serves Prometheus metrics at /metrics: \
            concord_run_duration_seconds{kind}, concord_runs_total{kind}, \
            concord_operations_total{store,outcome}, concord_findings{store,kind}, \
            concord_api_requests_total{store}, concord_throttle_wait_seconds_total{store}, \
            concord_last_success_timestamp_seconds{store}, concord_store_up{store}.

            --listen PORT also receives webhooks (see concord listen) and syncs the SKUs they name \
            within seconds; the scheduled runs keep going, because webhooks are not guaranteed, and \
            each run's log line and record say how many changes webhooks had missed. On SIGTERM or \
            SIGINT the listener answers new deliveries 503 (the platforms deliver them again later) \
            and the SKUs it was still gathering get one last targeted sync, within --drain-timeout \
            (20s); what does not fit stays queued for the next start, and the log says how many.

            Logs go to standard error, one line per event; --log-format json writes one JSON \
            object a line (time, level, message, event, store, run_id) for log shippers.
            """
    )

    @Option(help: ArgumentHelp("Time between incremental syncs: 30s, 15m, 1h.", valueName: "duration"))
    var every: String = "15m"

    @Option(
        help: ArgumentHelp("Up to this much is added to each wait at random (spreads the load of many machines).", valueName: "duration"))
    var jitter: String = "0s"

    @Option(help: ArgumentHelp("Time between full reconciliations (every listing read), or 'never'.", valueName: "duration"))
    var fullEvery: String = "24h"

    @Option(name: .customLong("store"), help: "Sync only these stores (repeatable; default all in concord.toml).")
    var stores: [String] = []

    @Option(
        name: .customLong("stores"),
        help: ArgumentHelp(
            "The same as --store, comma-separated: --stores a,b. With PostgreSQL, pins this agent to them.", valueName: "a,b"))
    var storeList: String?

    @Option(
        help: ArgumentHelp(
            "With PostgreSQL: how long a store's lease outlives its agent's last renewal (renewed every third of it).",
            valueName: "duration"))
    var leaseTtl: String = "90s"

    @Option(help: ArgumentHelp("Stop after this many runs (default: run until stopped).", valueName: "n"))
    var maxRuns: Int?

    @Option(help: ArgumentHelp("Failed runs in a row after which a store is skipped with backoff.", valueName: "n"))
    var breakerThreshold: Int = 3

    @Option(help: ArgumentHelp("The longest a failing store is skipped.", valueName: "duration"))
    var maxBackoff: String = "1h"

    @Option(help: ArgumentHelp("Serve Prometheus metrics on this loopback address, e.g. 127.0.0.1:9464.", valueName: "host:port"))
    var metrics: String?

    @Option(help: ArgumentHelp("Also receive webhooks on this port (127.0.0.1) and sync the SKUs they name at once.", valueName: "port"))
    var listen: UInt16?

    @Option(help: ArgumentHelp("With --listen: how long to gather webhooks before a targeted sync.", valueName: "duration"))
    var debounce: String = "2s"

    @Option(
        help: ArgumentHelp(
            "With --listen, on SIGTERM/SIGINT: the longest the last targeted sync of gathered SKUs may take.", valueName: "duration"))
    var drainTimeout: String = "20s"

    @Option(help: ArgumentHelp("Log lines as text or json (one object a line).", valueName: "format"))
    var logFormat: String = "text"

    @Flag(help: "Plan only: write nothing to the stores (every run is a dry run).")
    var dryRun = false

    @Flag(help: "Apply even changes the mass-change guard would refuse.")
    var allowMassChange = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        for (name, text) in [
            ("--every", every), ("--jitter", jitter), ("--max-backoff", maxBackoff), ("--debounce", debounce),
            ("--drain-timeout", drainTimeout), ("--lease-ttl", leaseTtl),
        ] where ServiceDuration.parse(text) == nil {
            throw ValidationError("\(name) \(text): write a duration such as 30s, 15m or 24h")
        }
        if fullEvery != "never", ServiceDuration.parse(fullEvery) == nil {
            throw ValidationError("--full-every \(fullEvery): write a duration such as 24h, or never")
        }
        if ServiceDuration.parse(every) == .zero { throw ValidationError("--every must be longer than zero") }
        if let ttl = ServiceDuration.parse(leaseTtl), ttl < .seconds(3) { throw ValidationError("--lease-ttl must be 3s or more") }
        if LogFormat(rawValue: logFormat) == nil { throw ValidationError("--log-format is text or json") }
        if let metrics, MetricsServer.parseAddress(metrics) == nil {
            throw ValidationError("--metrics \(metrics): write host:port, e.g. 127.0.0.1:9464")
        }
        if breakerThreshold < 1 { throw ValidationError("--breaker-threshold must be 1 or more") }
        if let maxRuns, maxRuns < 1 { throw ValidationError("--max-runs must be 1 or more") }
    }

    func run() async throws {
        let writer = EventLogWriter(format: LogFormat(rawValue: logFormat) ?? .text)
        let stop = StopSignal()
        let traps = stop.trap { name in
            writer.write(LogRecord(level: "info", message: "\(name) received; stopping after the write call in flight", event: "stopping"))
        }
        defer { withExtendedLifetime(traps) {} }

        guard let configuration = try global.loadConfiguration(required: true) else { return }
        let pins = stores + (storeList ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let selected = try StoreSelection.select(pins, from: configuration)
        let database = global.database(configuration: configuration)
        let catalog = try await database.open()
        guard try await catalog.stats().variants > 0 else {
            throw CLIError("the catalog is empty; import it first (concord catalog import FILE)")
        }
        let connections = StoreConnections(stores: selected, configuration: configuration, global: global)
        defer { connections.shutdown() }
        for failure in connections.failures {
            writer.write(
                LogRecord(
                    level: "error", message: "\(failure.configuration.id): not synced: \(failure.error)", event: "store_setup_failed",
                    store: failure.configuration.id.rawValue))
        }
        guard !connections.entries.isEmpty else { throw CLIError("no store could be set up; see the lines above") }

        let interval = ServiceDuration.parse(every)!
        var options = ServiceOptions(
            every: interval, jitter: ServiceDuration.parse(jitter)!,
            fullEvery: fullEvery == "never" ? nil : ServiceDuration.parse(fullEvery),
            maxRuns: maxRuns, apply: !dryRun, allowMassChange: allowMassChange)
        options.breaker = CircuitBreaker(threshold: breakerThreshold, baseBackoff: interval, maxBackoff: ServiceDuration.parse(maxBackoff)!)

        let metricsModel = ConcordMetrics()
        var server: MetricsServer?
        if let metrics, let address = MetricsServer.parseAddress(metrics) {
            let started = try MetricsServer(registry: metricsModel.registry, host: address.host, port: address.port)
            let port = try await started.start()
            server = started
            writer.write(LogRecord(level: "info", message: "metrics at http://\(address.host):\(port)/metrics", event: "metrics_listening"))
        }

        var service = SyncService(
            catalog: catalog, databasePath: database.sqlitePath, stores: connections.entries, options: options, stop: stop,
            events: { event in writer.write(LogRecord(event)) })
        // A PostgreSQL catalog: several agents share the stores through leases (SQLite's lock
        // file is taken run by run by the service). Leases go through a connection of their own,
        // so a renewal never waits behind this agent's own sync.
        if database.isPostgres {
            service.leaseKeeper = LeaseKeeper(
                leases: try await database.open(), agent: AgentIdentity.current(command: "concord run"),
                ttl: ServiceDuration.parse(leaseTtl)!, candidates: connections.entries.map(\.configuration.id), pinned: !pins.isEmpty)
        }
        service.statistics = { store in connections.statistics(of: store) }
        service.onReport = { report, kind in metricsModel.record(report, kind: kind) }
        var webhooks: WebhookListener?
        if let listen {
            let ledger = WebhookLedger()
            service.webhookLedger = ledger
            webhooks = try await WebhookWiring.start(
                port: listen, configuration: configuration, stores: connections.entries.map(\.configuration), global: global,
                catalog: catalog,
                service: service, ledger: ledger, metrics: metricsModel, writer: writer, debounce: ServiceDuration.parse(debounce)!)
        }
        writer.write(
            LogRecord(
                level: "info",
                message: "concord run: \(connections.entries.map(\.configuration.id.rawValue).joined(separator: ", ")) every \(every)"
                    + (fullEvery == "never" ? "" : ", full every \(fullEvery)") + (dryRun ? " (dry run)" : ""),
                event: "started"))
        let renewal = service.leaseKeeper?.renewing()
        _ = try await service.run()
        // The SKUs webhooks reported and the listener is still gathering are synced before exit.
        await webhooks?.drain(timeout: ServiceDuration.parse(drainTimeout)!)
        await service.waitForIdle()
        // A graceful stop gives the leases back at once, for the other agents' next tick.
        renewal?.cancel()
        await service.leaseKeeper?.retire()
        await server?.stop()
    }
}

extension LogRecord {
    init(_ event: ServiceEvent) {
        self.init(
            time: event.time, level: event.level.rawValue, message: event.message, event: event.kind, store: event.store?.rawValue,
            runID: event.runID)
    }
}

extension ConcordMetrics {
    /// Feeds a sync report to the metrics.
    func record(_ report: SyncReport, kind: String) {
        let observations = report.stores.map { store in
            var operations: [String: Int] = [:]
            if let apply = store.apply {
                operations = [
                    "applied": apply.applied + apply.confirmedOnResume, "stale": apply.stale, "rejected": apply.rejected,
                    "unknown": apply.unknown,
                    "not_sent": apply.notSent,
                ]
            }
            return StoreRunObservation(
                store: store.store, succeeded: store.error == nil && store.apply?.error == nil, operations: operations,
                findings: store.findingsByCode,
                apiRequests: store.http?.requests ?? 0, throttleWaitSeconds: store.http?.throttleWaitSeconds ?? 0)
        }
        record(kind: kind, seconds: report.seconds, stores: observations, finishedAt: report.startedAt.addingTimeInterval(report.seconds))
    }
}
