import ArgumentParser

/// `concord`: keeps every storefront true to one canonical catalog.
@main
struct Concord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concord",
        abstract: "Keep your storefronts (Shopify, WooCommerce, Magento) true to one canonical catalog.",
        discussion: """
            Concord keeps the catalog — products, variants, prices and stock per location — in a local \
            SQLite file (./concord.sqlite, or --db / CONCORD_DB) and the stores it manages in \
            concord.toml (or --config / CONCORD_CONFIG). Credentials come from environment variables \
            named in concord.toml, never from the file itself.

            Exit codes: 0 success, 1 error (bad input, unreachable store); nothing is written when a \
            command fails.
            """,
        version: ConcordVersion.current,
        subcommands: [
            CatalogCommand.self, StoresCommand.self, PlanCommand.self, ApplyCommand.self, SyncCommand.self, ReviewCommand.self,
            AuditCommand.self, RunCommand.self, ListenCommand.self, DemoCommand.self,
        ]
    )
}

enum ConcordVersion {
    static let current = "0.1.0"
}
