import ArgumentParser
import CatalogModel
import CatalogStorage
import Foundation
import Sync

extension CatalogCommand {
    /// `concord catalog pull STORE`: adopt a store's listings as the catalog.
    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adopt a store's listings as the catalog (or merge them into it), in one transaction.",
            discussion: """
                For a merchant whose catalog lives in one storefront today. Reads the whole store, \
                turns its listings into products and variants (grouped by the store's product; SKU, \
                barcode, price, compare-at price, title, description, status, images, weight, \
                options and stock per catalog location, matched by the store's location map or by \
                location name), and writes them together with the store's listing mappings and \
                base values, so that `concord plan` right afterwards has nothing to push or review \
                for that store.

                --merge (the default) adds the SKUs the catalog lacks and changes no existing SKU: \
                one whose values differ from the store's is listed as a conflict, field by field. \
                --replace makes the catalog exactly the store's listings. Listings without a SKU, \
                with a duplicated SKU or without a readable price are listed (SKU and remote ids) \
                and not imported. A failed read writes nothing; --dry-run reads and reports, and \
                writes nothing.

                Exit status: 0 pulled, nothing left out; 2 pulled, but listings were left out or \
                conflicts found (see the report); 1 error, nothing written.
                """
        )

        @Argument(help: "The store to pull, by its id in concord.toml.")
        var store: String

        @Flag(help: "Add the store's new SKUs and report conflicts for existing ones (default).")
        var merge = false

        @Flag(help: "Make the catalog exactly the store's listings.")
        var replace = false

        @Flag(help: "Read the store and report what would be written, without writing.")
        var dryRun = false

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if merge && replace { throw ValidationError("--merge and --replace exclude each other; give one") }
        }

        func run() async throws {
            guard let configuration = try global.loadConfiguration(required: true) else { return }
            let selected = try StoreSelection.select([store], from: configuration)
            let catalog = try await global.openStore(configuration: configuration)
            let connections = StoreConnections(stores: selected, configuration: configuration, global: global)
            defer { connections.shutdown() }
            if let failure = connections.failures.first {
                throw CLIError("cannot open store \(failure.configuration.id): \(failure.error); nothing was written")
            }
            guard let entry = connections.entries.first else { throw CLIError("store \(store) could not be opened; nothing was written") }
            let report: CatalogPull.Report
            do {
                report = try await CatalogPull.run(
                    catalog: catalog, adapter: entry.adapter, configuration: entry.configuration, mode: replace ? .replace : .merge,
                    dryRun: dryRun)
            } catch {
                throw CLIError("pulling \(store) failed: \(error); the catalog was left as it was")
            }
            if output.json {
                try Terminal.printJSON(report)
            } else {
                Self.print(report, database: catalog.location)
            }
            if report.needsAttention { throw ExitCode(2) }
        }

        static func print(_ report: CatalogPull.Report, database: String) {
            let verb = report.dryRun ? "would write" : "wrote"
            Swift.print(
                "\(report.store): read \(report.listingsRead) listings; \(verb) \(report.productsWritten) products with \(report.skusAdded) new SKUs (\(report.mode))"
                    + (report.dryRun ? "" : " into \(database)"))
            if report.productsRemoved + report.variantsRemoved > 0 {
                Swift.print("  removed \(report.productsRemoved) products, \(report.variantsRemoved) variants not in the store")
            }
            if !report.locationsCreated.isEmpty {
                Swift.print("  new catalog locations: \(report.locationsCreated.joined(separator: ", "))")
            }
            Swift.print(
                "  \(report.mappingsRecorded) listing mappings and \(report.basesRecorded) base values \(report.dryRun ? "would be " : "")recorded for \(report.store)"
            )
            if report.skusUnchanged > 0 { Swift.print("  \(report.skusUnchanged) SKUs already in the catalog with the store's values") }
            if !report.conflicts.isEmpty {
                Swift.print(Terminal.styled("  \(report.conflicts.count) conflicts (the catalog's value kept):", .yellow))
                for conflict in report.conflicts.prefix(20) {
                    Swift.print("    \(conflict.sku) \(conflict.field): catalog \(conflict.catalog), store \(conflict.store)")
                }
                if report.conflicts.count > 20 { Swift.print("    … \(report.conflicts.count - 20) more (--json lists all)") }
            }
            if !report.skipped.isEmpty {
                Swift.print(Terminal.styled("  \(report.skipped.count) listings not imported:", .yellow))
                for skipped in report.skipped.prefix(20) {
                    let sku = skipped.sku.isEmpty ? "(no SKU)" : "\"\(skipped.sku)\""
                    Swift.print("    \(sku) product \(skipped.productID) variant \(skipped.variantID): \(skipped.reason)")
                }
                if report.skipped.count > 20 { Swift.print("    … \(report.skipped.count - 20) more (--json lists all)") }
            }
            if report.dryRun { Swift.print("Nothing was written (dry run).") }
        }
    }
}
