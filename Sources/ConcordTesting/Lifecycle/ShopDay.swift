import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import HTTPClient
import MagentoAdapter
import ShopifyAdapter
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import WooCommerceAdapter

/// A shop's day, seeded: several simulated stores selling one stock pool while orders ship,
/// cancel and come back, goods arrive, a warehouse counts, and colleagues edit stock in a store's
/// admin, all between syncs through the real adapters, libcurl and a real SQLite catalog.
///
/// After every sync a second, quiet sync runs, and the invariant Concord promises is checked
/// against an oracle kept apart from Concord's own numbers: every store shows exactly on hand
/// less the units open on every channel's orders, the catalog's on hand is the oracle's, and no
/// stock question waits in the review queue. Used by `make test` (a few hundred events) and by
/// `concord-bench lifecycle` (thousands).
public struct ShopDay: Sendable {
    public struct Options: Sendable {
        public var seed: UInt64
        public var events: Int
        public var products: Int
        /// The platforms of the stores, one store each (a platform may repeat).
        public var platforms: [Platform]
        /// Events between two syncs, on average.
        public var eventsPerSync: Int
        /// The sync (counting from 1) that runs as the `concord` binary (`concord sync --apply`) and
        /// is killed with SIGKILL after its first write; `concord apply --resume` then finishes it.
        public var killedSync: Int?

        public init(
            seed: UInt64 = 42, events: Int = 300, products: Int = 6, platforms: [Platform] = [.shopify, .woocommerce, .magento],
            eventsPerSync: Int = 12, killedSync: Int? = nil
        ) {
            self.killedSync = killedSync
            self.seed = seed
            self.events = events
            self.products = products
            self.platforms = platforms
            self.eventsPerSync = eventsPerSync
        }
    }

    /// What happened, and every way the stores disagreed with the oracle.
    public struct Result: Codable, Sendable {
        public var events = 0
        public var syncs = 0
        /// (store, SKU) pairs showing another quantity than on hand − open units after a quiet sync.
        public var mismatches = 0
        /// SKUs whose catalog on hand differs from the oracle's after a sync.
        public var ledgerMismatches = 0
        /// Stock items waiting in the review queue after a quiet sync.
        public var stockReviews = 0
        /// Stock changes a quiet sync still wanted to make (a sync that does not converge).
        public var unsettledChanges = 0
        /// Whether the killed sync was killed in the middle of its writes, and resumed cleanly.
        public var killed = false
        public var resumed = false
        public var eventCounts: [String: Int] = [:]
        public var seconds = 0.0
        /// The first disagreements, for a person.
        public var details: [String] = []
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    struct Store {
        let store: SimulatedStore
        var configuration: StoreConfiguration
        let adapter: any StorefrontAdapter
        var platform: Platform { configuration.platform }
    }

