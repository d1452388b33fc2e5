import CatalogModel
import Foundation

/// Gathers SKUs from webhooks for a short window, then hands them on in one batch per store:
/// a sale of five items sends several webhooks within a second, and one targeted sync of all
/// their SKUs costs fewer API calls than five.
///
/// The first webhook of a quiet store is handed on at once (the leading edge), so a single sale
/// reaches the other channels in the time of one targeted sync, not the window's; what arrives
/// while that sync runs and for `window` after it is gathered into the next batch.
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

    /// Adds SKUs for a store. A quiet store's SKUs go out at once; while its batch is being
    /// handed on and for `window` after, new SKUs wait and go out together.
    public func add(_ skus: Set<SKU>, store: StoreID) {
        guard !skus.isEmpty else { return }
        guard timers[store] == nil else {
            pending[store, default: []].formUnion(skus)
            return
        }
        let (window, wait, flush) = (self.window, self.wait, self.flush)
        timers[store] = Task {
            // A batch handed on runs to its end even when shutdown cancels the window after it
            // (takePending): an unstructured task does not inherit the cancellation.
            await Task { await flush(store, skus) }.value
            await wait(window)
            await self.fire(store)
        }
    }

    /// The window after a batch has passed: what gathered meanwhile goes out as the next batch,
    /// with a window of its own after it; a store with nothing gathered is quiet again.
    private func fire(_ store: StoreID) async {
        guard let skus = pending.removeValue(forKey: store), !skus.isEmpty else {
            timers[store] = nil
            return
        }
        let (window, wait, flush) = (self.window, self.wait, self.flush)
        timers[store] = Task {
            // A batch handed on runs to its end even when shutdown cancels the window after it
            // (takePending): an unstructured task does not inherit the cancellation.
            await Task { await flush(store, skus) }.value
            await wait(window)
            await self.fire(store)
        }
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
