import CatalogModel

/// The working state of one store's reconciliation (see ``Reconciler``).
///
/// Two passes over the listings: the first finds each listing's candidate variant and counts the
/// claims on every variant, so that duplicates are known before anything is matched; the second
/// settles each listing. A final pass over the catalog finds the variants nobody listed.
struct StoreReconciliation: Sendable {
    let catalog: CatalogIndex
    let snapshot: StoreSnapshot
    let listings: [Listing]
    let bases: BaseTable
    /// The base group of the listing being compared.
    var baseSlot: BaseTable.Slot?
    let mappings: [SKU: RemoteRef]
    let committed: [SKU: [String: Int]]
    /// See ``ReconcileInput/storeDebits``.
    let storeDebits: [SKU: [String: Int]]
    let policy: StorePolicy
    let store: StoreID
    let prices: PriceCalculator
    let stock: StockAllocator
    let allocation: AllocationRules
    let kits: KitTable
    /// The stock computation of the stock field being settled, for the finding's explanation.
    var stockReason: (computation: StockComputation, location: String?)?
    let levels: RuleLevels
    /// Per ``ManagedField/ordinal``.
    let managed: [Bool]
    let storeEdit: [ConflictPolicy]
    let firstSync: [ConflictPolicy]

    var findings: [Finding] = []
    var mappingUpdates: [ListingMatch] = []
    var records: [BaseUpdates.Record] = []
    var extraBases: [BaseUpdate] = []
    var counts = ReconcileCounts()
    /// Per catalog entry: 0 not seen, 1 matched, 2 claimed by a listing that could not be matched.
    var entryState: [UInt8]
    var netScratch: [Int] = []
    var quantityScratch: [Int] = []
    var unmappedLocations: [String] = []
    var orphans: [(text: String, ref: RemoteRef)] = []

    init(_ input: ReconcileInput) {
        catalog = input.catalog
        snapshot = input.snapshot
        listings = input.snapshot.listings
        bases = input.bases
        mappings = input.mappings
        committed = input.kits.expand(input.committed, catalog: input.catalog)
        kits = input.kits
        storeDebits = input.storeDebits
        policy = input.policy
        store = input.policy.store
        prices = PriceCalculator(rule: input.policy.priceRule)
        allocation = AllocationRules(policy: input.policy)
        stock = allocation.main
        levels = RuleLevels(input.policy)
        let fields = ManagedField.allCases.sorted { $0.ordinal < $1.ordinal }
        managed = fields.map { input.policy.managedFields.contains($0) }
        storeEdit = fields.map { input.policy.storeEditPolicy(for: $0) }
        firstSync = fields.map { input.policy.firstSyncPolicy(for: $0) }
        entryState = [UInt8](repeating: 0, count: input.catalog.variantCount)
    }

    // MARK: Passes

    /// Runs the passes over `chunks` runs of consecutive listings (default: by size, see
    /// ``ParallelChunks``), on all cores. Each chunk settles its listings into its own copy of the
    /// outputs; the copies are joined in listing order, so the result does not depend on the
    /// number of chunks or on which core finished first.
    mutating func run(chunks requested: Int? = nil) {
        let count = listings.count
        counts.listings = count
        let ranges = ParallelChunks.ranges(count: count, chunks: requested ?? ParallelChunks.defaultCount(for: count))

        // Pass 1: each listing's candidate variant. A listing whose variant is found only through
        // the reverse mapping waits until every chunk is done, so that map is built once, if at all.
        let template = self
        let found = ParallelChunks.map(ranges) { range in template.candidates(in: range) }
        var candidate: [Int32] = []
        var method: [UInt8] = []
        candidate.reserveCapacity(count)
        method.reserveCapacity(count)
        var deferred: [Int] = []
        for chunk in found {
            deferred.append(contentsOf: chunk.deferred.lazy.map { $0 + candidate.count })
            candidate.append(contentsOf: chunk.candidate)
            method.append(contentsOf: chunk.method)
        }
        if !deferred.isEmpty {
            let reverse = reverseMapping()
            listings.withUnsafeBufferPointer { buffer in
                for index in deferred {
                    (candidate[index], method[index]) = candidateEntry(for: buffer.baseAddress! + index, reverse: reverse) ?? (-1, 0)
                }
            }
        }

        // The strongest claim on each variant, and how many listings make it.
        var best = [UInt8](repeating: 0, count: catalog.variantCount)
        var claims = [UInt8](repeating: 0, count: catalog.variantCount)
        for index in 0..<count where candidate[index] >= 0 {
            let slot = Int(candidate[index])
            let strength = method[index]
            if strength > best[slot] {
                best[slot] = strength
                claims[slot] = 1
            } else if strength == best[slot], claims[slot] < 255 {
                claims[slot] += 1
            }
        }

        // Pass 2: settle every listing.
        if ranges.count == 1 {
            settle(ranges[0], candidate: candidate, method: method, best: best, claims: claims)
        } else {
            let template = self
            let workers = ParallelChunks.map(ranges) { range in
                var worker = template
                worker.clearOutputs()
                worker.settle(range, candidate: candidate, method: method, best: best, claims: claims)
                return worker
            }
            for worker in workers { absorb(worker) }
        }
        reportOrphanDuplicates()
        reportMissingListings()
        reportUnmappedLocations()
    }