    /// Runs the day; `progress` hears one line per sync.
    public func run(progress: (@Sendable (String) -> Void)? = nil) async throws -> Result {
        let clock = ContinuousClock.now
        var random = SeededGenerator(seed: options.seed)
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        let generated = Self.singleLocation(CatalogGenerator(seed: options.seed, productCount: options.products).generate())
        _ = try await catalog.writeCatalog(generated.products, locations: generated.locations, mode: .replace)
        let location = generated.locations[0].code
        var onHand: [SKU: Int] = [:]
        for product in generated.products {
            for variant in product.variants { onHand[variant.sku] = variant.stock.reduce(0) { $0 + $1.onHand } }
        }
        let skus = onHand.keys.sorted()

        let client = HTTPClient(configuration: .simulatorTesting(maxAttempts: 3))
        var stores: [Store] = []
        defer { client.shutdown() }
        do {
            for (index, platform) in options.platforms.enumerated() {
                var store = try await Self.start(
                    platform, name: "\(platform.rawValue)-\(index + 1)", catalog: generated, location: location, client: client)
                // The second store keeps a safety buffer: it shows two units fewer than can be sold.
                if index == 1 { store.configuration.stockBuffer = 2 }
                stores.append(store)
            }
            let runner = SyncRunner(
                catalog: catalog, stores: stores.map { ($0.configuration, $0.adapter) },
                options: SyncOptions(apply: true, allowMassChange: true))
            var result = Result()
            _ = try await runner.run()
            result.syncs += 1
            var sinceSync = 0
            // A stocktake is imported right after a sync, when every movement before it is
            // booked: a count and a shipment within the same second of the stores' clocks (which
            // keep whole seconds) cannot be ordered, in Concord or anywhere. One picked between
            // syncs waits for the next.
            var countsDue = 0
            while result.events < options.events {
                var kind = Self.pick(&random)
                if kind == .count && sinceSync > 0 {
                    countsDue += 1
                    continue
                }
                if sinceSync == 0 && countsDue > 0 {
                    kind = .count
                    countsDue -= 1
                }
                let happened = try await apply(
                    kind, stores: stores, catalog: catalog, skus: skus, location: location, onHand: &onHand, random: &random)
                if let happened {
                    if ProcessInfo.processInfo.environment["SHOPDAY_TRACE"] != nil {
                        progress?("event \(result.events + 1): \(kind.rawValue) \(happened)")
                    }
                    result.events += 1
                    result.eventCounts[kind.rawValue, default: 0] += 1
                    if kind != .count { sinceSync += 1 }
                }
                let due = sinceSync >= options.eventsPerSync || result.events == options.events
                guard due, sinceSync > 0 || result.events == options.events else { continue }
                sinceSync = 0
                if let killedSync = options.killedSync, result.syncs + 1 >= killedSync, !result.killed {
                    try await killAndResume(stores: stores, directory: directory, location: location, into: &result)
                } else {
                    _ = try await runner.run()
                }
                let quiet = try await runner.run()
                result.syncs += 2
                result.unsettledChanges += quiet.stores.reduce(0) { $0 + ($1.apply?.applied ?? 0) }
                try await check(stores: stores, catalog: catalog, skus: skus, location: location, onHand: onHand, into: &result)
                progress?("after \(result.events) events: \(result.mismatches) mismatches, \(result.stockReviews) stock reviews")
            }
            for entry in stores { await entry.store.stop() }
            result.seconds = (ContinuousClock.now - clock).seconds
            return result
        } catch {
            for entry in stores { await entry.store.stop() }
            throw error
        }
    }

    // MARK: Events

    enum Event: String, CaseIterable {
        case order, ship, cancel, refund, receipt, count, adminEdit = "admin-edit", trash
    }

    static func pick(_ random: inout SeededGenerator) -> Event {
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case ..<40: return .order
        case ..<62: return .ship
        case ..<70: return .cancel
        case ..<80: return .refund
        case ..<88: return .receipt
        case ..<92: return .count
        case ..<97: return .adminEdit
        default: return .trash
        }
    }

