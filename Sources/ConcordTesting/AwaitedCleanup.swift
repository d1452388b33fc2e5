/// Runs `body`, then awaits `cleanup`, also when `body` throws, and only then returns or rethrows.
///
/// The awaited form of `defer { Task { await cleanup() } }`: `defer` cannot await, and a task
/// started there runs whenever the cooperative pool gets to it, after the test has returned and
/// while the next one runs, so a stopped server could outlive its test. `withSimulatedStore` and
/// the test targets' scenario helpers (`withSyncScenario`, `withCLIScenario`, …) stop what they
/// started through this.
public func withAwaitedCleanup<T>(_ body: () async throws -> T, cleanup: () async -> Void) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
    return result
}
