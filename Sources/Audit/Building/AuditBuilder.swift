import CatalogModel
import CatalogStorage
import Foundation
import Reconcile

/// Turns an ``AuditInput`` into an ``AuditReport``: a pure function, so every figure can be
/// checked by hand against a small input.
public enum AuditBuilder {
    public static func build(_ input: AuditInput) -> AuditReport {
        var available: [String: Int] = [:]
        for product in input.catalog {
            for variant in product.variants {
                available[variant.sku.rawValue] = variant.stock.reduce(0) { $0 + max(0, $1.available) }
            }
        }
        let stores = input.stores.map { storeAudit($0, catalogAvailable: available, options: input.options) }
            .sorted(by: worstFirst)
        let audited = input.stores.filter { $0.error == nil }
        let overall = accuracy(compared: audited.map(\.counts))
        let listed = input.stores.compactMap { store in
            store.error == nil ? store.listedStock.map { (store: store.store, stock: $0) } : nil
        }
        let operations = OperationsCalculator.report(
            orders: input.orders, catalog: input.catalog, listedStock: listed, receipts: input.receipts, options: input.options)
        var report = AuditReport(
            generatedAt: input.options.now, source: input.options.source, overall: overall, stores: stores,
            operations: operations, trend: [])
        report.trend = trend(history: input.history, current: report, options: input.options)
        return report
    }

    /// Stores that could not be read first, then the lowest accuracy, then by name.
    static func worstFirst(_ lhs: StoreAudit, _ rhs: StoreAudit) -> Bool {
        if (lhs.error != nil) != (rhs.error != nil) { return lhs.error != nil }
        let left = lhs.accuracy.overall.percent ?? 101
        let right = rhs.accuracy.overall.percent ?? 101
        if left != right { return left < right }
        return lhs.store < rhs.store
    }

    static func accuracy(compared counts: [ReconcileCounts]) -> Accuracy {
        var fields: [FieldAccuracy] = []
        for field in ManagedField.allCases {
            var compared = 0
            var inSync = 0
            for count in counts {
                let tally = count.fieldCounts(field)
                compared += tally.compared
                inSync += tally.inSync
            }
            if compared > 0 { fields.append(FieldAccuracy(field: field.rawValue, accuracy: Ratio(inSync, of: compared))) }
        }
        fields.sort { ($0.accuracy.percent ?? 101, $0.field) < ($1.accuracy.percent ?? 101, $1.field) }
        return Accuracy(
            overall: Ratio(counts.reduce(0) { $0 + $1.fieldsInSync }, of: counts.reduce(0) { $0 + $1.fieldsCompared }),
            fields: fields)
    }

    /// What a store's accuracy covers, and why a managed field was compared nowhere.
    static func coverage(_ input: StoreAuditInput) -> Coverage {
        let counts = input.counts
        var compared: [String] = []
        var left: [Coverage.FieldLeftOut] = []
        let codes = Set(input.findings.map(\.code))
        for field in ManagedField.allCases {
            if counts.fieldCounts(field).compared > 0 {
                compared.append(field.rawValue)
                continue
            }
            let reason: String
            if counts.matched == 0 {
                reason = "no listing matched the catalog"
            } else if field == .stock, codes.contains(.noLocationMapped) {
                reason = "no store location is mapped to a catalog location ([stores.<id>.locations] in concord.toml)"
            } else if field == .stock {
                reason = "no listing's stock was compared (not managed for this store, or the store tracks none)"
            } else {
                reason = "not managed for this store, or no listing carries it"
            }
            left.append(Coverage.FieldLeftOut(field: field.rawValue, reason: reason))
        }
        return Coverage(listings: Ratio(counts.matched, of: counts.listings), fieldsCompared: compared, notCompared: left)
    }

    static func storeAudit(_ input: StoreAuditInput, catalogAvailable: [String: Int], options: AuditOptions) -> StoreAudit {
        var audit = StoreAudit(store: input.store.rawValue, platform: input.platform, error: input.error, fetchedAt: input.fetchedAt)
        guard input.error == nil else { return audit }
        let counts = input.counts
        audit.listings = counts.listings
        audit.matchedListings = counts.matched
        audit.accuracy = accuracy(compared: [counts])
        audit.coverage = coverage(input)
        audit.missingListings = counts.missing
        audit.rules = rules(input.findings)
        if !input.acknowledged.isEmpty { audit.acknowledged = rules(input.acknowledged) }
        audit.listingErrors = input.findings.reduce(0) { $0 + ($1.code.rawValue.hasPrefix("listing.") ? 1 : 0) }
        audit.orphans = input.findings.reduce(0) { $0 + ($1.code == .orphan ? 1 : 0) }
        audit.stockExposure = stockExposure(input, catalogAvailable: catalogAvailable, options: options)
        audit.priceDeviation = priceDeviation(input.findings)
        return audit
    }

    /// The kind a finding is counted as, the same way plan, sync and run records count it.
    static func kind(of finding: Finding) -> RuleCount.Kind {
        if finding.isListingError { return .listingError }
        if finding.isRisk { return .risk }
        if finding.code.rawValue.hasPrefix("drift.") { return .drift }
        return .info
    }

    /// The name a finding is listed under: the catalog SKU, else the store's SKU text.
    static func label(_ finding: Finding) -> String? {
        if let sku = finding.sku { return sku.rawValue }
        guard let text = finding.storeSKU else { return nil }
        return text.trimmingCharacters(in: .whitespaces).isEmpty ? "(blank)" : text
    }