    /// Applies one event and says what it did; `nil` when it could not happen now (nothing to
    /// ship, say).
    func apply(
        _ event: Event, stores: [Store], catalog: SQLiteCatalogStore, skus: [SKU], location: String, onHand: inout [SKU: Int],
        random: inout SeededGenerator
    ) async throws -> String? {
        let entry = stores[Int.random(in: 0..<stores.count, using: &random)]
        let shop = entry.store.shop
        let now = shop.now
        let platform = entry.platform
        switch event {
        case .order:
            return Self.placeOrder(on: entry.store, id: entry.configuration.id, seed: UInt64.random(in: 0...UInt64.max, using: &random))
        case .ship:
            let seed = UInt64.random(in: 0...UInt64.max, using: &random)
            let shipped = shop.mutate { state -> [(String, Int)]? in
                var pick = SeededGenerator(seed: seed)
                let open = state.allOrders.filter {
                    $0.cancelledAt == nil && $0.trashedAt == nil && $0.lines.contains { $0.openQuantity > 0 }
                }
                guard let order = open.randomElement(using: &pick) else { return nil }
                // WooCommerce ships an order whole (core has no partial shipment).
                let partial = platform != .woocommerce && Bool.random(using: &pick)
                var quantities: [(line: Int64, quantity: Int)]?
                if partial, let line = order.lines.first(where: { $0.openQuantity > 0 }) {
                    quantities = [(line.id, Int.random(in: 1...line.openQuantity, using: &pick))]
                }
                let units = quantities.map { $0.map { ($0.line, $0.quantity) } } ?? order.lines.map { ($0.id, $0.openQuantity) }
                guard (try? state.ship(order: order.id, quantities: quantities, at: now)) != nil else { return nil }
                return units.compactMap { lineID, quantity in
                    order.lines.first { $0.id == lineID }.map { ($0.sku, quantity) }
                }
            }
            guard let shipped else { return nil }
            for (sku, quantity) in shipped { if let key = SKU(sku) { onHand[key, default: 0] -= quantity } }
            return "\(entry.configuration.id) shipped " + shipped.map { "\($0.1) × \($0.0)" }.joined(separator: ", ")
        case .cancel:
            let seed = UInt64.random(in: 0...UInt64.max, using: &random)
            return shop.mutate { state -> String? in
                var pick = SeededGenerator(seed: seed)
                let open = state.allOrders.filter {
                    $0.cancelledAt == nil && $0.trashedAt == nil && $0.lines.allSatisfy { $0.fulfilledQuantity == 0 && $0.openQuantity > 0 }
                }
                guard let order = open.randomElement(using: &pick) else { return nil }
                let what =
                    "\(entry.configuration.id) order \(order.id) ("
                    + order.lines.map { "\($0.quantity) × \($0.sku)" }.joined(separator: ", ") + ")"
                if platform == .magento {
                    // Magento cancels only uninvoiced orders: a paid one is refunded with its units back.
                    let quantities = order.lines.map { (line: $0.id, quantity: $0.openQuantity) }
                    guard let items = try? state.refundItems(order: order.id, quantities: quantities, restock: true, platform: platform),
                        (try? state.refund(order: order.id, items: items, at: now)) != nil
                    else { return nil }
                    return what + " refunded unshipped, restocked"
                }
                guard (try? state.cancel(order: order.id, restock: true, platform: platform, at: now)) != nil else { return nil }
                return what + " cancelled, restocked"
            }
        case .refund:
            // A shipped unit refunded: back on the shelf (a return) or not (kept, damaged).
            let seed = UInt64.random(in: 0...UInt64.max, using: &random)
            let returned = shop.mutate { state -> (String, Int)? in
                var pick = SeededGenerator(seed: seed)
                let candidates = state.allOrders.filter { order in
                    order.trashedAt == nil && order.lines.contains { $0.shippedUnrefundedQuantity > 0 && $0.openQuantity == 0 }
                }
                guard let order = candidates.randomElement(using: &pick),
                    let line = order.lines.first(where: { $0.shippedUnrefundedQuantity > 0 && $0.openQuantity == 0 })
                else { return nil }
                // Magento's API never says which refunded units went back to stock
                // (return_to_stock_items is write-only), so Concord cannot book a Magento return:
                // there, a return is recorded by hand (a receipt) or adopted (stock_policy adopt).
                let restock = Bool.random(using: &pick) && platform != .magento
                let item = SimRefundItem(line: line.id, quantity: 1, restock: restock ? .return : .none)
                guard (try? state.refund(order: order.id, items: [item], at: now)) != nil else { return nil }
                return (line.sku, restock ? 1 : 0)
            }
            guard let (sku, back) = returned else { return nil }
            if let key = SKU(sku) { onHand[key, default: 0] += back }
            return "\(entry.configuration.id) refunded 1 shipped × \(sku)" + (back > 0 ? ", back on the shelf" : ", not restocked")
        case .receipt:
            let sku = skus[Int.random(in: 0..<skus.count, using: &random)]
            let quantity = Int.random(in: 1...12, using: &random)
            _ = try await catalog.receiveStock(
                [StockReceipt(sku: sku, location: location, quantity: quantity, receivedAt: Date())], recordedAt: Date())
            onHand[sku, default: 0] += quantity
            return "received \(quantity) × \(sku)"
        case .count:
            // A stocktake finds a few units more or fewer than the books say.
            let sku = skus[Int.random(in: 0..<skus.count, using: &random)]
            let counted = max(0, (onHand[sku] ?? 0) + Int.random(in: -3...3, using: &random))
            guard var (product, index) = try await catalog.product(containing: sku) else { return nil }
            product.variants[index].stock = [StockLevel(location: location, onHand: counted)]
            _ = try await catalog.writeCatalog([product], locations: [], mode: .merge, kits: [], stock: .perLocation, countedAt: nil)
            onHand[sku] = counted
            return "counted \(counted) × \(sku)"
        case .trash:
            // A WooCommerce admin moves an open order to the trash: no stock hook runs, and no
            // read since a cursor ever shows it again.
            guard let woo = stores.first(where: { $0.platform == .woocommerce }) else { return nil }
            let seed = UInt64.random(in: 0...UInt64.max, using: &random)
            return woo.store.shop.mutate { state -> String? in
                var pick = SeededGenerator(seed: seed)
                let open = state.allOrders.filter {
                    $0.cancelledAt == nil && $0.trashedAt == nil && $0.lines.contains { $0.openQuantity > 0 }
                }
                guard let order = open.randomElement(using: &pick), (try? state.trash(order: order.id, at: woo.store.shop.now)) != nil
                else { return nil }
                return "\(woo.configuration.id) trashed order \(order.id) ("
                    + order.lines.map { "\($0.openQuantity) × \($0.sku) open" }.joined(separator: ", ") + ")"
            }
        case .adminEdit:
            // A colleague types another number in the store's admin; the catalog's stock policy
            // (canonical) overwrites it at the next sync.
            let seed = UInt64.random(in: 0...UInt64.max, using: &random)
            return shop.mutate { state -> String? in
                var pick = SeededGenerator(seed: seed)
                guard let variant = state.allProducts.flatMap(\.variants).filter({ !$0.sku.isEmpty }).randomElement(using: &pick),
                    let locationID = variant.available.keys.min()
                else { return nil }
                let before = variant.available[locationID] ?? 0
                let after = max(0, before + Int.random(in: -2...6, using: &pick))
                state.updateVariant(id: variant.id) { _, variant in
                    variant.available[locationID] = after
                    variant.updatedAt = now
                }
                return "\(entry.configuration.id) admin set \(variant.sku) \(before) → \(after)"
            }
        }
    }

