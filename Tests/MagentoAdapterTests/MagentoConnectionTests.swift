import ConcordTesting
import MagentoAdapter
import StorefrontSimulator
import Testing

@Suite("Magento connection check against the simulator")
struct MagentoConnectionTests {
    @Test("the connection check reaches a simulated store with its integration token")
    func connects() async throws {
        try await withSimulatedStore(StoreSpec(platform: .magento, source: .generated(count: 5))) { _, endpoint, client in
            let report = try await MagentoConnection.check(endpoint, client: client)
            #expect(report.platform == .magento)
            #expect(!report.locations.isEmpty)
            // Products as the other platforms count them: a configurable with its variants is
            // one, its child simple products (not visible on their own) are not counted.
            #expect(report.productCount == 5)
        }
    }
}
