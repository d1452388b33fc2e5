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