    // MARK: The invariant

    func check(
        stores: [Store], catalog: SQLiteCatalogStore, skus: [SKU], location: String, onHand: [SKU: Int], into result: inout Result
    ) async throws {
        for sku in skus {
            if let (product, index) = try await catalog.product(containing: sku) {
                let books = product.variants[index].stock.reduce(0) { $0 + $1.onHand }
                if books != onHand[sku] ?? 0 {
                    result.ledgerMismatches += 1
                    note("\(sku): the catalog has \(books) on hand, the oracle \(onHand[sku] ?? 0)", into: &result)
                }
            }
        }
        let mismatches = Self.stockMismatches(
            stores: stores.map { ($0.configuration.id, $0.store, $0.configuration.stockBuffer) }, skus: skus, onHand: onHand)
        result.mismatches += mismatches.count
        for line in mismatches { note(line, into: &result) }
        let queue = try await catalog.reviewQueue(store: nil)
        let stock = queue.filter { item in
            guard item.state == .open, case .stock = item.field else { return false }
            return true
        }
        result.stockReviews += stock.count
        for item in stock.prefix(3) { note("review: \(item.store) \(item.sku) \(item.field) \(item.code)", into: &result) }
    }

    func note(_ line: String, into result: inout Result) {
        if result.details.count < 30 { result.details.append("after \(result.events) events: " + line) }
    }

    // MARK: A sync killed in the middle

    /// Runs one sync as the real binary, kills it with SIGKILL once a store has answered its first
    /// write, and finishes it with `concord apply --resume`. Each store gets an admin edit first,
    /// so that the sync has writes to be killed in.
    func killAndResume(stores: [Store], directory: TemporaryDirectory, location: String, into result: inout Result) async throws {
        let (toml, environment) = Self.configurationFile(
            stores: stores.map { ($0.configuration.id, $0.store, $0.configuration.stockBuffer) },
            database: directory.path("catalog.sqlite"),
            location: location)
        _ = try directory.write(toml, to: "concord.toml")
        for entry in stores {
            let now = entry.store.shop.now
            entry.store.shop.mutate { state in
                guard let variant = state.allProducts.flatMap(\.variants).first(where: { !$0.sku.isEmpty }),
                    let locationID = variant.available.keys.min()
                else { return }
                state.updateVariant(id: variant.id) { _, variant in
                    variant.available[locationID, default: 0] += 4
                    variant.updatedAt = now
                }
            }
            // Writes answer slowly, so the kill lands while the sync still has writes to make.
            entry.store.server.setFaults([
                entry.platform == .shopify
                    ? FaultRule(kind: .slow(milliseconds: 120), method: "POST", queryContains: "mutation")
                    : FaultRule(kind: .slow(milliseconds: 120), method: "POST")
            ])
        }
        // The first write any store answers opens the latch (the other stores' waits are
        // answered by later writes, or never, and only open an open latch).
        let firstWrite = Latch()
        let since = stores.map { $0.store.server.log.last?.sequence ?? 0 }
        for (entry, after) in zip(stores, since) {
            let platform = entry.platform
            let server = entry.store.server
            Task {
                _ = await server.waitForRequest { logged in logged.sequence > after && Self.isWrite(logged, platform: platform) }
                firstWrite.open()
            }
        }
        let concord = try CommandRunner(product: "concord")
        let killed = try await concord.run(
            ["sync", "--apply", "--allow-mass-change"], environment: environment, directory: directory.path,
            interrupt: { await firstWrite.wait() })
        for entry in stores { entry.store.server.setFaults([]) }
        result.killed = killed.status == SIGKILL
        if !result.killed { note("the killed sync ended first (\(killed.status)): \(killed.stderr)", into: &result) }
        let resumed = try await concord.run(["apply", "--resume"], environment: environment, directory: directory.path)
        result.resumed = resumed.status == 0
        if !result.resumed { note("apply --resume exited \(resumed.status): \(resumed.stderr) \(resumed.stdout)", into: &result) }
        result.syncs += 1
    }

