import ArgumentParser
import CatalogModel
import CatalogStorage
import Foundation
import Sync

/// `concord status`: per store, who syncs it now, how its last run went and when the next is due.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each store's lease holder, last run and next run, and the agents that are alive.",
        discussion: """
            With a PostgreSQL catalog, each store's lease holder is the agent (concord run, sync, \
            apply or listen; its host and pid) that may sync it now; a lease whose agent stopped \
            renewing it shows as expired and goes to the next agent that asks. The next run is the \
            holder's next scheduled tick. With a SQLite catalog there are no leases: the lock \
            file's holder is shown when a sync holds it.

            The last run is the newest sync or apply that covered the store, with its outcome. \
            Exit status 0; 1 when the catalog cannot be opened.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard let configuration = try global.loadConfiguration(required: true) else { return }
        let database = global.database(configuration: configuration)
        let catalog = try await database.open()
        let leases = Dictionary(try await catalog.storeLeases().map { ($0.store, $0) }, uniquingKeysWith: { first, _ in first })
        let agents = try await catalog.liveAgents()
        let runs = try await catalog.runs(limit: 500).filter { $0.kind == .sync || $0.kind == .apply }
        let status = CatalogStatus(
            database: database.description, leases: database.isPostgres,
            lockFile: database.sqlitePath.flatMap { SyncLock.readOwner(path: $0 + ".lock") }.map(LockHolder.init),
            stores: configuration.stores.map { store in
                StoreStatus(
                    store: store.id.rawValue, platform: store.platform.rawValue,
                    lease: leases[store.id].map(LeaseStatus.init),
                    nextRunAt: leases[store.id].flatMap { lease in
                        lease.isExpired ? nil : agents.first { $0.agent.id == lease.holder.id }?.nextRunAt
                    },
                    lastRun: runs.lazy.compactMap { LastRun(run: $0, store: store.id) }.first)
            },
            agents: agents.map(AgentStatus.init))
        if output.json {
            try Terminal.printJSON(status)
        } else {
            StatusPrinter.print(status)
        }
    }
}

/// What `concord status` reports.
struct CatalogStatus: Encodable {
    var database: String
    /// Whether agents share the catalog through store leases (PostgreSQL).
    var leases: Bool
    /// A SQLite catalog's lock file, when a sync holds it.
    var lockFile: LockHolder?
    var stores: [StoreStatus]
    var agents: [AgentStatus]
}

struct LockHolder: Encodable {
    var command: String
    var host: String
    var pid: Int32
    var startedAt: Date

    init(_ owner: SyncLock.Owner) {
        command = owner.command
        host = owner.host
        pid = owner.pid
        startedAt = owner.startedAt
    }
}

struct StoreStatus: Encodable {
    var store: String
    var platform: String
    var lease: LeaseStatus?
    var nextRunAt: Date?
    var lastRun: LastRun?
}

struct LeaseStatus: Encodable {
    var agent: String
    var command: String
    var host: String
    var pid: Int32
    var acquiredAt: Date
    var renewedAt: Date
    var expiresAt: Date
    var expired: Bool
    /// Seconds until it expires (negative: expired that long ago), by the database's clock.
    var expiresInSeconds: Double

    init(_ lease: StoreLease) {
        agent = lease.holder.id
        command = lease.holder.command
        host = lease.holder.host
        pid = lease.holder.pid
        acquiredAt = lease.acquiredAt
        renewedAt = lease.renewedAt
        expiresAt = lease.expiresAt
        expired = lease.isExpired
        expiresInSeconds = (lease.expiresAt.timeIntervalSince(lease.readAt) * 10).rounded() / 10
    }
}

struct AgentStatus: Encodable {
    var agent: String
    var command: String
    var host: String
    var pid: Int32
    var startedAt: Date
    var seenAt: Date
    var nextRunAt: Date?

    init(_ presence: AgentPresence) {
        agent = presence.agent.id
        command = presence.agent.command
        host = presence.agent.host
        pid = presence.agent.pid
        startedAt = presence.startedAt
        seenAt = presence.seenAt
        nextRunAt = presence.nextRunAt
    }
}

/// The newest sync or apply that covered a store, from its run record's summary.
struct LastRun: Encodable {
    var runId: Int64
    var kind: String
    var status: String
    var startedAt: Date
    var finishedAt: Date?
    /// The store's own outcome in that run: its error, when it had one.
    var error: String?
    var changesApplied: Int?

    init?(run: RunRecord, store: StoreID) {
        guard let text = run.summaryJSON, let summary = try? JSONDecoder().decode(RunStores.self, from: Data(text.utf8)),
            let entry = (summary.stores ?? summary.resumed)?.first(where: { $0.store == store.rawValue })
        else { return nil }
        runId = run.id
        kind = run.kind.rawValue
        status = run.status.rawValue
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        error = entry.error ?? entry.apply?.error
        changesApplied = entry.apply?.applied ?? entry.applied
    }

    /// The part of a sync's or an apply's summary this reads (both write `stores`; a resume in
    /// `concord run` writes `resumed`).
    private struct RunStores: Decodable {
        struct Entry: Decodable {
            struct Apply: Decodable {
                var applied: Int?
                var error: String?
            }
            var store: String
            var error: String?
            var apply: Apply?
            var applied: Int?
        }
        var stores: [Entry]?
        var resumed: [Entry]?
    }
}

enum StatusPrinter {
    static func print(_ status: CatalogStatus) {
        let now = Date()
        Swift.print(Terminal.styled("Catalog", .bold) + "  \(status.database)")
        if let lock = status.lockFile {
            Swift.print("Lock file held by \(lock.command) (pid \(lock.pid) on \(lock.host)) since \(ago(lock.startedAt, now: now))")
        }
        Swift.print("")
        let rows = status.stores.map { store -> [String] in
            let holder: String
            if let lease = store.lease {
                holder =
                    lease.expired
                    ? "expired \(Self.seconds(-lease.expiresInSeconds)) ago (\(lease.command), pid \(lease.pid) on \(lease.host))"
                    : "\(lease.command), pid \(lease.pid) on \(lease.host) (expires in \(Self.seconds(lease.expiresInSeconds)))"
            } else {
                holder = "free"
            }
            let last = store.lastRun.map { run in
                // The table keeps the error's start; --json has all of it.
                let outcome = run.error.map { "failed: " + Self.shortened($0, to: 60) } ?? run.status
                return "run \(run.runId) \(run.kind) \(outcome) \(ago(run.finishedAt ?? run.startedAt, now: now))"
            }
            let next = store.nextRunAt.map { $0 <= now ? "now" : "in \(Self.seconds($0.timeIntervalSince(now)))" }
            // A SQLite catalog has no agents sharing it: no leases, no schedule to show.
            if !status.leases { return [store.store, store.platform, last ?? "never synced"] }
            return [store.store, store.platform, holder, last ?? "never synced", next ?? "not scheduled"]
        }
        Swift.print(
            Terminal.table(
                status.leases ? ["STORE", "PLATFORM", "LEASE", "LAST RUN", "NEXT RUN"] : ["STORE", "PLATFORM", "LAST RUN"], rows))
        if !status.agents.isEmpty {
            Swift.print("")
            Swift.print(Terminal.styled("Agents alive", .bold))
            for agent in status.agents {
                Swift.print(
                    "  \(agent.command), pid \(agent.pid) on \(agent.host), up \(Self.seconds(now.timeIntervalSince(agent.startedAt)))")
            }
        }
    }

    /// `text` cut to `limit` characters at a word, with `…`.
    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + " …"
    }

    static func ago(_ date: Date, now: Date) -> String { "\(seconds(now.timeIntervalSince(date))) ago" }

    /// `42 s`, `7 min`, `3 h`, `2 d`.
    static func seconds(_ value: Double) -> String {
        let value = max(0, value)
        if value < 120 { return "\(Int(value.rounded())) s" }
        if value < 7_200 { return "\(Int((value / 60).rounded())) min" }
        if value < 172_800 { return "\(Int((value / 3_600).rounded())) h" }
        return "\(Int((value / 86_400).rounded())) d"
    }
}
