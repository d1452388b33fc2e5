import ArgumentParser
import CatalogModel
import CatalogStorage
import Foundation
import ReviewTerminal

/// `concord review rules`: the decisions remembered with `r`, which later plans replay.
struct ReviewRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the remembered review rules.",
        discussion: """
            A rule says, for one store, field and kind of item, which choice to make ("for \
            shop-main, take the store's title on store edits"). Press r on a decided item in \
            concord review to remember it. Each time concord plan records the queue, matching open \
            items are decided by the rule, recorded like a person's decision with the rule's id, \
            and can be undone the same way. Remove a rule with concord review rules remove ID.
            """,
        subcommands: [ReviewRulesRemoveCommand.self]
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let catalog = try await global.openStore(configuration: try global.loadConfiguration())
        let rules = try await catalog.reviewRules()
        if output.json {
            try Terminal.printJSON(rules.map(RuleJSON.init))
            return
        }
        guard !rules.isEmpty else {
            print("No review rules. Press r on a decided item in concord review to remember one.")
            return
        }
        let formatter = ISO8601DateFormatter()
        print(
            Terminal.table(
                ["ID", "STORE", "FIELD", "KIND", "CHOICE", "CREATED"],
                rules.map {
                    [
                        String($0.id ?? 0), $0.store.rawValue, $0.field, $0.kind.rawValue, ReviewItem.choiceName($0.choice),
                        formatter.string(from: $0.createdAt),
                    ]
                }))
    }

    struct RuleJSON: Encodable {
        var id: Int64?
        var store: String
        var field: String
        var kind: String
        var choice: String
        var createdAt: Date

        init(_ rule: ReviewRule) {
            id = rule.id
            store = rule.store.rawValue
            field = rule.field
            kind = rule.kind.rawValue
            choice = rule.choice.rawValue
            createdAt = rule.createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, store, field, kind, choice
            case createdAt = "created_at"
        }
    }
}

/// `concord review rules remove ID`.
struct ReviewRulesRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Forget a review rule.",
        discussion:
            "Later plans no longer decide items by it; decisions it already made stay (undo them in concord review). Exit status 1 when there is no such rule."
    )

    @Argument(help: "The rule's id, as concord review rules lists it.")
    var id: Int64

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let catalog = try await global.openStore(configuration: try global.loadConfiguration())
        guard try await catalog.removeReviewRule(id) else {
            throw CLIError("there is no review rule \(id); list them with concord review rules")
        }
        print("Removed review rule \(id).")
    }
}