    // MARK: Shared with the multi-agent test

    /// A store as the shared helpers below see it: its id in `concord.toml`, the simulator, and
    /// the stock buffer it keeps.
    public typealias Channel = (id: StoreID, store: SimulatedStore, buffer: Int)

    /// Places one order for 1 to 3 units of a random variant that has stock, as a shopper of
    /// that store would; `nil` when nothing is left to sell.
    public static func placeOrder(on store: SimulatedStore, id: StoreID, seed: UInt64) -> String? {
        let now = store.shop.now
        return store.shop.mutate { state -> String? in
            var pick = SeededGenerator(seed: seed)
            let candidates = state.allProducts.flatMap(\.variants).filter { $0.totalAvailable > 0 && !$0.sku.isEmpty }
            guard let variant = candidates.randomElement(using: &pick),
                let (locationID, stock) = variant.available.filter({ $0.value > 0 }).min(by: { $0.key < $1.key })
            else { return nil }
            let quantity = Int.random(in: 1...min(3, stock), using: &pick)
            guard
                let order = state.placeOrder(
                    variantID: variant.id, locationID: locationID, quantity: quantity, customer: Self.customer, now: now)
            else { return nil }
            return "\(id) order \(order.id): \(quantity) × \(variant.sku)"
        }
    }

    /// Every (store, SKU) that shows another quantity than what can be sold: on hand (the
    /// oracle's) less the units open on every channel's orders, less the store's buffer.
    public static func stockMismatches(stores: [Channel], skus: [SKU], onHand: [SKU: Int]) -> [String] {
        var open: [SKU: Int] = [:]
        for entry in stores {
            entry.store.shop.read { state in
                for order in state.allOrders where order.cancelledAt == nil && order.trashedAt == nil && order.stockReduced {
                    for line in order.lines { if let sku = SKU(line.sku) { open[sku, default: 0] += line.openQuantity } }
                }
            }
        }
        var mismatches: [String] = []
        for sku in skus {
            let sellable = (onHand[sku] ?? 0) - (open[sku] ?? 0)
            for entry in stores {
                let shown = entry.store.shop.read { state in state.variants(sku: sku.rawValue).first?.variant.totalAvailable }
                guard let shown else { continue }
                let expected = max(0, sellable - entry.buffer)
                if shown != expected {
                    mismatches.append(
                        "\(entry.id) shows \(shown) of \(sku), expected \(expected) (on hand \(onHand[sku] ?? 0) − open \(open[sku] ?? 0) − buffer \(entry.buffer))"
                    )
                }
            }
        }
        return mismatches
    }

