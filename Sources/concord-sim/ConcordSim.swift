import ArgumentParser

/// `concord-sim`: Shopify, WooCommerce and Magento admin APIs on loopback, for first runs, tests and
/// benchmarks without a live store.
@main
struct ConcordSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concord-sim",
        abstract: "Simulated Shopify, WooCommerce and Magento stores on 127.0.0.1.",
        discussion: """
            Each store serves its platform's admin API on its own loopback port, seeded \
            deterministically, with optional listing errors, drift from a catalog, injected faults \
            and live activity. Every store also answers /_sim/ (log, counters, state, manifest, \
            faults, activity, reset) for inspection and control.

            Try:  concord-sim serve --platform shopify --products 500
            """,
        version: "0.1.0",
        subcommands: [ServeCommand.self, CatalogCommand.self]
    )
}
