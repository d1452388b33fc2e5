import ArgumentParser
import Foundation
import Logging

/// `concord`: keeps every storefront true to one canonical catalog.
@main
struct Concord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concord",
        abstract: "Keep your storefronts (Shopify, WooCommerce, Magento) true to one canonical catalog.",
        discussion: """
            Concord keeps the catalog — products, variants, prices and stock per location — in a local \
            SQLite file (./concord.sqlite, or --db / CONCORD_DB) and the stores it manages in \
            concord.toml (or --config / CONCORD_CONFIG). Credentials come from environment variables \
            named in concord.toml, never from the file itself.

            Exit codes: 0 success, 1 error (bad input, unreachable store); nothing is written when a \
            command fails.
            """,
        version: ConcordVersion.current,
        subcommands: [
            CatalogCommand.self, StoresCommand.self, PlanCommand.self, ApplyCommand.self, SyncCommand.self, ReviewCommand.self,
            AuditCommand.self, RunCommand.self, ListenCommand.self, StatusCommand.self, DemoCommand.self, DatabaseCommand.self,
        ]
    )

    /// Parses and runs; an option written before the command (`concord --db X catalog stats`)
    /// is answered with where it goes instead of "Unknown option".
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let advice = OptionPlacement.advice(for: arguments) {
            Terminal.printError("concord: \(advice)")
            Foundation.exit(64)
        }
        // The HTTP client's retry and pacing lines are for --verbose: without it a store that
        // cannot be reached is one clear line in the command's own output.
        let verbose = arguments.contains("--verbose")
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .error
            return handler
        }
        await Self.main(arguments)
    }
}

/// Options every command takes go after the command's name, as with git and docker.
enum OptionPlacement {
    static let commandOptions = ["--db", "--config", "--json"]

    /// Advice for options written before the command, or `nil` when there are none.
    static func advice(for arguments: [String]) -> String? {
        guard let first = arguments.first, first.hasPrefix("--"),
            let option = commandOptions.first(where: { first == $0 || first.hasPrefix($0 + "=") })
        else { return nil }
        var rest = Array(arguments.dropFirst())
        var moved = [first]
        if !first.contains("="), option != "--json", !rest.isEmpty { moved.append(rest.removeFirst()) }
        guard let command = rest.firstIndex(where: { !$0.hasPrefix("-") }) else { return nil }
        var words = [rest[command]]
        var index = command + 1
        while index < rest.count, !rest[index].hasPrefix("-"), ["catalog", "stores", "review"].contains(rest[command]), words.count < 2 {
            words.append(rest[index])
            index += 1
        }
        let corrected = (["concord"] + rest.prefix(index) + moved + rest.dropFirst(index)).joined(separator: " ")
        return "\(option) goes after the command: \(corrected)"
    }
}

enum ConcordVersion {
    static let current = "0.1.0"
}
