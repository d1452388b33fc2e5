import CatalogModel
import CatalogStorage
import Foundation

/// A piece of a screen line with one style; styles become ANSI codes only when colours are on.
struct Segment {
    enum Style: String {
        case plain = ""
        case bold = "1"
        case dim = "2"
        case reverse = "7"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
        /// Words a store's text no longer has (red, struck through): a word diff with colours.
        case removedWords = "9;31"
        /// Words a store's text added (green, underlined): a word diff with colours.
        case addedWords = "4;32"
    }

    var text: String
    var style: Style = .plain

    /// Every segment's text is shown with its control characters as escapes: a title a store
    /// holds (`ESC]0;…`, `ESC[2J`) cannot retitle or clear the terminal, and widths stay right.
    init(_ text: String, _ style: Style = .plain) {
        self.text = VisibleText.escaped(text)
        self.style = style
    }
}

extension ReviewScreen {
    /// The whole screen, exactly ``height`` lines of at most ``width`` columns each (not counting
    /// colour codes).
    public func lines() -> [String] {
        let width = max(20, self.width)
        let height = max(6, self.height)
        var rows: [[Segment]] = []
        rows.append(titleLine(width: width))
        var bottom = [statusLine(width: width), keyLine(width: width)]
        let statusText = bottom[0].map(\.text).joined()
        if message != nil, statusText.count > width {
            // A refusal or an outcome that does not fit takes the key line, and a pane row or two
            // if it must: what just happened matters more than the key hints, which come back
            // with the next key.
            let wrapped = Self.wrap(statusText, width: width - 1).prefix(max(2, height - 6))
            bottom = wrapped.map { [Segment(" " + $0, .yellow)] }
            if bottom.count < 2 { bottom.append([]) }
        }
        let paneRows = height - 1 - bottom.count
        if mode == .help {
            let help = Self.helpLines
            for index in 0..<paneRows { rows.append([Segment(index < help.count ? help[index] : "")]) }
        } else if width < Self.twoPaneWidth {
            // Too narrow for the queue beside the item: the item alone, its place in the status line.
            let detail = detailLines(width: width, rows: paneRows)
            for index in 0..<paneRows { rows.append(detail[index]) }
        } else {
            let leftWidth = queueWidth(screenWidth: width)
            let rightWidth = width - leftWidth - 1
            let left = queueLines(width: leftWidth, rows: paneRows)
            let right = detailLines(width: rightWidth, rows: paneRows)
            for index in 0..<paneRows {
                var row = Self.fit(left[index], width: leftWidth)
                row.append(Segment("│", .dim))
                row += Self.fit(right[index], width: rightWidth)
                rows.append(row)
            }
        }
        rows += bottom
        return rows.map { render(Self.fit($0, width: width, pad: false)) }
    }

    /// Below this many columns the queue pane is left out and the selected item takes the screen.
    static let twoPaneWidth = 60

    /// The queue pane's width: what its longest row needs (field, store, kind and age), between
    /// 45 % of the screen and the narrowest that still reads, so store names are cut only when the
    /// screen has no room for them.
    func queueWidth(screenWidth width: Int) -> Int {
        let visible = visibleItems
        let field = visible.map { Self.readableIDs($0.fieldLabel).count }.max() ?? 7
        let store = visible.map(\.store.rawValue.count).max() ?? 8
        let needed = 3 + (field + 1) + (store + 1) + 9 + 3
        return min(max(needed, 34), max(22, width * 45 / 100))
    }

