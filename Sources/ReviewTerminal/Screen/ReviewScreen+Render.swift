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
        let paneRows = height - 3
        if mode == .help {
            let help = Self.helpLines
            for index in 0..<paneRows { rows.append([Segment(index < help.count ? help[index] : "")]) }
        } else {
            let leftWidth = width >= 100 ? 44 : max(22, width * 45 / 100)
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
        rows.append(statusLine(width: width))
        rows.append(keyLine(width: width))
        return rows.map { render(Self.fit($0, width: width, pad: false)) }
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
        let storeWidth = min((visible.map(\.store.rawValue.count).max() ?? 0) + 1, middle / 2)
        let fieldWidth = middle - storeWidth
        while index < visible.count {
            let sku = visible[index].sku
            var end = index
            while end < visible.count, visible[end].sku == sku { end += 1 }
            let group = visible[index..<end]
            let open = group.filter { !$0.isAnswered }.count
            lines.append([Segment(" \(sku.rawValue)", .bold), Segment("  \(group.count) item\(group.count == 1 ? "" : "s"), \(open) open", .dim)])
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
                let text = "\(isSelected ? ">" : " ")\(mark) \(Self.pad(item.fieldLabel, fieldWidth))\(Self.pad(item.store.rawValue, storeWidth)) \(Self.pad(Self.kindLabel(item.kind), 9))\(String(repeating: " ", count: max(0, 3 - age.count)))\(age)"
                lines.append([Segment(text, isSelected ? .reverse : (item.state == .open ? .plain : .dim))])
            }
            index = end
        }
        if visible.isEmpty {
            lines.append([Segment(filter.isEmpty ? " The queue is empty: nothing needs a person." : " Nothing matches the filter \"\(filter)\".", .dim)])
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
        lines.append([Segment(" \(item.sku.rawValue)", .bold), Segment("  \(item.fieldLabel)", .cyan)])
        let run = item.detectedRunID.map { " by run \($0)" } ?? ""
        lines.append([Segment(" \(item.store) · \(item.kind) · found \(ReviewItem.ago(item.detectedAt, now: now))\(run)", .dim)])
        lines.append([Segment(" \(item.code)", .dim)])
        lines.append([])
        if item.kind.isFieldDifference || item.kind == .listingError || item.field != nil {
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
        if !history.isEmpty { lines.append([Segment(" " + history.joined(separator: "; "), .dim)]) }
        lines.append([])
        if item.state == .decided || item.state == .deferred {
            let name = item.choice.map(ReviewItem.choiceName) ?? item.state.rawValue
            let when = item.decidedAt.map { ", \(ReviewItem.ago($0, now: now))" } ?? ""
            lines.append([Segment(" \(item.state == .decided ? "✓ decided" : "… deferred"): \(name)\(when)", .green)])
            lines.append([Segment(" u undoes the last decision; r remembers it as a rule", .dim)])
        } else {
            for (key, choice) in Self.keys(for: item.kind) {
                if let refusal = item.refusal(of: choice) {
                    lines.append([Segment(" \(key)  ", .dim), Segment("not possible: \(refusal)", .dim)])
                } else {
                    lines.append([Segment(" \(key)  ", .bold), Segment(item.effect(of: choice))])
                }
            }
        }
        lines.append([])
        for line in Self.wrap(item.explanation, width: width - 2) { lines.append([Segment(" " + line, .dim)]) }
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
                lines.append([Segment(" \(number)", mode == .pickListing ? .bold : .plain), Segment(candidate.summary)])
            }
        case .orphan:
            lines.append([Segment(" store SKU \"\(item.detail?.storeSKU ?? item.sku.rawValue)\" is not in the catalog", .dim)])
            for candidate in candidates { lines.append([Segment("   " + candidate.summary)]) }
            if let adoption = item.detail?.adoption {
                lines.append([Segment(" adopting adds it to product \(adoption.handle), \(adoption.variant.price)", .dim)])
            }
        case .missingListing:
            for line in Self.wrap(
                "No listing in \(item.store). Concord does not create listings: create it in the store's admin (the next plan matches it by SKU), or press i if \(item.sku) is not sold there.",
                width: width - 2)
            {
                lines.append([Segment(" " + line, .dim)])
            }
        case .listingError:
            for candidate in candidates { lines.append([Segment(" listing " + candidate.summary, .dim)]) }
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
            lines += Self.wrapDiff(parts, width: width - 2).prefix(4).map { [Segment(" ")] + $0 }
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
            return [Segment(" \(ReviewItem.choiceName(choice).capitalizedFirst) for \(count) \(item.fieldKind) items in \(item.store)? y/n", .bold)]
        case .browse, .help:
            var parts = [Segment(" \(progress)", .bold)]
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
            if let item = selectedItem, !item.kind.isFieldDifference {
                return [Segment(" j/k move m match i ignore p adopt c keep d defer a all u undo ? help q quit", .dim)]
            }
            return [Segment(" j/k move c keep s take e edit d defer a all r rule u undo / filter ? help q quit", .dim)]
        }
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
        text.count >= width ? String(text.prefix(width - 1)) + " " : text + String(repeating: " ", count: width - text.count)
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

    static func wrapDiff(_ parts: [WordDiff.Part], width: Int) -> [[Segment]] {
        var lines: [[Segment]] = []
        var current: [Segment] = []
        var used = 0
        for part in parts {
            let segment: Segment =
                switch part {
                case .same(let word): Segment(word)
                case .removed(let word): Segment("[-\(word)-]", .red)
                case .added(let word): Segment("{+\(word)+}", .green)
                }
            if used > 0, used + 1 + segment.text.count > width {
                lines.append(current)
                current = []
                used = 0
            }
            if used > 0 {
                current.append(Segment(" "))
                used += 1
            }
            current.append(segment)
            used += segment.text.count
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
