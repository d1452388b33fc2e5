import ArgumentParser
import CatalogStorage
import ConcordConfig
import Foundation
import Reconcile
import Sync

/// Options every command that touches the catalog or the stores accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The catalog database file (default ./concord.sqlite, or $CONCORD_DB).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The configuration file (default ./concord.toml, or $CONCORD_CONFIG).", valueName: "file"))
    var config: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The configuration, or `nil` when there is none; an explicit but unreadable file is an error.
    func loadConfiguration(required: Bool = false) throws -> ConcordConfiguration? {
        let located = ConfigurationLoader.locate(
            explicit: config, environment: environment, currentDirectory: FileManager.default.currentDirectoryPath)
        guard let path = located else {
            if required {
                throw CLIError("no concord.toml here; create one (see the README's configuration section) or pass --config FILE")
            }
            return nil
        }
        let configuration = try ConfigurationLoader.load(path: path)
        return configuration
    }

    /// The database path: `--db`, then `CONCORD_DB`, then the configuration's, then `./concord.sqlite`.
    func databasePath(configuration: ConcordConfiguration?) -> String {
        if let db { return db }
        if let fromEnvironment = environment["CONCORD_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
        if let fromConfig = configuration?.database { return fromConfig }
        return "concord.sqlite"
    }

    /// The catalog: a SQLite file or a PostgreSQL database, as ``databasePath(configuration:)`` says.
    func database(configuration: ConcordConfiguration?) -> CatalogDatabase {
        CatalogDatabase(databasePath(configuration: configuration))
    }

    func openStore(configuration: ConcordConfiguration?) async throws -> any CatalogStore {
        try await database(configuration: configuration).open()
    }
}

/// Output options shared by commands that can answer machines as well as people.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON on standard output.")
    var json = false
}

/// A failure to report to the user as one clear line, with exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
