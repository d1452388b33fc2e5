import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import PostgresCatalogStorage
import Testing

/// The same long, seeded history of catalog writes, orders, re-reads, refunds, receipts,
/// adjustments and releases, run on both backends: everything the roles can read back must be
/// the same, movement by movement.
@Suite("one history, two backends, the same catalog and ledger")
struct SameHistoryTests {
    @Test("a seeded history leaves both backends equal", arguments: [1, 2, 3, 4] as [UInt64])
    func sameHistory(seed: UInt64) async throws {
        var history = History(seed: seed)
        let steps = history.steps(count: 60)
        try await Backend.sqlite.withCatalog { sqlite in
            try await Backend.postgres.withCatalog { postgres in
                var refused = 0
                for (index, step) in steps.enumerated() {
                    let left = await Result { try await step.run(on: sqlite) }
                    let right = await Result { try await step.run(on: postgres) }
                    switch (left, right) {
                    case (.success, .success): break
                    case (.failure(let a as CatalogStoreError), .failure(let b as CatalogStoreError)):
                        // The same refusal, in the same words (only where the catalog is differs).
                        #expect(a.code == b.code && a.message == b.message, "step \(index) (\(step.name))")
                        refused += 1
                    default:
                        Issue.record("step \(index) (\(step.name)): SQLite \(left), PostgreSQL \(right)")
                    }
                }
                #expect(refused < steps.count / 4, "most of the history is written, not refused")
                let a = try await Snapshot(sqlite)
                let b = try await Snapshot(postgres)
                #expect(a.products == b.products)
                #expect(a.orders == b.orders)
                #expect(a.movements == b.movements)
                #expect(a.debits == b.debits)
                #expect(a.open == b.open)
                #expect(a.openByLocation == b.openByLocation)
                #expect(a.openIDs == b.openIDs)
                #expect(a.receipts == b.receipts)
                #expect(a.stats == b.stats)
                #expect(a.revision == b.revision)
                #expect(a.movements.count > 20, "the history moved stock")
            }
        }
    }
}

extension SameHistoryTests {
    @Test("a seeded history on SQLite, copied to PostgreSQL (concord db copy), reads back the same, awkward texts and all")
    func copiedHistory() async throws {
        var history = History(seed: 9)
        let steps = history.steps(count: 60)
        try await Backend.sqlite.withCatalog { sqlite in
            for step in steps { _ = await Result { try await step.run(on: sqlite) } }
            // Every text that breaks naive escaping, in a product's free-text fields.
            let awkward = AwkwardText.samples.enumerated().map { index, text in
                Product(
                    handle: "awkward-\(index)", title: text, descriptionHTML: text, vendor: text, tags: [text],
                    variants: [Variant(sku: SKU("AWK-\(index)")!, title: text, price: Money(minorUnits: 100, currency: .eur))])
            }
            _ = try await sqlite.records.writeCatalog(awkward, locations: [], mode: .merge)
            let runBefore = try await sqlite.runs.startRun(kind: .sync, startedAt: Date(timeIntervalSince1970: 1_800_000_000))
            try await Backend.postgres.withCatalog { postgres in
                let target = try #require(postgres.store as? PostgresCatalogStore)
                let report = try await target.copyCatalog(from: try #require(sqlite.store as? SQLiteCatalogStore), pageSize: 7)
                #expect(report.rowCountsMatch, "\(report.tables.filter { $0.sourceRows != $0.copiedRows })")
                #expect(report.tables.contains { $0.name == "order_line" && $0.copiedRows > 0 })
                let a = try await Snapshot(sqlite)
                let b = try await Snapshot(postgres)
                #expect(a.products == b.products)
                #expect(a.orders == b.orders)
                #expect(a.movements == b.movements)
                #expect(a.debits == b.debits)
                #expect(a.openByLocation == b.openByLocation)
                #expect(a.receipts == b.receipts)
                #expect(a.stats == b.stats)
                #expect(a.revision == b.revision)
                #expect(try await sqlite.sync.planSigningKey().keyHex == postgres.sync.planSigningKey().keyHex)
                // Ids go on after the copied ones, as they would have in the file.
                #expect(try await postgres.runs.startRun(kind: .sync, startedAt: Date()) == runBefore + 1)
                // A catalog that is not empty is never copied into.
                await #expect(throws: CatalogStoreError.self) {
                    try await target.copyCatalog(from: try #require(sqlite.store as? SQLiteCatalogStore))
                }
                #expect(try await postgres.records.allProducts() == a.products)
            }
        }
    }
}

/// What both catalogs are compared on.
private struct Snapshot {
    var products: [Product]
    var orders: [Order]
    /// Movements without the times Concord stamps with its own clock (a count taken "now").
    var movements: [String]
    var debits: [[SKU: [String: Int]]]
    var open: [SKU: Int]
    var openByLocation: [OpenOrderUnits]
    var openIDs: [[String]]
    var receipts: [StockReceipt]
    var stats: CatalogStats
    var revision: Int64