    /// The candidates of one chunk's listings, and the listings (chunk-relative) that need the
    /// reverse mapping to be judged.
    func candidates(in range: Range<Int>) -> (candidate: [Int32], method: [UInt8], deferred: [Int]) {
        var candidate = [Int32](repeating: -1, count: range.count)
        var method = [UInt8](repeating: 0, count: range.count)
        var deferred: [Int] = []
        listings.withUnsafeBufferPointer { buffer in
            for index in range {
                guard let (entry, strength) = candidateEntry(for: buffer.baseAddress! + index, reverse: nil) else {
                    deferred.append(index - range.lowerBound)
                    continue
                }
                candidate[index - range.lowerBound] = entry
                method[index - range.lowerBound] = strength
            }
        }
        return (candidate, method, deferred)
    }

    /// Settles the listings of one chunk.
    mutating func settle(
        _ range: Range<Int>, candidate: [Int32], method: [UInt8], best: [UInt8], claims: [UInt8]
    ) {
        let listings = self.listings
        listings.withUnsafeBufferPointer { buffer in
            for index in range {
                let entry = candidate[index]
                if entry >= 0 {
                    let slot = Int(entry)
                    settleClaim(
                        buffer.baseAddress! + index, listingIndex: index, entry: slot, strength: method[index],
                        best: best[slot], claims: Int(claims[slot]))
                } else {
                    settleUnclaimed(buffer.baseAddress! + index)
                }
            }
        }
    }

    /// Empties the outputs of a copy about to settle one chunk.
    mutating func clearOutputs() {
        findings = []
        mappingUpdates = []
        records = []
        extraBases = []
        counts = ReconcileCounts()
        orphans = []
        unmappedLocations = []
    }

    /// Joins one chunk's outputs to these, chunks taken in listing order.
    mutating func absorb(_ worker: StoreReconciliation) {
        findings.append(contentsOf: worker.findings)
        mappingUpdates.append(contentsOf: worker.mappingUpdates)
        records.append(contentsOf: worker.records)
        extraBases.append(contentsOf: worker.extraBases)
        counts.add(worker.counts)
        orphans.append(contentsOf: worker.orphans)
        for location in worker.unmappedLocations { noteUnmapped(location) }
        // A variant any chunk matched is matched; one only claimed in vain stays claimed.
        worker.entryState.withUnsafeBufferPointer { theirs in
            entryState.withUnsafeMutableBufferPointer { ours in
                for entry in theirs.indices where theirs[entry] != 0 && (theirs[entry] == 1 || ours[entry] == 0) {
                    ours[entry] = theirs[entry]
                }
            }
        }
    }

    /// The variant a listing claims, strongest evidence first: the stored mapping (by variant id),
    /// the exact SKU, the barcode (only for a listing with no SKU). Returns (-1, 0) for none, and
    /// `nil` when only the reverse mapping can tell and `reverse` was not given.
    func candidateEntry(for listing: UnsafePointer<Listing>, reverse: [String: SKU]?) -> (Int32, UInt8)? {
        let raw = listing.pointee.rawSKU
        let exact = catalog.entry(exactText: raw)
        if !mappings.isEmpty {
            let variantID = listing.pointee.ref.variantID
            if let exact, mappings[catalog.sku(at: Int(exact))]?.variantID == variantID {
                return (exact, MatchMethod.mapping.strength)
            }
            guard let reverse else { return nil }
            if let mapped = reverse[variantID], let entry = catalog.entry(exactText: mapped.rawValue) {
                return (entry, MatchMethod.mapping.strength)
            }
        }
        if let exact { return (exact, MatchMethod.sku.strength) }
        // An empty SKU never matches by SKU (woocommerce/woocommerce-square#487); only a valid,
        // unique catalog GTIN can identify such a listing.
        if let barcode = listing.pointee.barcode, TextChecks.isBlank(raw) {
            let text = TextChecks.trimmed(barcode)
            if !text.isEmpty {
                let entries = catalog.entries(forBarcode: text)
                if entries.count == 1, catalog.hasValidGTIN(Int(entries[0])) {
                    return (entries[0], MatchMethod.barcode.strength)
                }
            }
        }
        return (-1, 0)
    }

