import ArgumentParser
import CatalogStorage
import Foundation

/// `concord db`: the catalog database itself.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The catalog database: bring its schema up to date.",
        subcommands: [Migrate.self]
    )

    /// `concord db migrate`: applies the schema versions the catalog has not had yet, on SQLite
    /// or PostgreSQL alike (every command also does it when it opens the catalog; this one does
    /// only that, for a deploy step or an agent's role that may change the schema once).
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the catalog database's schema up to date (SQLite or PostgreSQL), and print its versions.",
            discussion: """
                The catalog is --db, CONCORD_DB or concord.toml's database: a SQLite file or a \
                postgres:// URL (password from PGPASSWORD or ~/.pgpass). Both backends have the same \
                schema versions; a catalog migrated by a newer Concord is refused.

                Example:
                  concord db migrate --db 'postgres://concord@db.internal/concord?schema=brand_eu'
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let configuration = try global.loadConfiguration(required: false)
            let database = global.database(configuration: configuration)
            let store = try await database.open()
            let versions = try await store.schemaVersions()
            if output.json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                struct Report: Encodable {
                    var database: String
                    var versions: [String]
                    var current: String?
                }
                let report = Report(database: database.description, versions: versions, current: versions.last)
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print("\(database.description): schema up to date, \(versions.count) versions (latest \(versions.last ?? "none"))")
            }
        }
    }
}
