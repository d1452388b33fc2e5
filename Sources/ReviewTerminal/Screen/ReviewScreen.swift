import CatalogModel
import CatalogStorage
import Foundation

/// The review screen as a value: the queue, the selection, the filter, what is being typed, and
/// the message of the last action.
///
/// Keys go in through ``handle(_:)``, which changes the screen and returns the ``Command`` (a
/// decision, an undo, quitting) for the session to carry out against the catalog store; ``lines()``
/// draws it. Nothing here touches a terminal or a database, so every key and every layout is
/// tested as plain data, and the terminal driver stays a thin edge.
public struct ReviewScreen: Sendable {
    /// What the session must do after a key.
    public enum Command: Hashable, Sendable {
        /// Decide these items with this choice (one item, or all like it after `a`).
        case decide(itemIDs: [Int64], choice: ReviewDecision.Choice, value: FieldValue?)
        case undo
        /// Remember the decision on this item as a rule.
        case remember(itemID: Int64)
        case quit
    }

    /// What the keys currently do.
    public enum Mode: Hashable, Sendable {
        case browse
        /// Typing a filter after `/`.
        case filter
        /// Typing a value after `e`; `error` is the last validation failure.
        case edit(text: String, error: String?)
        /// After `a`: choosing the choice (nil), then confirming it with `y` (no default).
        case applyAll(choice: ReviewDecision.Choice?)
        /// After `m` on a SKU several listings carry: choosing one by its number.
        case pickListing
        case help
    }

    public private(set) var items: [ReviewItem]
    public var width: Int
    public var height: Int
    public var now: Date
    public var colors: Bool
    public private(set) var filter = ""
    public private(set) var mode = Mode.browse
    /// The last action's outcome or a refusal, on the status line until the next key.
    public var message: String?
    public private(set) var selectedID: Int64?

    public init(items: [ReviewItem], width: Int = 80, height: Int = 24, now: Date = Date(), colors: Bool = false) {
        self.items = Self.sorted(items)
        self.width = width
        self.height = height
        self.now = now
        self.colors = colors
        selectedID = self.items.first(where: { $0.state == .open })?.id ?? self.items.first?.id
    }

    /// Queue order: by SKU (the groups), then store and field.
    static func sorted(_ items: [ReviewItem]) -> [ReviewItem] {
        items.sorted { lhs, rhs in
            (lhs.sku.rawValue, lhs.store.rawValue, lhs.fieldLabel) < (rhs.sku.rawValue, rhs.store.rawValue, rhs.fieldLabel)
        }
    }

    // MARK: Queue

    /// The items the filter lets through, in queue order (by SKU, then store and field).
    public var visibleItems: [ReviewItem] {
        guard !filter.isEmpty else { return items }
        let needle = filter.lowercased()
        return items.filter { item in
            [item.sku.rawValue, item.store.rawValue, item.fieldLabel, item.kind.rawValue, item.code, item.state.rawValue]
                .contains { $0.lowercased().contains(needle) }
        }
    }

    public var selectedItem: ReviewItem? {
        guard let selectedID else { return nil }
        return items.first { $0.id == selectedID }
    }

    /// "14 of 52 decided": items answered (decided or deferred) out of the whole queue.
    public var progress: String {
        "\(items.filter(\.isAnswered).count) of \(items.count) decided"
    }

    /// The open items like `item` (same store, field kind and kind), which `a` would decide.
    public func itemsLike(_ item: ReviewItem) -> [ReviewItem] {
        items.filter { $0.state != .decided && $0.store == item.store && $0.fieldKind == item.fieldKind && $0.kind == item.kind }
    }

    /// Replaces the queue after the store changed it, keeping the selection where it can.
    public mutating func replaceItems(_ newItems: [ReviewItem]) {
        items = Self.sorted(newItems)
        if selectedID == nil || !visibleItems.contains(where: { $0.id == selectedID }) {
            selectedID = visibleItems.first?.id
        }
    }

    /// Moves to the next open item after the selection (wrapping), as `git add -p` does after an
    /// answer; stays when nothing is open.
    public mutating func selectNextOpen() {
        let visible = visibleItems
        guard !visible.isEmpty else { return }
        let start = visible.firstIndex(where: { $0.id == selectedID }) ?? -1
        for offset in 1...visible.count {
            let candidate = visible[(start + offset + visible.count) % visible.count]
            if candidate.state == .open {
                selectedID = candidate.id
                return
            }
        }
    }

    mutating func move(by delta: Int) {
        let visible = visibleItems
        guard !visible.isEmpty else { return }
        let current = visible.firstIndex(where: { $0.id == selectedID }) ?? 0
        selectedID = visible[min(max(0, current + delta), visible.count - 1)].id
    }

    // MARK: Keys

    /// Handles one key; returns what the session must do, if anything.
    public mutating func handle(_ key: Key) -> Command? {
        if key == .interrupt { return .quit }
        switch mode {
        case .help:
            mode = .browse
            return nil
        case .filter:
            handleFilter(key)
            return nil
        case .edit(let text, _):
            return handleEdit(key, text: text)
        case .applyAll(let choice):
            return handleApplyAll(key, choice: choice)
        case .pickListing:
            return handlePick(key)
        case .browse:
            return handleBrowse(key)
        }
    }

