import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `concord review` on a pseudo-terminal: keys in, screen out, decisions in the database.
@Suite("concord review on a pseudo-terminal")
struct ReviewScreenDrivingTests {
    @Test("a listing item: its own detail and keys; s is refused in the status line; m then a number chooses the listing; u undoes")
    func listingItemOnTheScreen() async throws {
        let setup = try await ReviewQueueSetup(listingItems: true)
        let terminal = try ReviewPseudoTerminal.review(setup, width: 120, height: 30)
        await terminal.expect("0 of 8 decided")
        terminal.send("?")
        await terminal.expect("ambiguous match: make one listing the SKU's")
        terminal.send(" ")
        terminal.send("jjjj")
        await terminal.expect("2 listings in shop:")
        await terminal.expect("102/1002 \"Tee (old)\" 24.00 EUR active")
        terminal.send("s")
        await terminal.expect("not settled by taking or typing a value")
        #expect(try await setup.decisions().isEmpty, "a refused key changes nothing")
        terminal.send("m")
        await terminal.expect("Which listing is TEE-1's in shop? 1-2")
        terminal.send("2")
        await terminal.expect("1 of 8 decided")
        #expect(try await setup.mappings().map(\.ref) == [ReviewQueueSetup.secondListing])
        terminal.send("u")
        await terminal.expect("0 of 8 decided")
        #expect(try await setup.mappings().isEmpty)
        #expect(try await setup.decisions().isEmpty)
        terminal.send("q")
        let exit = await terminal.waitForExit()
        #expect(exit?.status == 2)
        terminal.expectRestored()
    }

    @Test("c decides at once, u undoes it, q quits with the terminal restored")
    func decideUndoQuit() async throws {
        let setup = try await ReviewQueueSetup()
        let terminal = try ReviewPseudoTerminal.review(setup)
        await terminal.expect("0 of 5 decided")
        #expect(terminal.echoAndCanonical == (false, false), "raw mode while the screen runs")
        terminal.send("jj")
        await terminal.expect("push 24.00 EUR to shop")
        terminal.send("c")
        await terminal.expect("1 of 5 decided")
        #expect(try await setup.base("TEE-1", .price) == ReviewQueueSetup.money(2100))
        terminal.send("u")
        await terminal.expect("0 of 5 decided")
        #expect(try await setup.base("TEE-1", .price) == ReviewQueueSetup.money(2000))
        #expect(try await setup.decisions().isEmpty)
        terminal.send("q")
        let exit = await terminal.waitForExit()
        #expect(exit?.status == 2, "items are still open")
        terminal.expectRestored()
    }

    @Test("a asks for a choice and a y/n with no default: Enter does nothing, n cancels, y decides all alike")
    func applyAllNeedsConfirmation() async throws {
        let setup = try await ReviewQueueSetup()
        let terminal = try ReviewPseudoTerminal.review(setup)
        await terminal.expect("0 of 5 decided")
        terminal.send("jj")
        await terminal.expect("push 24.00 EUR to shop")
        terminal.send("a")
        await terminal.expect("Apply to all 2 undecided price conflict items in shop")
        terminal.send("c")
        await terminal.expect("Keep canonical for 2 price items in shop? y/n")
        terminal.send("\r\rn")
        await terminal.expect("nothing applied")
        #expect(try await setup.decisions().isEmpty, "Enter must not answer the prompt")
        terminal.send("ac")
        await terminal.expect("? y/n")
        terminal.send("y")
        await terminal.expect("2 of 5 decided")
        #expect(try await setup.base("TEE-1", .price) == ReviewQueueSetup.money(2100))
        #expect(try await setup.base("TEE-2", .price) == ReviewQueueSetup.money(2200))
        terminal.send("q")
        _ = await terminal.waitForExit()
        terminal.expectRestored()
    }