    /// The stored mappings by remote variant id.
    func reverseMapping() -> [String: SKU] {
        var reverse: [String: SKU] = [:]
        reverse.reserveCapacity(mappings.count)
        for (sku, ref) in mappings { reverse[ref.variantID] = sku }
        return reverse
    }

    mutating func settleClaim(
        _ listing: UnsafePointer<Listing>, listingIndex: Int, entry: Int, strength: UInt8, best: UInt8, claims: Int
    ) {
        let sku = catalog.sku(at: entry)
        guard strength == best, claims == 1 else {
            counts.unmatched += 1
            if entryState[entry] == 0 { entryState[entry] = 2 }
            if strength == MatchMethod.barcode.strength {
                emit(
                    levels.ambiguousBarcode, .ambiguousBarcode, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref,
                    related: [sku], note: "another listing already carries the variant with this barcode")
            } else {
                emit(
                    levels.duplicateSKU, .duplicateSKU, sku: sku, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref,
                    units: strength == best ? claims : nil,
                    note: strength == best ? nil : "another listing is mapped to this SKU")
            }
            checkListing(listing, entry: nil)
            return
        }
        if strength == MatchMethod.sku.strength, let other = barcodeOwner(listing, entry: entry) {
            counts.unmatched += 1
            if entryState[entry] == 0 { entryState[entry] = 2 }
            emit(
                levels.barcodePointsElsewhere, .barcodePointsElsewhere, sku: sku, storeSKU: listing.pointee.rawSKU,
                ref: listing.pointee.ref, field: .barcode, storeValue: Reconciler.barcodeValue(listing.pointee.barcode),
                related: other)
            checkListing(listing, entry: nil)
            return
        }
        matched(listing, listingIndex: listingIndex, entry: entry, sku: sku, strength: strength)
    }

    /// Other catalog SKUs that own the listing's barcode, when it is not this variant's.
    func barcodeOwner(_ listing: UnsafePointer<Listing>, entry: Int) -> [SKU]? {
        guard let barcode = listing.pointee.barcode else { return nil }
        let text = TextChecks.trimmed(barcode)
        guard !text.isEmpty, text != catalog.barcode(at: entry) else { return nil }
        let owners = catalog.entries(forBarcode: text).filter { Int($0) != entry }
        return owners.isEmpty ? nil : owners.map { catalog.sku(at: Int($0)) }
    }

    mutating func settleUnclaimed(_ listing: UnsafePointer<Listing>) {
        counts.unmatched += 1
        let barcode = listing.pointee.barcode.map(TextChecks.trimmed) ?? ""
        if TextChecks.isBlank(listing.pointee.rawSKU) {
            emit(levels.missingSKU, .missingSKU, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref)
            if !barcode.isEmpty {
                let owners = catalog.entries(forBarcode: barcode)
                if !owners.isEmpty {
                    for owner in owners where entryState[Int(owner)] == 0 { entryState[Int(owner)] = 2 }
                    emit(
                        levels.ambiguousBarcode, .ambiguousBarcode, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref,
                        field: .barcode, storeValue: .text(barcode), related: owners.map { catalog.sku(at: Int($0)) },
                        note: owners.count > 1 ? "several catalog variants share this barcode" : "not a valid GTIN")
                }
            }
        } else {
            let near = catalog.nearMisses(of: listing.pointee.rawSKU)
            if !near.isEmpty {
                for entry in near where entryState[Int(entry)] == 0 { entryState[Int(entry)] = 2 }
                emit(
                    levels.skuNearMiss, .skuNearMiss, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref,
                    related: near.map { catalog.sku(at: Int($0)) })
            } else if !barcode.isEmpty, case let owners = catalog.entries(forBarcode: barcode), !owners.isEmpty {
                for entry in owners where entryState[Int(entry)] == 0 { entryState[Int(entry)] = 2 }
                emit(
                    levels.barcodePointsElsewhere, .barcodePointsElsewhere, storeSKU: listing.pointee.rawSKU,
                    ref: listing.pointee.ref, field: .barcode, storeValue: .text(barcode),
                    related: owners.map { catalog.sku(at: Int($0)) })
            } else {
                emit(levels.orphan, .orphan, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref)
                orphans.append((TextChecks.trimmed(listing.pointee.rawSKU), listing.pointee.ref))
            }
        }
        checkListing(listing, entry: nil)
    }

