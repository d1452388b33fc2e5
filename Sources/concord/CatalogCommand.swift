import ArgumentParser
import CatalogFormats
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import StorefrontAdapter
import Sync

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Import, export and inspect the canonical catalog.",
        subcommands: [Import.self, Export.self, Show.self, Movements.self, Stats.self, Pull.self, Kit.self, Receive.self]
    )
}

extension CatalogFileFormat: ExpressibleByArgument {}

extension CatalogCommand {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import products from a file into the catalog, in one transaction.",
            discussion: """
                Reads a Shopify product CSV (the template merchants download), a WooCommerce product \
                CSV, or Concord JSON Lines (one variant per line). The format is detected from the \
                file unless --format is given. Every row is checked first: any bad row is reported \
                with its file, line, column and SKU, and nothing is written. Products already in the \
                catalog are updated by handle and SKU; use --replace to make the catalog exactly the file.

                Stock: a file only changes the stock it carries. The CSV formats have one quantity \
                column, which sets what is available at --location (default main); the SKU's other \
                locations are kept, with --replace too. JSON Lines sets each location a row lists and \
                keeps the others; with --replace a row's stock list is the SKU's whole stock. A \
                location code the catalog does not have is refused, with the known codes listed, \
                unless --new-locations (a first import into an empty catalog may create any). A \
                location's name is changed only by a JSON Lines location line that names it.

                Prices: a negative price, compare-at price or cost is an error; a price of 0 is \
                imported with a warning, and never pushed to a store (catalog.price-not-positive) \
                until it is set or the variant is draft. Negative stock on hand is imported with a \
                warning (Shopify's own inventory files allow it).

                A file's stock is a count in the stock ledger: on hand is the last count plus the \
                receipts, shipments, returns and adjustments booked after it. A count exported from a \
                warehouse system at 06:00 and imported at 09:00 is imported with --as-of 06:00 (an \
                ISO 8601 time): shipments made after 06:00 still come off it, earlier ones do not.

                A store's own product export (--from-store ID) shows what the store can still sell, \
                net of its open orders; those orders (of the last 90 days) are read from the store and \
                counted back into on hand, and ingested, so the next sync subtracts them once, not twice.
                """
        )

        @Argument(help: "The file to import.")
        var file: String

        @Option(help: "The file's format: \(CatalogFileFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: CatalogFileFormat?

        @Option(help: "Currency of prices in the file (default: the catalog currency in concord.toml, else USD).")
        var currency: String?

        @Option(help: "Location code the single stock column of a CSV file is for; other locations are kept.")
        var location = "main"

        @Flag(help: "Create locations the file names that the catalog does not have (refused otherwise).")
        var newLocations = false

        @Flag(help: "Remove products and variants that are not in the file.")
        var replace = false

        @Flag(help: "Check the file and report what would be imported, without writing.")
        var dryRun = false

        @Option(help: "When the file's stock was counted (ISO 8601, e.g. 2026-12-07T06:00:00Z); default: now.")
        var asOf: String?

        @Option(help: ArgumentHelp("The CSV separator: , (default), ; or tab.", valueName: "separator"))
        var delimiter: String = ","

        @Option(
            help: ArgumentHelp(
                "The file is this store's own export: its stock column is net of the store's open orders, which are read and counted back in.",
                valueName: "store-id"))
        var fromStore: String?

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let countedAt = try asOf.map(Self.countTime)
            var options = ImportOptions()
            if let currency {
                guard let code = CurrencyCode(currency) else {
                    throw CLIError("--currency \(currency) is not a three-letter ISO 4217 code such as EUR")
                }
                options.currency = code
            } else if let configured = configuration?.currency {
                options.currency = configured
            }
            options.defaultLocation = location
            switch delimiter {
            case ",": options.delimiter = ","
            case ";": options.delimiter = ";"
            case "tab", "\\t", "\t": options.delimiter = "\t"
            default: throw CLIError("--delimiter \(delimiter): write , or ; or tab")
            }
            // A catalog database that does not exist yet is created only once the file has been
            // read without error: a failed import (or a dry run) leaves no new file behind.
            let database = global.database(configuration: configuration)
            let databaseExists = database.sqlitePath.map { FileManager.default.fileExists(atPath: $0) } ?? true
            var store = databaseExists ? try await global.openStore(configuration: configuration) : nil
            let known = try await store?.locations() ?? []
            if !newLocations, !known.isEmpty { options.knownLocations = Set(known.map(\.code)) }
            let result: ImportResult
            do {
                result = try CatalogImporter.read(contentsOf: file, format: format, options: options)
            } catch {
                // The importer throws only `ImportFailure`, which lists every bad row (its first
                // line already says that nothing was imported).
                Terminal.printError(error.description)
                if output.json { try Terminal.printJSON(ImportFailureReport(error)) }
                throw ExitCode.failure
            }
            for warning in result.warnings {
                Terminal.printError(Terminal.styled("warning: ", .yellow) + warning.description)
            }
            if result.document.stockScope == .availableAtOneLocation,
                result.document.products.allSatisfy({ $0.variants.allSatisfy(\.stock.isEmpty) })
            {
                Terminal.printError(
                    Terminal.styled("warning: ", .yellow)
                        + "\(file) has no stock quantities (no Variant Inventory Qty / Stock column, or none filled in): NO STOCK WAS IMPORTED; the catalog's stock stays as it was"
                )
            }
            let variants = result.document.products.reduce(0) { $0 + $1.variants.count }
            if result.document.stockScope == .availableAtOneLocation, let column = result.document.locations.first {
                let name = known.first { $0.code == column.code }.map { " (\($0.name))" } ?? " (new)"
                let others = known.map(\.code).filter { $0 != column.code }
                Terminal.printError(
                    "The stock column is location \(column.code)\(name)"
                        + (others.isEmpty ? "" : "; \(others.joined(separator: ", ")) kept as they are"))
            }
            if dryRun {
                let report = ImportReport(
                    file: file, dryRun: true, products: result.document.products.count, variants: variants, warnings: result.warnings.count,
                    summary: nil)
                if output.json {
                    try Terminal.printJSON(report)
                } else {
                    print(
                        "\(file): \(result.document.products.count) products, \(variants) variants, \(result.warnings.count) warnings — nothing written (dry run)"
                    )
                }
                return
            }
            if store == nil { store = try await global.openStore(configuration: configuration) }
            guard let store else { throw CLIError("the catalog database could not be opened") }
            var products = result.document.products
            var adopted: (batch: OrderBatch, configuration: StoreConfiguration)?
            if let fromStore {
                adopted = try await Self.openOrders(of: fromStore, configuration: configuration, global: global)
                if let adopted, result.document.stockScope == .availableAtOneLocation, let column = result.document.locations.first {
                    let open = StoreOrdersBack.openUnits(in: adopted.batch.orders)
                    products = StoreOrdersBack.countingBack(open, into: products, at: column.code)
                    Terminal.printError(
                        "Counted \(open.values.reduce(0, +)) units on \(fromStore)'s open orders back into on hand at \(column.code)")
                }
                if let adopted { try await StoreOrdersBack.ingest(adopted.batch, of: adopted.configuration, into: store) }
            }
            let summary = try await store.writeCatalog(
                products, locations: result.document.locations, mode: replace ? .replace : .merge,
                kits: result.document.kits, stock: result.document.stockScope, countedAt: countedAt)
            if let adopted { try await StoreOrdersBack.ingest(adopted.batch, of: adopted.configuration, into: store) }
            let report = ImportReport(
                file: file, dryRun: false, products: result.document.products.count, variants: variants, warnings: result.warnings.count,
                summary: summary)
            if output.json {
                try Terminal.printJSON(report)
            } else {
                var line =
                    "Imported \(summary.productsWritten) products, \(summary.variantsWritten) variants from \(file) into \(store.location)"
                if summary.productsRemoved + summary.variantsRemoved > 0 {
                    line += "; removed \(summary.productsRemoved) products, \(summary.variantsRemoved) variants"
                }
                if !result.warnings.isEmpty { line += " (\(result.warnings.count) warnings above)" }
                print(line)
            }
        }
    }

    struct ImportReport: Encodable {
        var file: String
        var dryRun: Bool
        var products: Int
        var variants: Int
        var warnings: Int
        var summary: CatalogWriteSummary?
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the catalog to a file or standard output.",
            discussion: "JSON Lines keeps every field; the CSV formats carry what their platform's importer reads."
        )

        @Option(help: "The format: \(CatalogFileFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: CatalogFileFormat = .jsonLines

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var out: String?

        @Option(
            help: """
                The location whose available stock the CSV formats' one quantity column holds (default: \
                main if the catalog has it, else the first location). Import the file back with the same \
                --location; the other locations are not in the file and are kept by the import.
                """)
        var stockLocation: String?

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let store = try await global.openStore(configuration: configuration)
            let locations = try await store.locations()
            let document = CatalogDocument(products: try await store.allProducts(), locations: locations, kits: try await store.kits())
            var options = ExportOptions()
            if format != .jsonLines, !locations.isEmpty {
                let codes = locations.map(\.code)
                if let stockLocation, !codes.contains(stockLocation) {
                    throw CLIError(
                        "--stock-location \(stockLocation) is not a catalog location (known: \(codes.joined(separator: ", "))); nothing was written"
                    )
                }
                let chosen = stockLocation ?? (codes.contains("main") ? "main" : codes[0])
                options.stockLocation = chosen
                let name = locations.first { $0.code == chosen }?.name ?? chosen
                let others = codes.filter { $0 != chosen }
                Terminal.printError(
                    "The stock column holds location \(chosen) (\(name)) only"
                        + (others.isEmpty ? "" : "; \(others.joined(separator: ", ")) not exported")
                        + (chosen == "main" ? "" : ". Import it back with --location \(chosen)"))
            }
            let text = CatalogExporter.write(document, format: format, options: options)
            if let out {
                do {
                    try text.write(toFile: out, atomically: true, encoding: .utf8)
                } catch {
                    throw CLIError("cannot write \(out): \(error.localizedDescription)")
                }
                Terminal.printError("Wrote \(document.products.count) products to \(out)")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one SKU: its product, prices, stock per location and listings.")

        @Argument(help: "The SKU to show.")
        var sku: String

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let key = SKU(sku) else { throw CLIError("a SKU cannot be empty") }
            let configuration = try global.loadConfiguration()
            let store = try await global.openStore(configuration: configuration)
            guard let (product, index) = try await store.product(containing: key) else {
                throw CLIError("SKU \(key) is not in the catalog (\(store.location)); `concord catalog stats` shows what is")
            }
            let variant = product.variants[index]
            var listings: [ListingMapping] = []
            for storeConfig in configuration?.stores ?? [] {
                listings += try await store.listingMappings(store: storeConfig.id).filter { $0.sku == key }
            }
            if output.json {
                let stock = try await CommittedStock.locationStock(of: key, in: store, stores: configuration?.stores ?? [])
                try Terminal.printJSON(
                    ShowReport(
                        product: product.title, handle: product.handle, status: product.status, optionNames: product.optionNames,
                        variant: variant, stock: stock, listings: listings))
                return
            }
            print(Terminal.styled("\(variant.sku)", .bold) + "  \(product.title)" + (variant.title.isEmpty ? "" : " — \(variant.title)"))
            var rows: [[String]] = [
                ["handle", product.handle],
                ["status", variant.status.rawValue],
                ["price", variant.price.description],
            ]
            if let compareAt = variant.compareAtPrice { rows.append(["compare at", compareAt.description]) }
            if let cost = variant.cost { rows.append(["cost", cost.description]) }
            if let barcode = variant.barcode { rows.append(["barcode", barcode.rawValue]) }
            if let weight = variant.weight { rows.append(["weight", weight.description]) }
            for (name, value) in zip(product.optionNames, variant.options) { rows.append([name.lowercased(), value]) }
            rows.append(["backorders", variant.allowsBackorder ? "allowed" : "no"])
            rows.append(["images", "\(product.images.count + variant.images.count)"])
            for row in rows { print("  " + row[0].padding(toLength: 12, withPad: " ", startingAt: 0) + row[1]) }
            print()
            let stock = try await CommittedStock.locationStock(of: key, in: store, stores: configuration?.stores ?? [])
            if stock.isEmpty {
                print("  no stock recorded")
            } else {
                // Committed: open order lines of every store; `concord catalog movements` says why.
                print(
                    Terminal.table(
                        ["  location", "on hand", "committed", "sellable"],
                        stock.map { ["  " + $0.location, "\($0.onHand)", "\($0.committed)", "\($0.sellable)"] }))
            }
            if !listings.isEmpty {
                print()
                print(
                    Terminal.table(
                        ["  store", "product id", "variant id"],
                        listings.map { ["  " + $0.store.rawValue, $0.ref.productID, $0.ref.variantID] }))
            }
        }
    }

    struct ShowReport: Encodable {
        var product: String
        var handle: String
        var status: ListingStatus
        var optionNames: [String]
        var variant: Variant
        /// On hand, committed (open orders of every channel) and sellable per location.
        var stock: [LocationStock]
        var listings: [ListingMapping]
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count products, variants, locations, units, listings per store and goods received.",
            discussion: """
                Reads the catalog database only (no store is contacted). Besides the catalog's \
                size, it shows the receipts recorded with concord catalog receive: lines, distinct \
                references and units, in the last 30 days and all time, and the newest receipt's \
                arrival date and reference. No receipts means concord audit cannot measure \
                sell-through.

                --json gives the same as one object: products, variants, locations, units_on_hand, \
                orders, listings_per_store, and receipts {all_time, last30_days: {lines, references, \
                units}, newest: {received_at, reference} (absent when nothing was received), as_of}.

                Exit status: 0 counted; 1 the database cannot be opened.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        /// The catalog's counts with the receipts beside them, as one JSON object.
        struct Report: Encodable {
            var stats: CatalogStats
            var receipts: ReceiptStats

            enum CodingKeys: String, CodingKey { case receipts }

            func encode(to encoder: any Encoder) throws {
                try stats.encode(to: encoder)
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(receipts, forKey: .receipts)
            }
        }

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let store = try await global.openStore(configuration: configuration)
            let stats = try await store.stats()
            let receipts = try await store.receiptStats(now: Date())
            if output.json {
                try Terminal.printJSON(Report(stats: stats, receipts: receipts))
                return
            }
            print("Catalog \(store.location)")
            var rows = [
                ["products", "\(stats.products)"],
                ["variants", "\(stats.variants)"],
                ["locations", "\(stats.locations)"],
                ["units on hand", "\(stats.unitsOnHand)"],
                ["orders", "\(stats.orders)"],
            ]
            let storeIDs = Set(stats.listingsPerStore.keys).union(configuration?.stores.map(\.id.rawValue) ?? [])
            for id in storeIDs.sorted() { rows.append(["listings in \(id)", "\(stats.listingsPerStore[id] ?? 0)"]) }
            func received(_ tally: ReceiptStats.Tally) -> String {
                "\(tally.units) units in \(tally.lines) line\(tally.lines == 1 ? "" : "s") (\(tally.references) reference\(tally.references == 1 ? "" : "s"))"
            }
            rows.append(["received, last 30 days", received(receipts.last30Days)])
            rows.append(["received, all time", received(receipts.allTime)])
            if let newest = receipts.newest {
                let day = newest.receivedAt.formatted(.iso8601.year().month().day())
                rows.append(["newest receipt", day + (newest.reference.map { " \($0)" } ?? " (no reference)")])
            } else {
                rows.append(["newest receipt", "none (record goods in with concord catalog receive)"])
            }
            print(Terminal.table(["  what", "count"], rows.map { ["  " + $0[0], $0[1]] }))
        }
    }
}

/// `catalog import --json` when the file is refused: every bad row, for a script to show.
struct ImportFailureReport: Encodable {
    struct Problem: Encodable {
        var code: String
        var severity: String
        var file: String
        var line: Int?
        var column: String?
        var sku: String?
        var message: String
    }

    var imported = false
    var file: String
    var errorCount: Int
    var errors: [Problem]

    init(_ failure: ImportFailure) {
        file = failure.file
        errorCount = failure.errorCount
        errors = failure.errors.map {
            Problem(
                code: $0.code.rawValue, severity: $0.severity.rawValue, file: $0.file, line: $0.line, column: $0.column,
                sku: $0.sku?.rawValue, message: $0.message)
        }
    }

    enum CodingKeys: String, CodingKey {
        case imported, file, errors
        case errorCount = "error_count"
    }
}
