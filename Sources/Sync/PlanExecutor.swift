import CatalogModel
import CatalogStorage
import Foundation
import Planning
import Reconcile
import StorefrontAdapter

/// One store's part of an apply: its adapter, what to write, and how to re-plan items whose
/// precondition turned out stale.
public struct StoreWork: Sendable {
    public var adapter: any StorefrontAdapter
    /// The changes to write (already past the mass-change guard).
    public var changes: [Change]
    /// Re-reads the store (and whatever else the caller needs) and returns fresh changes for the
    /// given SKUs, each with the value the store holds now as its precondition. `nil`: stale
    /// changes are only reported, for the next run.
    public var replan: (@Sendable (Set<SKU>) async throws -> [Change])?

    public init(adapter: any StorefrontAdapter, changes: [Change], replan: (@Sendable (Set<SKU>) async throws -> [Change])? = nil) {
        self.adapter = adapter
        self.changes = changes
        self.replan = replan
    }
}

/// What an apply did in one store.
public struct StoreApplyReport: Hashable, Sendable, Codable {
    public var store: StoreID
    public var applied = 0
    /// Left alone because the store's value moved since the plan (a sale, an admin edit), after
    /// any re-plan.
    public var stale = 0
    public var rejected = 0
    /// Sent, but the outcome is unknown (the request failed); `apply --resume` re-reads them.
    public var unknown = 0
    /// Never sent because the store failed before their turn; `apply --resume` sends them.
    public var notSent = 0
    /// Stale changes that were re-planned from a fresh read and sent again.
    public var replanned = 0
    /// Changes a resume found already applied by the interrupted run (confirmed by a re-read).
    public var confirmedOnResume = 0
    public var writeCalls = 0
    public var seconds = 0.0
    /// Why the store stopped, when it did.
    public var error: String?
    /// The adapter's own error, when the stop was one (see ``StorePlanReport/failure``).
    public var failure: AdapterError?

    /// Records why the store stopped: the text for people, the adapter's value for code.
    mutating func stop(because error: any Error) {
        self.error = "\(error)"
        failure = error as? AdapterError
    }
    /// Set when a stop was requested (SIGTERM, SIGINT) and changes were left queued for
    /// `concord apply --resume`; the signal's name.
    public var stoppedBy: String?
    /// The first few stale or rejected items, for a person: "SKU field: message".
    public var problems: [String] = []

    public init(store: StoreID) { self.store = store }

    /// Whether everything planned for the store is settled (applied, stale or rejected).
    public var isSettled: Bool { unknown == 0 && notSent == 0 && error == nil }
}

/// Applies plans with a crash-safe journal: every change is journaled before anything is sent,
/// marked sent just before its request leaves, and confirmed (with its base) when the store
/// answers. Write calls an adapter takes together (``AdapterLimits/listingsPerApply``) are marked
/// sent together, just before the first of their requests. A run killed at any point is finished
/// by ``resume(runID:work:)``: queued changes are sent, and changes whose outcome is unknown are
/// looked up in a fresh read of the store first, so that each change is applied exactly once and
/// nothing Concord did not see is overwritten.
public struct PlanExecutor: Sendable {
    public let catalog: any CatalogRecords & SyncStateStore & RunLog
    /// Stores written at once (each store's own writes stay in order).
    public var maxConcurrentStores: Int
    /// Called after each write call with the store and a line to show (progress on long runs).
    public var progress: (@Sendable (StoreID, String) -> Void)?
    /// Checked before every write call (or calls one apply takes together): once requested, the
    /// call in flight finishes and is journaled, and the changes not yet sent stay queued (the run
    /// is resumable).
    public var stop: StopSignal?
    /// Asked before every write call with the store: a reason means this agent may no longer
    /// write it (its lease went to another agent, see ``LeaseKeeper``), so the store stops there
    /// and what is not sent stays queued in the journal for the store's next holder.
    public var writeRefusal: (@Sendable (StoreID) async -> String?)?
    /// A journal older than this is not sent on resume: its queued changes are planned again
    /// from a fresh read (prices and stock may both have moved since). Default one hour.
    public var maxJournalAge: Duration = .seconds(3_600)