    mutating func matched(_ listing: UnsafePointer<Listing>, listingIndex: Int, entry: Int, sku: SKU, strength: UInt8) {
        entryState[entry] = 1
        let blank = strength != MatchMethod.sku.strength && TextChecks.isBlank(listing.pointee.rawSKU)
        switch strength {
        case MatchMethod.mapping.strength:
            counts.matchedByMapping += 1
            if !blank, listing.pointee.rawSKU != sku.rawValue {
                emit(
                    levels.skuDiffersFromMapping, .skuDiffersFromMapping, sku: sku, storeSKU: listing.pointee.rawSKU,
                    ref: listing.pointee.ref)
            }
        default:
            let method: MatchMethod = strength == MatchMethod.sku.strength ? .sku : .barcode
            if method == .sku { counts.matchedBySKU += 1 } else { counts.matchedByBarcode += 1 }
            let previous = mappings.isEmpty ? nil : mappings[sku]
            mappingUpdates.append(ListingMatch(sku: sku, ref: listing.pointee.ref, method: method, previousRef: previous))
            if let previous, previous != listing.pointee.ref {
                emit(
                    levels.remapped, .remapped, sku: sku, ref: listing.pointee.ref,
                    note: "previously \(previous.productID)/\(previous.variantID)")
            }
        }
        if blank { emit(levels.missingSKU, .missingSKU, sku: sku, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref) }
        catalog.withEntryPointers(entry) { product, variant in
            compareFields(listing, product: product, variant: variant, listingIndex: listingIndex, entry: entry, sku: sku)
            checkMatched(listing, variant: variant, sku: sku)
            checkAvailability(listing, product: product, variant: variant, sku: sku)
        }
        checkListing(listing, entry: entry)
    }

    // MARK: Three-way comparison

    mutating func compareFields(
        _ listing: UnsafePointer<Listing>, product: UnsafePointer<Product>, variant: UnsafePointer<Variant>, listingIndex: Int,
        entry: Int, sku: SKU
    ) {
        var mask: UInt32 = 0
        let ref = listing.pointee.ref
        baseSlot = bases.slot(for: sku)

        if managed[ManagedField.price.ordinal] {
            let price = variant.pointee.price
            if let expected = prices.expectedPrice(for: price) {
                if price.minorUnits > 0, expected.minorUnits > 0 {
                    settle(
                        .price, .price, canonical: .money(expected),
                        store: listing.pointee.price.map(FieldValue.money) ?? FieldValue.none,
                        sku: sku, ref: ref, bit: ManagedField.price.baseBit, mask: &mask)
                } else {
                    priceNotPositive(
                        .price, listing, product: product, variant: variant, sku: sku, catalog: price, expected: expected)
                }
            } else {
                priceRuleFailed(.price, sku: sku, ref: ref, amount: price)
            }
        }
        if managed[ManagedField.compareAtPrice.ordinal] {
            var canonical = FieldValue.none
            var computable = true
            if let compareAt = variant.pointee.compareAtPrice, compareAt.minorUnits != 0 {
                if let expected = prices.expectedPrice(for: compareAt) {
                    if compareAt.minorUnits > 0, expected.minorUnits > 0 {
                        canonical = .money(expected)
                    } else {
                        computable = false
                        priceNotPositive(
                            .compareAtPrice, listing, product: product, variant: variant, sku: sku, catalog: compareAt,
                            expected: expected)
                    }
                } else {
                    computable = false
                    priceRuleFailed(.compareAtPrice, sku: sku, ref: ref, amount: compareAt)
                }
            }
            if computable {
                settle(
                    .compareAtPrice, .compareAtPrice, canonical: canonical,
                    store: Reconciler.compareAtValue(listing.pointee.compareAtPrice), sku: sku, ref: ref,
                    bit: ManagedField.compareAtPrice.baseBit, mask: &mask)
            }
        }
        if managed[ManagedField.barcode.ordinal] {
            settle(
                .barcode, .barcode, canonical: variant.pointee.barcode.map { .text($0.rawValue) } ?? FieldValue.none,
                store: Reconciler.barcodeValue(listing.pointee.barcode), sku: sku, ref: ref,
                bit: ManagedField.barcode.baseBit, mask: &mask)
        }
        if managed[ManagedField.title.ordinal] {
            settle(
                .title, .title, canonical: .text(product.pointee.title), store: .text(listing.pointee.productTitle), sku: sku,
                ref: ref, bit: ManagedField.title.baseBit, mask: &mask)
        }
        if managed[ManagedField.description.ordinal], let description = listing.pointee.descriptionHTML {
            settle(
                .description, .description, canonical: .text(product.pointee.descriptionHTML), store: .text(description),
                sku: sku, ref: ref, bit: ManagedField.description.baseBit, mask: &mask)
        }
        if managed[ManagedField.status.ordinal] {
            var status = Reconciler.canonicalStatus(product: product.pointee.status, variant: variant.pointee.status)
            // One offline state for draft and archived (Magento): a draft is what the store can hold.
            if status == .draft, !listing.pointee.distinguishesDraftFromArchived { status = .archived }
            settle(
                .status, .status, canonical: .status(status), store: .status(listing.pointee.status), sku: sku, ref: ref,
                bit: ManagedField.status.baseBit, mask: &mask)
        }
        if managed[ManagedField.images.ordinal] {
            settle(
                .images, .images,
                canonical: .list(Reconciler.canonicalImages(product: product.pointee.images, variant: variant.pointee.images)),
                store: .list(listing.pointee.images), sku: sku, ref: ref, bit: ManagedField.images.baseBit, mask: &mask)
        }
        if managed[ManagedField.weight.ordinal] {
            settle(
                .weight, .weight, canonical: variant.pointee.weight.map(FieldValue.weight) ?? FieldValue.none,
                store: listing.pointee.weight.map(FieldValue.weight) ?? FieldValue.none, sku: sku, ref: ref,
                bit: ManagedField.weight.baseBit, mask: &mask)
        }
        compareStock(listing, product: product, variant: variant, entry: entry, sku: sku, mask: &mask)
        if mask != 0 { records.append(.init(listing: Int32(listingIndex), entry: Int32(entry), fields: mask)) }
    }

