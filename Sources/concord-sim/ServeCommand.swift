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
    @Option(help: "Per-store REST request limit as CAPACITY/PER_SECOND (429 with Retry-After beyond it).") var requestLimit: String?
    @Option(help: "Write the stores' URLs and credentials as JSON to this file (mode 0600) once they listen.") var readyFile: String?
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
        let connections = JSONValue.array(stores.map(\.connectionJSON))
        if let readyFile {
            try writePrivately(connections.prettyPrinted + "\n", to: readyFile)
        }
        if json {
            say(connections.serialized)
        } else {
            printBanner(stores)
        }
        await waitForTermination()
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
                    activity: ActivitySettings(orderEveryRequests: ordersEvery, editEveryRequests: editsEvery),
                    requestLimit: try? parseRequestLimit()
                )
            )
        }
    }

    func validate() throws {
        _ = try parseDrift()
        _ = try parseRequestLimit()
        if let ordersEvery, ordersEvery < 1 { throw ValidationError("--orders-every must be 1 or more") }
        if let editsEvery, editsEvery < 1 { throw ValidationError("--edits-every must be 1 or more") }
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
                say("  Seeded   \(manifest.drift.count) drifted values, \(manifest.listingErrors.count) listing errors (see /_sim/manifest)")
            }
        }
        say("")
        say("These credentials are for the simulator only. Press Ctrl-C to stop.")
    }

    func writePrivately(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.removeItem(at: url)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write --ready-file \(path)")
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
