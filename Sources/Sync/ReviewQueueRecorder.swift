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
    public let catalog: any CatalogRecords & ReviewStore & RunLog

    public init(catalog: any CatalogRecords & ReviewStore & RunLog) {
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
        // Adopting an orphan merges into the catalog as it is now: read it once, only when needed.
        var existing: (products: [Product], locations: [Location])?
        for report in planned {
            let storeConfiguration = configuration?.stores.first(where: { $0.id == report.store })
            let priceRule = storeConfiguration?.priceRule ?? PriceRule()
            var adoptions: [String: Result<ListingAdoption, AdoptionRefusal>] = [:]
            let orphans = Self.orphanListings(of: report)
            if !orphans.isEmpty {
                if existing == nil { existing = (try await catalog.allProducts(), try await catalog.locations()) }
                adoptions = Self.adoptions(of: orphans, report: report, configuration: storeConfiguration, existing: existing!)
            }
            let items = Self.items(for: report, priceRule: priceRule, now: now, adoptions: adoptions)
            var update = try await catalog.replaceReviewQueue(store: report.store, items: items, runID: run, scope: report.readSKUs)
            // Findings answered in review were set apart by the planner; they are what the suppressions kept out.
            update.suppressed += report.acknowledged.count
            recording.updates[report.store] = update
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
    /// syncs, prices that cannot be computed); the SKUs carried by several listings and the
    /// listings matched ambiguously by barcode (choose THE listing); orphan listings (ignore or
    /// adopt); missing listings (not sold here); and the error-level listing problems on catalog
    /// SKUs (acknowledge).
    ///
    /// - Parameter adoptions: what adopting each orphan listing (by variant id) would write, or
    ///   why it cannot be adopted (see ``adoptions(of:report:configuration:existing:)``).
    public static func items(
        for report: StorePlanReport, priceRule: PriceRule = PriceRule(), now: Date,
        adoptions: [String: Result<ListingAdoption, AdoptionRefusal>] = [:]
    ) -> [ReviewItem] {
        guard let plan = report.plan else { return [] }
        let pricesFollowRule = !PriceCalculator(rule: priceRule).allowsPull
        let listings = Dictionary(report.reviewListings.map { ($0.ref.variantID, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [ReviewItem] = []
        var seen = Set<String>()
        func add(
            _ finding: Finding, kind: ReviewItem.Kind, sku: SKU, field: Change.Field?, listing: String? = nil,
            storeValue: FieldValue? = nil,
            detail: ListingReviewDetail? = nil
        ) {
            let listing = listing ?? (kind.isFieldDifference ? nil : finding.ref?.variantID)
            guard seen.insert("\(sku.rawValue)\u{1F}\(field?.key ?? "")\u{1F}\(finding.code.rawValue)\u{1F}\(listing ?? "")").inserted
            else { return }
            var blocked: String?
            if pricesFollowRule, field == .price || field == .compareAtPrice {
                blocked =
                    "\(report.store)'s prices follow its price rule, so its price cannot be taken into the catalog; keep canonical (c) or change the catalog price with concord catalog import"
            }
            items.append(
                ReviewItem(
                    store: report.store, sku: sku, field: field, kind: kind, code: finding.code.rawValue,
                    explanation: finding.explanation, listing: listing, base: finding.base, canonical: finding.canonical,
                    storeValue: storeValue ?? finding.storeValue, detectedAt: now, takeBlockedReason: blocked, detail: detail))
        }
        func candidate(_ ref: RemoteRef?, storeSKU: String?) -> ListingCandidate? {
            guard let ref else { return nil }
            return listings[ref.variantID].map(ListingCandidate.init) ?? ListingCandidate(ref: ref, rawSKU: storeSKU ?? "", title: "")
        }
        for finding in plan.reviews {
            guard let sku = finding.sku, let field = finding.field else { continue }
            add(finding, kind: kind(of: finding.code), sku: sku, field: field)
        }
        // Listings carrying one catalog SKU: one item per SKU, to choose between them. A listing
        // that lost to a stored mapping (`units` nil) is already settled: the mapping is the choice.
        var carriers: [SKU: [Finding]] = [:]
        var carrierOrder: [SKU] = []
        for finding in report.findings where finding.code == .duplicateSKU && finding.units != nil {
            guard let sku = finding.sku else { continue }
            if carriers[sku] == nil { carrierOrder.append(sku) }
            carriers[sku, default: []].append(finding)
        }
        for sku in carrierOrder {
            let group = carriers[sku]!
            let candidates = group.compactMap { candidate($0.ref, storeSKU: $0.storeSKU) }
            let refs = candidates.map { "\($0.ref.productID)/\($0.ref.variantID)" }.sorted()
            add(
                group[0], kind: .ambiguousMatch, sku: sku, field: nil, listing: "", storeValue: .list(refs),
                detail: ListingReviewDetail(candidates: candidates, storeSKU: group[0].storeSKU))
        }
        for finding in report.findings where finding.action == .none {
            switch finding.code {
            case .duplicateSKU:
                continue
            case .barcodePointsElsewhere, .ambiguousBarcode:
                // One item per catalog SKU the listing could be: choosing it maps that SKU to it.
                let skus = finding.sku.map { [$0] } ?? finding.related
                let detail = ListingReviewDetail(
                    candidates: candidate(finding.ref, storeSKU: finding.storeSKU).map { [$0] } ?? [], storeSKU: finding.storeSKU)
                for sku in skus { add(finding, kind: .ambiguousMatch, sku: sku, field: finding.field ?? .barcode, detail: detail) }
            case .orphan:
                guard let text = finding.storeSKU, let sku = SKU(text) else { continue }
                var detail = ListingReviewDetail(
                    candidates: candidate(finding.ref, storeSKU: text).map { [$0] } ?? [], storeSKU: text)
                switch finding.ref.flatMap({ adoptions[$0.variantID] }) {
                case .success(let adoption)?: detail.adoption = adoption
                case .failure(let refusal)?: detail.adoptBlockedReason = refusal.message
                case nil: detail.adoptBlockedReason = "the listing was not read in full by this plan; re-run concord plan"
                }
                add(finding, kind: .orphan, sku: sku, field: nil, detail: detail)
            case .missingListing:
                guard let sku = finding.sku else { continue }
                add(finding, kind: .missingListing, sku: sku, field: nil, listing: "")
            default:
                guard finding.severity == .error, finding.code.rawValue.hasPrefix("listing."), let sku = finding.sku else { continue }
                add(
                    finding, kind: .listingError, sku: sku, field: finding.field,
                    detail: candidate(finding.ref, storeSKU: finding.storeSKU).map { ListingReviewDetail(candidates: [$0]) })
            }
        }
        return items
    }

    /// Why an orphan listing cannot be adopted, in words that say what to do.
    public struct AdoptionRefusal: Error, Hashable, Sendable {
        public var message: String
    }

    /// The orphan listings of a report, as read.
    static func orphanListings(of report: StorePlanReport) -> [Listing] {
        let orphans = Set(report.findings.filter { $0.code == .orphan }.compactMap { $0.ref?.variantID })
        guard !orphans.isEmpty else { return [] }
        return report.reviewListings.filter { orphans.contains($0.ref.variantID) }
    }

    /// What adopting each orphan listing would write, worked out as `concord catalog pull` would
    /// merge those listings into the catalog as it is now, keyed by the listing's variant id.
    public static func adoptions(
        of orphans: [Listing], report: StorePlanReport, configuration: StoreConfiguration?,
        existing: (products: [Product], locations: [Location])
    ) -> [String: Result<ListingAdoption, AdoptionRefusal>] {
        guard !orphans.isEmpty else { return [:] }
        let configuration =
            configuration ?? StoreConfiguration(id: report.store, platform: report.platform, url: URL(string: "http://127.0.0.1")!)
        let snapshot = StoreSnapshot(
            store: report.store, fetchedAt: report.fetchedAt ?? Date(), isComplete: false, listings: orphans,
            locations: report.storeLocations,
            nextCursor: nil)
        let pulled = CatalogPull.plan(snapshot, configuration: configuration, existing: existing, mode: .merge)
        var result: [String: Result<ListingAdoption, AdoptionRefusal>] = [:]
        for skipped in pulled.skipped {
            result[skipped.variantID] = .failure(
                AdoptionRefusal(message: skipped.reason.replacingOccurrences(of: "pull again", with: "re-run concord plan")))
        }
        for listing in orphans where result[listing.ref.variantID] == nil {
            guard let sku = listing.sku, let product = pulled.products.first(where: { $0.variants.contains { $0.sku == sku } }),
                let variant = product.variants.first(where: { $0.sku == sku })
            else {
                result[listing.ref.variantID] = .failure(
                    AdoptionRefusal(message: "the listing cannot be adopted as it is; add it with concord catalog import"))
                continue
            }
            var template = product
            template.variants = []
            let codes = Set(variant.stock.map(\.location))
            let bases = Dictionary(
                pulled.bases.filter { $0.key.sku == sku }.map { ($0.key.field.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            result[listing.ref.variantID] = .success(
                ListingAdoption(
                    handle: product.handle, product: template, variant: variant,
                    locations: pulled.locations.filter { codes.contains($0.code) && !existing.locations.contains($0) },
                    ref: listing.ref, bases: bases))
        }
        return result
    }

    /// The listings a plan's findings ask a person about (orphans, SKUs carried twice, ambiguous
    /// barcode matches), picked out of the snapshot so that the queue can show and adopt them.
    public static func listingsInQuestion(_ findings: [Finding], snapshot: StoreSnapshot) -> [Listing] {
        var refs = Set<String>()
        for finding in findings {
            switch finding.code {
            case .orphan, .duplicateSKU, .barcodePointsElsewhere, .ambiguousBarcode:
                if let ref = finding.ref { refs.insert(ref.variantID) }
            default:
                if finding.severity == .error, finding.code.rawValue.hasPrefix("listing."), let ref = finding.ref {
                    refs.insert(ref.variantID)
                }
            }
        }
        guard !refs.isEmpty else { return [] }
        return snapshot.listings.filter { refs.contains($0.ref.variantID) }
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
