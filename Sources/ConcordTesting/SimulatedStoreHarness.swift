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
    return try await withAwaitedCleanup {
        try await body(store, store.endpoint, client)
    } cleanup: {
        client.shutdown()
        await store.stop()
    }
}

/// Runs a test body against a simulated store started from `spec` on 127.0.0.1, and stops the
/// store after the body, also when it throws (for tests that reach the store through the
/// `concord` binary or the store's own state, not through a client of their own).
public func withSimulatedStore<T>(_ spec: StoreSpec, _ body: (SimulatedStore) async throws -> T) async throws -> T {
    let store = try await SimulatedStore.start(spec)
    return try await withAwaitedCleanup {
        try await body(store)
    } cleanup: {
        await store.stop()
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