    public init(
        catalog: any CatalogRecords & SyncStateStore & RunLog, maxConcurrentStores: Int = 2,
        progress: (@Sendable (StoreID, String) -> Void)? = nil,
        stop: StopSignal? = nil
    ) {
        self.catalog = catalog
        self.maxConcurrentStores = max(1, maxConcurrentStores)
        self.progress = progress
        self.stop = stop
    }

    /// Journals every store's changes in the platform's batches, then writes them.
    public func apply(_ work: [StoreWork], runID: Int64) async throws -> [StoreApplyReport] {
        var plans: [(StoreWork, [[Change]])] = []
        var allBatches: [[Change]] = []
        for item in work {
            let batches = Planner.batch(item.changes, limits: SyncPlanner.limits(for: item.adapter)).map(\.changes)
            plans.append((item, batches))
            allBatches += batches
        }
        try await catalog.journalPlan(allBatches, firstBatch: 0, runID: runID)
        var next = 0
        var numbered: [(StoreWork, [(Int, [Change])])] = []
        for (item, batches) in plans {
            numbered.append(
                (
                    item,
                    batches.map { batch in
                        defer { next += 1 }
                        return (next, batch)
                    }
                ))
        }
        let firstFreeBatch = next
        return await forEachStore(numbered) { item, batches, index in
            await self.run(item, batches: batches, runID: runID, spareBatch: firstFreeBatch + index * 1_000_000)
        }
    }

