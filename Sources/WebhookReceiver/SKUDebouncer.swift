import CatalogModel
import Foundation

/// Gathers SKUs from webhooks for a short window, then hands them on in one batch per store:
/// a sale of five items sends several webhooks within a second, and one targeted sync of all
/// their SKUs costs fewer API calls than five.
public actor SKUDebouncer {
    public let window: Duration
    private let flush: @Sendable (StoreID, Set<SKU>) async -> Void
    private let wait: @Sendable (Duration) async -> Void
    private var pending: [StoreID: Set<SKU>] = [:]
    private var timers: [StoreID: Task<Void, Never>] = [:]

    /// - Parameters:
    ///   - window: How long SKUs are gathered after the first one arrives.
    ///   - wait: How the window is waited out; tests pass a gate they open themselves.
    ///   - flush: Receives each store's batch.
    public init(
        window: Duration = .seconds(2), wait: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        flush: @escaping @Sendable (StoreID, Set<SKU>) async -> Void
    ) {
        self.window = window
        self.wait = wait
        self.flush = flush
    }

    /// Adds SKUs for a store; the store's batch goes out `window` after its first SKU arrived.
    public func add(_ skus: Set<SKU>, store: StoreID) {
        guard !skus.isEmpty else { return }
        pending[store, default: []].formUnion(skus)
        guard timers[store] == nil else { return }
        let (window, wait) = (self.window, self.wait)
        timers[store] = Task {
            await wait(window)
            await self.fire(store)
        }
    }

    private func fire(_ store: StoreID) async {
        timers[store] = nil
        guard let skus = pending.removeValue(forKey: store), !skus.isEmpty else { return }
        await flush(store, skus)
    }

    /// Takes every batch still being gathered, without flushing it, and cancels their timers:
    /// shutdown hands them to one last sync of its own, under its own time limit.
    public func takePending() -> [StoreID: Set<SKU>] {
        for (store, timer) in timers {
            timer.cancel()
            timers[store] = nil
        }
        defer { pending = [:] }
        return pending
    }

    /// Sends every pending batch now (on shutdown).
    public func drain() async {
        for (store, timer) in timers {
            timer.cancel()
            timers[store] = nil
        }
        let batches = pending
        pending = [:]
        for (store, skus) in batches { await flush(store, skus) }
    }
}
