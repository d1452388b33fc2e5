import CatalogModel
import CatalogStorage
import Foundation
import Testing

/// ``SyncStateStore`` on both backends: mappings, packed bases, cursors, the apply journal with
/// its bases, webhook deliveries, snapshots and plan signing.
@Suite("sync state, on SQLite and PostgreSQL alike")
struct SyncStateStoreTests {
    static let eur = CurrencyCode("EUR")!
    static let sku = SKU("TEE-BLK-M")!
    static let instant = Date(timeIntervalSince1970: 1_750_000_000.5)

    /// `PackedBaseTests`' values: separators, quotes and a newline in text, a list, a none.
    static let values: [BaseKey: FieldValue] = [
        BaseKey(sku: sku, field: .price): .money(Money(minorUnits: 1999, currency: eur)),
        BaseKey(sku: sku, field: .title): .text("Tee \u{1E}odd\u{1F} \"quoted\"\nline \\ {}"),
        BaseKey(sku: sku, field: .stock(location: "main")): .quantity(7),
        BaseKey(sku: sku, field: .images): .list(["a.jpg", "b.png"]),
        BaseKey(sku: sku, field: .compareAtPrice): .none,
        BaseKey(sku: sku, field: .weight): .weight(Weight(value: Decimal(string: "0.25")!, unit: .kilograms)),
        BaseKey(sku: SKU("TEE-WHT-S")!, field: .price): .money(Money(minorUnits: 1500, currency: eur)),
    ]

