import CatalogModel
import CatalogStorage
import Foundation

/// Carries out the screen's commands against the catalog store: each decision in its own
/// transaction at once (so quitting or a crash loses nothing), undo in reverse order, rules.
///
/// The terminal driver and the tests use the same session, so what a key does to the database is
/// tested without a terminal.
public final class ReviewSession {
    public let catalog: any ReviewStore
    /// The store whose queue is shown, or every store.
    public let store: StoreID?
    /// Decisions made in this session, one entry per key press (`a` makes several), newest last.
    public private(set) var undoStack: [[Int64]] = []
    let clock: @Sendable () -> Date

    public init(catalog: any ReviewStore, store: StoreID? = nil, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.catalog = catalog
        self.store = store
        self.clock = clock
    }

    /// The screen over the current queue.
    public func makeScreen(width: Int, height: Int, colors: Bool) async throws -> ReviewScreen {
        ReviewScreen(items: try await catalog.reviewQueue(store: store), width: width, height: height, now: clock(), colors: colors)
    }

    /// Carries out one command and updates `screen`; returns false when the session should end.
    ///
    /// A refusal from the store (a value that no longer fits, an undo something else overtook)
    /// becomes the screen's message; any other failure is thrown, and the driver restores the
    /// terminal before it reaches the user.
    public func perform(_ command: ReviewScreen.Command, on screen: inout ReviewScreen) async throws -> Bool {
        screen.now = clock()
        switch command {
        case .quit:
            return false
        case .decide(let ids, let choice, let value):
            var made: [Int64] = []
            var refusals: [String] = []
            for id in ids {
                do {
                    let decision = try await catalog.decideReviewItem(id, choice: choice, value: value, ruleID: nil, at: clock())
                    if let decisionID = decision.id { made.append(decisionID) }
                } catch let error as CatalogStoreError where error.code == .refused || error.code == .notFound {
                    refusals.append(error.message)
                }
            }
            if !made.isEmpty { undoStack.append(made) }
            try await reload(&screen)
            if let refusal = refusals.first {
                screen.message = made.isEmpty ? refusal : "\(made.count) decided, \(refusals.count) refused: \(refusal)"
            } else {
                screen.message =
                    ids.count == 1
                    ? "\(ReviewItem.choiceName(choice)): saved" : "\(ReviewItem.choiceName(choice)) for \(made.count) items: saved"
                screen.selectNextOpen()
            }
        case .undo:
            guard let last = undoStack.popLast() else {
                screen.message = "nothing to undo in this session"
                return true
            }
            do {
                var restored: ReviewItem?
                for id in last.reversed() { restored = try await catalog.undoReviewDecision(id, at: clock()) }
                screen.message =
                    last.count == 1 ? "undone: \(restored.map { "\($0.sku) \($0.fieldLabel)" } ?? "")" : "undone: \(last.count) decisions"
            } catch let error as CatalogStoreError where error.code == .refused || error.code == .notFound {
                screen.message = error.message
            }
            try await reload(&screen)
        case .remember(let itemID):
            guard let item = screen.items.first(where: { $0.id == itemID }), let choice = item.choice else { return true }
            let rule = ReviewRule(store: item.store, field: item.fieldKind, kind: item.kind, choice: choice, createdAt: clock())
            let id = try await catalog.saveReviewRule(rule)
            screen.message = "rule \(id): \(item.store) \(item.fieldKind) \(item.kind) → \(ReviewItem.choiceName(choice)) in later plans"
        }
        return true
    }

    func reload(_ screen: inout ReviewScreen) async throws {
        let message = screen.message
        screen.replaceItems(try await catalog.reviewQueue(store: store))
        screen.message = message
    }
}
