import CatalogModel

/// The working state of one store's reconciliation (see ``Reconciler``): it runs the passes and
/// hands each listing to the part that decides about it.
///
/// Two passes over the listings: the first finds each listing's candidate variant and counts the
/// claims on every variant, so that duplicates are known before anything is matched; the second
/// settles each listing. A final pass over the catalog finds the variants nobody listed.
///
/// Settling a listing is three jobs, each its own type, which write to one ``ReconcileOutput``
/// in the order they run: the ``ListingMatcher`` decides which variant it is, the
/// ``FieldComparator`` compares its fields three ways, the ``StockComparison`` its stock; the
/// listing-error rules follow (`StoreReconciliation+ListingErrors.swift`).
struct StoreReconciliation: Sendable {
    let catalog: CatalogIndex
    let snapshot: StoreSnapshot
    let listings: [Listing]
    let policy: StorePolicy
    let levels: RuleLevels
    var matcher: ListingMatcher
    let fields: FieldComparator
    var stock: StockComparison
    var output: ReconcileOutput

    init(_ input: ReconcileInput) {
        catalog = input.catalog
        snapshot = input.snapshot
        listings = input.snapshot.listings
        policy = input.policy
        levels = RuleLevels(input.policy)
        matcher = ListingMatcher(catalog: input.catalog, mappings: input.mappings, levels: levels)
        fields = FieldComparator(policy: input.policy, bases: input.bases)
        stock = StockComparison(input, levels: levels)
        output = ReconcileOutput(store: input.policy.store)
    }

    // MARK: Passes

    /// Runs the passes over `chunks` runs of consecutive listings (default: by size, see
    /// ``ParallelChunks``), on all cores. Each chunk settles its listings into its own copy of the
    /// outputs; the copies are joined in listing order, so the result does not depend on the
    /// number of chunks or on which core finished first.
    mutating func run(chunks requested: Int? = nil) {
        let count = listings.count
        output.counts.listings = count
        let ranges = ParallelChunks.ranges(count: count, chunks: requested ?? ParallelChunks.defaultCount(for: count))

        // Pass 1: each listing's candidate variant, and the strongest claims on each variant.
        let candidates = matcher.candidates(of: listings, in: ranges)
        let claims = ListingMatcher.Claims(candidates, variantCount: catalog.variantCount)

        // Pass 2: settle every listing.
        if ranges.count == 1 {
            settle(ranges[0], candidates: candidates, claims: claims)
        } else {
            let template = self
            let workers = ParallelChunks.map(ranges) { range in
                var worker = template
                worker.clearOutputs()
                worker.settle(range, candidates: candidates, claims: claims)
                return worker
            }
            for worker in workers { absorb(worker) }
        }
        matcher.reportOrphanDuplicates(into: &output)
        if snapshot.isComplete { matcher.reportMissingListings(carrying: policy.assortment, into: &output) }
        stock.reportUnmappedLocations(of: snapshot, into: &output)
    }

    /// Settles the listings of one chunk. The unsafe buffer is the hot loop's: the pointers it
    /// gives (see ``MatchedListing``) do not outlive it.
    mutating func settle(_ range: Range<Int>, candidates: ListingMatcher.Candidates, claims: ListingMatcher.Claims) {
        // Read once for the chunk: used through `self` beside the outputs the loop writes, the
        // catalog and the comparator would be copied for every listing (a retain of each of their
        // arrays).
        let listings = self.listings
        let catalog = self.catalog
        let fields = self.fields
        listings.withUnsafeBufferPointer { buffer in
            for index in range {
                let listing = buffer.baseAddress! + index
                let entry = candidates.entry[index]
                guard entry >= 0 else {
                    matcher.settleUnclaimed(listing, into: &output)
                    checkListing(listing, entry: nil)
                    continue
                }
                let slot = Int(entry)
                guard
                    let sku = matcher.settleClaim(
                        listing, entry: slot, strength: candidates.strength[index], best: claims.best[slot],
                        claims: Int(claims.count[slot]), into: &output)
                else {
                    checkListing(listing, entry: nil)
                    continue
                }
                compare(listing, index: index, entry: slot, sku: sku, catalog: catalog, fields: fields)
                checkListing(listing, entry: slot)
            }
        }
    }

    /// Compares a matched listing with its catalog variant: fields, stock, the rules that need
    /// the variant.
    mutating func compare(
        _ listing: UnsafePointer<Listing>, index: Int, entry: Int, sku: SKU, catalog: CatalogIndex, fields: FieldComparator
    ) {
        let baseSlot = fields.bases.slot(for: sku)
        catalog.withEntryPointers(entry) { product, variant in
            let match = MatchedListing(
                listing: listing, product: product, variant: variant, index: index, entry: entry, sku: sku, baseSlot: baseSlot)
            var mask: UInt32 = 0
            fields.compareFields(match, mask: &mask, into: &output)
            stock.compare(match, fields: fields, mask: &mask, into: &output)
            if mask != 0 { output.records.append(.init(listing: Int32(index), entry: Int32(entry), fields: mask)) }
            checkMatched(match)
            stock.checkAvailability(match, into: &output)
        }
    }

    /// Empties the outputs of a copy about to settle one chunk.
    mutating func clearOutputs() {
        output = ReconcileOutput(store: output.store)
        matcher.orphans = []
        stock.unmappedLocations = []
    }

    /// Joins one chunk's outputs to these, chunks taken in listing order.
    mutating func absorb(_ worker: StoreReconciliation) {
        output.absorb(worker.output)
        matcher.absorb(worker.matcher)
        stock.absorb(worker.stock)
    }

    func finish() -> ReconcileResult {
        ReconcileResult(
            store: output.store, findings: output.findings, mappingUpdates: output.mappingUpdates,
            baseUpdates: BaseUpdates(records: output.records, listings: listings, catalog: catalog, extra: output.extraBases),
            counts: output.counts, snapshotIsComplete: snapshot.isComplete, previouslyMapped: matcher.mappings.count)
    }
}
