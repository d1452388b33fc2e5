import ConcordTesting
import StorefrontSimulator
import Testing
import WooCommerceAdapter

@Suite("WooCommerce connection check against the simulator")
struct WooCommerceConnectionTests {
    @Test("the connection check reaches a simulated store and counts its products")
    func connects() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 12))) { _, endpoint, client in
            let report = try await WooCommerceConnection.check(endpoint, client: client)
            #expect(report.productCount == 12)
        }
    }
}

@Suite("WooCommerce store currency")
struct WooCommerceCurrencyTests {
    @Test("without a configured currency the adapter reads the store's from data/currencies/current")
    func readsCurrency() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 3), currency: .usd)) {
            _, endpoint, client in
            let snapshot = try await WooCommerceAdapter(endpoint: endpoint, client: client).fetchCatalog(since: nil)
            #expect(!snapshot.listings.isEmpty)
            #expect(snapshot.listings.allSatisfy { $0.price?.currency == .usd })
        }
    }
}