    /// Finishes an interrupted run from its journal.
    ///
    /// For each store with open entries: changes that were sent without a recorded answer are
    /// checked against a full read of the store — already holding the new value → applied (not
    /// sent again); still holding the planned precondition → sent again; anything else → stale.
    /// Queued changes are then sent in their original batches.
    ///
    /// - Parameter only: The stores to finish, when not all: an agent of several finishes only
    ///   the stores whose lease it holds, and leaves the rest to their holders.
    public func resume(runID: Int64, work: [StoreWork], only: Set<StoreID>? = nil) async throws -> [StoreApplyReport] {
        let entries = try await catalog.journalEntries(runID: runID)
        let run = try await catalog.run(id: runID)
        let revision = try await catalog.catalogRevision()
        // Planned against another catalog, or too long ago: everything is planned again.
        let tooOld =
            (run.map { Date().timeIntervalSince($0.startedAt) > maxJournalAge.seconds } ?? false)
            || (run?.catalogRevision.map { $0 != revision } ?? false)
        let adapters = Dictionary(work.map { ($0.adapter.store, $0) }, uniquingKeysWith: { first, _ in first })
        let open = entries.filter { $0.state.isOpen && (only?.contains($0.change.store) ?? true) }
        let stores = Array(Set(open.map(\.change.store))).sorted()
        var numbered: [(StoreWork, [(Int, [Change])])] = []
        var missing: [StoreApplyReport] = []
        for store in stores {
            guard let item = adapters[store] else {
                var report = StoreApplyReport(store: store)
                report.notSent = open.filter { $0.change.store == store }.count
                report.error = "store \(store) is in the interrupted run but not in the configuration; add it back to resume"
                missing.append(report)
                continue
            }
            numbered.append((item, []))
        }
        let maxBatch = entries.map(\.batch).max() ?? 0
        let reports = await forEachStore(numbered) { item, _, index in
            let store = item.adapter.store
            var report = StoreApplyReport(store: store)
            let started = ContinuousClock.now
            let storeOpen = open.filter { $0.change.store == store }
            var toSend: [JournalEntry] = storeOpen.filter { $0.state == .queued }
            let uncertain = storeOpen.filter { $0.state == .pending || $0.state == .unknown }
            if !uncertain.isEmpty {
                do {
                    self.progress?(store, "re-reading the store for \(uncertain.count) change(s) sent before the interruption")
                    let snapshot = try await item.adapter.fetchCatalog(since: nil)
                    let (resend, outcomes) = Self.settle(uncertain, against: snapshot)
                    try await self.catalog.recordOutcomes(outcomes, runID: runID, at: Date())
                    report.confirmedOnResume = outcomes.filter { $0.status == .applied }.count
                    report.stale += outcomes.filter { $0.status == .stale }.count
                    toSend += resend
                } catch {
                    report.stop(because: error)
                    report.unknown = uncertain.count
                    report.notSent = toSend.count
                    report.seconds = (ContinuousClock.now - started).seconds
                    return report
                }
            }
            // A queued stock quantity was computed from the stock of its day: every sale since
            // makes it wrong, so it is planned again from a fresh read (with the committed units
            // of now) instead of being sent; so is everything in a journal older than
            // `maxJournalAge`. The queued entries are settled as stale first.
            let replanned = toSend.filter { entry in
                if tooOld { return true }
                if case .stock = entry.change.field { return true }
                return false
            }
            if !replanned.isEmpty, item.replan != nil {
                let outcomes = replanned.map {
                    ChangeOutcome(
                        changeID: $0.change.id, status: .stale,
                        message: tooOld
                            ? "the journal is older than \(Int(self.maxJournalAge.seconds)) s or the catalog changed since: planned again"
                            : "queued stock is planned again from a fresh read")
                }
                do {
                    try await self.catalog.recordOutcomes(outcomes, runID: runID, at: Date())
                } catch {
                    report.stop(because: error)
                    return report
                }
                let ids = Set(replanned.map(\.change.id))
                toSend.removeAll { ids.contains($0.change.id) }
            }
            let grouped = Dictionary(grouping: toSend, by: \.batch)
            let batches = grouped.keys.sorted().map { ($0, grouped[$0]!.map(\.change)) }
            var sent = await self.write(
                item, batches: batches, runID: runID, spareBatch: maxBatch + 1 + index * 1_000_000,
                replanning: item.replan == nil ? [] : replanned.map(\.change))
            sent.seconds = (ContinuousClock.now - started).seconds
            sent.confirmedOnResume += report.confirmedOnResume
            sent.stale += report.stale
            sent.seconds = (ContinuousClock.now - started).seconds
            return sent
        }
        return reports + missing
    }

    /// Settles changes whose outcome is unknown from what the store holds now.
    static func settle(_ entries: [JournalEntry], against snapshot: StoreSnapshot) -> (resend: [JournalEntry], outcomes: [ChangeOutcome]) {
        let listings = Dictionary(snapshot.listings.map { ($0.ref.variantID, $0) }, uniquingKeysWith: { first, _ in first })
        var resend: [JournalEntry] = []
        var outcomes: [ChangeOutcome] = []
        for entry in entries {
            let change = entry.change
            guard let listing = listings[change.ref.variantID], let current = StoreValue.of(change.field, in: listing) else {
                outcomes.append(
                    ChangeOutcome(
                        changeID: change.id, status: .stale, observed: FieldValue.none, message: "the listing is gone from the store"))
                continue
            }
            // Compared as the reconciler compares (an image re-hosted by the store under its own
            // URL is the image that was sent; a weight may come back in the store's unit).
            if current.matches(change.new) {
                outcomes.append(
                    ChangeOutcome(
                        changeID: change.id, status: .applied, observed: current,
                        message: "applied before the interruption (confirmed by re-reading the store)"))
            } else if change.expected.map(current.matches) ?? true {
                resend.append(entry)
            } else {
                outcomes.append(
                    ChangeOutcome(
                        changeID: change.id, status: .stale, observed: current,
                        message: "changed since planned: the store has \(current), the plan expected \(change.expected!)"))
            }
        }
        return (resend, outcomes)
    }

