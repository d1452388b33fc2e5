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

            Exit status: 0 decided, 1 refused or not found (nothing changed).
            """
    )

    @Argument(help: "The catalog SKU.")
    var sku: String

    @Argument(help: "The field, e.g. price or stock@gid://shopify/Location/1.")
    var field: String

    @Option(name: .customLong("store"), help: "The store the item is in.")
    var store: String

    @Option(name: .customLong("take"), help: ArgumentHelp("canonical, store, defer, or value=X.", valueName: "choice"))
    var take: String

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard let sku = SKU(sku) else { throw CLIError("the SKU is empty; give the catalog SKU of the item") }
        guard let field = Change.Field(key: field) else {
            throw CLIError("\"\(field)\" is not a field; use price, compare_at_price, barcode, title, description, status, images, weight or stock@LOCATION")
        }
        let catalog = try global.openStore(configuration: try global.loadConfiguration())
        let storeID = StoreID(store)
        let candidates = try await catalog.reviewQueue(store: storeID).filter { $0.sku == sku && $0.field == field }
        guard let item = candidates.first(where: { $0.state != .decided && $0.kind.isFieldDifference })
            ?? candidates.first(where: { $0.state != .decided }), let itemID = item.id
        else {
            if let decided = candidates.first {
                throw CLIError("\(sku) \(field.key) in \(storeID) is already decided (\(decided.choice.map(ReviewItem.choiceName) ?? "?")); nothing was changed")
            }
            throw CLIError("no review item for \(sku) \(field.key) in store \(storeID); list the queue with concord review --list (concord plan fills it)")
        }
        let (choice, value) = try parseTake(for: item)
        let decision: ReviewDecision
        do {
            decision = try await catalog.decideReviewItem(itemID, choice: choice, value: value, ruleID: nil, at: Date())
        } catch let error as CatalogStoreError where error.code == .refused {
            throw CLIError(error.message)
        }
        if output.json {
            try Terminal.printJSON(ResolvedJSON(decisionID: decision.id, itemID: itemID, choice: choice.rawValue, effect: item.effect(of: choice, value: value)))
        } else {
            print("\(sku) \(field.key) in \(storeID): \(ReviewItem.choiceName(choice)) — \(item.effect(of: choice, value: value)) (decision \(decision.id ?? 0)).")
        }
    }

    func parseTake(for item: ReviewItem) throws -> (ReviewDecision.Choice, FieldValue?) {
        switch take {
        case "canonical": return (.canonical, nil)
        case "store": return (.store, nil)
        case "defer", "deferred": return (.deferred, nil)
        default:
            guard take.hasPrefix("value=") else {
                throw CLIError("--take \(take) is not a choice; use canonical, store, defer or value=X")
            }
            let text = String(take.dropFirst("value=".count))
            switch ReviewValueParser.parse(text, for: item.field, currency: item.canonical?.currency ?? item.storeValue?.currency) {
            case .success(let value): return (.value, value)
            case .failure(let error): throw CLIError("--take value=\(text) for \(item.sku) \(item.field.key): \(error.message); nothing was changed")
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
