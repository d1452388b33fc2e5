import CatalogModel
import Foundation

/// Orders and the stock ledger: what was sold, shipped, returned, received and counted, and the
/// units each store's own count no longer shows. Stock is a ledger of these events, not an edited
/// value (the README's "The stock ledger").
public protocol StockLedger: Sendable {
    /// Stores orders as ``ingestOrders(_:)`` does, booking each line's shipped and returned units
    /// once in the stock ledger at the catalog location `routing` gives for its store, and moving
    /// each store's debit (the units its own count no longer shows).
    func ingestOrders(_ orders: [Order], routing: [StoreID: StockRouting]) async throws -> Int

    /// Every movement of one SKU's stock, by location and in the order they were booked.
    func stockMovements(sku: SKU) async throws -> [StockMovement]

    /// How far one store's own orders moved its count since each stock base was recorded, per SKU
    /// and store location id (`"*"`: orders that did not say); only places that moved.
    func stockDebits(store: StoreID) async throws -> [SKU: [String: Int]]

    /// The ids of one store's orders that still hold stock (not cancelled, with open units).
    func openOrderIDs(store: StoreID) async throws -> [String]

    /// Releases orders the store no longer lists (trashed, deleted): their open units are
    /// cancelled, without putting anything back into the store's count (trashing restocks nothing).
    func releaseVanishedOrders(store: StoreID, ids: Set<String>, at date: Date) async throws

    /// Books adjustments in one transaction, each with the store base it settles, if any.
    func recordStockAdjustments(_ adjustments: [StockAdjustment], at date: Date) async throws

    /// Stores orders and their lines exactly once per (store, order id, line id); a later read of
    /// the same order updates its status and quantities (cancellations, refunds) in place.
    /// - Returns: how many orders were new.
    func ingestOrders(_ orders: [Order]) async throws -> Int

    func orders(store: StoreID?) async throws -> [Order]

    /// Units still to ship on every open (not cancelled) order line, per SKU, across all stores:
    /// what the catalog's on-hand counts do not yet reflect.
    func openOrderUnits() async throws -> [SKU: Int]

    /// Applies a refund (from a webhook) to the stored order lines, at most once per (store,
    /// order, refund id), in one transaction: each named line's refunded units grow by the
    /// refund's, and units returned after shipping (``RefundRestock/return``) come off its
    /// fulfilled units, as the platform's own order read would then show them.
    ///
    /// - Returns: ``RefundRecording/alreadyCounted`` when the refund was applied before or an
    ///   order read already counted it (``Order/refundIDs``); nothing changes then.
    func recordRefund(_ refund: OrderRefund, at date: Date) async throws -> RefundRecording

    /// Units still to ship on open order lines, per SKU and where they ship from: one entry per
    /// (SKU, store, store location), the location `nil` when the order does not say.
    func openOrderUnitsByLocation() async throws -> [OpenOrderUnits]

    /// Records goods received and adds their units to the on-hand (and available) count of each
    /// SKU at its location, raising the catalog revision, all in one transaction.
    ///
    /// - Throws: ``CatalogStoreError`` with code `refused`, writing nothing, when a reference was
    ///   already received, a SKU is not in the catalog, a location is unknown or a quantity is not
    ///   positive: a re-run of the same file must never count units twice.
    func receiveStock(_ receipts: [StockReceipt], recordedAt: Date) async throws -> StockReceiptSummary

    /// The receipts that arrived in `[since, until)` (either end open when `nil`), oldest first.
    func receipts(since: Date?, until: Date?) async throws -> [StockReceipt]

    /// Which of `references` were already received, and when.
    func receivedReferences(_ references: Set<String>) async throws -> [String: ReceivedReference]

    /// Counts of the receipts on record, all time and in the 30 days before `now`, and the newest
    /// (`concord catalog stats`).
    func receiptStats(now: Date) async throws -> ReceiptStats
}