    /// Runs `body` for each store, at most ``maxConcurrentStores`` at once, keeping input order.
    func forEachStore(
        _ items: [(StoreWork, [(Int, [Change])])],
        _ body: @escaping @Sendable (StoreWork, [(Int, [Change])], Int) async -> StoreApplyReport
    ) async -> [StoreApplyReport] {
        var results = [StoreApplyReport?](repeating: nil, count: items.count)
        await withTaskGroup(of: (Int, StoreApplyReport).self) { group in
            var started = 0
            func startNext() {
                guard started < items.count else { return }
                let index = started
                let (item, batches) = items[index]
                started += 1
                group.addTask { (index, await body(item, batches, index)) }
            }
            for _ in 0..<maxConcurrentStores { startNext() }
            for await (index, report) in group {
                results[index] = report
                startNext()
            }
        }
        return results.compactMap { $0 }
    }

    /// Writes one store's batches in order; a store that fails stops (its later batches stay
    /// queued), the other stores carry on. Stale changes are re-planned once when the store can.
    func run(_ item: StoreWork, batches: [(Int, [Change])], runID: Int64, spareBatch: Int) async -> StoreApplyReport {
        let started = ContinuousClock.now
        var report = await write(item, batches: batches, runID: runID, spareBatch: spareBatch)
        report.seconds = (ContinuousClock.now - started).seconds
        return report
    }

    func write(
        _ item: StoreWork, batches: [(Int, [Change])], runID: Int64, spareBatch: Int, replanning: [Change] = []
    ) async -> StoreApplyReport {
        let store = item.adapter.store
        var report = StoreApplyReport(store: store)
        var staleChanges: [Change] = replanning
        let perApply = item.adapter.limits.listingsPerApply
        var remaining = Self.joined(batches.map(\.1), listings: perApply)[...]
        while let (changes, calls) = remaining.popFirst() {
            if let stop, stop.isRequested {
                // Stop between calls: what is left stays queued in the journal for --resume.
                report.notSent += changes.count + remaining.reduce(0) { $0 + $1.changes.count }
                report.stoppedBy = stop.reason ?? "a stop request"
                report.stale += staleChanges.count
                return report
            }
            if let refusal = await writeRefusal?(store) {
                report.error = refusal
                report.notSent += changes.count + remaining.reduce(0) { $0 + $1.changes.count }
                report.stale += staleChanges.count
                return report
            }
            do {
                let stale = try await send(changes, calls: calls, store: store, adapter: item.adapter, runID: runID, into: &report)
                staleChanges += stale
            } catch {
                report.stop(because: error)
                report.notSent += remaining.reduce(0) { $0 + $1.changes.count }
                return report
            }
        }
        guard !staleChanges.isEmpty, let replan = item.replan, !(stop?.isRequested ?? false) else {
            report.stale += staleChanges.count
            return report
        }
        // One re-plan round from a fresh read: the store moved, so the store's new value becomes
        // the precondition (and a sale since the plan is counted before the new quantity).
        let staleKeys = Set(staleChanges.map { BaseKey(sku: $0.sku, field: $0.field) })
        do {
            progress?(store, "re-planning \(staleChanges.count) change(s) the store moved since the plan")
            let fresh = try await replan(Set(staleChanges.map(\.sku))).filter { staleKeys.contains(BaseKey(sku: $0.sku, field: $0.field)) }
            let settled = Set(fresh.map { BaseKey(sku: $0.sku, field: $0.field) })
            report.stale += staleChanges.filter { !settled.contains(BaseKey(sku: $0.sku, field: $0.field)) }.count
            let batches = Planner.batch(fresh, limits: SyncPlanner.limits(for: item.adapter)).map(\.changes)
            try await catalog.journalPlan(batches, firstBatch: spareBatch, runID: runID)
            report.replanned = fresh.count
            let joined = Self.joined(batches, listings: perApply)
            for (offset, group) in joined.enumerated() {
                if let stop, stop.isRequested {
                    report.notSent += joined[offset...].reduce(0) { $0 + $1.changes.count }
                    report.stoppedBy = stop.reason ?? "a stop request"
                    break
                }
                if let refusal = await writeRefusal?(store) {
                    report.error = refusal
                    report.notSent += joined[offset...].reduce(0) { $0 + $1.changes.count }
                    break
                }
                let stillStale = try await send(
                    group.changes, calls: group.calls, store: store, adapter: item.adapter, runID: runID, into: &report)
                report.stale += stillStale.count
            }
        } catch {
            report.error = "re-planning stale changes failed: \(error)"
            report.stale += staleChanges.count - report.replanned
        }
        return report
    }