    mutating func compareStock(
        _ listing: UnsafePointer<Listing>, product: UnsafePointer<Product>, variant: UnsafePointer<Variant>, entry: Int,
        sku: SKU, mask: inout UInt32
    ) {
        let isManaged = managed[ManagedField.stock.ordinal]
        if isManaged, !listing.pointee.tracksStock {
            emit(levels.stockNotTracked, .stockNotTracked, sku: sku, ref: listing.pointee.ref)
            return
        }
        guard isManaged, !stock.storeLocations.isEmpty else {
            if isManaged { for level in listing.pointee.stock { noteUnmapped(level.location) } }
            return
        }
        let buffer = policy.skuStockBuffers.isEmpty ? max(0, policy.stockBuffer) : policy.stockBuffer(for: sku)
        let (rule, allocatorIndex) = allocation.resolve(
            sku: sku, productType: product.pointee.productType, tags: product.pointee.tags)
        let stock = allocation.allocators[allocatorIndex]
        let computation: StockComputation
        if let components = kits.components(of: entry) {
            let missing = kits.missingComponents(of: entry)
            if !missing.isEmpty {
                emit(levels.kitMissingComponent, .kitMissingComponent, sku: sku, ref: listing.pointee.ref, related: missing)
            }
            computation = stock.allocateKit(
                components, kits: kits, catalog: catalog, committed: committed, buffer: buffer, rule: rule,
                scratch: &netScratch, into: &quantityScratch)
        } else {
            computation = stock.allocate(
                stock: variant.pointee.stock, committed: committed.isEmpty ? nil : committed[sku], buffer: buffer,
                rule: rule, net: &netScratch, into: &quantityScratch)
        }
        let total = computation.sellable
        let several = stock.storeLocations.count > 1
        defer { stockReason = nil }
        var seen: UInt64 = 0
        var storeTotal = 0
        let debits = storeDebits.isEmpty ? nil : storeDebits[sku]
        // Units the store's own orders moved without saying where go to its first mapped location.
        var unplaced = debits?[StockAllocator.anyLocation] ?? 0
        for (position, level) in listing.pointee.stock.enumerated() {
            guard let slot = stock.position(of: level.location) else {
                noteUnmapped(level.location)
                continue
            }
            if slot < 64 { seen |= 1 << UInt64(slot) }
            storeTotal += max(0, level.available)
            let quantity = quantityScratch[slot]
            stockReason = (computation, several ? level.location : nil)
            let bit: UInt32 =
                position < BaseUpdates.maxStockBits ? 1 << UInt32(BaseUpdates.stockBitOffset + position) : 0
            let debit = (debits?[level.location] ?? 0) + unplaced
            unplaced = 0
            settle(
                .stock, .stock(location: level.location), canonical: .quantity(quantity),
                store: .quantity(level.available), sku: sku, ref: listing.pointee.ref, bit: bit, mask: &mask,
                stockDebit: debit)
        }
        // A mapped location the listing is not stocked at: nothing to do while nothing can be sold
        // there; otherwise push with `.none` as the precondition (the adapter stocks it first).
        for slot in stock.storeLocations.indices where slot >= 64 || seen & (1 << UInt64(slot)) == 0 {
            let quantity = quantityScratch[slot]
            guard quantity > 0 else { continue }
            stockReason = (computation, several ? stock.storeLocations[slot] : nil)
            settle(
                .stock, .stock(location: stock.storeLocations[slot]), canonical: .quantity(quantity), store: .none,
                sku: sku, ref: listing.pointee.ref, bit: 0, mask: &mask, recordsBase: false)
        }
        if storeTotal > total, !variant.pointee.allowsBackorder {
            emit(
                levels.oversellRisk, .oversellRisk, sku: sku, ref: listing.pointee.ref, canonical: .quantity(total),
                storeValue: .quantity(storeTotal), units: storeTotal - total)
        }
    }

