import ArgumentParser
import CatalogModel
import CatalogStorage
import Foundation
import ReviewTerminal

/// `concord review`: settle what Concord will not decide alone, in a full-screen terminal UI or,
/// without a terminal, from a list and `resolve`.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Decide conflicts and other differences that need a person.",
        discussion: """
            concord plan records what needs a person in the review queue: true conflicts (the \
            catalog and the store both changed a field), store edits and first-sync differences of \
            fields whose policy is review, and listing-level questions: a SKU several listings \
            carry or a listing matched by barcode but not SKU (ambiguous-match), a listing whose \
            SKU is not in the catalog (orphan), a catalog SKU the store does not list \
            (missing-listing), and error-level listing problems (listing-error). In a terminal, \
            concord review shows the queue full-screen: ↑/↓ or j/k move, c keeps the catalog's \
            value, s takes the store's, e types a value, d defers, m chooses which listing is the \
            SKU's, i ignores an orphan / marks a missing listing not sold in the store / \
            acknowledges a listing error for its SKU and rule, p adopts an orphan into the \
            catalog, a applies one choice to every item like the selected one (after a y/n \
            confirmation), r remembers a decision as a rule, u undoes, / filters, ? helps, q quits.

            Every decision is written to the catalog database at once. It moves the value last \
            synced (and the catalog, for s and e), so the next plan turns it into a push that still \
            checks the store's value first: a store edit nobody has seen is never overwritten. \
            Decided items stay decided when the plan runs again, unless a value moves again. A \
            chosen listing is written as the SKU's listing mapping, which the next plan matches by; \
            an ignored or acknowledged item is never queued again; a SKU marked not sold is out of \
            the store's assortment. Concord does not create listings.

            Without a terminal (or with --list) the queue is printed; resolve items with \
            concord review resolve. Exit status: 0 nothing open, 2 items wait for a decision, 1 an \
            error, 130 the screen was left with Ctrl-C (every decision made is kept).
            """,
        subcommands: [ReviewShowCommand.self, ReviewResolveCommand.self, ReviewRulesCommand.self],
        defaultSubcommand: ReviewShowCommand.self
    )
}

/// `concord review [show]`: the screen, or the list without a terminal (the default subcommand,
/// so that `resolve --store` and the queue's `--store` do not compete for the option).
struct ReviewShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Open the review screen (the default), or print the queue with --list.",
        discussion: """
            In a terminal: the full-screen reviewer (press ? for its keys). Without one, or with \
            --list, the queue is printed (--json for scripts). Exit status: 0 nothing open, 2 items \
            wait for a decision, 1 an error, 130 the screen was left with Ctrl-C (every decision made \
            is kept).
            """
    )

    @Option(name: .customLong("store"), help: "Only this store's queue.")
    var store: String?

    @Flag(help: "Print the queue instead of opening the screen.")
    var list = false

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let catalog = try await global.openStore(configuration: try global.loadConfiguration())
        let storeID = store.map { StoreID($0) }
        if list || output.json || !RawTerminal.isInteractive {
            let items = try await catalog.reviewQueue(store: storeID)
            if output.json {
                try Terminal.printJSON(items.map(ReviewItemJSON.init))
            } else {
                ReviewListPrinter.print(items)
                if !list {
                    Terminal.printError(
                        "Not a terminal, so the list is printed. Run concord review in a terminal to decide, or: concord review resolve SKU FIELD --store ID --take canonical|store|value=X (listing items: resolve SKU --store ID --match ID|--ignore|--adopt)"
                    )
                }
            }
            if items.contains(where: { $0.state == .open }) { throw ExitCode(2) }
            return
        }
        let session = ReviewSession(catalog: catalog, store: storeID)
        let ending = try await ReviewTerminalApp.run(session: session, colors: RawTerminal.colorsEnabled())
        let items = try await catalog.reviewQueue(store: storeID)
        let decided = items.filter(\.isAnswered).count
        print(
            "\(decided) of \(items.count) decided; \(session.undoStack.reduce(0) { $0 + $1.count }) decision(s) made in this session are saved."
        )
        if ending == .interrupted { throw ExitCode(130) }
        if items.contains(where: { $0.state == .open }) { throw ExitCode(2) }
    }
}