    static func rules(_ findings: [Finding]) -> [RuleCount] {
        var byCode: [FindingCode: (severity: Severity, count: Int, skus: Set<String>, kind: RuleCount.Kind)] = [:]
        for finding in findings {
            var entry = byCode[finding.code] ?? (finding.severity, 0, [], kind(of: finding))
            entry.severity = max(entry.severity, finding.severity)
            entry.count += 1
            if let label = label(finding) { entry.skus.insert(label) }
            // A code that is a risk for one listing is a risk for the report.
            if entry.kind != .risk, kind(of: finding) == .risk { entry.kind = .risk }
            byCode[finding.code] = entry
        }
        return byCode.map {
            RuleCount(
                code: $0.key.rawValue, severity: $0.value.severity.rawValue, count: $0.value.count, skus: $0.value.skus.sorted(),
                kind: $0.value.kind, name: FindingRule.rule(for: $0.key)?.summary)
        }
        .sorted { ($1.count, $0.code) < ($0.count, $1.code) }
    }

    static func stockExposure(_ input: StoreAuditInput, catalogAvailable: [String: Int], options: AuditOptions) -> StockExposure {
        var exposure = StockExposure()
        var lost: Set<String> = []
        for finding in input.findings {
            if finding.code == .oversellRisk {
                exposure.oversellListings += 1
                exposure.oversellUnits += finding.units ?? 0
            } else if finding.code == .activeOutOfStock, let sku = finding.sku, catalogAvailable[sku.rawValue, default: 0] > 0 {
                lost.insert(sku.rawValue)
            }
        }
        exposure.lostSalesSkus = lost.sorted()
        exposure.staleAfterHours = options.staleAfterHours
        if let fetchedAt = input.fetchedAt {
            let hours = max(0, options.now.timeIntervalSince(fetchedAt)) / 3_600
            exposure.stockReadAt = fetchedAt
            exposure.stockAgeHours = (hours * 100).rounded() / 100
            exposure.stale = hours > Double(options.staleAfterHours)
        }
        return exposure
    }

    static func priceDeviation(_ findings: [Finding]) -> PriceDeviation {
        var deviation = PriceDeviation()
        var totals: [CurrencyCode: Int64] = [:]
        var items: [(Int64, PriceDeviationItem)] = []
        for finding in findings where finding.code.rawValue.hasPrefix("drift.") {
            guard let field = finding.field, field == .price || field == .compareAtPrice,
                case .money(let expected)? = finding.canonical, case .money(let actual)? = finding.storeValue,
                expected.currency == actual.currency, expected != actual
            else { continue }
            let difference = Money(minorUnits: actual.minorUnits - expected.minorUnits, currency: actual.currency)
            totals[actual.currency, default: 0] += abs(difference.minorUnits)
            items.append(
                (
                    abs(difference.minorUnits),
                    PriceDeviationItem(
                        sku: finding.sku?.rawValue ?? finding.storeSKU ?? "", field: field.key, expected: amount(expected),
                        actual: amount(actual), difference: amount(difference))
                ))
        }
        deviation.listings = items.count
        deviation.items = items.sorted { ($1.0, $0.1.sku) < ($0.0, $1.1.sku) }.map(\.1)
        deviation.totalAbsolute = totals.keys.sorted { $0.code < $1.code }.map {
            amount(Money(minorUnits: totals[$0]!, currency: $0))
        }
        return deviation
    }

    static func amount(_ money: Money) -> MoneyAmount { MoneyAmount(amount: money.amountString, currency: money.currency.code) }

    // MARK: Trend and run summary

    static func trend(history: [RunRecord], current: AuditReport, options: AuditOptions) -> [TrendPoint] {
        var points: [TrendPoint] = []
        for run in history where run.status != .running && run.id != options.runID {
            // A run that audited no store (every store unreachable) has no accuracy to plot; an
            // offline audit re-measured a read already plotted; an incremental read measured only
            // the listings that changed, which would show a partial store as a whole one.
            guard var summary = RunSummary.parse(run.summaryJSON), summary.offline != true else { continue }
            summary.stores.removeAll { $0.incremental == true }
            guard !summary.stores.isEmpty else { continue }
            points.append(point(summary, runID: run.id, kind: run.kind.rawValue, startedAt: run.startedAt))
        }
        points.sort { ($0.startedAt, $0.runId) < ($1.startedAt, $1.runId) }
        points.append(point(current.runSummary(), runID: options.runID ?? 0, kind: RunKind.audit.rawValue, startedAt: options.now))
        return points
    }

    static func point(_ summary: RunSummary, runID: Int64, kind: String, startedAt: Date) -> TrendPoint {
        let stores = summary.stores.map {
            TrendStore(store: $0.store, accuracy: Ratio($0.fieldsInSync, of: $0.fieldsCompared), listingErrors: $0.listingErrors)
        }.sorted { $0.store < $1.store }
        return TrendPoint(
            runId: runID, kind: kind, startedAt: startedAt,
            overall: Ratio(stores.reduce(0) { $0 + $1.accuracy.numerator }, of: stores.reduce(0) { $0 + $1.accuracy.denominator }),
            listingErrors: stores.reduce(0) { $0 + $1.listingErrors }, stores: stores)
    }
}

extension AuditReport {
    /// What this audit records in its run record, in the shape syncs record too.
    public func runSummary() -> RunSummary {
        RunSummary(
            stores: stores.filter { $0.error == nil }.map { store in
                RunStoreSummary(
                    store: store.store, fieldsCompared: store.accuracy.overall.denominator,
                    fieldsInSync: store.accuracy.overall.numerator,
                    fields: Dictionary(
                        uniqueKeysWithValues: store.accuracy.fields.map {
                            ($0.field, FieldTally(compared: $0.accuracy.denominator, inSync: $0.accuracy.numerator))
                        }),
                    findingsByCode: Dictionary(uniqueKeysWithValues: store.rules.map { ($0.code, $0.count) }),
                    listingErrors: store.listingErrors)
            })
    }
}