    init(_ catalog: TestCatalog) async throws {
        products = try await catalog.records.allProducts()
        orders = try await catalog.ledger.orders(store: nil)
        var movements: [String] = []
        for sku in History.skus {
            for m in try await catalog.ledger.stockMovements(sku: SKU(sku)!) {
                let occurred = m.kind == .count && !m.asOfGiven ? "now" : "\(m.occurredAt.timeIntervalSince1970)"
                movements.append(
                    "\(m.id ?? -1) \(m.kind) \(m.sku) \(m.location) \(m.quantity) \(occurred) \(m.asOfGiven) \(m.store?.rawValue ?? "-") "
                        + "\(m.orderID ?? "-") \(m.orderNumber ?? "-") \(m.lineID ?? "-") \(m.reference ?? "-") \(m.note ?? "-")")
            }
        }
        self.movements = movements
        debits = []
        openIDs = []
        for store in History.stores {
            debits.append(try await catalog.ledger.stockDebits(store: StoreID(store)))
            openIDs.append(try await catalog.ledger.openOrderIDs(store: StoreID(store)))
        }
        open = try await catalog.ledger.openOrderUnits()
        openByLocation = try await catalog.ledger.openOrderUnitsByLocation()
        receipts = try await catalog.ledger.receipts(since: nil, until: nil)
        stats = try await catalog.records.stats()
        revision = try await catalog.records.catalogRevision()
    }
}

/// A deterministic history over a small catalog (SplitMix64, so a seed gives the same steps).
private struct History {
    static let skus = ["A-1", "A-2", "B-1", "C-1", "C-2", "KIT"]
    static let locations = ["berlin", "main", "paris"]
    static let stores = ["shop", "woo"]
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    struct Step: Sendable {
        var name: String
        var run: @Sendable (TestCatalog) async throws -> Void
        func run(on catalog: TestCatalog) async throws { try await run(catalog) }
    }

    var state: UInt64
    /// The orders so far, as the stores would show them next.
    var orders: [String: Order] = [:]
    var clock = start
    var refunds = 0
    var receipts = 0

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

    mutating func catalog() -> [Product] {
        let groups: [(String, [String])] = [("a", ["A-1", "A-2"]), ("b", ["B-1"]), ("c", ["C-1", "C-2"]), ("kit", ["KIT"])]
        return groups.map { handle, skus in
            Product(
                handle: handle, title: handle.uppercased(),
                variants: skus.map { sku in
                    Variant(
                        sku: SKU(sku)!, price: Money(minorUnits: Int64(int(100...999)), currency: .eur),
                        stock: Self.locations.filter { _ in chance(70) }.map { StockLevel(location: $0, onHand: int(0...30)) })
                })
        }
    }

