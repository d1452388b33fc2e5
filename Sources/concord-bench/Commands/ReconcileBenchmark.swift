import ArgumentParser
import CatalogModel
import Planning
import Reconcile
import SimulatorCore

/// `concord-bench reconcile`: reconcile + plan of N variants against S stores, no network.
struct ReconcileBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Time reconcile + plan of a generated catalog against generated store snapshots.",
        discussion: """
            The catalog is indexed once; each store's snapshot, bases and mappings are generated, \
            reconciled and planned, then dropped before the next store, so only one store is in \
            memory at a time. Only Reconciler.reconcile and Planner.plan are timed ("seconds"). \
            Stores take the Shopify, WooCommerce and Magento id styles and batch sizes in turn. \
            The last line of standard output is one JSON object.
            """
    )

    enum Generator: String, ExpressibleByArgument, CaseIterable {
        /// `SyntheticCatalog`: fast, made for millions of variants.
        case synthetic
        /// `SimulatorCore.CatalogGenerator`: the simulator's realistic catalog (slower).
        case simulator
    }

    @Option(help: "Catalog variants.")
    var variants: Int = 100_000

    @Option(help: "Stores reconciled against the catalog, one after another.")
    var stores: Int = 3

    @Option(help: "Share of each store's variants (0...1) with one drifted field.")
    var drift: Double = 0.05

    @Option(help: "Seed of the catalog and the stores; same seed, same data.")
    var seed: UInt64 = 42

    @Option(help: "Variants per product (1...9; synthetic generator).")
    var variantsPerProduct: Int = 5

    @Option(help: "Catalog generator: synthetic or simulator.")
    var generator: Generator = .synthetic

    func validate() throws {
        guard variants > 0 else { throw ValidationError("--variants must be positive") }
        guard stores > 0 else { throw ValidationError("--stores must be positive") }
        guard (0...1).contains(drift) else { throw ValidationError("--drift is a share between 0 and 1") }
        guard (1...SyntheticCatalog.maxVariantsPerProduct).contains(variantsPerProduct) else {
            throw ValidationError("--variants-per-product must be between 1 and \(SyntheticCatalog.maxVariantsPerProduct)")
        }
    }

    func run() async throws {
        progress("generating \(variants) variants (\(generator.rawValue) generator, seed \(seed))")
        let (products, generateSeconds) = timed { makeCatalog() }
        let variantCount = products.reduce(0) { $0 + $1.variants.count }
        progress(
            "catalog: \(products.count) products, \(variantCount) variants in \(format(generateSeconds)) s, "
                + "rss \(formatBytes(ProcessMemory.residentBytes))")

        let (index, indexSeconds) = timed { CatalogIndex(products: products) }
        progress("index built in \(format(indexSeconds)) s, rss \(formatBytes(ProcessMemory.residentBytes))")
        let catalogResident = ProcessMemory.residentBytes

        var totals = Totals()
        for storeIndex in 0..<stores {
            let style = StoreStyle.allCases[storeIndex % StoreStyle.allCases.count]
            let (store, storeSeconds) = timed {
                SyntheticStore.make(
                    index: storeIndex, style: style, products: products, variantCount: variantCount, drift: drift,
                    seed: seed)
            }
            totals.storeGenerateSeconds += storeSeconds
            let drifted = store.drifted.values.reduce(0, +)
            progress(
                "store \(store.policy.store): \(store.snapshot.listings.count) listings, \(store.bases.count) bases, "
                    + "\(drifted) drifted, made in \(format(storeSeconds)) s")

            let (result, reconcileSeconds) = timed {
                Reconciler.reconcile(
                    ReconcileInput(
                        catalog: index, snapshot: store.snapshot, bases: store.bases, mappings: store.mappings,
                        policy: store.policy))
            }
            // The guard still runs; allowing the mass change keeps the batches, so the whole plan is timed.
            let (plan, planSeconds) = timed {
                Planner.plan(result, limits: style.planningLimits, guard: MassChangeGuard(), allowMassChange: true)
            }
            totals.add(result: result, plan: plan, reconcileSeconds: reconcileSeconds, planSeconds: planSeconds)
            progress(
                "store \(store.policy.store): reconcile \(format(reconcileSeconds)) s, plan \(format(planSeconds)) s; "
                    + "\(result.findings.count) findings, \(plan.changes.count) changes in \(plan.batches.count) batches, "
                    + "\(plan.reviews.count) reviews, guard: \(plan.verdict.reasons.map(\.code.rawValue)); "
                    + "peak rss \(formatBytes(ProcessMemory.peakResidentBytes))")
        }

        var report = BenchReport()
        report["variants"] = .int(variantCount)
        report["stores"] = .int(stores)
        report["drift"] = .double(drift)
        report["findings"] = .int(totals.findings)
        report["changes"] = .int(totals.changes)
        report["seconds"] = .double(totals.reconcileSeconds + totals.planSeconds)
        report["index_seconds"] = .double(indexSeconds)
        report["peak_rss_bytes"] = ProcessMemory.peakResidentBytes.map(BenchReport.Value.int)
        report["reconcile_seconds"] = .double(totals.reconcileSeconds)
        report["plan_seconds"] = .double(totals.planSeconds)
        report["batches"] = .int(totals.batches)
        report["pushes"] = .int(totals.pushes)
        report["reviews"] = .int(totals.reviews)
        report["missing"] = .int(totals.missing)
        report["products"] = .int(products.count)
        report["generator"] = .string(generator.rawValue)
        report["seed"] = .int(Int(truncatingIfNeeded: seed))
        report["generate_seconds"] = .double(generateSeconds)
        report["store_generate_seconds"] = .double(totals.storeGenerateSeconds)
        report["catalog_rss_bytes"] = catalogResident.map(BenchReport.Value.int)
        print(report.jsonLine)
    }

    /// The catalog, cut to exactly `variants` variants.
    func makeCatalog() -> [Product] {
        switch generator {
        case .synthetic:
            return SyntheticCatalog(seed: seed, variantCount: variants, variantsPerProduct: variantsPerProduct)
                .makeProducts()
        case .simulator:
            // CatalogGenerator averages about four variants a product; ask for enough, then cut.
            var products = CatalogGenerator(seed: seed, productCount: max(1, variants / 3)).generate().products
            var remaining = variants
            var kept = 0
            while kept < products.count, remaining > 0 {
                if products[kept].variants.count > remaining {
                    products[kept].variants.removeLast(products[kept].variants.count - remaining)
                }
                remaining -= products[kept].variants.count
                kept += 1
            }
            products.removeLast(products.count - kept)
            return products
        }
    }

    struct Totals {
        var findings = 0
        var changes = 0
        var batches = 0
        var pushes = 0
        var reviews = 0
        var missing = 0
        var reconcileSeconds = 0.0
        var planSeconds = 0.0
        var storeGenerateSeconds = 0.0

        mutating func add(result: ReconcileResult, plan: StorePlan, reconcileSeconds: Double, planSeconds: Double) {
            findings += result.findings.count
            changes += plan.changes.count
            batches += plan.batches.count
            pushes += result.counts.pushes
            reviews += result.counts.reviews
            missing += result.counts.missing
            self.reconcileSeconds += reconcileSeconds
            self.planSeconds += planSeconds
        }
    }
}

/// Seconds with three decimals, for progress lines.
func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