    /// Write calls joined, in order, into one `apply` each while their listings number at most
    /// `listings` (``AdapterLimits/listingsPerApply``); a call is never split, and one larger than
    /// that goes alone.
    static func joined(_ batches: [[Change]], listings limit: Int) -> [(changes: [Change], calls: Int)] {
        var groups: [(changes: [Change], calls: Int)] = []
        var listingsInLast = 0
        for changes in batches {
            let listings = Set(changes.map(\.ref.variantID)).count
            if let last = groups.indices.last, listingsInLast + listings <= limit {
                groups[last].changes += changes
                groups[last].calls += 1
                listingsInLast += listings
            } else {
                groups.append((changes, 1))
                listingsInLast = listings
            }
        }
        return groups
    }

    /// Sends `calls` write calls in one `apply`: marks their changes sent, writes, records each
    /// outcome (and the base of each applied change). Returns the stale changes. Throws when the
    /// apply failed as a whole, after recording its changes as unknown.
    func send(
        _ changes: [Change], calls: Int = 1, store: StoreID, adapter: any StorefrontAdapter, runID: Int64,
        into report: inout StoreApplyReport
    ) async throws -> [Change] {
        guard !changes.isEmpty else { return [] }
        try await catalog.markSent(changes.map(\.id), runID: runID, at: Date())
        report.writeCalls += calls
        let outcomes: [ChangeOutcome]
        do {
            outcomes = try await adapter.apply(changes, context: ApplyContext(runID: runID))
        } catch {
            let message = "the write call failed, outcome unknown (\(error)); `concord apply --resume` re-reads the store before retrying"
            try? await catalog.recordOutcomes(
                changes.map { ChangeOutcome(changeID: $0.id, status: .unknown, message: message) }, runID: runID, at: Date())
            report.unknown += changes.count
            throw error
        }
        var byID = Dictionary(outcomes.map { ($0.changeID, $0) }, uniquingKeysWith: { _, last in last })
        var complete: [ChangeOutcome] = []
        var stale: [Change] = []
        for change in changes {
            let outcome =
                byID.removeValue(forKey: change.id)
                ?? ChangeOutcome(changeID: change.id, status: .unknown, message: "the store's answer did not mention this change")
            complete.append(outcome)
            switch outcome.status {
            case .applied: report.applied += 1
            case .stale: stale.append(change)
            case .rejected:
                report.rejected += 1
                if report.problems.count < 20 { report.problems.append("\(change.sku) \(change.field): \(outcome.message ?? "rejected")") }
            case .unknown: report.unknown += 1
            }
            if outcome.status == .stale, report.problems.count < 20 {
                report.problems.append("\(change.sku) \(change.field): \(outcome.message ?? "changed since planned")")
            }
        }
        try await catalog.recordOutcomes(complete, runID: runID, at: Date())
        progress?(store, "write call \(report.writeCalls): \(report.applied) applied so far")
        return stale
    }
}

/// The value a listing holds for a change's field, as the planner compared it.
enum StoreValue {
    static func of(_ field: Change.Field, in listing: Listing) -> FieldValue? {
        switch field {
        case .stock(let location):
            guard let level = listing.stock.first(where: { $0.location == location }) else { return nil }
            return .quantity(level.available)
        default:
            return Reconciler.storeValue(ManagedField(field), of: listing)
        }
    }
}
