import ArgumentParser
import CatalogFormats
import CatalogModel
import Dispatch
import Foundation
import JSONValue
import SimulatorCore
import StorefrontSimulator

/// Starts one or more simulated stores and serves them until interrupted.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve simulated stores on 127.0.0.1 until Ctrl-C.",
        discussion: """
            Examples:
              concord-sim serve --platform shopify --port 0 --seed 42 --products 5000
              concord-sim serve --platform shopify --platform woocommerce --platform magento --products 2000 \\
                  --drift stock=0.05,price=0.01 --listing-errors 0.02
              concord-sim serve --platform woocommerce --fault rate_limit:probability=0.1,retry_after=1 \\
                  --orders-every 20 --ready-file stores.json

            Webhooks: --webhook-url URL has the store POST signed webhooks to URL whenever its state \
            changes by anything but a read: a shopper's order (--orders-every, or POST /_sim/orders \
            {"sku","quantity","location"}), an admin edit (--edits-every, or POST /_sim/edits \
            {"sku","field":"title|price|stock@CODE","value"}), a shipment, cancellation, refund or \
            trashing (--ships-every, --cancels-every, or POST /_sim/orders/ID/ship|cancel|refund|trash), and writes through the admin API, \
            Concord's own included, as real stores announce an app's writes too. Shopify sends \
            orders/create, orders/updated, products/update and inventory_levels/update (X-Shopify-Topic, \
            X-Shopify-Hmac-Sha256, X-Shopify-Event-Id, X-Shopify-Shop-Domain, ...); WooCommerce sends \
            order.created, order.updated and product.updated (X-WC-Webhook-Topic, X-WC-Webhook-Signature, \
            X-WC-Webhook-Source, X-WC-Webhook-Delivery-ID, ...). Magento has no webhooks in core, so a \
            Magento store sends none. With several stores, give one --webhook-url per store as \
            PLATFORM=URL. The signing secret is read from the environment variable --webhook-secret-env \
            names (default CONCORD_SIM_WEBHOOK_SECRET), never from the command line, and is never \
            printed: give Concord the same value through the store's webhook_secret_env. A delivery \
            that is not answered 2xx within 5 s is retried on --webhook-retry's schedule with the same \
            body and ids, then dropped; every attempt is logged to standard error (topic, id, status) \
            and listed at GET /_sim/webhooks. Deliveries leave from a background queue, so API \
            requests never wait on the subscriber.
              export CONCORD_SIM_WEBHOOK_SECRET=demo-secret
              concord-sim serve --platform shopify --webhook-url http://127.0.0.1:8464/webhooks/shopify/shop-main

            Fault specs are kind[:key=value,...] with kind one of rate_limit, status, slow, drop_mid_body, \
            truncate_body, malformed_json, duplicate_items, shift_items and keys path, method, query, \
            probability, on_requests (1+3+5), times, retry_after, status, delay_ms, count.
            """
    )

    @Option(name: .customLong("platform"), help: "shopify, woocommerce or magento; repeat for several stores in one process.")
    var platforms: [String] = []
    @Option(help: "Port of the first store (0 picks free ports; further stores take the next ports).") var port: UInt16 = 0
    @Option(help: "Seed for products, drift, errors, faults and activity.") var seed: UInt64 = 42
    @Option(help: "Products to generate per store (ignored with --catalog).") var products: Int = 100
    @Option(help: "Seed the stores from this catalog file (jsonl, shopify-csv or woocommerce-csv) instead of generating one.")
    var catalog: String?
    @Option(help: "Currency of the stores (and of a CSV catalog's prices).") var currency: String = "EUR"
    @Option(help: "Share of products (0 to 1) that get a deliberate listing error.") var listingErrors: Double = 0
    @Option(help: "Drift from the catalog: stock=SHARE,price=SHARE,title=SHARE (shares 0 to 1).") var drift: String?
    @Option(name: .customLong("fault"), help: "Inject a fault (see below); repeatable.") var faults: [String] = []
    @Option(help: "A JSON file holding an array of fault rules.") var faultFile: String?
    @Option(help: "A shopper places an order every N API requests.") var ordersEvery: Int?
    @Option(help: "A colleague edits a listing every N API requests.") var editsEvery: Int?
    @Option(help: "The warehouse ships an open order (all its open units) every N API requests.") var shipsEvery: Int?
    @Option(help: "A merchant cancels an unshipped order, restocking it, every N API requests.") var cancelsEvery: Int?
    @Option(help: "Per-store REST request limit as CAPACITY/PER_SECOND (429 with Retry-After beyond it).") var requestLimit: String?
    @Option(help: "Write the stores' URLs and credentials as JSON to this file (mode 0600) once they listen.") var readyFile: String?
    @Option(
        name: .customLong("webhook-url"),
        help: ArgumentHelp(
            "POST signed webhooks to URL when a store changes (see below); PLATFORM=URL with several stores; repeatable.",
            valueName: "[platform=]url"))
    var webhookURLs: [String] = []
    @Option(
        help: ArgumentHelp("The environment variable holding the webhook signing secret (never pass the secret itself).", valueName: "name")
    )
    var webhookSecretEnv: String = "CONCORD_SIM_WEBHOOK_SECRET"
    @Option(
        help: ArgumentHelp(
            "Waits before each retry of a failed webhook delivery, e.g. 1s,2s,4s (its length is the number of retries).", valueName: "list")
    )
    var webhookRetry: String = "1s,2s,4s,8s,15s,30s,1m,2m"
    @Flag(help: "Print the stores as one JSON document instead of the banner.") var json = false

    func run() async throws {
        let specs = try makeSpecs()
        var stores: [SimulatedStore] = []
        do {
            for spec in specs { stores.append(try await SimulatedStore.start(spec)) }
        } catch {
            for store in stores { await store.stop() }
            throw ValidationError("could not start a store: \(error). If --port was given, pick a free port or use --port 0.")
        }
        var publishers: [WebhookPublisher] = []
        for (store, url) in try webhookTargets(stores) {
            publishers.append(
                try WebhookPublisher(
                    store: store,
                    settings: WebhookPublishing(url: url, secret: try webhookSecret(), retrySchedule: try parseRetrySchedule()),
                    log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }))
        }
        let connections = JSONValue.array(stores.map(\.connectionJSON))
        if let readyFile {
            try writePrivately(connections.prettyPrinted + "\n", to: readyFile)
        }
        if json {
            say(connections.serialized)
        } else {
            printBanner(stores)
        }
        if !json {
            for publisher in publishers { say("Webhooks: \(publisher.settings.url) (attempts at /_sim/webhooks, log on standard error)") }
        }
        await waitForTermination()
        for publisher in publishers { await publisher.stop() }
        for store in stores { await store.stop() }
        if !json { say("stopped \(stores.count) store\(stores.count == 1 ? "" : "s")") }
    }

    func makeSpecs() throws -> [StoreSpec] {
        let chosen = platforms.isEmpty ? ["shopify"] : platforms
        var seen: Set<Platform> = []
        let platformList = try chosen.map { name -> Platform in
            guard let platform = Platform(rawValue: name.lowercased()) else {
                throw ValidationError("--platform must be shopify, woocommerce or magento, not '\(name)'")
            }
            guard seen.insert(platform).inserted else { throw ValidationError("--platform \(name) is given twice") }
            return platform
        }
        guard let currencyCode = CurrencyCode(currency) else { throw ValidationError("--currency must be an ISO 4217 code such as EUR") }
        guard (0...1).contains(listingErrors) else { throw ValidationError("--listing-errors must be a share from 0 to 1") }
        guard products >= 0 else { throw ValidationError("--products must be 0 or more") }

        var rules: [FaultRule] = []
        for spec in faults {
            do throws(FaultRuleError) { rules.append(try FaultRule(spec: spec)) } catch {
                throw ValidationError("--fault \(spec): \(error.description)")
            }
        }
        if let faultFile { rules += try readFaultFile(faultFile) }

        let source: StoreSpec.Source
        if let catalog {
            let result: ImportResult
            do {
                result = try CatalogImporter.read(contentsOf: catalog, options: ImportOptions(currency: currencyCode))
            } catch {
                throw ValidationError("cannot seed from \(catalog):\n\(error.description)")
            }
            source = .catalog(products: result.document.products, locations: result.document.locations)
        } else {
            source = .generated(count: products)
        }

        return platformList.enumerated().map { index, platform in
            StoreSpec(
                platform: platform, seed: seed, source: source, currency: currencyCode,
                listingErrorShare: listingErrors, drift: (try? parseDrift()) ?? .none,
                server: ServerOptions(
                    port: port == 0 ? 0 : port + UInt16(index), seed: seed, faults: rules,
                    activity: ActivitySettings(
                        orderEveryRequests: ordersEvery, editEveryRequests: editsEvery, shipEveryRequests: shipsEvery,
                        cancelEveryRequests: cancelsEvery),
                    requestLimit: try? parseRequestLimit()
                )
            )
        }
    }

    func validate() throws {
        _ = try parseRetrySchedule()
        if !webhookURLs.isEmpty { _ = try webhookSecret() }
        _ = try parseDrift()
        _ = try parseRequestLimit()
        if let ordersEvery, ordersEvery < 1 { throw ValidationError("--orders-every must be 1 or more") }
        if let editsEvery, editsEvery < 1 { throw ValidationError("--edits-every must be 1 or more") }
        if let shipsEvery, shipsEvery < 1 { throw ValidationError("--ships-every must be 1 or more") }
        if let cancelsEvery, cancelsEvery < 1 { throw ValidationError("--cancels-every must be 1 or more") }
    }

    /// Each store that sends webhooks, with its URL: a bare URL serves the one Shopify or
    /// WooCommerce store; with several, each is `PLATFORM=URL`.
    func webhookTargets(_ stores: [SimulatedStore]) throws -> [(SimulatedStore, String)] {
        var targets: [(SimulatedStore, String)] = []
        for value in webhookURLs {
            var platformName: String?
            var url = value
            if let equals = value.firstIndex(of: "="), !value[..<equals].contains(":") {
                platformName = String(value[..<equals]).lowercased()
                url = String(value[value.index(after: equals)...])
            }
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ValidationError("--webhook-url \(value): write a URL such as http://127.0.0.1:8464/webhooks/shopify/shop-main")
            }
            if platformName == "magento" || (platformName == nil && stores.count == 1 && stores[0].spec.platform == .magento) {
                throw ValidationError(
                    "--webhook-url \(value): Magento has no webhooks in core; give the URL to a Shopify or WooCommerce store")
            }
            let senders = stores.filter { $0.spec.platform != .magento }
            let chosen: SimulatedStore?
            if let platformName {
                chosen = senders.first { $0.spec.platform.rawValue == platformName }
                guard chosen != nil else {
                    throw ValidationError("--webhook-url \(value): no \(platformName) store is served; add --platform \(platformName)")
                }
            } else {
                guard senders.count == 1 else {
                    throw ValidationError("--webhook-url \(value): several stores could send it; write PLATFORM=URL, e.g. shopify=\(url)")
                }
                chosen = senders.first
            }
            guard let chosen, !targets.contains(where: { $0.0 === chosen }) else {
                throw ValidationError("--webhook-url \(value): the \(chosen?.spec.platform.rawValue ?? "") store already has a webhook URL")
            }
            targets.append((chosen, url))
        }
        return targets
    }

    /// The signing secret, from the environment only: a secret on the command line would show in
    /// `ps` and in shell history.
    func webhookSecret() throws -> Secret {
        guard let value = ProcessInfo.processInfo.environment[webhookSecretEnv], !value.isEmpty else {
            throw ValidationError(
                "--webhook-url needs a signing secret in $\(webhookSecretEnv): export \(webhookSecretEnv)=... with the value Concord's webhook_secret_env names"
            )
        }
        return Secret(value)
    }

    func parseRetrySchedule() throws -> [Duration] {
        if webhookRetry.trimmingCharacters(in: .whitespaces).isEmpty || webhookRetry == "none" { return [] }
        return try webhookRetry.split(separator: ",").map { part in
            let text = part.trimmingCharacters(in: .whitespaces)
            let units: [(suffix: String, milliseconds: Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
            for unit in units where text.hasSuffix(unit.suffix) {
                if let number = Int64(text.dropLast(unit.suffix.count)), number >= 0 { return .milliseconds(number * unit.milliseconds) }
            }
            throw ValidationError("--webhook-retry: \(text) is not a duration; write e.g. 500ms, 2s, 1m (or none)")
        }
    }

    func parseDrift() throws -> DriftProfile {
        guard let drift else { return .none }
        var profile = DriftProfile()
        for pair in drift.split(separator: ",") {
            let parts = pair.split(separator: "=").map(String.init)
            guard parts.count == 2, let share = Double(parts[1]), (0...1).contains(share) else {
                throw ValidationError("--drift expects stock=SHARE,price=SHARE,title=SHARE with shares from 0 to 1, not '\(pair)'")
            }
            switch parts[0] {
            case "stock": profile.stockShare = share
            case "price": profile.priceShare = share
            case "title": profile.titleShare = share
            default: throw ValidationError("--drift knows stock, price and title, not '\(parts[0])'")
            }
        }
        return profile
    }

    func parseRequestLimit() throws -> LeakyBucket? {
        guard let requestLimit else { return nil }
        let parts = requestLimit.split(separator: "/").map { Double($0) }
        guard parts.count == 2, let capacity = parts[0], let rate = parts[1], capacity >= 1, rate > 0 else {
            throw ValidationError("--request-limit expects CAPACITY/PER_SECOND, e.g. 40/2")
        }
        return LeakyBucket(capacity: capacity, restoreRate: rate)
    }

    func readFaultFile(_ path: String) throws -> [FaultRule] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read --fault-file \(path)") }
        let value: JSONValue
        do { value = try JSONValue.parse(Array(data)) } catch { throw ValidationError("\(path): \(error.description)") }
        guard let items = value.arrayValue else { throw ValidationError("\(path): expected a JSON array of fault rules") }
        return try items.enumerated().map { index, item in
            do throws(FaultRuleError) { return try FaultRule(json: item) } catch {
                throw ValidationError("\(path): rule \(index + 1): \(error.description)")
            }
        }
    }

    func printBanner(_ stores: [SimulatedStore]) {
        say("concord-sim: \(stores.count) simulated store\(stores.count == 1 ? "" : "s") (seed \(seed))")
        for store in stores {
            let counts = store.shop.read { ($0.productIDs.count, $0.variantCount) }
            say("")
            say("\(store.spec.platform.displayName) \"\(store.spec.name)\": \(counts.0) products, \(counts.1) variants")
            say("  URL      \(store.baseURL)")
            for line in store.banner { say("  " + line) }
            say("  Control  \(store.baseURL)/_sim/ (log, counters, state, manifest, faults, activity, reset)")
            let manifest = store.shop.manifest
            if !manifest.drift.isEmpty || !manifest.listingErrors.isEmpty {
                say(
                    "  Seeded   \(manifest.drift.count) drifted values, \(manifest.listingErrors.count) listing errors (see /_sim/manifest)"
                )
            }
        }
        say("")
        say("These credentials are for the simulator only. Press Ctrl-C to stop.")
    }

    /// Writes the file created 0600 from its first byte (`open` with the mode, not a chmod after
    /// the write): the credentials in it are never readable by others, not even for a moment.
    func writePrivately(_ text: String, to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw ValidationError("cannot write --ready-file \(path)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw ValidationError("cannot write --ready-file \(path)") }
            written += count
        }
    }
}

/// Suspends until SIGINT or SIGTERM.
func waitForTermination() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let queue = DispatchQueue(label: "concord-sim.signals")
        let once = SignalLatch(continuation)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { once.fire() }
            source.resume()
            once.keep(source)
        }
    }
}

/// Resumes the waiting task once, however many signals arrive, and keeps the sources alive.
private final class SignalLatch: @unchecked Sendable {
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func keep(_ source: any DispatchSourceSignal) { lock.withLock { sources.append(source) } }

    func fire() {
        let pending = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume()
    }
}

/// Writes a line to standard output at once (unbuffered), so a script waiting on the banner sees it.
func say(_ line: String = "") {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
