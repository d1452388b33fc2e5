import AdapterRegistry
import ArgumentParser
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import PostgresCatalogStorage
import Sync

/// `concord db`: the catalog database itself.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The catalog database: bring its schema up to date, or move it from SQLite to PostgreSQL.",
        subcommands: [Migrate.self, Copy.self]
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

    /// `concord db copy`: moves a SQLite catalog into PostgreSQL, then proves the move.
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a SQLite catalog into an empty PostgreSQL one, and check the copy.",
            discussion: """
                Copies everything the file holds: the catalog and its stock ledger, orders, bases and \
                snapshots, the journal, the review queue and remembered rules, runs, receipts, kits, \
                and the key plan files are signed with (a plan written before the move still \
                applies). The copy is one transaction: if anything fails, the PostgreSQL catalog is \
                left as it was. The target must be empty: use a new database or a new schema \
                (?schema=NAME); both are brought to the same schema version first.

                Then it checks the copy: every table's row count in the file and in PostgreSQL, and, \
                for every store in concord.toml with a saved read (after any sync or audit), a plan \
                made from each catalog, change for change. Exit status 0 when both agree, 1 \
                otherwise (or on any error). Stop the agents using the file while it copies.

                Example:
                  concord db copy --from concord.sqlite --to 'postgres://concord@db.internal/concord?schema=shop'
                """)

        @Option(help: ArgumentHelp("The SQLite catalog to copy.", valueName: "file"))
        var from: String

        @Option(help: ArgumentHelp("The PostgreSQL catalog to copy into (postgres://…[?schema=NAME]); it must be empty.", valueName: "url"))
        var to: String

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if CatalogDatabase(from).isPostgres { throw ValidationError("--from is the SQLite file to copy, not a postgres:// URL") }
            if !CatalogDatabase(to).isPostgres { throw ValidationError("--to is a postgres:// URL; a SQLite file is copied with cp") }
        }

        func run() async throws {
            guard FileManager.default.fileExists(atPath: from) else {
                throw CLIError("\(from): no such file; give the SQLite catalog to copy with --from")
            }
            let source = try SQLiteCatalogStore(path: from)
            let target = CatalogDatabase(to)
            guard case .postgres(let url, let schema) = target else { return }
            let store = try await PostgresCatalogStore(url: url, schema: schema)
            // Progress only for a person watching (a TTY), as every long command does.
            let progress: ((String) -> Void)? = isatty(STDERR_FILENO) == 1 ? { Terminal.printError("copied \($0)") } : nil
            let copy: CatalogCopyReport
            do {
                copy = try await store.copyCatalog(from: source, progress: progress)
            } catch let error as CatalogStoreError {
                throw CLIError("\(target.description): \(error.message)")
            }
            // A plan from each, for every configured store whose last read was kept.
            let stores = try global.loadConfiguration(required: false)?.stores ?? []
            let before = try await Self.offlinePlans(source, stores: stores)
            let after = try await Self.offlinePlans(store, stores: stores)
            let plans = stores.map { configured in
                PlanCheck(
                    store: configured.id.rawValue, fromFile: before[configured.id] ?? nil, fromCopy: after[configured.id] ?? nil)
            }
            await store.close()
            let report = CopyReport(
                from: from, to: target.description, schemaVersion: copy.schemaVersion, tables: copy.tables, plans: plans,
                verified: copy.rowCountsMatch && plans.allSatisfy(\.agrees))
            if output.json {
                try Terminal.printJSON(report)
            } else {
                Self.print(report)
            }
            if !report.verified { throw ExitCode.failure }
        }

        /// Each store's plan from its saved read: the ids of its changes (an id is the store,
        /// SKU, field and new value), and what waits for review; `nil` when no read was saved.
        static func offlinePlans(_ catalog: any CatalogStore, stores: [StoreConfiguration]) async throws -> [StoreID: PlanSummary?] {
            var planner = SyncPlanner(catalog: catalog)
            planner.committed = try await SyncBasis.current(catalog, stores: stores).committed
            var plans: [StoreID: PlanSummary?] = [:]
            for report in try await planner.plan(savedSnapshotsOf: stores, limits: AdapterRegistry.limits(for:)) {
                guard report.error == nil, let plan = report.plan else {
                    plans[report.store] = .some(nil)
                    continue
                }
                plans[report.store] = PlanSummary(changes: plan.changes.map(\.id).sorted(), reviews: plan.reviews.count)
            }
            return plans
        }

        static func print(_ report: CopyReport) {
            let rows = report.tables.filter { $0.sourceRows > 0 || $0.copiedRows > 0 }.map {
                [$0.name, String($0.sourceRows), String($0.copiedRows), $0.sourceRows == $0.copiedRows ? "" : "MISMATCH"]
            }
            Swift.print(Terminal.table(["TABLE", "IN FILE", "COPIED", ""], rows))
            for plan in report.plans {
                switch (plan.fromFile, plan.fromCopy) {
                case (nil, nil): Swift.print("\(plan.store): no saved read, so no plan to compare (run concord audit once)")
                case (let file?, let copy?) where file == copy:
                    Swift.print("\(plan.store): the same plan from both (\(file.changes.count) changes, \(file.reviews) for review)")
                default: Swift.print(Terminal.styled("\(plan.store): the plans differ", .red))
                }
            }
            Swift.print("")
            Swift.print(
                report.verified
                    ? "Copied \(report.from) into \(report.to) and checked it; point --db, CONCORD_DB or concord.toml's database at it."
                    : "The copy does not match the file; do not switch to it (see above).")
        }
    }
}

/// What `concord db copy` reports.
struct CopyReport: Encodable {
    var from: String
    var to: String
    var schemaVersion: String?
    var tables: [CatalogCopyReport.Table]
    var plans: [PlanCheck]
    /// Row counts and plans agree.
    var verified: Bool
}

/// One store's plan from the file and from the copy.
struct PlanCheck: Encodable {
    var store: String
    var fromFile: PlanSummary?
    var fromCopy: PlanSummary?
    var agrees: Bool { fromFile == fromCopy }
}

struct PlanSummary: Encodable, Hashable {
    var changes: [String]
    var reviews: Int
}