    @Test("e with a bad amount is refused in place; a good one is saved")
    func editValidates() async throws {
        let setup = try await ReviewQueueSetup()
        let terminal = try ReviewPseudoTerminal.review(setup)
        await terminal.expect("0 of 5 decided")
        terminal.send("jjjj")
        await terminal.expect("push 26.00 EUR to shop")
        terminal.send("e19,90\r")
        await terminal.expect("uses a comma")
        terminal.send("\u{15}19.90\r")
        await terminal.expect("1 of 5 decided")
        #expect(
            try await setup.catalog().catalogFieldValue(sku: ReviewQueueSetup.sku("TEE-2"), field: .price) == ReviewQueueSetup.money(1990))
        terminal.send("q")
        _ = await terminal.waitForExit()
        terminal.expectRestored()
    }

    @Test("the screen redraws at the new size on SIGWINCH; Ctrl-C leaves with 130 and the terminal restored")
    func resizeAndInterrupt() async throws {
        let setup = try await ReviewQueueSetup()
        let terminal = try ReviewPseudoTerminal.review(setup)
        let title = " concord review · 5 items in 1 store"
        await terminal.expect(title + String(repeating: " ", count: 80 - title.count - 7) + "? help")
        terminal.resize(width: 120, height: 40)
        await terminal.expect(title + String(repeating: " ", count: 120 - title.count - 7) + "? help")
        terminal.send("\u{03}")
        let exit = await terminal.waitForExit()
        #expect(exit?.status == 130)
        #expect(exit?.signalled == false)
        terminal.expectRestored()
    }

    @Test("SIGTERM and SIGINT from outside restore the terminal before the process dies", arguments: [SIGTERM, SIGINT])
    func signalsRestore(signal: Int32) async throws {
        let setup = try await ReviewQueueSetup()
        let terminal = try ReviewPseudoTerminal.review(setup)
        await terminal.expect("0 of 5 decided")
        #expect(terminal.echoAndCanonical == (false, false))
        terminal.signal(signal)
        let exit = await terminal.waitForExit()
        #expect(exit?.signalled == true)
        #expect(exit?.status == signal)
        terminal.expectRestored()
    }

    @Test("quitting midway keeps every decision; the next session resumes with them")
    func quitAndResume() async throws {
        let setup = try await ReviewQueueSetup()
        let first = try ReviewPseudoTerminal.review(setup)
        await first.expect("0 of 5 decided")
        first.send("jjj")
        await first.expect("take \"Tee shirt\" into the catalog")
        first.send("s")
        await first.expect("1 of 5 decided")
        first.send("q")
        _ = await first.waitForExit()

        let second = try ReviewPseudoTerminal.review(setup)
        await second.expect("1 of 5 decided")
        second.send("d")
        await second.expect("2 of 5 decided")
        second.send("q")
        _ = await second.waitForExit()
        second.expectRestored()
        let decisions = try await setup.decisions()
        #expect(decisions.map(\.choice) == [.store, .deferred])
        #expect(try await setup.catalog().catalogFieldValue(sku: ReviewQueueSetup.sku("TEE-1"), field: .title) == .text("Tee shirt"))
    }

    @Test("colour on a terminal, none with NO_COLOR")
    func colour() async throws {
        let setup = try await ReviewQueueSetup()
        let coloured = try ReviewPseudoTerminal.review(setup, environment: ["NO_COLOR": nil])
        await coloured.expect("0 of 5 decided")
        coloured.send("q")
        _ = await coloured.waitForExit()
        #expect(coloured.rawOutput.contains("\u{1B}[1m"))

        let plain = try ReviewPseudoTerminal.review(setup)
        await plain.expect("0 of 5 decided")
        plain.send("q")
        _ = await plain.waitForExit()
        #expect(!plain.rawOutput.contains("\u{1B}[1m"))
        #expect(!plain.rawOutput.contains("\u{1B}[7m"))
    }
}

/// The real `concord review` at the size every terminal opens with.
@Suite("concord review at 80 × 24")
struct ReviewScreenAt80Tests {
    /// Waits for `marker`, then returns the screen as the terminal shows it, checking that no line
    /// ran past the right edge.
    func screen(_ terminal: ReviewPseudoTerminal, after marker: String, sourceLocation: SourceLocation = #_sourceLocation) async -> [String]
    {
        await terminal.expect(marker, sourceLocation: sourceLocation)
        let (rows, overflows) = terminal.screen(width: 80, height: 24)
        #expect(
            overflows.isEmpty, "rows drawn past column 80: \(overflows)\n\(rows.joined(separator: "\n"))", sourceLocation: sourceLocation)
        // The emulated rows are padded to the width; what was drawn ends where its text ends.
        return rows.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    @Test("each kind of item reads whole at 80 × 24: a word diff in brackets, no dashes for a listing, only the keys that apply")
    func everyKindAt80() async throws {
        let setup = try await ReviewQueueSetup(listingItems: true)
        let terminal = try ReviewPseudoTerminal.review(setup, width: 80, height: 24)

        // MUG-1 description, edited in the store: the word diff reads without colour.
        var rows = await screen(terminal, after: "0 of 8 decided")
        var text = rows.joined(separator: "\n")
        #expect(text.contains("A heavy [ceramic → stoneware] mug"), "\(text)")
        #expect(!text.contains("{+") && !text.contains("[-"), "\(text)")
        #expect(rows[23].contains("c keep · s take store's · e edit · d defer") && rows[23].hasSuffix("? help · q quit"), "\(rows[23])")

        // MUG-1 missing listing: no row of dashes, no key it cannot take.
        terminal.send("j")
        rows = await screen(terminal, after: "listing.missing")
        text = rows.joined(separator: "\n")
        #expect(!text.contains("—"), "\(text)")
        #expect(rows[23].contains("i ignore · d defer") && !rows[23].contains("s take") && !rows[23].contains("p adopt"), "\(rows[23])")
        #expect(text.contains("No listing in shop."), "\(text)")

        // TEE-1, two listings with its SKU (past MUG-1's stock and the orphan OLD-9): both listed,
        // m offered, m 2 chooses.
        terminal.send("jjj")
        rows = await screen(terminal, after: "listing.duplicate-sku")
        text = rows.joined(separator: "\n")
        #expect(
            text.contains("1  101/1001 \"Tee\" 24.00 EUR active") && text.contains("2  102/1002 \"Tee (old)\" 24.00 EUR active"), "\(text)")
        #expect(rows[23].contains("m match · c keep · d defer"), "\(rows[23])")
        terminal.send("m2")
        rows = await screen(terminal, after: "1 of 8 decided")
        #expect(try await setup.mappings().map(\.ref) == [ReviewQueueSetup.secondListing])
        #expect(rows.allSatisfy { $0.count <= 80 })

        terminal.send("q")
        #expect(await terminal.waitForExit()?.status == 2)
        terminal.expectRestored()
    }
}