    /// Settles one field (see ``ThreeWay``); in-sync fields only set a bit in `mask`.
    mutating func settle(
        _ kind: ManagedField, _ field: Change.Field, canonical: FieldValue, store value: FieldValue, sku: SKU,
        ref: RemoteRef, bit: UInt32, mask: inout UInt32, recordsBase: Bool = true, stockDebit: Int? = nil
    ) {
        counts.fieldsCompared += 1
        counts.comparedByField[kind.ordinal] += 1
        if value.matches(canonical) {
            counts.fieldsInSync += 1
            counts.inSyncByField[kind.ordinal] += 1
            guard recordsBase else { return }
            let base = bases.value(in: baseSlot, sku: sku, field: field)
            // A stock field the store's own orders moved is recorded again even at the same
            // value, so that the orders it reflects are counted once (the base's checkpoint).
            if base.map({ !$0.matches(canonical) }) ?? true || (stockDebit ?? 0) != 0 {
                if bit != 0 {
                    mask |= bit
                } else {
                    extraBases.append(BaseUpdate(key: BaseKey(sku: sku, field: field), value: value))
                }
            }
            return
        }
        let base = bases.value(in: baseSlot, sku: sku, field: field)
        if case .money(let expected) = canonical, case .money(let actual) = value, expected.currency != actual.currency {
            counts.reviews += 1
            emit(
                .error, .currencyMismatch, sku: sku, ref: ref, field: field, canonical: canonical, storeValue: value,
                base: base, action: .review)
            return
        }
        if let stockDebit, case .quantity(let written)? = base, case .quantity(let shown) = value,
            case .quantity(let sellable) = canonical
        {
            settleStockByCause(
                field, sellable: sellable, shown: shown, written: written, debit: stockDebit, sku: sku, ref: ref, base: base)
            return
        }
        let (outcome, reason) = ThreeWay.decide(
            canonical: canonical, store: value, base: base, storeEdit: storeEdit[kind.ordinal],
            firstSync: firstSync[kind.ordinal])
        var action: FindingAction
        var note: String?
        switch outcome {
        case .inSync: return
        case .push:
            action = .push(canonical)
            counts.pushes += 1
        case .pull:
            if kind == .stock || ((kind == .price || kind == .compareAtPrice) && !prices.allowsPull) {
                action = .review
                counts.reviews += 1
                note =
                    kind == .stock
                    ? "stock cannot be pulled: the catalog counts units on hand, the store shows what it may sell"
                    : "the price cannot be pulled through this store's price rule"
            } else {
                action = .pull(value)
                counts.pulls += 1
            }
        case .review:
            action = .review
            counts.reviews += 1
        }
        if kind == .stock, note == nil, let stockReason {
            note =
                stockReason.location.map { "\(stockReason.computation); location \($0) gets \(canonical)" }
                ?? stockReason.computation.description
        }
        let code = reason.code ?? .conflict
        let severity: Severity = reason == .conflict || reason == .storeEdited ? .warning : .info
        emit(
            severity, code, sku: sku, ref: ref, field: field, canonical: canonical, storeValue: value, base: base,
            action: action, note: note)
    }

    /// A catalog price (or compare-at price) that is zero or negative, before or after the store's
    /// price rule, is never written: a store selling for nothing is worse than a stale price. An
    /// active variant gets an error finding; a draft or archived one is left alone (marking a
    /// placeholder variant draft is the documented way to keep a zero price in the catalog).
    mutating func priceNotPositive(
        _ field: Change.Field, _ listing: UnsafePointer<Listing>, product: UnsafePointer<Product>,
        variant: UnsafePointer<Variant>, sku: SKU, catalog amount: Money, expected: Money
    ) {
        guard Reconciler.canonicalStatus(product: product.pointee.status, variant: variant.pointee.status) == .active
        else { return }
        let store = field == .price ? listing.pointee.price : listing.pointee.compareAtPrice
        emit(
            .error, .catalogPriceNotPositive, sku: sku, ref: listing.pointee.ref, field: field, canonical: .money(amount),
            storeValue: store.map(FieldValue.money) ?? FieldValue.none,
            note: amount.minorUnits > 0 ? "the store's price rule gives \(expected)" : nil)
    }

    mutating func priceRuleFailed(_ field: Change.Field, sku: SKU, ref: RemoteRef, amount: Money) {
        counts.reviews += 1
        emit(.error, .priceRuleFailed, sku: sku, ref: ref, field: field, canonical: .money(amount), action: .review)
    }

