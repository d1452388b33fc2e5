import AdapterRegistry
import ArgumentParser
import CatalogModel
import ConcordConfig
import Foundation
import HTTPClient
import Reconcile
import StorefrontAdapter
import Sync

extension StoresCommand {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reach each store, check its credentials, and print what Concord found there.",
            discussion: "Reads only; never writes to a store. Exits 1 when any store cannot be reached or refuses the credentials."
        )

        @Argument(help: "Check only these stores (default: all in concord.toml).")
        var stores: [String] = []

        @Flag(help: "Also print the HTTP client's retries and failures as they happen.")
        var verbose = false

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let configuration = try global.loadConfiguration(required: true) else { return }
            let selected = try StoreSelection.select(stores, from: configuration)
            let resolver = CredentialResolver(environment: global.environment, file: configuration.credentialsFile)
            var results: [CheckResult] = []
            // The catalog's locations, when there is a catalog, to say whether stock will sync.
            let catalogLocations =
                (global.database(configuration: configuration).sqlitePath.map { FileManager.default.fileExists(atPath: $0) } ?? true)
                ? (try? await global.openStore(configuration: configuration).locations()) ?? [] : []
            for store in selected {
                do {
                    let endpoint = try StoreEndpointFactory.endpoint(for: store, resolver: resolver)
                    let client = HTTPClient(configuration: .init(redactor: Redactor(secrets: endpoint.secrets)))
                    defer { client.shutdown() }
                    let report = try await StoreEndpointFactory.checkConnection(endpoint, client: client)
                    var result = CheckResult(store: store.id.rawValue, ok: true, report: report, error: nil)
                    result.warnings = StoresCommand.stockWarnings(
                        store, storeLocations: report.locations, catalogLocations: catalogLocations)
                    results.append(result)
                } catch {
                    results.append(CheckResult(store: store.id.rawValue, ok: false, report: nil, error: "\(error)"))
                }
            }
            if output.json {
                try Terminal.printJSON(results)
            } else {
                for result in results {
                    if let report = result.report {
                        var line = Terminal.styled("ok", .green) + "    \(result.store) (\(report.platform.displayName))"
                        if let name = report.name { line += " — \(name)" }
                        if let count = report.productCount { line += ", \(count) products" }
                        if !report.locations.isEmpty { line += ", locations: " + report.locations.map(\.name).joined(separator: ", ") }
                        print(line)
                        for note in report.notes { print("      note: \(note)") }
                        for warning in result.warnings { print("      " + Terminal.styled("warning: ", .yellow) + warning) }
                    } else {
                        print(Terminal.styled("FAIL", .red) + "  \(result.store): \(result.error ?? "unknown error")")
                    }
                }
            }
            if results.contains(where: { !$0.ok }) { throw ExitCode.failure }
        }
    }

    struct CheckResult: Encodable {
        var store: String
        var ok: Bool
        var report: ConnectionReport?
        var error: String?
        var warnings: [String] = []
    }

    /// A store whose stock maps to no catalog location gets no stock from Concord: say so before
    /// the first sync rather than report it "in sync".
    static func stockWarnings(_ store: StoreConfiguration, storeLocations: [Location], catalogLocations: [Location]) -> [String] {
        guard store.managedFields.contains(.stock), !storeLocations.isEmpty else { return [] }
        let policy = StorePolicy(configuration: store, storeLocations: storeLocations, catalogLocations: catalogLocations)
        guard policy.effectiveLocationFeeds.isEmpty else { return [] }
        let ids = storeLocations.map { "\($0.code) (\($0.name))" }.joined(separator: ", ")
        let known = catalogLocations.map(\.code).joined(separator: ", ")
        return [
            "no store location maps to a catalog location, so no stock will be synced; store locations: \(ids)"
                + (known.isEmpty ? "" : "; catalog locations: \(known)")
                + "; map them in concord.toml, e.g. [stores.\(store.id).locations] \(storeLocations[0].code) = \"\(catalogLocations.first?.code ?? "main")\""
        ]
    }
}

/// Picks stores by id, with a clear error for an id that is not configured.
enum StoreSelection {
    static func select(_ ids: [String], from configuration: ConcordConfiguration) throws -> [StoreConfiguration] {
        guard !ids.isEmpty else {
            guard !configuration.stores.isEmpty else {
                throw CLIError("no stores in \(configuration.path ?? "concord.toml"); add a [stores.<id>] table (see the README)")
            }
            return configuration.stores
        }
        return try ids.map { id in
            guard let store = configuration.store(StoreID(id)) else {
                throw CLIError(
                    "no store \"\(id)\" in \(configuration.path ?? "concord.toml"); configured: \(configuration.stores.map(\.id.rawValue).joined(separator: ", "))"
                )
            }
            return store
        }
    }
}

/// Builds an adapter's endpoint from configuration and resolved credentials.
enum StoreEndpointFactory {
    /// The adapter for a store's platform, from ``AdapterRegistry``.
    ///
    /// - Parameter requestsPerSecond: The pace for platforms metered per request (WooCommerce);
    ///   nil keeps the adapter's default, which suits shared hosting.
    /// - Parameter magentoAsyncBulk: `magento_async_bulk` of the store's configuration.
    static func adapter(
        for endpoint: StoreEndpoint, client: HTTPClient, requestsPerSecond: Double? = nil, magentoAsyncBulk: Bool = false
    ) -> any StorefrontAdapter {
        AdapterRegistry.adapter(
            for: endpoint, client: client,
            settings: AdapterSettings(requestsPerSecond: requestsPerSecond, magentoAsyncBulk: magentoAsyncBulk))
    }

    /// Reaches the store with its platform's connection check (read-only).
    static func checkConnection(_ endpoint: StoreEndpoint, client: HTTPClient) async throws -> ConnectionReport {
        try await AdapterRegistry.checkConnection(endpoint, client: client)
    }

    static func endpoint(for store: StoreConfiguration, resolver: CredentialResolver) throws -> StoreEndpoint {
        let names = store.credentials
        func secret(_ variable: String?, _ key: String) throws -> Secret? {
            try variable.map { try resolver.secret(named: $0, for: store.id, key: key) }
        }
        return StoreEndpoint(
            store: store.id, platform: store.platform, baseURL: store.url.absoluteString, apiVersion: store.apiVersion,
            token: try secret(names.tokenEnv, "token_env"),
            key: try secret(names.keyEnv ?? names.usernameEnv, names.keyEnv == nil ? "username_env" : "key_env"),
            secret: try secret(names.secretEnv ?? names.passwordEnv, names.secretEnv == nil ? "password_env" : "secret_env"),
            storeCode: store.storeCode)
    }
}