/// The queue as text, for a person reading a pipe or a cron mail.
enum ReviewListPrinter {
    static func print(_ items: [ReviewItem], now: Date = Date()) {
        guard !items.isEmpty else {
            Swift.print("The review queue is empty: nothing needs a person. (concord plan fills it.)")
            return
        }
        let rows = items.map { item in
            [
                item.id.map(String.init) ?? "", item.sku.rawValue, item.fieldLabel, item.store.rawValue, item.kind.rawValue,
                item.state == .open ? "open" : (item.choice.map(ReviewItem.choiceName) ?? item.state.rawValue),
                item.base.map(short) ?? "—", item.canonical.map(short) ?? "—", item.storeValue.map(short) ?? "—",
                ReviewItem.age(of: item.detectedAt, now: now),
            ]
        }
        Swift.print(Terminal.table(["ID", "SKU", "FIELD", "STORE", "KIND", "STATE", "BASE", "CATALOG", "STORE VALUE", "AGE"], rows))
        Swift.print("")
        Swift.print("\(items.filter(\.isAnswered).count) of \(items.count) decided.")
    }

    static func short(_ value: FieldValue) -> String {
        let text = value.description.replacingOccurrences(of: "\n", with: " ")
        return text.count > 30 ? String(text.prefix(29)) + "…" : text
    }
}

/// One queue item in `--json` output, with what each choice would do.
struct ReviewItemJSON: Encodable {
    var id: Int64?
    var store: String
    var sku: String
    /// Left out for an item about a whole listing (kinds ambiguous-match, orphan, missing-listing).
    var field: String?
    var kind: String
    /// The store's listing (variant id) the item is about, when it is about one.
    var listing: String?
    var storeSKU: String?
    /// The listings to choose from (`--match`), or the orphan listing.
    var candidates: [CandidateJSON]?
    /// Why `--adopt` is refused for an orphan, when it is.
    var adoptBlocked: String?
    var code: String
    var explanation: String
    var state: String
    var choice: String?
    var decidedAt: Date?
    var base: String?
    var canonical: String?
    var storeValue: String?
    var detectedRunID: Int64?
    var detectedAt: Date
    var effects: [String: String]

    init(_ item: ReviewItem) {
        id = item.id
        store = item.store.rawValue
        sku = item.sku.rawValue
        field = item.field?.key
        kind = item.kind.rawValue
        listing = item.listing
        storeSKU = item.detail?.storeSKU
        candidates = item.detail.map { $0.candidates.map(CandidateJSON.init) }
        adoptBlocked = item.kind == .orphan ? item.refusal(of: .adopt) : nil
        code = item.code
        explanation = item.explanation
        state = item.state.rawValue
        choice = item.choice?.rawValue
        decidedAt = item.decidedAt
        base = item.base?.description
        canonical = item.canonical?.description
        storeValue = item.storeValue?.description
        detectedRunID = item.detectedRunID
        detectedAt = item.detectedAt
        var effects: [String: String] = [:]
        for choice in [ReviewDecision.Choice.canonical, .store, .deferred, .match, .ignore, .adopt] where item.refusal(of: choice) == nil {
            effects[choice.rawValue] = item.effect(of: choice)
        }
        self.effects = effects
    }

    enum CodingKeys: String, CodingKey {
        case id, store, sku, field, kind, code, explanation, state, choice, base, canonical, effects, listing, candidates
        case storeSKU = "store_sku"
        case adoptBlocked = "adopt_blocked"
        case decidedAt = "decided_at"
        case storeValue = "store_value"
        case detectedRunID = "detected_run_id"
        case detectedAt = "detected_at"
    }
}

/// One listing of a listing-level queue item in `--json` output.
struct CandidateJSON: Encodable {
    var productID: String
    var variantID: String
    var sku: String
    var title: String
    var price: String?
    var status: String

    init(_ candidate: ListingCandidate) {
        productID = candidate.ref.productID
        variantID = candidate.ref.variantID
        sku = candidate.rawSKU
        title = candidate.title
        price = candidate.price?.description
        status = candidate.status.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case sku, title, price, status
        case productID = "product_id"
        case variantID = "variant_id"
    }
}