    /// Shopify's ids (`gid://shopify/ProductVariant/4711`) shortened to their number, as the
    /// platform's admin shows them; the full ids stay in `concord review list --json`.
    static func readableIDs(_ text: String) -> String {
        guard text.contains("gid://") else { return text }
        return text.replacing(#/gid://shopify/[A-Za-z]+/(\d+)/#) { String($0.output.1) }
    }

    /// The screen without colour codes, for tests and logs.
    public func plainText() -> String {
        var copy = self
        copy.colors = false
        return copy.lines().joined(separator: "\n")
    }

    func render(_ segments: [Segment]) -> String {
        segments.map { segment in
            colors && segment.style != .plain && !segment.text.isEmpty
                ? "\u{1B}[\(segment.style.rawValue)m\(segment.text)\u{1B}[0m" : segment.text
        }.joined()
    }

    /// Cuts or pads segments to exactly `width` columns (one column per character).
    static func fit(_ segments: [Segment], width: Int, pad: Bool = true) -> [Segment] {
        var result: [Segment] = []
        var used = 0
        for segment in segments where used < width {
            let room = width - used
            if segment.text.count <= room {
                result.append(segment)
                used += segment.text.count
            } else {
                result.append(Segment(String(segment.text.prefix(max(0, room - 1))) + "…", segment.style))
                used = width
            }
        }
        if pad, used < width { result.append(Segment(String(repeating: " ", count: width - used))) }
        return result
    }

    // MARK: Parts

    func titleLine(width: Int) -> [Segment] {
        let stores = Set(items.map(\.store)).count
        let left = " concord review · \(items.count) item\(items.count == 1 ? "" : "s") in \(stores) store\(stores == 1 ? "" : "s")"
        let right = "? help "
        let gap = max(1, width - left.count - right.count)
        return [Segment(left + String(repeating: " ", count: gap) + right, .reverse)]
    }

    func queueLines(width: Int, rows: Int) -> [[Segment]] {
        let visible = visibleItems
        var lines: [[Segment]] = []
        var selectedLine = 0
        var index = 0
        // ">• field store kind age": the kind and age keep their place, field and store share the rest.
        let middle = max(8, width - 3 - 13)
        let fieldNeeds = (visible.map { Self.readableIDs($0.fieldLabel).count }.max() ?? 0) + 1
        let fieldWidth = max(min(fieldNeeds, middle / 2), middle - (visible.map(\.store.rawValue.count).max() ?? 0) - 1)
        let storeWidth = middle - fieldWidth
        while index < visible.count {
            let sku = visible[index].sku
            var end = index
            while end < visible.count, visible[end].sku == sku { end += 1 }
            let group = visible[index..<end]
            let open = group.filter { !$0.isAnswered }.count
            lines.append([
                Segment(" \(sku.rawValue)", .bold), Segment("  \(group.count) item\(group.count == 1 ? "" : "s"), \(open) open", .dim),
            ])
            for item in group {
                let isSelected = item.id == selectedID
                if isSelected { selectedLine = lines.count }
                let mark =
                    switch item.state {
                    case .open: "•"
                    case .decided: "✓"
                    case .deferred: "…"
                    }
                let age = ReviewItem.age(of: item.detectedAt, now: now)
                let text =
                    "\(isSelected ? ">" : " ")\(mark) \(Self.pad(Self.readableIDs(item.fieldLabel), fieldWidth))\(Self.pad(item.store.rawValue, storeWidth)) \(Self.pad(Self.kindLabel(item.kind), 9))\(String(repeating: " ", count: max(0, 3 - age.count)))\(age)"
                lines.append([Segment(text, isSelected ? .reverse : (item.state == .open ? .plain : .dim))])
            }
            index = end
        }
        if visible.isEmpty {
            lines.append([
                Segment(
                    filter.isEmpty ? " The queue is empty: nothing needs a person." : " Nothing matches the filter \"\(filter)\".", .dim)
            ])
        }
        let start = lines.count <= rows ? 0 : max(0, min(selectedLine - rows / 2, lines.count - rows))
        var shown = Array(lines.dropFirst(start).prefix(rows))
        while shown.count < rows { shown.append([]) }
        return shown
    }

    func detailLines(width: Int, rows: Int) -> [[Segment]] {
        var lines: [[Segment]] = []
        guard let item = selectedItem else {
            return [[Segment(" Select an item with ↑/↓.", .dim)]] + Array(repeating: [], count: rows - 1)
        }
        lines.append([Segment(" \(item.sku.rawValue)", .bold), Segment("  \(Self.readableIDs(item.fieldLabel))", .cyan)])
        let run = item.detectedRunID.map { " by run \($0)" } ?? ""
        lines += Self.wrapped("\(item.store) · \(item.kind) · found \(ReviewItem.ago(item.detectedAt, now: now))\(run)", .dim, width: width)
        lines.append([Segment(" \(item.code)", .dim)])
        lines.append([])
        // A listing error about the whole listing has no field values: no row of dashes for it.
        let hasValues = item.base != nil || item.canonical != nil || item.storeValue != nil
        if item.kind.isFieldDifference || (item.field != nil && hasValues) || (item.kind == .listingError && hasValues) {
            lines += valueLines(item, width: width)
        }
        if !item.kind.isFieldDifference { lines += listingLines(item, width: width) }
        var history: [String] = []
        if let synced = item.baseRecordedAt {
            history.append("synced \(ReviewItem.ago(synced, now: now))" + (item.baseRunID.map { " (run \($0))" } ?? ""))
        } else if item.base == nil, item.kind.isFieldDifference {
            history.append("never synced")
        }
        if let changed = item.catalogChangedAt { history.append("catalog changed \(ReviewItem.ago(changed, now: now))") }
        if !history.isEmpty { lines += Self.wrapped(history.joined(separator: "; "), .dim, width: width) }
        lines.append([])
        if item.state == .decided || item.state == .deferred {
            let name = item.choice.map(ReviewItem.choiceName) ?? item.state.rawValue
            let when = item.decidedAt.map { ", \(ReviewItem.ago($0, now: now))" } ?? ""
            lines.append([Segment(" \(item.state == .decided ? "✓ decided" : "… deferred"): \(name)\(when)", .green)])
            lines += Self.wrapped("u undoes the last decision; r remembers it as a rule", .dim, width: width)
        } else {
            for (key, choice) in Self.keys(for: item.kind) {
                if let refusal = item.refusal(of: choice) {
                    lines += Self.wrapped("not possible: \(Self.readableIDs(refusal))", .dim, width: width, key: (key, .dim))
                } else {
                    lines += Self.wrapped(Self.readableIDs(item.effect(of: choice)), .plain, width: width, key: (key, .bold))
                }
            }
        }
        lines.append([])
        lines += Self.wrapped(Self.readableIDs(item.explanation), .dim, width: width)
        var shown = Array(lines.prefix(rows))
        while shown.count < rows { shown.append([]) }
        return shown
    }

    /// The keys that can settle a kind of item, in the order the detail pane lists them.
    static func keys(for kind: ReviewItem.Kind) -> [(String, ReviewDecision.Choice)] {
        switch kind {
        case .conflict, .storeEdit, .firstSync: [("c", .canonical), ("s", .store), ("e", .value), ("d", .deferred)]
        case .ambiguousMatch: [("m", .match), ("c", .canonical), ("d", .deferred)]
        case .orphan: [("i", .ignore), ("p", .adopt), ("d", .deferred)]
        case .missingListing: [("i", .ignore), ("d", .deferred)]
        case .listingError: [("c", .canonical), ("i", .ignore), ("d", .deferred)]
        }
    }

    /// What an item about a whole listing is about: the listings to choose between (numbered for
    /// `m`), the orphan and what adopting it writes, or why a missing listing is not created.
    func listingLines(_ item: ReviewItem, width: Int) -> [[Segment]] {
        var lines: [[Segment]] = []
        let candidates = item.detail?.candidates ?? []
        switch item.kind {
        case .ambiguousMatch:
            lines.append([Segment(" \(candidates.count == 1 ? "the listing" : "\(candidates.count) listings") in \(item.store):", .dim)])
            for (index, candidate) in candidates.enumerated() {
                let number = candidates.count > 1 ? "\(index + 1) " : "  "
                lines += Self.wrapped(
                    Self.readableIDs(candidate.summary), .plain, width: width, key: (number, mode == .pickListing ? .bold : .plain))
            }
        case .orphan:
            lines += Self.wrapped("store SKU \"\(item.detail?.storeSKU ?? item.sku.rawValue)\" is not in the catalog", .dim, width: width)
            for candidate in candidates {
                lines += Self.wrapped(Self.readableIDs(candidate.summary), .plain, width: width, key: ("", .plain))
            }
            if let adoption = item.detail?.adoption {
                lines += Self.wrapped("adopting adds it to product \(adoption.handle), \(adoption.variant.price)", .dim, width: width)
            }
        case .missingListing:
            for line in Self.wrap(
                "No listing in \(item.store). Concord does not create listings: create it in the store's admin (the next plan matches it by SKU), or press i if \(item.sku) is not sold there.",
                width: width - 2)
            {
                lines.append([Segment(" " + line, .dim)])
            }
        case .listingError:
            for candidate in candidates { lines += Self.wrapped("listing " + Self.readableIDs(candidate.summary), .dim, width: width) }
        case .conflict, .storeEdit, .firstSync:
            break
        }
        return lines
    }

    /// Base, catalog and store values: in three columns when they are short, one per row with a
    /// word diff when they are long text.
    func valueLines(_ item: ReviewItem, width: Int) -> [[Segment]] {
        let values: [(String, FieldValue?)] = [("base", item.base), ("catalog", item.canonical), ("store", item.storeValue)]
        let texts = values.map { ($0.0, $0.1.map(\.description) ?? "—") }
        let column = (width - 1) / 3
        if column >= 10, texts.allSatisfy({ $0.1.count < column }) {
            return [
                [Segment(" " + texts.map { Self.pad($0.0, column) }.joined(), .dim)],
                [Segment(" " + Self.pad(texts[0].1, column)), Segment(Self.pad(texts[1].1, column), .green), Segment(texts[2].1, .yellow)],
            ]
        }
        var lines = texts.map { label, text in
            [Segment(" \(Self.pad(label, 8))", .dim), Segment(text.replacingOccurrences(of: "\n", with: " "))]
        }
        if case .text(let catalog)? = item.canonical, case .text(let store)? = item.storeValue, let parts = WordDiff.diff(catalog, store) {
            lines.append([Segment(" catalog → store, word by word:", .dim)])
            lines += Self.wrapDiff(parts, width: width - 2, colors: colors).prefix(4).map { [Segment(" ")] + $0 }
        }
        return lines
    }

    func statusLine(width: Int) -> [Segment] {
        switch mode {
        case .filter:
            return [Segment(" /\(filter)▏", .bold), Segment("  Enter keeps the filter, Esc clears it", .dim)]
        case .edit(let text, _):
            guard let item = selectedItem else { return [] }
            let currency = (item.canonical?.currency ?? item.storeValue?.currency).map { " (\($0.code))" } ?? ""
            return [Segment(" New \(item.fieldLabel) for \(item.sku)\(currency): ", .bold), Segment(text + "▏")]
        case .pickListing:
            guard let item = selectedItem else { return [] }
            var parts = [Segment(" Which listing is \(item.sku)'s in \(item.store)? 1-\(item.detail?.candidates.count ?? 0)", .bold)]
            if let message { parts.append(Segment(" · \(message)", .yellow)) }
            return parts
        case .applyAll(let choice):
            guard let item = selectedItem else { return [] }
            let count = itemsLike(item).count
            guard let choice else {
                return [Segment(" Apply to all \(count) undecided \(item.fieldKind) \(item.kind) items in \(item.store):", .bold)]
            }
            return [
                Segment(
                    " \(ReviewItem.choiceName(choice).capitalizedFirst) for \(count) \(item.fieldKind) items in \(item.store)? y/n", .bold)
            ]
        case .browse, .help:
            var parts = [Segment(" \(progress)", .bold)]
            if width < Self.twoPaneWidth, let index = visibleItems.firstIndex(where: { $0.id == selectedID }) {
                parts.append(Segment(" · item \(index + 1) of \(visibleItems.count)", .dim))
            }
            if !filter.isEmpty { parts.append(Segment(" · filter: \(filter)", .cyan)) }
            if let message { parts.append(Segment(" · \(message)", .yellow)) }
            return parts
        }
    }

    func keyLine(width: Int) -> [Segment] {
        switch mode {
        case .edit(_, let error):
            if let error { return [Segment(" \(error)", .red)] }
            return [Segment(" Enter saves · Esc cancels · Ctrl-U clears", .dim)]
        case .applyAll(let choice):
            if choice == nil { return [Segment(" c keep canonical · s take the store's · i ignore · d defer · Esc cancel", .dim)] }
            return [Segment(" y applies · n or Esc cancels (Enter does nothing)", .dim)]
        case .help:
            return [Segment(" any key returns to the queue", .dim)]
        case .pickListing:
            return [Segment(" a number chooses the listing · Esc cancels", .dim)]
        case .browse, .filter:
            return Self.fitHints(browseHints(), width: width)
        }
    }

    /// The keys that do something for the selected item, most useful first: its choices (only
    /// those it can take), then moving, undo, filter; help and quit always end the line.
    func browseHints() -> [String] {
        var hints: [String] = []
        if let item = selectedItem {
            if item.state == .decided {
                if let choice = item.choice, [.canonical, .store, .ignore, .deferred].contains(choice) { hints.append("r rule") }
            } else {
                for (key, choice) in Self.keys(for: item.kind) where item.refusal(of: choice) == nil {
                    hints.append("\(key) \(Self.hintName(choice))")
                }
                if !itemsLike(item).isEmpty, itemsLike(item).count > 1 { hints.append("a all like it") }
            }
        }
        hints.append("j/k move")
        if items.contains(where: { $0.state != .open }) { hints.append("u undo") }
        hints.append("/ filter")
        return hints
    }

    static func hintName(_ choice: ReviewDecision.Choice) -> String {
        switch choice {
        case .canonical: "keep"
        case .store: "take store's"
        case .value: "edit"
        case .deferred: "defer"
        case .match: "match"
        case .ignore: "ignore"
        case .adopt: "adopt"
        }
    }

    /// As many hints as fit in `width`, in order, always ending with help and quit.
    static func fitHints(_ hints: [String], width: Int) -> [Segment] {
        let tail = "? help · q quit"
        var line = ""
        for hint in hints {
            let candidate = line.isEmpty ? hint : line + " · " + hint
            if 1 + candidate.count + 3 + tail.count > width { break }
            line = candidate
        }
        return [Segment(" " + (line.isEmpty ? tail : line + " · " + tail), .dim)]
    }

    static let helpLines: [String] = [
        " Keys",
        "",
        "   ↑/↓ or j/k   move through the queue (PgUp/PgDn, g/G to the ends)",
        "   c            keep canonical: the next plan pushes the catalog's value",
        "   s            take the store's value into the catalog",
        "   e            type a value for the catalog (checked: money, whole units)",
        "   d            defer: decide later; the next plan asks again",
        "   m            ambiguous match: make one listing the SKU's (1-9 picks)",
        "   i            ignore an orphan listing, mark a missing listing not sold",
        "                here, or acknowledge a listing error for its SKU and rule",
        "   p            adopt an orphan listing into the catalog (as catalog pull)",
        "   a            apply one choice to every undecided item like this one",
        "                (same store, field and kind), after a y/n confirmation",
        "   r            remember this item's decision as a rule for later plans",
        "   u            undo the last decision (catalog and base restored)",
        "   /            filter by SKU, store, field or kind; Esc clears",
        "   q            quit; every decision is already saved",
        "",
        " A decision is written at once. It moves the last synced value (and the",
        " catalog for s and e), so the next concord plan turns it into a push that",
        " still checks the store's value first: an edit nobody saw is never lost.",
    ]

    // MARK: Text

    static func kindLabel(_ kind: ReviewItem.Kind) -> String {
        switch kind {
        case .conflict: "conflict"
        case .storeEdit: "edited"
        case .firstSync: "first"
        case .ambiguousMatch: "match"
        case .listingError: "error"
        case .orphan: "orphan"
        case .missingListing: "missing"
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        guard text.count >= width else { return text + String(repeating: " ", count: width - text.count) }
        return width < 3 ? String(text.prefix(width)) : String(text.prefix(width - 2)) + "… "
    }

    /// Wraps words to `width` columns; a word longer than a line is cut.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        for word in text.split(whereSeparator: \.isWhitespace) {
            let word = word.count > width ? String(word.prefix(width)) : String(word)
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Wraps `text` to the pane with one leading space; with `key`, the key comes first and the
    /// following lines are indented under the text (a hanging indent), so a long choice still
    /// reads as one item.
    static func wrapped(_ text: String, _ style: Segment.Style, width: Int, key: (String, Segment.Style)? = nil) -> [[Segment]] {
        let lead = key.map { " " + $0.0 + String(repeating: " ", count: max(1, 3 - $0.0.count)) } ?? " "
        let lines = wrap(text.replacingOccurrences(of: "\n", with: " "), width: max(1, width - lead.count))
        return lines.enumerated().map { index, line in
            if index == 0, let key {
                return [Segment(lead, key.1), Segment(line, style)]
            }
            return [Segment(String(repeating: " ", count: lead.count) + line, style)]
        }
    }

    /// A word diff wrapped to `width`. With colours, removed words are red and struck through and
    /// added ones green and underlined; without, a replacement reads `[old → new]` and the rest
    /// `[+ added]` or `[− removed]`, which says the same in plain text.
    static func wrapDiff(_ parts: [WordDiff.Part], width: Int, colors: Bool) -> [[Segment]] {
        var tokens: [Segment] = []
        func words(_ text: String, _ style: Segment.Style, open: String = "", close: String = "") {
            let split = text.split(separator: " ").map(String.init)
            for (index, word) in split.enumerated() {
                tokens.append(Segment((index == 0 ? open : "") + word + (index == split.count - 1 ? close : ""), style))
            }
        }
        for run in WordDiff.runs(parts) {
            switch (run, colors) {
            case (.same(let text), _): words(text, .plain)
            case (.replaced(let old, let new), true):
                words(old, .removedWords)
                words(new, .addedWords)
            case (.replaced(let old, let new), false):
                words(old, .red, open: "[")
                tokens.append(Segment("→"))
                words(new, .green, close: "]")
            case (.removed(let text), true): words(text, .removedWords)
            case (.removed(let text), false): words(text, .red, open: "[− ", close: "]")
            case (.added(let text), true): words(text, .addedWords)
            case (.added(let text), false): words(text, .green, open: "[+ ", close: "]")
            }
        }
        var lines: [[Segment]] = []
        var current: [Segment] = []
        var used = 0
        for token in tokens {
            if used > 0, used + 1 + token.text.count > width {
                lines.append(current)
                current = []
                used = 0
            }
            if used > 0 {
                current.append(Segment(" "))
                used += 1
            }
            current.append(token)
            used += token.text.count
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
