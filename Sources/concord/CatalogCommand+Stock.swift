import ArgumentParser
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import StorefrontAdapter
import Sync

extension CatalogCommand.Import {
    /// `--as-of`: an ISO 8601 time, or a date (midnight UTC), never in the future.
    static func countTime(_ text: String) throws -> Date {
        let full = ISO8601DateFormatter()
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let date = full.date(from: text) ?? day.date(from: text) else {
            throw CLIError("--as-of \(text) is not an ISO 8601 time; write it as 2026-12-07T06:00:00Z (or 2026-12-07)")
        }
        guard date <= Date().addingTimeInterval(60) else {
            throw CLIError("--as-of \(text) is in the future; a count speaks for a time it was taken")
        }
        return date
    }
}

extension CatalogCommand {
    struct Movements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List one SKU's stock movements: why on hand is what it is, and what stores show.",
            discussion: """
                On hand at a location is its last count (an import, a stocktake) plus everything \
                booked after it: goods received, units shipped with each store's orders, returns \
                put back on the shelf, and adjustments (an edit in a store's admin adopted by its \
                stock policy). Each line names its cause, store, order and time, then the current \
                on hand, committed (open orders of every channel) and sellable per location.

                --json gives {sku, movements: [{kind, location, quantity, occurred_at, recorded_at, \
                store, order_id, order_number, line_id, reference, note}], locations: [{location, \
                on_hand, committed, sellable}]}.

                Exit status: 0 listed; 1 the SKU is not in the catalog or the database cannot be opened.
                """)

        @Argument(help: "The SKU.")
        var sku: String

        @Option(help: "Only the last N movements per location (default: all).")
        var last: Int?

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var sku: String
            var movements: [StockMovement]
            var locations: [LocationStock]
        }

        func run() async throws {
            guard let key = SKU(sku) else { throw CLIError("a SKU cannot be empty") }
            let configuration = try global.loadConfiguration()
            let store = try await global.openStore(configuration: configuration)
            guard try await store.product(containing: key) != nil else {
                throw CLIError("SKU \(key) is not in the catalog (\(store.location)); `concord catalog stats` shows what is")
            }
            var movements = try await store.stockMovements(sku: key)
            if let last {
                let grouped = Dictionary(grouping: movements, by: \.location)
                movements = grouped.keys.sorted().flatMap { grouped[$0]!.suffix(max(0, last)) }
            }
            let locations = try await CommittedStock.locationStock(of: key, in: store, stores: configuration?.stores ?? [])
            if output.json {
                try Terminal.printJSON(Report(sku: key.rawValue, movements: movements, locations: locations))
                return
            }
            let time = ISO8601DateFormatter()
            var rows: [[String]] = []
            for movement in movements {
                let quantity =
                    movement.kind == .count
                    ? "= \(movement.quantity)" : (movement.quantity >= 0 ? "+\(movement.quantity)" : "\(movement.quantity)")
                var cause = movement.kind.rawValue
                if let store = movement.store {
                    cause += " " + store.rawValue
                    if let order = movement.orderNumber ?? movement.orderID { cause += " order " + order }
                }
                if let reference = movement.reference { cause += " " + reference }
                if movement.kind == .count, movement.asOfGiven { cause += " (as of \(time.string(from: movement.occurredAt)))" }
                if let note = movement.note { cause += " — " + note }
                rows.append(["  " + movement.location, quantity, time.string(from: movement.recordedAt), Terminal.visible(cause)])
            }
            print(Terminal.styled(key.rawValue, .bold) + "  stock movements")
            if rows.isEmpty {
                print("  none recorded")
            } else {
                print(Terminal.table(["  location", "change", "booked", "cause"], rows))
            }
            print()
            print(
                Terminal.table(
                    ["  location", "on hand", "committed", "sellable"],
                    locations.map { ["  " + $0.location, "\($0.onHand)", "\($0.committed)", "\($0.sellable)"] }))
        }
    }
}

extension CatalogCommand.Import {
    /// The recent orders of the store a file was exported from (`--from-store`), read before
    /// anything is written: a store that cannot be read leaves the catalog as it was.
    static func openOrders(
        of id: String, configuration: ConcordConfiguration?, global: GlobalOptions
    ) async throws -> (batch: OrderBatch, configuration: StoreConfiguration) {
        guard let configuration else {
            throw CLIError("--from-store \(id) needs a concord.toml naming the store; nothing was written")
        }
        let selected = try StoreSelection.select([id], from: configuration)
        let connections = StoreConnections(stores: selected, configuration: configuration, global: global)
        defer { connections.shutdown() }
        if let failure = connections.failures.first {
            throw CLIError("cannot open store \(failure.configuration.id): \(failure.error); nothing was written")
        }
        guard let entry = connections.entries.first else { throw CLIError("store \(id) could not be opened; nothing was written") }
        do {
            return (try await StoreOrdersBack.recentOrders(of: entry.adapter), entry.configuration)
        } catch {
            throw CLIError("could not read \(id)'s orders to count its open ones back in: \(error); nothing was written")
        }
    }
}
