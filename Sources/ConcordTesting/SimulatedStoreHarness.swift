import HTTPClient
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator

/// Runs a test body against a simulated store over real HTTP: starts the store on 127.0.0.1, hands
/// the body the store, its endpoint and a libcurl client, and stops both afterwards, also when the
/// body throws.
public func withSimulatedStore<T>(
    _ spec: StoreSpec,
    client configuration: HTTPClient.Configuration = .simulatorTesting(),
    _ body: (SimulatedStore, StoreEndpoint, HTTPClient) async throws -> T
) async throws -> T {
    let store = try await SimulatedStore.start(spec)
    let client = HTTPClient(configuration: configuration)
    do {
        let result = try await body(store, store.endpoint, client)
        client.shutdown()
        await store.stop()
        return result
    } catch {
        client.shutdown()
        await store.stop()
        throw error
    }
}

extension HTTPClient.Configuration {
    /// Short timeouts and no retries by default, so a test sees each fault the simulator injects.
    public static func simulatorTesting(maxAttempts: Int = 1) -> HTTPClient.Configuration {
        HTTPClient.Configuration(
            connectTimeout: .seconds(5), totalTimeout: .seconds(30),
            retryPolicy: RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(10), maxDelay: .milliseconds(100))
        )
    }
}