    mutating func steps(count: Int) -> [Step] {
        var steps: [Step] = []
        let products = catalog()
        let mappings = Self.skus.enumerated().map { index, sku in
            ListingMapping(
                store: "woo", sku: SKU(sku)!, ref: RemoteRef(productID: "p\(index)", variantID: "v\(index)"), lastSeen: Self.start)
        }
        steps.append(
            Step(name: "import") { catalog in
                _ = try await catalog.records.writeCatalog(
                    products, locations: Self.locations.map { Location(code: $0, name: $0.capitalized) }, mode: .replace, kits: [],
                    stock: .perLocation, countedAt: Self.start - 86_400)
                _ = try await catalog.records.writePulledCatalog(
                    [], locations: [], mode: .merge, mappings: mappings,
                    bases: [BaseKey(sku: SKU("A-1")!, field: .stock(location: "w1")): .quantity(5)], store: "woo")
            })
        let routing: [StoreID: StockRouting] = [
            "shop": StockRouting(locations: ["gid://1": "main", "gid://2": "berlin"], fallback: nil),
            "woo": StockRouting(fallback: "main"),
        ]
        for _ in 0..<count {
            clock += Double(int(60...7_200)) + 0.25
            let now = clock
            switch int(0...9) {
            case 0...3:
                // A read of several orders: new ones, and changes to known ones (one order twice sometimes).
                var batch: [Order] = []
                for _ in 0..<int(1...4) {
                    if !orders.isEmpty && chance(50) {
                        var order = orders[pick(orders.keys.sorted())]!
                        for index in order.lines.indices {
                            var line = order.lines[index]
                            let open = line.quantity - line.fulfilledQuantity - line.refundedQuantity - line.cancelledQuantity
                            if open > 0 && chance(50) { line.fulfilledQuantity += int(1...open) }
                            if chance(15), line.fulfilledQuantity > line.returnedQuantity {
                                line.returnedQuantity += 1
                                line.restockedQuantity += 1
                            }
                            if chance(10) {
                                line.cancelledQuantity += max(
                                    0, line.quantity - line.fulfilledQuantity - line.refundedQuantity - line.cancelledQuantity)
                            }
                            order.lines[index] = line
                        }
                        if chance(10) { order.cancelledAt = now }
                        if chance(20) { order.holdsStock.toggle() }
                        order.updatedAt = now
                        orders[order.store.rawValue + "/" + order.remoteID] = order
                        batch.append(order)
                        if chance(15) { batch.append(order) }
                    } else {
                        let store = pick(Self.stores)
                        let id = "o\(orders.count + 1)"
                        let lines = (0..<int(1...3)).map { index -> OrderLine in
                            let skuIndex = int(0...Self.skus.count - 1)
                            let viaListing = store == "woo" && chance(40)
                            return OrderLine(
                                remoteLineID: "\(id)-\(index)", sku: viaListing ? SKU("woo-\(skuIndex)") : SKU(Self.skus[skuIndex]),
                                quantity: int(1...4), fulfilledQuantity: chance(30) ? 1 : 0,
                                locationID: store == "shop" && chance(60) ? pick(["gid://1", "gid://2", "gid://9"]) : nil,
                                locationName: chance(20) ? pick(["Paris", "Nowhere"]) : nil, variantID: viaListing ? "v\(skuIndex)" : nil)
                        }
                        let order = Order(
                            store: StoreID(store), remoteID: id, number: "#\(orders.count + 1)", createdAt: now, lines: lines,
                            updatedAt: now, refundIDs: store == "shop" ? [] : nil)
                        orders[store + "/" + id] = order
                        batch.append(order)
                    }
                }
                let read = batch
                steps.append(Step(name: "orders") { catalog in _ = try await catalog.ledger.ingestOrders(read, routing: routing) })
            case 4:
                guard let key = orders.keys.sorted().first(where: { $0.hasPrefix("shop/") && chance(50) }) else { continue }
                let order = orders[key]!
                refunds += 1
                let refund = OrderRefund(
                    store: order.store, orderID: order.remoteID, refundID: "r\(refunds % 4 == 0 ? refunds - 1 : refunds)",
                    lines: order.lines.filter { _ in chance(70) }.map {
                        OrderRefundLine(lineID: $0.remoteLineID, sku: $0.sku, quantity: int(1...2), restock: pick(RefundRestock.allCases))
                    })
                steps.append(Step(name: "refund") { catalog in _ = try await catalog.ledger.recordRefund(refund, at: now) })
            case 5:
                receipts += 1
                let lines = (0..<int(1...3)).map { _ in
                    StockReceipt(
                        sku: SKU(chance(90) ? pick(Self.skus) : "NOPE")!, location: pick(Self.locations), quantity: int(1...9),
                        receivedAt: now - 600, reference: chance(80) ? "PO-\(receipts % 5)" : nil)
                }
                steps.append(
                    Step(name: "receipt") { catalog in
                        _ = try await catalog.ledger.receiveStock(lines, recordedAt: now)
                    })
            case 6:
                let adjustments = (0..<int(1...2)).map { _ in
                    StockAdjustment(
                        sku: SKU(pick(Self.skus))!, location: chance(90) ? pick(Self.locations) : "nowhere", units: int(-3...3),
                        store: chance(50) ? "woo" : nil, note: "count fix", baseField: .stock(location: "w1"), baseQuantity: int(0...9))
                }
                steps.append(
                    Step(name: "adjust") { catalog in
                        try await catalog.ledger.recordStockAdjustments(adjustments, at: now)
                    })
            case 7:
                let store = pick(Self.stores)
                let gone = Set(orders.keys.filter { $0.hasPrefix(store + "/") && chance(20) }.map { String($0.dropFirst(store.count + 1)) })
                steps.append(
                    Step(name: "release") { catalog in
                        try await catalog.ledger.releaseVanishedOrders(store: StoreID(store), ids: gone, at: now)
                    })
            case 8:
                let file = catalog()
                let asOf = chance(50) ? now - Double(int(0...20_000)) : nil
                let mode: CatalogWriteMode = chance(50) ? .merge : .replace
                let scope: StockScope = chance(30) ? .availableAtOneLocation : .perLocation
                steps.append(
                    Step(name: "reimport") { catalog in
                        _ = try await catalog.records.writeCatalog(file, locations: [], mode: mode, kits: [], stock: scope, countedAt: asOf)
                    })
            default:
                let quantity = int(0...9)
                steps.append(
                    Step(name: "base") { catalog in
                        _ = try await catalog.records.writePulledCatalog(
                            [], locations: [], mode: .merge, mappings: [],
                            bases: [BaseKey(sku: SKU("A-1")!, field: .stock(location: "w1")): .quantity(quantity)], store: "woo")
                    })
            }
        }
        return steps
    }
}