    @Test("listing mappings are upserted by store and listing, and read back by SKU", arguments: Backend.allCases)
    func mappings(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let sync = catalog.sync
            let a = ListingMapping(
                store: "shop", sku: SKU("B")!, ref: RemoteRef(productID: "p1", variantID: "v2", inventoryItemID: "i2"),
                lastSeen: Self.instant)
            let b = ListingMapping(store: "shop", sku: SKU("A")!, ref: RemoteRef(productID: "p1", variantID: "v9"), lastSeen: Self.instant)
            let c = ListingMapping(store: "shop", sku: SKU("A")!, ref: RemoteRef(productID: "p1", variantID: "v1"), lastSeen: Self.instant)
            try await sync.saveListingMappings([a, b, c, ListingMapping(store: "woo", sku: SKU("A")!, ref: c.ref, lastSeen: Self.instant)])
            #expect(try await sync.listingMappings(store: "shop") == [c, b, a])
            var moved = a
            moved.sku = SKU("C")!
            moved.lastSeen = Self.instant + 60
            var first = moved
            first.sku = SKU("D")!
            try await sync.saveListingMappings([first, moved])
            #expect(try await sync.listingMappings(store: "shop") == [c, b, moved], "a listing given twice is saved as its last word")
            #expect(try await catalog.records.stats().listingsPerStore == ["shop": 3, "woo": 1])
            #expect(try await sync.listingMappings(store: "other").isEmpty)
        }
    }

    @Test("bases read back the same through both readers; a later run recording one field leaves the others", arguments: Backend.allCases)
    func bases(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let sync = catalog.sync
            try await sync.recordBaseValues(Self.values, store: "shop", runID: 4)
            #expect(try await sync.baseValues(store: "shop") == Self.values)
            var fromTable: [BaseKey: FieldValue] = [:]
            try await sync.baseTable(store: "shop").forEach { fromTable[$0] = $1 }
            #expect(fromTable == Self.values)
            #expect(try await sync.baseValues(store: "other").isEmpty)
            #expect(try await sync.baseTable(store: "other").isEmpty)

            let newPrice = FieldValue.money(Money(minorUnits: 2099, currency: Self.eur))
            try await sync.recordBaseValues([BaseKey(sku: Self.sku, field: .price): newPrice], store: "shop", runID: 5)
            var expected = Self.values
            expected[BaseKey(sku: Self.sku, field: .price)] = newPrice
            #expect(try await sync.baseValues(store: "shop") == expected)
        }
    }

    @Test("cursors are kept per store and stream, to the last bit of their time", arguments: Backend.allCases)
    func cursors(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let sync = catalog.sync
            try await sync.saveCursor(SyncCursor(updatedAt: Self.instant), store: "shop", stream: .catalog)
            #expect(try await sync.cursor(store: "shop", stream: .catalog) == SyncCursor(updatedAt: Self.instant))
            #expect(try await sync.cursor(store: "shop", stream: .orders) == nil)
            // Seconds since 1970 come back to the last bit (a `Date` itself counts from 2001, so
            // not every instant survives that conversion, on either backend).
            let later = Self.instant + 0.001
            try await sync.saveCursor(SyncCursor(updatedAt: later, token: "rev 7; committed 3"), store: "shop", stream: .catalog)
            let read = try #require(try await sync.cursor(store: "shop", stream: .catalog))
            #expect(read.updatedAt.timeIntervalSince1970 == later.timeIntervalSince1970 && read.token == "rev 7; committed 3")
            #expect(try await sync.cursor(store: "woo", stream: .catalog) == nil)
        }
    }

    static func change(_ id: String, sku: String = "TEE-S", field: Change.Field = .stock(location: "L1"), new: FieldValue = .quantity(5))
        -> Change
    {
        Change(
            id: id, store: "shop", sku: SKU(sku)!, ref: RemoteRef(productID: "p", variantID: "v", inventoryItemID: "i"), field: field,
            expected: .quantity(7), new: new)
    }

    @Test(
        "the journal: queued, sent, answered; applied changes become bases; resumable while anything is open", arguments: Backend.allCases)
    func journal(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let sync = catalog.sync
            let run = try await catalog.runs.startRun(kind: .apply, startedAt: Self.instant)
            let c1 = Self.change("c1")
            try await sync.journalPlan(
                [[Self.change("c3", sku: "TEE-M"), c1], [Self.change("c2", sku: "TEE-L")]], firstBatch: 0, runID: run)
            #expect(try await sync.journalEntries(runID: run).map(\.change.id) == ["c3", "c1", "c2"], "by batch, then as journaled")
            #expect(try await sync.journalEntries(runID: run).map(\.batch) == [0, 0, 1])
            #expect(try await sync.journalEntries(runID: run).map(\.state) == [.queued, .queued, .queued])
            #expect(try await sync.resumableRuns().map(\.id) == [run])
            try await sync.markSent(["c1", "c3"], runID: run, at: Self.instant)
            #expect(try await sync.journalEntries(runID: run).map(\.state) == [.pending, .pending, .queued])
            try await sync.recordOutcomes(
                [
                    ChangeOutcome(changeID: "c1", status: .stale, message: "changed since planned"),
                    ChangeOutcome(changeID: "c3", status: .rejected, message: "no"), ChangeOutcome(changeID: "c2", status: .applied),
                ], runID: run, at: Self.instant + 1)
            let entry = try #require(try await sync.journalEntries(runID: run).first { $0.change.id == "c1" })
            #expect(
                entry.state == .stale && entry.change == c1 && entry.message == "changed since planned"
                    && entry.updatedAt == Self.instant + 1)
            #expect(try await sync.resumableRuns().isEmpty)
            #expect(try await sync.baseValues(store: "shop") == [BaseKey(sku: SKU("TEE-L")!, field: .stock(location: "L1")): .quantity(5)])
            // Re-planned within the run: queued again in its new batch, keeping its place, the stale message gone.
            try await sync.journalPlan([[Self.change("c1", new: .quantity(4))]], firstBatch: 3, runID: run)
            let replanned = try await sync.journalEntries(runID: run)
            #expect(replanned.map(\.change.id) == ["c3", "c2", "c1"] && replanned.last?.batch == 3 && replanned.last?.message == nil)
            #expect(try await sync.resumableRuns().map(\.id) == [run])
            try await sync.recordOutcomes([ChangeOutcome(changeID: "c1", status: .applied)], runID: run, at: Self.instant)
            #expect(try await sync.baseValues(store: "shop")[BaseKey(sku: SKU("TEE-S")!, field: .stock(location: "L1"))] == .quantity(4))
            try await catalog.runs.finishRun(run, status: .succeeded, finishedAt: Self.instant, summaryJSON: "{}")
            #expect(try await catalog.runs.runs(limit: 5).first?.status == .succeeded)
            // A run that is not an apply or a sync is never resumed.
            let plan = try await catalog.runs.startRun(kind: .plan, startedAt: Self.instant)
            try await sync.journalPlan([[Self.change("c9")]], firstBatch: 0, runID: plan)
            #expect(try await sync.resumableRuns().isEmpty)
        }
    }

    @Test("journaling for a run that does not exist fails and journals nothing", arguments: Backend.allCases)
    func journalRollback(backend: Backend) async throws {
        try await backend.withCatalog { (catalog: TestCatalog) async throws in
            await #expect {
                try await catalog.sync.journalPlan([[Self.change("c1")], [Self.change("c2")]], firstBatch: 0, runID: 999)
            } throws: { error in
                (error as? CatalogStoreError)?.code == .writeFailed && "\(error)".contains("nothing was changed")
            }
            #expect(try await catalog.sync.journalEntries(runID: 999).isEmpty)
        }
    }

    @Test("an applied stock change checkpoints the store's debit where its base is", arguments: Backend.allCases)
    func appliedStockCheckpointsDebit(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            _ = try await catalog.records.writeCatalog(
                [simpleProduct("tee", sku: "TEE-S", stock: [StockLevel(location: "main", onHand: 9)])], locations: [], mode: .merge)
            _ = try await catalog.ledger.ingestOrders([
                Order(
                    store: "shop", remoteID: "1", createdAt: Self.instant,
                    lines: [OrderLine(remoteLineID: "1", sku: SKU("TEE-S"), quantity: 2, locationID: "L1")])
            ])
            #expect(try await catalog.ledger.stockDebits(store: "shop") == [SKU("TEE-S")!: ["L1": 2]])
            let run = try await catalog.runs.startRun(kind: .sync, startedAt: Self.instant)
            try await catalog.sync.journalPlan([[Self.change("c1")]], firstBatch: 0, runID: run)
            try await catalog.sync.recordOutcomes([ChangeOutcome(changeID: "c1", status: .applied)], runID: run, at: Self.instant)
            #expect(try await catalog.ledger.stockDebits(store: "shop").isEmpty)
        }
    }

    @Test("webhook deliveries are remembered once per store, by every agent, and pruned by age", arguments: Backend.allCases)
    func webhookDeliveries(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await catalog.sync.recordWebhookDelivery(store: "shop", deliveryID: "evt-1", at: now))
            #expect(try await !catalog.sync.recordWebhookDelivery(store: "shop", deliveryID: "evt-1", at: now))
            #expect(try await catalog.sync.recordWebhookDelivery(store: "woo", deliveryID: "evt-1", at: now))
            let other = try await catalog.another()
            #expect(try await !other.sync.recordWebhookDelivery(store: "shop", deliveryID: "evt-1", at: now))
            try await other.sync.pruneWebhookDeliveries(before: now + 1)
            #expect(try await other.sync.recordWebhookDelivery(store: "shop", deliveryID: "evt-1", at: now + 2))
        }
    }

    static func listing(_ id: Int, store: StoreID) -> Listing {
        Listing(
            store: store, ref: RemoteRef(productID: "P\(id)", variantID: "V\(id)", inventoryItemID: id == 1 ? "I1" : nil),
            rawSKU: id == 2 ? "  " : "SKU-\(id)\t\\N", barcode: id == 1 ? "4006381333931" : nil, productTitle: "Tee \(id)\nline two",
            variantTitle: "M", descriptionHTML: id == 1 ? "<p>Soft</p>" : nil, options: ["M", "Blue"],
            price: id == 2 ? nil : Money(minorUnits: 1999, currency: .eur),
            compareAtPrice: id == 1 ? Money(minorUnits: 2999, currency: .eur) : nil,
            weight: id == 1 ? Weight(value: Decimal(string: "0.25")!, unit: .kilograms) : nil, status: id == 2 ? .draft : .active,
            images: ["https://cdn.example.com/\(id).jpg"],
            stock: [StockLevel(location: "L1", onHand: 4, available: 3, committed: 1), StockLevel(location: "L2", onHand: 0)],
            tracksStock: id != 3, allowsBackorder: id == 3, updatedAt: id == 3 ? nil : Date(timeIntervalSince1970: 1_700_000_000.25),
            availability: id == 3 ? .outOfStock : nil, distinguishesDraftFromArchived: id != 2,
            optionNames: id == 1 ? ["Size", "Colour"] : [])
    }

    @Test(
        "a snapshot round-trips listing by listing, replaces the store's previous one, and leaves other stores alone",
        arguments: Backend.allCases)
    func snapshots(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let sync = catalog.sync
            #expect(try await sync.latestSnapshot(store: "shop") == nil)
            let first = StoreSnapshot(
                store: "shop", fetchedAt: Date(timeIntervalSince1970: 1_700_000_100), isComplete: true,
                listings: (1...3).map { Self.listing($0, store: "shop") }, locations: [Location(code: "L1", name: "Main")],
                nextCursor: SyncCursor(updatedAt: Date(timeIntervalSince1970: 1_700_000_050), token: "abc"))
            try await sync.saveSnapshot(first)
            try await sync.saveSnapshot(
                StoreSnapshot(
                    store: "other", fetchedAt: Date(timeIntervalSince1970: 5), isComplete: false,
                    listings: [Self.listing(9, store: "other")],
                    locations: [], nextCursor: nil))
            let read = try #require(try await sync.latestSnapshot(store: "shop"))
            #expect(read.listings == first.listings)
            #expect(read.fetchedAt == first.fetchedAt && read.isComplete && read.locations == first.locations)
            #expect(read.nextCursor == first.nextCursor)

            let second = StoreSnapshot(
                store: "shop", fetchedAt: Date(timeIntervalSince1970: 1_700_100_000), isComplete: true, listings: [], locations: [],
                nextCursor: nil)
            try await sync.saveSnapshot(second)
            let replaced = try #require(try await sync.latestSnapshot(store: "shop"))
            #expect(replaced.listings.isEmpty && replaced.nextCursor == nil)
            let other = try #require(try await sync.latestSnapshot(store: "other"))
            #expect(other.listings == [Self.listing(9, store: "other")] && !other.isComplete)
        }
    }

    @Test("five thousand listings go into a snapshot and come back in order", arguments: Backend.allCases)
    func bigSnapshot(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let listings = (1...5_000).map { Self.listing($0, store: "shop") }
            try await catalog.sync.saveSnapshot(
                StoreSnapshot(store: "shop", fetchedAt: Self.instant, isComplete: true, listings: listings, locations: [], nextCursor: nil))
            #expect(try await catalog.sync.latestSnapshot(store: "shop")?.listings == listings)
        }
    }

    @Test("the plan-signing key is made once and kept; an applied plan is remembered by signature", arguments: Backend.allCases)
    func planFiles(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let key = try await catalog.sync.planSigningKey()
            #expect(key.keyHex.count == 64 && key.catalogID.count == 32)
            #expect(key.keyHex.allSatisfy { "0123456789abcdef".contains($0) })
            let other = try await catalog.another()
            let again = try await other.sync.planSigningKey()
            #expect(again.keyHex == key.keyHex && again.catalogID == key.catalogID)
            #expect(try await catalog.sync.appliedPlanRun(signature: "sig-1") == nil)
            try await catalog.sync.recordAppliedPlan(signature: "sig-1", runID: 3)
            try await other.sync.recordAppliedPlan(signature: "sig-1", runID: 4)
            #expect(try await other.sync.appliedPlanRun(signature: "sig-1") == 3, "the first apply is the one remembered")
        }
    }

    @Test("two catalogs never share a plan-signing key")
    func keysDiffer() async throws {
        let sqlite = try await Backend.sqlite.withCatalog { try await $0.sync.planSigningKey() }
        let postgres = try await Backend.postgres.withCatalog { try await $0.sync.planSigningKey() }
        let postgresAgain = try await Backend.postgres.withCatalog { try await $0.sync.planSigningKey() }
        #expect(Set([sqlite.keyHex, postgres.keyHex, postgresAgain.keyHex]).count == 3)
    }
}
