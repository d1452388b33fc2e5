import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Planning
import Reconcile

/// Keeps the review queue in step with the latest plan: turns each planned store's findings for a
/// person into ``ReviewItem``s, records them (keeping what people already decided), and lets the
/// remembered rules answer the items they match.
///
/// Recording is local bookkeeping in the catalog database; no store is written. A store that could
/// not be read keeps its previous queue, since nothing new is known about it.
public struct ReviewQueueRecorder: Sendable {
    public let catalog: any CatalogStore

    public init(catalog: any CatalogStore) {
        self.catalog = catalog
    }

    /// What recording did, per store, and how many items rules answered.
    public struct Recording: Sendable {
        public var runID: Int64?
        public var updates: [StoreID: ReviewQueueUpdate] = [:]
        public var decidedByRules = 0
    }

    /// Records every planned store's queue.
    ///
    /// - Parameters:
    ///   - reports: the plan, per store; failed stores are skipped.
    ///   - configuration: the stores' configuration, for their price rules (a store whose prices
    ///     follow a rule cannot hand its price back to the catalog).
    ///   - runID: the run the plan belongs to; when `nil`, a `plan` run is recorded for it, so that
    ///     every item can say which run found it.
    ///   - now: the detection time.
    public func record(
        _ reports: [StorePlanReport], configuration: ConcordConfiguration? = nil, runID: Int64? = nil, now: Date = Date()
    ) async throws -> Recording {
        let planned = reports.filter { $0.plan != nil && $0.error == nil }
        var recording = Recording()
        guard !planned.isEmpty else { return recording }
        var run = runID
        if run == nil { run = try await catalog.startRun(kind: .plan, startedAt: now) }
        recording.runID = run
        let rules = try await catalog.reviewRules()
        for report in planned {
            let priceRule = configuration?.stores.first(where: { $0.id == report.store })?.priceRule ?? PriceRule()
            let items = Self.items(for: report, priceRule: priceRule, now: now)
            recording.updates[report.store] = try await catalog.replaceReviewQueue(store: report.store, items: items, runID: run, scope: report.readSKUs)
            let storeRules = rules.filter { $0.store == report.store }
            guard !storeRules.isEmpty else { continue }
            for item in try await catalog.reviewQueue(store: report.store) where item.state == .open {
                guard let rule = storeRules.first(where: { $0.matches(item) }), let id = item.id, let ruleID = rule.id,
                    item.refusal(of: rule.choice) == nil
                else { continue }
                _ = try await catalog.decideReviewItem(id, choice: rule.choice, value: nil, ruleID: ruleID, at: now)
                recording.decidedByRules += 1
            }
        }
        if runID == nil, let run {
            let total = recording.updates.values.reduce(0) { $0 + $1.added }
            try await catalog.finishRun(
                run, status: .succeeded, finishedAt: Date(),
                summaryJSON: #"{"review_items_added":\#(total),"review_items_decided_by_rules":\#(recording.decidedByRules)}"#)
        }
        return recording
    }

    /// The queue items of one store's plan: its reviews (conflicts, reviewed store edits and first
    /// syncs, prices that cannot be computed), the listings matched ambiguously by barcode, and the
    /// error-level listing problems on catalog SKUs.
    public static func items(for report: StorePlanReport, priceRule: PriceRule = PriceRule(), now: Date) -> [ReviewItem] {
        guard let plan = report.plan else { return [] }
        let pricesFollowRule = !PriceCalculator(rule: priceRule).allowsPull
        var items: [ReviewItem] = []
        var seen = Set<String>()
        func add(_ finding: Finding, kind: ReviewItem.Kind, sku: SKU, field: Change.Field) {
            let listing = kind.isFieldDifference ? nil : finding.ref?.variantID
            guard seen.insert("\(sku.rawValue)\u{1F}\(field.key)\u{1F}\(finding.code.rawValue)\u{1F}\(listing ?? "")").inserted else { return }
            var blocked: String?
            if pricesFollowRule, field == .price || field == .compareAtPrice {
                blocked = "\(report.store)'s prices follow its price rule, so its price cannot be taken into the catalog; keep canonical (c) or change the catalog price with concord catalog import"
            }
            items.append(
                ReviewItem(
                    store: report.store, sku: sku, field: field, kind: kind, code: finding.code.rawValue,
                    explanation: finding.explanation, listing: listing, base: finding.base, canonical: finding.canonical,
                    storeValue: finding.storeValue, detectedAt: now, takeBlockedReason: blocked))
        }
        for finding in plan.reviews {
            guard let sku = finding.sku, let field = finding.field else { continue }
            add(finding, kind: kind(of: finding.code), sku: sku, field: field)
        }
        for finding in report.findings where finding.action == .none {
            switch finding.code {
            case .barcodePointsElsewhere, .ambiguousBarcode:
                guard let sku = finding.sku ?? finding.related.first else { continue }
                add(finding, kind: .ambiguousMatch, sku: sku, field: finding.field ?? .barcode)
            default:
                guard finding.severity == .error, finding.code.rawValue.hasPrefix("listing."), let sku = finding.sku,
                    let field = finding.field
                else { continue }
                add(finding, kind: .listingError, sku: sku, field: field)
            }
        }
        return items
    }

    /// The queue kind of a finding a person must decide.
    static func kind(of code: FindingCode) -> ReviewItem.Kind {
        switch code {
        case .conflict: .conflict
        case .storeEdited: .storeEdit
        case .firstSync: .firstSync
        default: .listingError
        }
    }
}
