/// The credentials a simulated store accepts, in each platform's native form. They follow from the
/// seed and the store's name, so a test (or a person reading the banner) can predict them, and two
/// stores in one process never share one.
public struct SimCredentials: Hashable, Sendable, Codable {
    /// Shopify Admin API access token (`X-Shopify-Access-Token`).
    public var shopifyAccessToken: String
    /// WooCommerce REST API consumer key and secret (Basic auth, OAuth 1.0a, or query string).
    public var wooConsumerKey: String
    public var wooConsumerSecret: String
    /// Magento integration bearer token, and an admin login that `POST /V1/integration/admin/token` accepts.
    public var magentoToken: String
    public var magentoAdminUsername: String
    public var magentoAdminPassword: String

    public init(seed: UInt64, storeName: String) {
        var generator = SeededGenerator.derived(from: seed, purpose: "credentials:" + storeName)
        func hex(_ count: Int) -> String {
            String((0..<count).map { _ in "0123456789abcdef".randomElement(using: &generator)! })
        }
        func alphanumeric(_ count: Int) -> String {
            String((0..<count).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement(using: &generator)! })
        }
        shopifyAccessToken = "shpat_" + hex(32)
        wooConsumerKey = "ck_" + hex(40)
        wooConsumerSecret = "cs_" + hex(40)
        magentoToken = alphanumeric(32)
        magentoAdminUsername = "admin"
        magentoAdminPassword = "sim-" + alphanumeric(12)
    }
}