    mutating func handleBrowse(_ key: Key) -> Command? {
        message = nil
        switch key {
        case .up, .character("k"): move(by: -1)
        case .down, .character("j"): move(by: 1)
        case .pageUp: move(by: -max(1, listRows - 1))
        case .pageDown: move(by: max(1, listRows - 1))
        case .home, .character("g"): move(by: -items.count)
        case .end, .character("G"): move(by: items.count)
        case .character("q"): return .quit
        case .character("?"): mode = .help
        case .character("/"): mode = .filter
        case .escape where !filter.isEmpty:
            filter = ""
            replaceItems(items)
        case .character("u"): return .undo
        case .character("c"): return decide(.canonical)
        case .character("s"): return decide(.store)
        case .character("d"): return decide(.deferred)
        case .character("i"): return decide(.ignore)
        case .character("p"): return decide(.adopt)
        case .character("m"):
            guard let item = selectedItem else { return nil }
            if let refusal = refusalForDecision(item, .match) {
                message = refusal
            } else if (item.detail?.candidates.count ?? 0) > 1 {
                mode = .pickListing
            } else {
                return decide(.match)
            }
        case .character("e"):
            guard let item = selectedItem else { return nil }
            if let refusal = refusalForDecision(item, .value) {
                message = refusal
            } else {
                mode = .edit(text: "", error: nil)
            }
        case .character("a"):
            guard let item = selectedItem else { return nil }
            if itemsLike(item).isEmpty {
                message = "no undecided \(item.fieldKind) items in \(item.store) like this one"
            } else {
                mode = .applyAll(choice: nil)
            }
        case .character("r"):
            guard let item = selectedItem, let id = item.id else { return nil }
            guard item.state != .open, let choice = item.choice else {
                message = "decide this item first (c, s or d); r then remembers that choice for \(item.store)"
                return nil
            }
            guard choice != .value else {
                message = "a typed value is not remembered as a rule; only c, s, i and d are"
                return nil
            }
            guard choice != .match, choice != .adopt else {
                message = "choosing a listing or adopting one is about that listing only; only c, s, i and d are remembered"
                return nil
            }
            return .remember(itemID: id)
        default:
            break
        }
        return nil
    }

    func refusalForDecision(_ item: ReviewItem, _ choice: ReviewDecision.Choice) -> String? {
        if item.state == .decided {
            return "already decided (\(item.choice.map(ReviewItem.choiceName) ?? "?")); u undoes the last decision"
        }
        return item.refusal(of: choice)
    }

    mutating func decide(_ choice: ReviewDecision.Choice) -> Command? {
        guard let item = selectedItem, let id = item.id else { return nil }
        if let refusal = refusalForDecision(item, choice) {
            message = refusal
            return nil
        }
        return .decide(itemIDs: [id], choice: choice, value: nil)
    }

    mutating func handleFilter(_ key: Key) {
        switch key {
        case .enter: mode = .browse
        case .escape:
            filter = ""
            mode = .browse
        case .backspace: if !filter.isEmpty { filter.removeLast() }
        case .clearLine: filter = ""
        case .character(let character): filter.append(character)
        default: break
        }
        if !visibleItems.contains(where: { $0.id == selectedID }) { selectedID = visibleItems.first?.id }
    }

    mutating func handleEdit(_ key: Key, text: String) -> Command? {
        switch key {
        case .escape:
            mode = .browse
            message = "edit cancelled"
        case .backspace:
            mode = .edit(text: String(text.dropLast()), error: nil)
        case .clearLine:
            mode = .edit(text: "", error: nil)
        case .character(let character):
            mode = .edit(text: text + String(character), error: nil)
        case .enter:
            guard let item = selectedItem, let id = item.id, let field = item.field else {
                mode = .browse
                return nil
            }
            let currency = item.canonical?.currency ?? item.storeValue?.currency
            switch ReviewValueParser.parse(text, for: field, currency: currency) {
            case .success(let value):
                mode = .browse
                return .decide(itemIDs: [id], choice: .value, value: value)
            case .failure(let error):
                mode = .edit(text: text, error: error.message)
            }
        default:
            break
        }
        return nil
    }

    mutating func handleApplyAll(_ key: Key, choice: ReviewDecision.Choice?) -> Command? {
        guard let item = selectedItem else {
            mode = .browse
            return nil
        }
        switch (key, choice) {
        case (.escape, _), (.character("n"), _), (.character("q"), _):
            mode = .browse
            message = "nothing applied"
        case (.character("c"), nil): mode = .applyAll(choice: .canonical)
        case (.character("s"), nil): mode = .applyAll(choice: .store)
        case (.character("d"), nil): mode = .applyAll(choice: .deferred)
        case (.character("i"), nil): mode = .applyAll(choice: .ignore)
        case (.character("y"), let choice?):
            mode = .browse
            let targets = itemsLike(item).filter { $0.refusal(of: choice) == nil }
            guard !targets.isEmpty else {
                message = "none of these items can take that choice: " + (item.refusal(of: choice) ?? "")
                return nil
            }
            return .decide(itemIDs: targets.compactMap(\.id), choice: choice, value: nil)
        default:
            // No default answer: Enter and any other key do nothing (as Unison's prompts).
            break
        }
        return nil
    }

    /// After `m` with several listings: a digit chooses one, Esc cancels; nothing else answers.
    mutating func handlePick(_ key: Key) -> Command? {
        guard let item = selectedItem, let id = item.id, let candidates = item.detail?.candidates else {
            mode = .browse
            return nil
        }
        switch key {
        case .escape, .character("q"), .character("n"):
            mode = .browse
            message = "no listing chosen"
        case .character(let character):
            guard let number = character.wholeNumberValue, number >= 1, number <= candidates.count else {
                message = "type a number from 1 to \(candidates.count), or Esc"
                return nil
            }
            mode = .browse
            return .decide(itemIDs: [id], choice: .match, value: .text(candidates[number - 1].ref.variantID))
        default:
            break
        }
        return nil
    }

    /// Rows of the queue pane: everything but the title, the status and the key lines.
    var listRows: Int { max(1, height - 3) }
}
