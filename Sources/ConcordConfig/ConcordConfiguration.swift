import CatalogModel
import Foundation
import Reconcile

/// Everything `concord.toml` says: the catalog's settings and the stores Concord keeps in step.
///
/// Secrets are never part of it: a store names the *environment variables* that hold its
/// credentials (`token_env = "SHOP_MAIN_TOKEN"`), and ``CredentialResolver`` reads them.
public struct ConcordConfiguration: Hashable, Sendable {
    /// The file this configuration was read from, for messages.
    public var path: String?
    /// The catalog's currency, used when an import file does not say.
    public var currency: CurrencyCode
    /// The catalog database, when the file names one (`--db` and `CONCORD_DB` take precedence).
    public var database: String?
    /// A 0600 file holding credentials by variable name, when secrets are not in the environment.
    public var credentialsFile: String?
    /// The stores, in id order.
    public var stores: [StoreConfiguration]
    /// `[audit]`: thresholds for `concord audit` (its flags override them).
    public var audit: AuditSettings

    public init(
        path: String? = nil, currency: CurrencyCode = .usd, database: String? = nil, credentialsFile: String? = nil,
        stores: [StoreConfiguration] = [], audit: AuditSettings = AuditSettings()
    ) {
        self.path = path
        self.currency = currency
        self.database = database
        self.credentialsFile = credentialsFile
        self.stores = stores
        self.audit = audit
    }

    public func store(_ id: StoreID) -> StoreConfiguration? { stores.first { $0.id == id } }
}

/// One storefront: where it is, how to sign in, and what Concord manages there.
public struct StoreConfiguration: Hashable, Sendable {
    public var id: StoreID
    public var platform: Platform
    /// The store's base URL (`https://example.myshopify.com`).
    public var url: URL
    /// The admin API version to speak (Shopify `2025-07`); `nil` uses the adapter's default.
    public var apiVersion: String?
    /// Names of the environment variables holding this store's credentials.
    public var credentials: CredentialNames
    /// Store location id → canonical location code.
    public var locations: [String: String]
    /// The fields Concord writes to this store (default: all).
    public var managedFields: [ManagedField]
    /// Units held back from this store's stock (per store; SKU overrides come later).
    public var stockBuffer: Int
    /// How the store's price is derived from the catalog price.
    public var priceRule: PriceRule?
    /// Magento's store view code in `/rest/<code>/V1` (default `default`).
    public var storeCode: String?
    /// Store location id → several catalog location codes whose stock it shows together, highest
    /// priority first (`default = ["main", "berlin"]`); replaces the same id in ``locations``.
    public var locationFeeds: [String: [String]]
    /// Per-SKU buffers that replace ``stockBuffer`` for those SKUs (`[stores.<id>.stock_buffers]`).
    public var stockBuffers: [SKU: Int]
    /// Who wins when the store was edited outside Concord, per field; fields not named keep the
    /// documented default.
    public var storeEditPolicies: [ManagedField: ConflictPolicy]
    /// Who wins on a first sync (no base), per field; fields not named keep the default.
    public var firstSyncPolicies: [ManagedField: ConflictPolicy]
    /// Rules switched off or re-levelled in this store (`[stores.<id>.rules]`), resolved against
    /// Concord's rules when the file is read (a code it does not know is refused there, with its
    /// line).
    public var ruleSettings: [FindingCode: RuleSetting]
    /// How much of each SKU's sellable stock the store shows (`[stores.<id>.allocation]`).
    public var allocation: AllocationPolicy
    /// Magento only (`magento_async_bulk`): write product fields through the asynchronous bulk
    /// API, many products a request, then poll the bulk's status. Only for a store whose message
    /// queue consumer runs; default false (one synchronous `PUT /V1/products/{sku}` per product).
    public var magentoAsyncBulk: Bool

    public init(
        id: StoreID, platform: Platform, url: URL, apiVersion: String? = nil,
        credentials: CredentialNames = .init(), locations: [String: String] = [:],
        managedFields: [ManagedField] = ManagedField.allCases, stockBuffer: Int = 0,
        priceRule: PriceRule? = nil, storeCode: String? = nil, locationFeeds: [String: [String]] = [:],
        stockBuffers: [SKU: Int] = [:], storeEditPolicies: [ManagedField: ConflictPolicy] = [:],
        firstSyncPolicies: [ManagedField: ConflictPolicy] = [:], ruleSettings: [FindingCode: RuleSetting] = [:],
        allocation: AllocationPolicy = AllocationPolicy(), magentoAsyncBulk: Bool = false
    ) {
        self.magentoAsyncBulk = magentoAsyncBulk
        self.locationFeeds = locationFeeds
        self.stockBuffers = stockBuffers
        self.storeEditPolicies = storeEditPolicies
        self.firstSyncPolicies = firstSyncPolicies
        self.ruleSettings = ruleSettings
        self.allocation = allocation
        self.id = id
        self.platform = platform
        self.url = url
        self.apiVersion = apiVersion
        self.credentials = credentials
        self.locations = locations
        self.managedFields = managedFields
        self.stockBuffer = stockBuffer
        self.priceRule = priceRule
        self.storeCode = storeCode
    }

    /// `stock_policy` values and the store-edit policy each stands for.
    public static let stockPolicies: [String: ConflictPolicy] = ["canonical": .canonical, "adopt": .store, "review": .review]

    /// True when the URL points at this machine, where plain HTTP and relaxed TLS are acceptable.
    public var isLoopback: Bool { URL.isLoopbackHost(url.host) }
}

/// The environment variable names a store's credentials are read from.
public struct CredentialNames: Hashable, Sendable {
    /// Shopify access token, Magento integration token.
    public var tokenEnv: String?
    /// WooCommerce consumer key.
    public var keyEnv: String?
    /// WooCommerce consumer secret.
    public var secretEnv: String?
    /// Magento admin user name and password, for an admin token (alternative to an integration token).
    public var usernameEnv: String?
    public var passwordEnv: String?
    /// The shared secret the store signs its webhooks with (`concord listen`).
    public var webhookSecretEnv: String?

    public init(
        tokenEnv: String? = nil, keyEnv: String? = nil, secretEnv: String? = nil, usernameEnv: String? = nil, passwordEnv: String? = nil,
        webhookSecretEnv: String? = nil
    ) {
        self.tokenEnv = tokenEnv
        self.keyEnv = keyEnv
        self.secretEnv = secretEnv
        self.usernameEnv = usernameEnv
        self.passwordEnv = passwordEnv
        self.webhookSecretEnv = webhookSecretEnv
    }

    /// Every variable named, as (config key, variable) pairs.
    public var all: [(key: String, variable: String)] {
        [
            ("token_env", tokenEnv), ("key_env", keyEnv), ("secret_env", secretEnv), ("username_env", usernameEnv),
            ("password_env", passwordEnv),
            ("webhook_secret_env", webhookSecretEnv),
        ]
        .compactMap { key, value in value.map { (key, $0) } }
    }
}

extension URL {
    /// Whether a host name is this machine: `localhost`, 127.0.0.0/8 or `::1`.
    public static func isLoopbackHost(_ host: String?) -> Bool {
        Loopback.isLoopback(host: host)
    }
}