    // MARK: Listing errors

    /// The listing-error rules; `entry` is the matched catalog variant, if any.
    mutating func checkListing(_ listing: UnsafePointer<Listing>, entry: Int?) {
        let sku = entry.map { catalog.sku(at: $0) }
        let storeSKU = entry == nil ? listing.pointee.rawSKU : nil
        let ref = listing.pointee.ref
        if let level = levels.priceNotPositive, (listing.pointee.price?.minorUnits ?? 0) <= 0 {
            emit(
                level, .priceNotPositive, sku: sku, storeSKU: storeSKU, ref: ref, field: .price,
                storeValue: listing.pointee.price.map(FieldValue.money) ?? FieldValue.none)
        }
        if let level = levels.compareAtNotAbovePrice, let compareAt = listing.pointee.compareAtPrice, compareAt.minorUnits > 0,
            let price = listing.pointee.price, price.minorUnits > 0, compareAt.currency == price.currency,
            compareAt.minorUnits <= price.minorUnits
        {
            emit(
                level, .compareAtNotAbovePrice, sku: sku, storeSKU: storeSKU, ref: ref, field: .compareAtPrice,
                storeValue: .money(compareAt), note: "price \(price)")
        }
        if let level = levels.noImage, listing.pointee.images.isEmpty {
            emit(level, .noImage, sku: sku, storeSKU: storeSKU, ref: ref, field: .images)
        }
        if let level = levels.placeholderTitle, Reconciler.isPlaceholderTitle(listing.pointee.productTitle) {
            emit(
                level, .placeholderTitle, sku: sku, storeSKU: storeSKU, ref: ref, field: .title,
                storeValue: .text(listing.pointee.productTitle))
        }
        if let level = levels.emptyDescription, let description = listing.pointee.descriptionHTML,
            TextChecks.isBlank(description)
        {
            emit(level, .emptyDescription, sku: sku, storeSKU: storeSKU, ref: ref, field: .description)
        }
        if let barcode = listing.pointee.barcode {
            let text = TextChecks.trimmed(barcode)
            let isCatalogs = entry.map { catalog.hasValidGTIN($0) && catalog.barcode(at: $0) == text }
            if !text.isEmpty, isCatalogs != true {
                if Barcode.looksLikeScientificNotation(text) {
                    if let level = levels.scientificBarcode {
                        emit(level, .scientificBarcode, sku: sku, storeSKU: storeSKU, ref: ref, field: .barcode, storeValue: .text(text))
                    }
                } else if let level = levels.invalidBarcode, !TextChecks.isValidGTIN(text) {
                    emit(level, .invalidBarcode, sku: sku, storeSKU: storeSKU, ref: ref, field: .barcode, storeValue: .text(text))
                }
            }
        }
        if listing.pointee.tracksStock, levels.activeOutOfStock != nil || levels.inactiveInStock != nil {
            var available = 0
            for level in listing.pointee.stock { available += level.available }
            if let level = levels.activeOutOfStock, listing.pointee.status == .active, !listing.pointee.allowsBackorder, available <= 0 {
                emit(level, .activeOutOfStock, sku: sku, storeSKU: storeSKU, ref: ref, field: .status, units: available)
            }
            if let level = levels.inactiveInStock, listing.pointee.status != .active, available > 0, let entry,
                catalog.isActive(entry)
            {
                emit(
                    level, .inactiveInStock, sku: sku, ref: ref, field: .status, canonical: .status(.active),
                    storeValue: .status(listing.pointee.status), units: available)
            }
        }
    }

    /// The listing-error rules that need the catalog variant.
    mutating func checkMatched(_ listing: UnsafePointer<Listing>, variant: UnsafePointer<Variant>, sku: SKU) {
        let ref = listing.pointee.ref
        if let level = levels.priceBelowCost, let cost = variant.pointee.cost, let price = listing.pointee.price, price.minorUnits > 0,
            price.currency == cost.currency, price.minorUnits < cost.minorUnits
        {
            emit(
                level, .priceBelowCost, sku: sku, ref: ref, field: .price, canonical: .money(cost),
                storeValue: .money(price), note: "cost \(cost)")
        }
        if let level = levels.missingWeight, variant.pointee.requiresShipping, listing.pointee.weight.map({ $0.value <= 0 }) ?? true {
            emit(
                level, .missingWeight, sku: sku, ref: ref, field: .weight,
                canonical: variant.pointee.weight.map(FieldValue.weight) ?? FieldValue.none)
        }
        if let level = levels.optionMismatch, !listing.pointee.options.isEmpty,
            !Reconciler.optionsMatch(store: listing.pointee.options, catalog: variant.pointee.options)
        {
            emit(
                level, .optionMismatch, sku: sku, ref: ref, canonical: .list(variant.pointee.options),
                storeValue: .list(listing.pointee.options))
        }
    }

