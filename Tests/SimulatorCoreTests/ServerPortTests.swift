import CatalogModel
import HTTPClient
import JSONValue
import SimulatorCore
import Testing

@Suite("Simulator servers started together")
struct ServerPortTests {
    @Test("servers started at the same time each get their own port and answer for their own store")
    func uniquePorts() async throws {
        let servers = try await withThrowingTaskGroup(of: SimulatorServer.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let shop = SimulatedShop.seeded(platform: .shopify, storeName: "port-\(index)", seed: UInt64(index), products: 1)
                    let server = try SimulatorServer(shop: shop, api: EchoPlatform())
                    try await server.start()
                    return server
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(servers.map(\.port)).count == servers.count)
        let client = makeSingleShotClient()
        for server in servers {
            let health = try JSONValue.parse(try await client.send(HTTPRequest(url: server.baseURL + "/_sim/health")).body)
            #expect(health["store"]?.stringValue == server.shop.snapshot.name)
        }
        client.shutdown()
        for server in servers { await server.stop() }
    }
}
