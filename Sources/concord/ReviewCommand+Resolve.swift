import ArgumentParser
import CatalogModel
import CatalogStorage
import Foundation
import ReviewTerminal

/// `concord review resolve`: one decision from a script, with the same effect as the screen's key.
struct ReviewResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Decide one review item without the screen.",
        discussion: """
            Settles the queue item of SKU and FIELD (price, compare_at_price, barcode, title, \
            description, status, images, weight, stock@LOCATION) in one store, as the screen's keys \
            do: --take canonical keeps the catalog's value (the next sync pushes it, checking the \
            store still holds the value seen), --take store takes the store's value into the \
            catalog, --take value=X sets the catalog to X (checked like the screen: 19.90 for money, \
            a whole number for stock, 0.5 kg for a weight, none to clear), --take defer decides \
            later. The decision is written at once; nothing is sent to any store.

            Items about a whole listing take SKU alone (FIELD only for a barcode match): \
            --match REMOTE_ID makes that listing (its variant id, or PRODUCT/VARIANT as --list \
            --json shows) the SKU's listing in the store (an ambiguous match; the others are not \
            synced); --ignore ignores an orphan listing, marks a missing listing not sold in the \
            store, or acknowledges a listing error for its SKU and rule (never asked again); \
            --adopt adds an orphan listing to the catalog as concord catalog pull would; --take \
            defer decides later. When a SKU has several listing items, --code names the rule \
            (listing.no-image, listing.orphan...). Concord does not create listings.

            Exit status: 0 decided, 1 refused or not found (nothing changed), 64 a wrong command line.
            """
    )

    @Argument(help: "The catalog SKU (for an orphan, the SKU text the store holds).")
    var sku: String

    @Argument(help: "The field, e.g. price or stock@gid://shopify/Location/1; omitted for a listing item.")
    var field: String?

    @Option(name: .customLong("store"), help: "The store the item is in.")
    var store: String

    @Option(name: .customLong("take"), help: ArgumentHelp("canonical, store, defer, or value=X.", valueName: "choice"))
    var take: String?

    @Option(
        name: .customLong("match"), help: ArgumentHelp("Make this listing the SKU's listing (an ambiguous match).", valueName: "remote-id"))
    var match: String?

    @Flag(name: .customLong("ignore"), help: "Ignore an orphan, mark a missing listing not sold here, or acknowledge a listing error.")
    var ignore = false

    @Flag(name: .customLong("adopt"), help: "Adopt an orphan listing into the catalog.")
    var adopt = false

    @Option(name: .customLong("code"), help: ArgumentHelp("The finding code, when the SKU has several listing items.", valueName: "code"))
    var code: String?

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        let given = [take != nil, match != nil, ignore, adopt].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError("give exactly one of --take, --match, --ignore or --adopt")
        }
        if let take, take != "defer", take != "deferred", field == nil {
            throw ValidationError(
                "--take \(take) needs the FIELD (e.g. concord review resolve \(sku) price --store \(store) --take \(take)); listing items take --match, --ignore, --adopt or --take defer"
            )
        }
    }

    func run() async throws {
        guard let sku = SKU(sku) else { throw CLIError("the SKU is empty; give the catalog SKU of the item") }
        var parsedField: Change.Field?
        if let field {
            guard let parsed = Change.Field(key: field) else {
                throw CLIError(
                    "\"\(field)\" is not a field; use price, compare_at_price, barcode, title, description, status, images, weight or stock@LOCATION"
                )
            }
            parsedField = parsed
        }
        let catalog = try await global.openStore(configuration: try global.loadConfiguration())
        let storeID = StoreID(store)
        let item = try findItem(in: try await catalog.reviewQueue(store: storeID), sku: sku, field: parsedField, store: storeID)
        guard let itemID = item.id else { throw CLIError("the review item of \(sku) has no id; re-run concord plan") }
        let (choice, value) = try parseChoice(for: item)
        let decision: ReviewDecision
        do {
            decision = try await catalog.decideReviewItem(itemID, choice: choice, value: value, ruleID: nil, at: Date())
        } catch let error as CatalogStoreError where error.code == .refused {
            throw CLIError(error.message)
        }
        let effect = item.effect(of: choice, value: decision.value ?? value)
        if output.json {
            try Terminal.printJSON(ResolvedJSON(decisionID: decision.id, itemID: itemID, choice: choice.rawValue, effect: effect))
        } else {
            print("\(sku) \(item.fieldLabel) in \(storeID): \(ReviewItem.choiceName(choice)) — \(effect) (decision \(decision.id ?? 0)).")
        }
    }

    /// The undecided item the command line names, or an error that lists what there is.
    func findItem(in queue: [ReviewItem], sku: SKU, field: Change.Field?, store: StoreID) throws -> ReviewItem {
        let wantsListing = match != nil || ignore || adopt || (field == nil && take != nil)
        var candidates = queue.filter { $0.sku == sku }
        if let field {
            candidates = candidates.filter { $0.field == field }
        } else if wantsListing {
            candidates = candidates.filter { !$0.kind.isFieldDifference }
        }
        if let code { candidates = candidates.filter { $0.code == code } }
        let subject = "\(sku)\(field.map { " \($0.key)" } ?? "")"
        let undecided = candidates.filter { $0.state != .decided }
        // A field difference first (as before), then a listing item the choice can settle.
        let preferred = undecided.filter { item in
            if field != nil, take != nil { return item.kind.isFieldDifference }
            return true
        }
        let pool = preferred.isEmpty ? undecided : preferred
        if wantsListing, field == nil, pool.count > 1 {
            let choice = parsedChoiceName
            let settleable = pool.filter { item in choice.map { item.refusal(of: $0) == nil } ?? true }
            if settleable.count == 1 { return settleable[0] }
            throw CLIError(
                "\(subject) has \(pool.count) listing items in store \(store) (\(pool.map(\.code).joined(separator: ", "))); name one with --code"
            )
        }
        guard let item = pool.first else {
            if let decided = candidates.first {
                throw CLIError(
                    "\(subject) in \(store) is already decided (\(decided.choice.map(ReviewItem.choiceName) ?? "?")); nothing was changed")
            }
            throw CLIError(
                "no review item for \(subject) in store \(store); list the queue with concord review --list (concord plan fills it)")
        }
        return item
    }

    var parsedChoiceName: ReviewDecision.Choice? {
        if match != nil { return .match }
        if ignore { return .ignore }
        if adopt { return .adopt }
        return take == "defer" || take == "deferred" ? .deferred : nil
    }

    func parseChoice(for item: ReviewItem) throws -> (ReviewDecision.Choice, FieldValue?) {
        if let match { return (.match, .text(match)) }
        if ignore { return (.ignore, nil) }
        if adopt { return (.adopt, nil) }
        let take = self.take ?? ""
        switch take {
        case "canonical": return (.canonical, nil)
        case "store": return (.store, nil)
        case "defer", "deferred": return (.deferred, nil)
        default:
            guard take.hasPrefix("value=") else {
                throw CLIError("--take \(take) is not a choice; use canonical, store, defer or value=X")
            }
            let text = String(take.dropFirst("value=".count))
            guard let field = item.field else {
                throw CLIError(
                    "\(item.sku) is a \(item.kind) item in \(item.store), not a field: \(item.listingChoices); nothing was changed")
            }
            switch ReviewValueParser.parse(text, for: field, currency: item.canonical?.currency ?? item.storeValue?.currency) {
            case .success(let value): return (.value, value)
            case .failure(let error):
                throw CLIError("--take value=\(text) for \(item.sku) \(field.key): \(error.message); nothing was changed")
            }
        }
    }

    struct ResolvedJSON: Encodable {
        var decisionID: Int64?
        var itemID: Int64
        var choice: String
        var effect: String

        enum CodingKeys: String, CodingKey {
            case choice, effect
            case decisionID = "decision_id"
            case itemID = "item_id"
        }
    }
}
