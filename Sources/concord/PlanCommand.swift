import ArgumentParser
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import HTTPClient
import Planning
import Reconcile
import StorefrontAdapter
import Sync

/// `concord plan`: read each store, compare it with the catalog and the last synced state, and say
/// what a sync would change, like `terraform plan`. Writes nothing to any store.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Read the stores and show what a sync would change (writes nothing).",
        discussion: """
            Fetches each store (only what changed since the last sync when neither the catalog nor \
            the orders Concord has ingested moved since; the whole store otherwise or with --full), \
            reconciles it against the catalog (three-way, with the last synced values), and prints per store what would be pushed, what needs a person (conflicts, \
            first-sync differences in descriptive fields), the listing errors found, the write calls \
            it would cost, and whether the mass-change guard would refuse it. --verbose lists every \
            change, stock changes with the rule chain that produced the quantity ("on hand 40 − \
            committed 6 − buffer 2 = 32 → 60% = 19 → max 15 → 15"). Warnings include \
            stock.channels-oversell when the stores together show more than is sellable. Orphans \
            ignored and listing errors acknowledged in concord review are shown apart ("known  3 \
            acknowledged"; "acknowledged" in --json) and not counted as listing errors.

            Exit status: 0 nothing to do, 2 changes or conflicts present, 1 an error (a store could \
            not be read, bad configuration) — like terraform plan -detailed-exitcode.
            """
    )

    @Option(name: .customLong("store"), help: "Plan only these stores (repeatable; default all in concord.toml).")
    var stores: [String] = []

    @Option(name: .customLong("out"), help: "Also write the plan, with each change's expected store value, to this JSON file.")
    var out: String?

    @Flag(help: "Plan even changes the mass-change guard would refuse (the reasons are still shown).")
    var allowMassChange = false

    @Flag(help: "Read every store whole, even where reading what changed since the last sync would do.")
    var full = false
    @Flag(help: "List every change with its reason (for stock, the allocation rule chain that produced the quantity).")
    var verbose = false

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard let configuration = try global.loadConfiguration(required: true) else { return }
        let selected = try StoreSelection.select(stores, from: configuration)
        let catalog = try await global.openStore(configuration: configuration)
        guard try await catalog.stats().variants > 0 else {
            throw CLIError("the catalog is empty; import it first (concord catalog import FILE), or adopt a store's listings")
        }
        let revision = try await catalog.catalogRevision()
        let connections = StoreConnections(stores: selected, configuration: configuration, global: global)
        defer { connections.shutdown() }
        // Units on open orders already ingested are left out of sellable stock; a store is read
        // incrementally when nothing moved since its last settled sync (a plan ingests nothing).
        let basis = try await SyncBasis.current(catalog, stores: configuration.stores)
        var planner = SyncPlanner(catalog: catalog, allowMassChange: allowMassChange)
        planner.committed = basis.committed
        if !full { planner.incrementalFrom = try await basis.incrementalCursors(for: connections.entries, in: catalog) }
        let reports = try await planner.plan(connections.entries) + connections.failureReports
        // Local bookkeeping: what needs a person becomes the review queue (`concord review`).
        _ = try await ReviewQueueRecorder(catalog: catalog).record(reports, configuration: configuration)

        var document = PlanDocument(reports: reports, createdAt: Date(), catalogRevision: revision)
        PlanSignature.sign(&document, with: try await catalog.planSigningKey())
        if let out {
            let data = try document.encoded()
            guard FileManager.default.createFile(atPath: out, contents: data) else {
                throw CLIError("cannot write the plan to \(out); check the folder exists and is writable")
            }
        }
        if output.json {
            FileHandle.standardOutput.write(try document.encoded(summaryOnly: true))
            print()
        } else {
            PlanPrinter.print(reports, planFile: out, verbose: verbose)
        }
        if reports.contains(where: { $0.error != nil }) { throw ExitCode.failure }
        if reports.contains(where: \.hasWork) { throw ExitCode(2) }
    }
}

/// The human form of a plan.
enum PlanPrinter {
    static func print(_ reports: [StorePlanReport], planFile: String?, verbose: Bool = false) {
        for report in reports {
            Swift.print(Terminal.styled("\(report.store)", .bold) + " (\(report.platform.displayName))")
            guard let plan = report.plan else {
                Swift.print("  " + Terminal.styled("error", .red) + "  " + Terminal.visible(report.error ?? "unknown"))
                continue
            }
            Swift.print(
                String(
                    format: "  read   %d listings in %.1f s, reconciled in %.2f s", report.listingsRead, report.fetchSeconds,
                    report.reconcileSeconds))
            if plan.changes.isEmpty {
                Swift.print("  push   nothing")
            } else {
                let byField = Dictionary(grouping: plan.changes, by: { ManagedField($0.field).rawValue }).mapValues(\.count)
                let parts = byField.keys.sorted().map { "\(byField[$0]!) \($0)" }.joined(separator: ", ")
                Swift.print(
                    "  push   \(plan.changes.count) changes (\(parts)) in \(plan.estimatedWriteCalls) write call\(plan.estimatedWriteCalls == 1 ? "" : "s")"
                )
                if verbose {
                    for change in plan.changes {
                        let why = change.reason.map { "  (\($0))" } ?? ""
                        Swift.print(
                            Terminal.styled(
                                "         \(change.sku) \(change.field.key): \(change.expected ?? .none) → \(change.new)\(why)", .dim))
                    }
                }
            }
            if !plan.pulls.isEmpty { Swift.print("  pull   \(plan.pulls.count) store values into the catalog") }
            if !plan.reviews.isEmpty {
                Swift.print("  review \(plan.reviews.count) for a person (conflicts, first-sync differences)")
                for finding in plan.reviews.prefix(5) { Swift.print(Terminal.styled("         \(finding.explanation)", .dim)) }
            }
            for (label, findings) in [("errors", report.findings.filter(\.isListingError)), ("risks ", report.findings.filter(\.isRisk))]
            where !findings.isEmpty {
                let byCode = Dictionary(grouping: findings, by: \.code.rawValue).mapValues(\.count)
                Swift.print("  \(label) " + byCode.keys.sorted().map { "\($0) ×\(byCode[$0]!)" }.joined(separator: ", "))
            }
            if !report.acknowledged.isEmpty {
                // Answered in concord review: shown apart, never counted as errors.
                let byCode = Dictionary(grouping: report.acknowledged, by: \.code.rawValue).mapValues(\.count)
                let codes = byCode.keys.sorted().map { "\($0) ×\(byCode[$0]!)" }.joined(separator: ", ")
                Swift.print(Terminal.styled("  known  \(report.acknowledged.count) acknowledged (concord review): \(codes)", .dim))
            }
            if plan.verdict.reasons.isEmpty {
                Swift.print("  guard  ok")
            } else {
                for reason in plan.verdict.reasons {
                    Swift.print(
                        "  guard  " + Terminal.styled(plan.isRefused ? "REFUSED" : "allowed", plan.isRefused ? .red : .yellow)
                            + ": \(reason.message)")
                }
            }
        }
        let changes = reports.compactMap(\.plan).reduce(0) { $0 + $1.changes.count }
        let calls = reports.compactMap(\.plan).reduce(0) { $0 + $1.estimatedWriteCalls }
        Swift.print("")
        Swift.print(
            "Plan: \(changes) change\(changes == 1 ? "" : "s") in \(calls) write call\(calls == 1 ? "" : "s") across \(reports.count) store\(reports.count == 1 ? "" : "s"). Nothing was written."
                + (planFile.map { " Saved to \($0)." } ?? ""))
    }
}
