import CatalogModel
import ConcordConfig
import Foundation
import HTTPClient
import StorefrontAdapter
import Sync

/// The adapters for the stores a command works on, each over its own HTTP client (so each store's
/// secrets are redacted from its own logs), and the stores that could not be set up with why.
///
/// Every command that talks to stores (`plan`, `apply`, `sync`, `audit`, `catalog pull`) opens
/// them here, and calls ``shutdown()`` when done.
final class StoreConnections: Sendable {
    let entries: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)]
    /// Stores that could not be set up (a missing credential, a platform Concord cannot read).
    let failures: [(configuration: StoreConfiguration, error: String)]
    private let clients: [HTTPClient]
    private let clientByStore: [StoreID: HTTPClient]

    /// Opens the given stores; never throws for one store's problem (it goes to ``failures``).
    init(stores: [StoreConfiguration], configuration: ConcordConfiguration, global: GlobalOptions) {
        let resolver = CredentialResolver(environment: global.environment, file: configuration.credentialsFile)
        var entries: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)] = []
        var failures: [(configuration: StoreConfiguration, error: String)] = []
        var clients: [HTTPClient] = []
        var clientByStore: [StoreID: HTTPClient] = [:]
        for store in stores {
            do {
                let endpoint = try StoreEndpointFactory.endpoint(for: store, resolver: resolver)
                let client = HTTPClient(configuration: .init(userAgent: Self.userAgent, redactor: Redactor(secrets: endpoint.secrets)))
                clients.append(client)
                clientByStore[store.id] = client
                let adapter = StoreEndpointFactory.adapter(for: endpoint, client: client, magentoAsyncBulk: store.magentoAsyncBulk)
                entries.append((store, adapter))
            } catch {
                failures.append((store, "\(error)"))
            }
        }
        self.entries = entries
        self.failures = failures
        self.clients = clients
        self.clientByStore = clientByStore
    }

    /// `Concord/0.1.0 (pid 4242)`: the platforms ask apps to name themselves, and the process
    /// tells one agent's calls from another's in a store's logs.
    static let userAgent = "Concord/\(ConcordVersion.current) (pid \(getpid()))"

    /// The requests, retries and rate-limit waits so far against one store.
    func statistics(of store: StoreID) -> HTTPStatistics? {
        clientByStore[store]?.statistics
    }

    /// The setup failures as plan reports, so they are printed with the stores that were read.
    var failureReports: [StorePlanReport] {
        failures.map { .failed($0.configuration.id, platform: $0.configuration.platform, error: $0.error) }
    }

    func shutdown() {
        for client in clients { client.shutdown() }
    }
}
