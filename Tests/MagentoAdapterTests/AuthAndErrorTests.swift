import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import MagentoSimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Synchronization
import Testing

@testable import MagentoAdapter

@Suite("Magento credentials, retries and error messages")
struct AuthAndErrorTests {
    @Test("a 429 with Retry-After is waited out and retried; the read completes")
    func rateLimitRetried() async throws {
        let spec = StoreSpec(
            platform: .magento, source: .generated(count: 10),
            server: ServerOptions(faults: [FaultRule(kind: .rateLimit(retryAfter: 1), onRequests: [2])]))
        try await withSimulatedStore(spec, client: .simulatorTesting(maxAttempts: 3)) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(snapshot.listings.count == store.variantCount)
            #expect(store.server.counters.byStatus[429] == 1)
            #expect(store.server.counters.faultsInjected == 1)
        }
    }

    @Test("a 503 on a read is retried; a 503 that persists becomes a server error that says to try later")
    func serverErrors() async throws {
        let spec = StoreSpec(
            platform: .magento, source: .generated(count: 10),
            server: ServerOptions(faults: [FaultRule(kind: .status(503), pathContains: "/V1/products", method: "GET", onRequests: [1])]))
        try await withSimulatedStore(spec, client: .simulatorTesting(maxAttempts: 3)) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(snapshot.listings.count == store.variantCount)
            #expect(store.server.counters.byStatus[503] == 1)
        }
        let always = StoreSpec(
            platform: .magento, source: .generated(count: 10),
            server: ServerOptions(faults: [FaultRule(kind: .status(503), pathContains: "/V1/products", method: "GET")]))
        try await withSimulatedStore(always, client: .simulatorTesting(maxAttempts: 2)) { _, endpoint, client in
            let error = await #expect(throws: AdapterError.self) { try await makeAdapter(endpoint, client).fetchCatalog(since: nil) }
            #expect(error?.code == .serverError)
            #expect(error?.message.contains("try again later") == true)
        }
    }

    @Test("a wrong integration token: unauthorized, with Magento's message filled in and what to do")
    func badToken() async throws {
        try await withSimulatedStore(StoreSpec(platform: .magento, source: .generated(count: 3))) { store, endpoint, client in
            var wrong = endpoint
            wrong.token = Secret("not-the-token")
            let error = await #expect(throws: AdapterError.self) { try await makeAdapter(wrong, client).fetchCatalog(since: nil) }
            #expect(error?.code == .unauthorized)
            #expect(
                error?.message.contains("The consumer isn't authorized to access Magento_Backend::store.") == true,
                "\(String(describing: error))")
            #expect(error?.message.contains("token_env") == true)
            #expect(error?.message.contains("not-the-token") == false)
            #expect(store.server.counters.total == 1)  // no retry of a refused token
        }
    }

    @Test("admin sign-in: one token request, then every call with the admin token")
    func adminLogin() async throws {
        try await withSimulatedStore(StoreSpec(platform: .magento, source: .generated(count: 10))) { store, _, client in
            let adapter = makeAdapter(store.magentoAdminEndpoint(), client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            #expect(snapshot.listings.count == store.variantCount)
            _ = try await adapter.fetchOrders(since: nil)
            #expect(MagentoRequests(store)["POST integration/admin/token"] == 1)
            #expect(store.server.counters.byStatus[401] == nil)
            #expect(await adapter.rest.adminSignIns == 1)
        }
    }

    @Test("a wrong admin password: unauthorized, naming the variables to check")
    func badAdminPassword() async throws {
        try await withSimulatedStore(StoreSpec(platform: .magento, source: .generated(count: 3))) { store, _, client in
            let adapter = makeAdapter(store.magentoAdminEndpoint(password: "wrong"), client)
            let error = await #expect(throws: AdapterError.self) { try await adapter.fetchCatalog(since: nil) }
            #expect(error?.code == .unauthorized)
            #expect(error?.message.contains("password_env") == true)
            #expect(error?.message.contains("sign-in was incorrect") == true)
            #expect(store.server.counters.total == 1)
        }
    }

    @Test("an admin token the store expired early (its clock ran ahead) is renewed on the 401 and the call repeated")
    func adminTokenRenewedOn401() async throws {
        // Each read of the store's clock moves it an hour: the 4-hour token dies after a few calls.
        let spec = StoreSpec(platform: .magento, source: .generated(count: 10), clock: .stepping(from: clockStart, by: 3600))
        try await withSimulatedStore(spec) { store, _, client in
            let adapter = makeAdapter(store.magentoAdminEndpoint(), client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            #expect(snapshot.listings.count == store.variantCount)
            let signIns = MagentoRequests(store)["POST integration/admin/token"]
            #expect(signIns >= 2)
            #expect(store.server.counters.byStatus[401] == signIns - 1)
        }
    }

    @Test("an admin token is renewed at 90% of its lifetime, while the store still accepts the old one")
    func adminTokenRenewedAhead() async throws {
        // One hand-moved clock for the store and for Concord: no sleeping, and the renewal point
        // (90% of a 100-second token) is exact.
        let clock = Mutex(clockStart)
        let spec = StoreSpec(
            platform: .magento, source: .generated(count: 3), clock: SimClock { clock.withLock { $0 } },
            api: MagentoPlatform(options: .init(adminTokenLifetime: 100)))
        try await withSimulatedStore(spec) { store, _, client in
            let endpoint = store.magentoAdminEndpoint()
            let session = MagentoTokenSession(
                endpoint: endpoint, client: client, defaultLifetime: 4 * 3600, now: { clock.withLock { $0 } })
            func move(to seconds: TimeInterval) { clock.withLock { $0 = clockStart.addingTimeInterval(seconds) } }
            func status(_ token: Secret) async throws -> Int {
                let request = HTTPRequest(
                    url: MagentoConnection.apiBase(endpoint) + "/products?searchCriteria[pageSize]=1",
                    headers: ["Authorization": "Bearer \(token.reveal())", "Accept": "application/json"])
                return try await client.send(request).status
            }

            let first = try await session.current()
            move(to: 89)
            #expect(try await session.current().reveal() == first.reveal())
            #expect(await session.signIns == 1)
            move(to: 91)
            let second = try await session.current()
            #expect(second.reveal() != first.reveal())
            #expect(await session.signIns == 2)
            #expect(try await status(first) == 200)  // renewed ahead: the old token was still good
            move(to: 120)
            #expect(try await status(first) == 401)
            #expect(try await status(second) == 200)
        }
    }

    @Test(
        "Magento's placeholders are filled: positional, named, named with a list, validation errors",
        arguments: [
            (#"{"message":"Invalid attribute name: %1","parameters":["foo"]}"#, "Invalid attribute name: foo"),
            (
                #"{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"sku"}}"#,
                #""sku" is required. Enter and try again."#
            ),
            (#"{"message":"Invalid attribute %fieldName = %fieldValue.","parameters":["SKU","X-1"]}"#, "Invalid attribute SKU = X-1."),
            (#"{"message":"%1 of %10","parameters":["a","b","c","d","e","f","g","h","i","j"]}"#, "a of j"),
            (
                #"{"message":"Validation Failed","errors":[{"message":"\"%field\" can not be empty.","parameters":{"field":"name"}}]}"#,
                #"Validation Failed ("name" can not be empty.)"#
            ),
        ])
    func messages(body: String, expected: String) {
        #expect(MagentoConnection.message(Array(body.utf8)) == expected)
    }
}

/// A token Concord obtains at run time is a secret like a configured one.
@Suite("Magento admin tokens never reach a recording")
struct AdminTokenRedactionTests {
    @Test("signing in with an admin user: the token is in no recorded request or response")
    func tokenRedacted() async throws {
        let directory = try TemporaryDirectory()
        let recorder = HTTPRecorder(directory: URL(fileURLWithPath: directory.path("recordings")))
        var configuration = HTTPClient.Configuration.simulatorTesting()
        configuration.recorder = recorder
        let spec = StoreSpec(platform: .magento, source: .generated(count: 3))
        try await withSimulatedStore(spec, client: configuration) { store, _, client in
            let endpoint = store.magentoAdminEndpoint()
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(!snapshot.listings.isEmpty)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path("recordings"))
            #expect(files.contains { $0.contains("token") }, "the sign-in was recorded: \(files)")
            let recorded = try files.map { try String(contentsOfFile: directory.path("recordings/" + $0), encoding: .utf8) }.joined()
            // Every token the simulator issues starts with this JWT header.
            let token = "eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ"
            #expect(!recorded.contains(token), "the admin token is in a recording")
        }
    }
}
