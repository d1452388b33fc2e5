import CatalogModel
import CatalogStorage
import Foundation
import Testing

@testable import ReviewTerminal

@Suite("The review screen as a value")
struct ReviewScreenTests {
    let now = ReviewFixture.detected.addingTimeInterval(2 * 86_400)

    func screen(width: Int = 80, height: Int = 24) -> ReviewScreen {
        let items = ReviewFixture.items().enumerated().map { index, item in
            var item = item
            item.id = Int64(index + 1)
            return item
        }
        return ReviewScreen(items: items, width: width, height: height, now: now)
    }

    @Test("a store value holding escape sequences is shown as text: no byte of it reaches the terminal as a control")
    func storeTextIsInert() {
        var items = ReviewFixture.items()
        for index in items.indices {
            items[index].id = Int64(index + 1)
            items[index].storeValue = .text("Tee \u{1B}]0;owned\u{07}\u{1B}[2J")
            items[index].explanation = "edited to \u{1B}[31mred\u{9B}"
        }
        var screen = ReviewScreen(items: items, width: 120, height: 40, now: now)
        screen.colors = false
        let text = screen.lines().joined(separator: "\n")
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}") && !text.contains("\u{9B}"), "\(text)")
        #expect(text.contains("\\x1B"), "\(text)")
    }

    @Test("at 80×24: every line fits, the queue is grouped by SKU, the selected item shows its values and choices")
    func layout() {
        var screen = screen()
        while screen.selectedItem?.sku.rawValue != "TEE-1" || screen.selectedItem?.field != .price { _ = screen.handle(.down) }
        let lines = screen.lines()
        #expect(lines.count == 24)
        #expect(lines.allSatisfy { $0.count <= 80 })
        let text = screen.plainText()
        #expect(text.contains("0 of 5 decided"))
        #expect(text.contains("TEE-1  2 items, 2 open"))
        #expect(text.contains("MUG-1  2 items, 2 open"))
        #expect(text.contains("push 24.00 EUR to shop"))
        #expect(text.contains("take 21.00 EUR into the catalog"))
        #expect(text.contains("20.00 EUR"))
        #expect(text.contains("conflict"))
        #expect(text.contains("2d"))
        // No colour codes unless asked for.
        #expect(!text.contains("\u{1B}["))
        var coloured = screen
        coloured.colors = true
        #expect(coloured.lines().joined().contains("\u{1B}["))
    }

    @Test("the layout holds from 40×10 to 200×60 after a resize")
    func resize() {
        for (width, height) in [(40, 10), (80, 24), (132, 43), (200, 60)] {
            var screen = screen()
            screen.width = width
            screen.height = height
            let lines = screen.lines()
            #expect(lines.count == height)
            #expect(lines.allSatisfy { $0.count <= width }, "\(width)x\(height)")
        }
    }

    @Test("j/k and arrows move; c decides the selected item; a decided item refuses another choice")
    func movingAndDeciding() {
        var screen = screen()
        #expect(screen.selectedItem?.sku.rawValue == "MUG-1")  // queue order: by SKU
        #expect(screen.handle(.character("j")) == nil)
        #expect(screen.handle(.down) == nil)
        #expect(screen.handle(.up) == nil)
        let selected = screen.selectedItem!
        #expect(screen.handle(.character("c")) == .decide(itemIDs: [selected.id!], choice: .canonical, value: nil))
        #expect(screen.handle(.character("q")) == .quit)
        #expect(screen.handle(.interrupt) == .quit)
    }

    @Test("s on a stock item is refused with the reason, and no command is issued")
    func stockRefused() {
        var screen = screen()
        while screen.selectedItem?.field != .stock(location: "loc-1") { _ = screen.handle(.down) }
        #expect(screen.handle(.character("s")) == nil)
        #expect(screen.message?.contains("stock cannot be taken") == true)
        #expect(screen.handle(.character("e")) == nil)
        #expect(screen.mode == .browse)
    }

    @Test("e validates the typed value: a comma is refused in place, a good amount decides")
    func editing() {
        var screen = screen()
        while screen.selectedItem?.sku.rawValue != "TEE-2" { _ = screen.handle(.down) }
        _ = screen.handle(.character("e"))
        for character in "19,90" { _ = screen.handle(.character(character)) }
        #expect(screen.handle(.enter) == nil)
        guard case .edit(_, let error?) = screen.mode else {
            Issue.record("expected an edit error, got \(screen.mode)")
            return
        }
        #expect(error.contains("comma"))
        #expect(screen.plainText().contains("comma"))
        _ = screen.handle(.clearLine)
        for character in "19.90" { _ = screen.handle(.character(character)) }
        let command = screen.handle(.enter)
        #expect(command == .decide(itemIDs: [screen.selectedItem!.id!], choice: .value, value: ReviewFixture.money(1990)))
    }

    @Test("a asks which choice, then y/n with no default: Enter does nothing, y decides every item like this one")
    func applyAll() {
        var screen = screen()
        while screen.selectedItem?.sku.rawValue != "TEE-1" || screen.selectedItem?.field != .price { _ = screen.handle(.down) }
        #expect(screen.handle(.character("a")) == nil)
        #expect(screen.plainText().contains("Apply to all 2 undecided price conflict items in shop"))
        #expect(screen.handle(.enter) == nil)
        #expect(screen.handle(.character("c")) == nil)
        #expect(screen.plainText().contains("Keep canonical for 2 price items in shop? y/n"))
        #expect(screen.handle(.enter) == nil)
        #expect(screen.mode == .applyAll(choice: .canonical))
        #expect(screen.handle(.character("y")) == .decide(itemIDs: [1, 2], choice: .canonical, value: nil))
        // n cancels.
        _ = screen.handle(.character("a"))
        _ = screen.handle(.character("s"))
        #expect(screen.handle(.character("n")) == nil)
        #expect(screen.mode == .browse)
    }

    @Test("/ filters by SKU, store, field or kind; Esc clears the filter")
    func filtering() {
        var screen = screen()
        _ = screen.handle(.character("/"))
        for character in "tee-2" { _ = screen.handle(.character(character)) }
        _ = screen.handle(.enter)
        #expect(screen.visibleItems.map(\.sku.rawValue) == ["TEE-2"])
        #expect(screen.selectedItem?.sku.rawValue == "TEE-2")
        #expect(screen.plainText().contains("filter: tee-2"))
        _ = screen.handle(.escape)
        #expect(screen.visibleItems.count == 5)
    }

    @Test("long text is shown as a word diff; ? shows the help and any key returns")
    func wordDiffAndHelp() {
        var screen = screen(width: 100, height: 30)
        while screen.selectedItem?.field != .description { _ = screen.handle(.down) }
        let text = screen.plainText()
        #expect(text.contains("[ceramic → stoneware]"))
        #expect(text.contains("[coffee → tea]"))
        #expect(!text.contains("{+") && !text.contains("[-"), "no git markup on the screen: \(text)")
        _ = screen.handle(.character("?"))
        #expect(screen.plainText().contains("undo the last decision"))
        _ = screen.handle(.character("x"))
        #expect(screen.mode == .browse)
    }

    @Test("r needs a decided item and refuses to remember a typed value")
    func rememberNeedsADecision() {
        var screen = screen()
        #expect(screen.handle(.character("r")) == nil)
        #expect(screen.message?.contains("decide this item first") == true)
    }

    @Test(
        "word diff: changed words grouped into replacements, additions and removals that read without colour",
        arguments: [
            ("a b c", "a x c", "a [b → x] c"),
            ("same", "same", "same"),
            ("", "new words", "[+ new words]"),
            ("Beanie", "Beanie - NEW", "Beanie [+ - NEW]"),
            ("old red mug", "mug", "[− old red] mug"),
            ("a b c d", "a x y d", "a [b c → x y] d"),
        ])
    func wordDiff(old: String, new: String, expected: String) {
        #expect(WordDiff.readable(WordDiff.diff(old, new)!) == expected)
    }
}