    /// An item the store does not count, marked out of stock there while the catalog, which
    /// sells it, has units (or takes backorders): shoppers are turned away for nothing.
    mutating func checkAvailability(
        _ listing: UnsafePointer<Listing>, product: UnsafePointer<Product>, variant: UnsafePointer<Variant>, sku: SKU
    ) {
        guard let level = levels.untrackedOutOfStock, !listing.pointee.tracksStock, listing.pointee.availability == .outOfStock,
            Reconciler.canonicalStatus(product: product.pointee.status, variant: variant.pointee.status) == .active
        else { return }
        let sellable: Int
        if stock.storeLocations.isEmpty {
            sellable = variant.pointee.stock.reduce(0) { $0 + max(0, $1.available) }
        } else {
            let buffer = policy.skuStockBuffers.isEmpty ? max(0, policy.stockBuffer) : policy.stockBuffer(for: sku)
            // What the store could sell before any share or maximum: the rules do not matter here.
            sellable =
                stock.allocate(
                    stock: variant.pointee.stock, committed: committed.isEmpty ? nil : committed[sku], buffer: buffer,
                    rule: AllocationRule(), net: &netScratch, into: &quantityScratch
                ).sellable
        }
        guard sellable > 0 || variant.pointee.allowsBackorder else { return }
        emit(
            level, .untrackedOutOfStock, sku: sku, ref: listing.pointee.ref, canonical: .quantity(sellable),
            storeValue: .text(StockAvailability.outOfStock.rawValue), units: sellable)
    }

    // MARK: Store-wide findings

    mutating func reportOrphanDuplicates() {
        guard let level = levels.duplicateSKU, orphans.count > 1 else { return }
        var seen: [String: Int] = [:]
        for orphan in orphans { seen[orphan.text, default: 0] += 1 }
        for orphan in orphans where seen[orphan.text, default: 0] > 1 {
            emit(level, .duplicateSKU, storeSKU: orphan.text, ref: orphan.ref, units: seen[orphan.text])
        }
    }

    mutating func reportMissingListings() {
        guard snapshot.isComplete else { return }
        for entry in 0..<catalog.variantCount where entryState[entry] == 0 {
            let sku = catalog.sku(at: entry)
            guard policy.assortment.carries(sku, isActive: catalog.isActive(entry)) else { continue }
            counts.missing += 1
            let previous = mappings.isEmpty ? nil : mappings[sku]
            emit(
                levels.missingListing, .missingListing, sku: sku, ref: previous,
                note: previous == nil ? nil : "it was listed before and is gone from the store")
        }
    }

    mutating func noteUnmapped(_ location: String) {
        if !unmappedLocations.contains(location) { unmappedLocations.append(location) }
    }

    mutating func reportUnmappedLocations() {
        guard managed[ManagedField.stock.ordinal] else { return }
        let feeds = policy.effectiveLocationFeeds
        for location in snapshot.locations where feeds[location.code] == nil {
            noteUnmapped(location.code)
        }
        guard !unmappedLocations.isEmpty else { return }
        let ids = unmappedLocations.sorted()
        // No location mapped at all: the store's stock is not synced, which is never "in sync".
        if stock.storeLocations.isEmpty {
            emit(.warning, .noLocationMapped, units: ids.count, note: "store locations \(ids.joined(separator: ", "))")
            return
        }
        emit(levels.unmappedLocation, .unmappedLocation, units: ids.count, note: ids.joined(separator: ", "))
    }

    // MARK: Output

    mutating func emit(
        _ severity: Severity?, _ code: FindingCode, sku: SKU? = nil, storeSKU: String? = nil, ref: RemoteRef? = nil,
        field: Change.Field? = nil, canonical: FieldValue? = nil, storeValue: FieldValue? = nil,
        base: FieldValue? = nil, action: FindingAction = .none, units: Int? = nil, related: [SKU] = [],
        note: String? = nil
    ) {
        guard let severity else { return }
        switch severity {
        case .info: counts.info += 1
        case .warning: counts.warnings += 1
        case .error: counts.errors += 1
        }
        findings.append(
            Finding(
                code: code, severity: severity, store: store, sku: sku, storeSKU: storeSKU, ref: ref, field: field,
                canonical: canonical, storeValue: storeValue, base: base, action: action, units: units,
                related: related, note: note))
    }

    func finish() -> ReconcileResult {
        ReconcileResult(
            store: store, findings: findings, mappingUpdates: mappingUpdates,
            baseUpdates: BaseUpdates(records: records, listings: listings, catalog: catalog, extra: extraBases),
            counts: counts, snapshotIsComplete: snapshot.isComplete, previouslyMapped: mappings.count)
    }
}
