import ArgumentParser
import CatalogModel
import ConcordTesting
import Foundation

/// `concord-bench lifecycle`: a seeded shop's day (``ShopDay``) at a size no test runs, printing
/// how far every store strayed from "on hand − open units" after each quiet sync.
struct LifecycleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lifecycle",
        abstract:
            "Sell one stock pool on several simulated stores through orders, shipments, cancellations, refunds, receipts, counts and admin edits, syncing between them.",
        discussion: """
            Every event goes through the simulated platforms' own order lifecycle; every sync \
            through the real adapters, libcurl and a SQLite catalog in a temporary directory. \
            After each sync a second, quiet one runs and each store's stock is compared with an \
            oracle kept apart from Concord: on hand (initial + receipts − shipped + returned, reset \
            by counts) less the units open on every store's orders.

            The last line is one JSON object: events, syncs, mismatches (store, SKU pairs off after \
            a quiet sync), ledger_mismatches (catalog on hand off), stock_reviews (stock items \
            waiting in the review queue), unsettled_changes (writes a quiet sync still made), \
            seconds. Exit status 1 when any of those counts is not 0.
            """)

    @Option(help: "Events in the day.")
    var events = 2_000

    @Option(help: "Stores selling the pool (Shopify, WooCommerce, Magento in turn).")
    var stores = 3

    @Option(help: "Products in the catalog (a few variants each).")
    var products = 20

    @Option(help: "Events between syncs.")
    var eventsPerSync = 15

    @Option(help: "Seed of the catalog and the events.")
    var seed: UInt64 = 42

    func run() async throws {
        let platforms = (0..<max(1, stores)).map { [Platform.shopify, .woocommerce, .magento][$0 % 3] }
        let day = ShopDay(
            options: .init(seed: seed, events: events, products: products, platforms: platforms, eventsPerSync: eventsPerSync))
        let result = try await day.run { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        for line in result.details { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        var report = BenchReport()
        report["benchmark"] = .string("lifecycle")
        report["events"] = .int(result.events)
        report["stores"] = .int(platforms.count)
        report["syncs"] = .int(result.syncs)
        report["mismatches"] = .int(result.mismatches)
        report["ledger_mismatches"] = .int(result.ledgerMismatches)
        report["stock_reviews"] = .int(result.stockReviews)
        report["unsettled_changes"] = .int(result.unsettledChanges)
        report["seconds"] = .double(result.seconds)
        for (kind, count) in result.eventCounts.sorted(by: { $0.key < $1.key }) {
            report["events_" + kind.replacingOccurrences(of: "-", with: "_")] = .int(count)
        }
        print(report.jsonLine)
        if result.mismatches + result.ledgerMismatches + result.stockReviews + result.unsettledChanges > 0 { throw ExitCode.failure }
    }
}