    /// A `concord.toml` for these stores on `database`, and the environment holding their
    /// credentials (a WooCommerce store's one stock number maps to `location`); the stores in
    /// `webhookSecrets` take webhooks signed with that secret.
    public static func configurationFile(
        stores: [Channel], database: String, location: String, webhookSecrets: [StoreID: String] = [:]
    ) -> (toml: String, environment: [String: String?]) {
        var toml = "[catalog]\ndatabase = \"\(database)\"\n"
        var environment: [String: String?] = [:]
        for (index, entry) in stores.enumerated() {
            let id = entry.id.rawValue
            let platform = entry.store.spec.platform
            toml +=
                "\n[stores.\(id)]\nplatform = \"\(platform.rawValue)\"\nurl = \"\(entry.store.baseURL)\"\nstock_buffer = \(entry.buffer)\n"
            let credentials = entry.store.credentials
            if let secret = webhookSecrets[entry.id] {
                toml += "webhook_secret_env = \"STORE_\(index)_WEBHOOK_SECRET\"\n"
                environment["STORE_\(index)_WEBHOOK_SECRET"] = secret
            }
            switch platform {
            case .shopify:
                toml += "token_env = \"STORE_\(index)_TOKEN\"\n"
                environment["STORE_\(index)_TOKEN"] = credentials.shopifyAccessToken
            case .woocommerce:
                toml += "key_env = \"STORE_\(index)_KEY\"\nsecret_env = \"STORE_\(index)_SECRET\"\n"
                toml += "[stores.\(id).locations]\n\(WooCommerceAdapterOptions().locationCode) = \"\(location)\"\n"
                environment["STORE_\(index)_KEY"] = credentials.wooConsumerKey
                environment["STORE_\(index)_SECRET"] = credentials.wooConsumerSecret
            case .magento:
                toml += "token_env = \"STORE_\(index)_TOKEN\"\n"
                environment["STORE_\(index)_TOKEN"] = credentials.magentoToken
            }
        }
        return (toml, environment)
    }

    public static func isWrite(_ entry: RequestLogEntry, platform: Platform) -> Bool {
        switch platform {
        case .shopify: (entry.query ?? "").hasPrefix("mutation")
        case .woocommerce: entry.method == "POST" || entry.method == "PUT"
        case .magento: entry.method == "POST" || entry.method == "PUT"
        }
    }

    // MARK: Setting up

    /// A made-up shopper (orders carry one so tests can prove Concord never keeps it).
    public static let customer = SimCustomer(
        firstName: "Ada", lastName: "Meyer", email: "ada@example.com", address: "1 Example Street", city: "Berlin", postcode: "10115",
        country: "DE")

    static func start(
        _ platform: Platform, name: String, catalog: CatalogGenerator.Output, location: String, client: HTTPClient
    ) async throws -> Store {
        let api: (any PlatformAPI)? = platform == .shopify ? ShopifyPlatform.roomy : nil
        let store = try await SimulatedStore.start(
            StoreSpec(
                platform: platform, name: name, seed: 7, source: .catalog(products: catalog.products, locations: catalog.locations),
                api: api))
        let (configuration, adapter) = Self.wire(store, id: StoreID(name), client: client, location: location)
        return Store(store: store, configuration: configuration, adapter: adapter)
    }

    /// A simulated store's configuration and real adapter, paced for a test (no request limit
    /// to wait on); a WooCommerce store's one stock number maps to `location`.
    public static func wire(
        _ store: SimulatedStore, id: StoreID, client: HTTPClient, location: String,
        magento: MagentoAdapterOptions = MagentoAdapterOptions(requestsPerSecond: 1_000)
    ) -> (configuration: StoreConfiguration, adapter: any StorefrontAdapter) {
        let platform = store.spec.platform
        var configuration = StoreConfiguration(
            id: id, platform: platform, url: URL(string: store.baseURL)!, credentials: CredentialNames(tokenEnv: "TOKEN"))
        let adapter: any StorefrontAdapter
        switch platform {
        case .shopify:
            adapter = ShopifyAdapter(endpoint: store.endpoint, client: client)
        case .woocommerce:
            adapter = WooCommerceAdapter(
                endpoint: store.endpoint, client: client,
                options: WooCommerceAdapterOptions(requestsPerSecond: 1_000, currency: store.spec.currency, weightUnit: .kilograms))
            configuration.locations = [WooCommerceAdapterOptions().locationCode: location]
        case .magento:
            adapter = MagentoAdapter(endpoint: store.endpoint, client: client, options: magento)
        }
        return (configuration, adapter)
    }

    /// The catalog with all stock at its first location (WooCommerce has one stock number).
    public static func singleLocation(_ catalog: CatalogGenerator.Output) -> CatalogGenerator.Output {
        guard let first = catalog.locations.first else { return catalog }
        var output = catalog
        for productIndex in output.products.indices {
            for variantIndex in output.products[productIndex].variants.indices {
                let stock = output.products[productIndex].variants[variantIndex].stock
                output.products[productIndex].variants[variantIndex].stock = [
                    StockLevel(location: first.code, onHand: stock.reduce(0) { $0 + $1.onHand })
                ]
            }
        }
        output.locations = [first]
        return output
    }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
