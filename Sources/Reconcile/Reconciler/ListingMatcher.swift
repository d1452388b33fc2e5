import CatalogModel

/// Decides which store listing belongs to which catalog variant, and how strong the evidence is.
///
/// Matching is a question about the whole store, not about one listing: two listings that claim
/// the same SKU are both refused, whichever comes first, and a listing the store maps to a
/// variant outranks one that merely carries its SKU. So it takes two passes. ``candidates(of:in:)``
/// finds each listing's candidate variant and the ``Strength`` of its claim; ``Claims`` keeps the
/// strongest claim on every variant and how many listings make it; only then does
/// ``settleClaim(_:entry:strength:best:claims:into:)`` match a listing, when its claim is the
/// strongest and the only one. What each catalog variant came to (``EntryState``) is kept, so
/// that the variants nobody listed are found at the end (``reportMissingListings(carrying:into:)``).
struct ListingMatcher: Sendable {
    /// How strong a listing's claim on a catalog variant is; the strongest claim wins.
    ///
    /// A byte per listing and per catalog variant in the first pass (millions of them), hence
    /// `UInt8`; the order of the raw values is the order of strength.
    enum Strength: UInt8, Comparable, Sendable {
        /// The listing claims no variant.
        case noClaim = 0
        /// A valid, unique catalog GTIN on a listing without a SKU.
        case barcode = 1
        /// The listing's SKU is a catalog SKU.
        case sku = 2
        /// The stored mapping says this listing is the variant.
        case mapping = 3

        static func < (lhs: Strength, rhs: Strength) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// What a catalog variant came to in this store, a byte per variant.
    enum EntryState: UInt8, Sendable {
        /// No listing claimed it: the store is missing it, if it should carry it.
        case unseen = 0
        /// A listing was matched to it.
        case matched = 1
        /// A listing claimed it but could not be matched (a duplicate, a near miss, a barcode
        /// pointing here): the store has a listing for it, only a wrong one, so it is not missing.
        case claimedInVain = 2
    }

    /// Each listing's candidate variant (`-1`: none) and the strength of its claim, by listing.
    struct Candidates: Sendable {
        var entry: [Int32] = []
        var strength: [Strength] = []
    }

    /// The strongest claim on each catalog variant and how many listings make it (at most 255).
    struct Claims: Sendable {
        var best: [Strength]
        var count: [UInt8]

        init(_ candidates: Candidates, variantCount: Int) {
            var best = [Strength](repeating: .noClaim, count: variantCount)
            var count = [UInt8](repeating: 0, count: variantCount)
            for index in candidates.entry.indices where candidates.entry[index] >= 0 {
                let slot = Int(candidates.entry[index])
                let strength = candidates.strength[index]
                if strength > best[slot] {
                    best[slot] = strength
                    count[slot] = 1
                } else if strength == best[slot], count[slot] < 255 {
                    count[slot] += 1
                }
            }
            self.best = best
            self.count = count
        }
    }

    let catalog: CatalogIndex
    let mappings: [SKU: RemoteRef]
    let levels: RuleLevels
    /// Per catalog entry.
    var entryStates: [EntryState]
    /// Listings matched to nothing, by trimmed SKU, to find the duplicates among them at the end.
    var orphans: [(text: String, ref: RemoteRef)] = []

    init(catalog: CatalogIndex, mappings: [SKU: RemoteRef], levels: RuleLevels) {
        self.catalog = catalog
        self.mappings = mappings
        self.levels = levels
        entryStates = [EntryState](repeating: .unseen, count: catalog.variantCount)
    }

    // MARK: Candidates (pass 1)

    /// The candidates of all `listings`, worked on all cores in `ranges`. A listing whose variant
    /// is found only through the reverse mapping waits until every chunk is done, so that map is
    /// built once, if at all.
    func candidates(of listings: [Listing], in ranges: [Range<Int>]) -> Candidates {
        let found = ParallelChunks.map(ranges) { range in candidates(of: listings, in: range) }
        var all = Candidates()
        all.entry.reserveCapacity(listings.count)
        all.strength.reserveCapacity(listings.count)
        var deferred: [Int] = []
        for chunk in found {
            deferred.append(contentsOf: chunk.deferred.lazy.map { $0 + all.entry.count })
            all.entry.append(contentsOf: chunk.candidates.entry)
            all.strength.append(contentsOf: chunk.candidates.strength)
        }
        if !deferred.isEmpty {
            let reverse = reverseMapping()
            listings.withUnsafeBufferPointer { buffer in
                for index in deferred {
                    (all.entry[index], all.strength[index]) =
                        candidate(for: buffer.baseAddress! + index, reverse: reverse) ?? (-1, .noClaim)
                }
            }
        }
        return all
    }

    /// The candidates of one chunk's listings, and the listings (chunk-relative) that need the
    /// reverse mapping to be judged.
    func candidates(of listings: [Listing], in range: Range<Int>) -> (candidates: Candidates, deferred: [Int]) {
        var found = Candidates(
            entry: [Int32](repeating: -1, count: range.count), strength: [Strength](repeating: .noClaim, count: range.count))
        var deferred: [Int] = []
        listings.withUnsafeBufferPointer { buffer in
            for index in range {
                guard let (entry, strength) = candidate(for: buffer.baseAddress! + index, reverse: nil) else {
                    deferred.append(index - range.lowerBound)
                    continue
                }
                found.entry[index - range.lowerBound] = entry
                found.strength[index - range.lowerBound] = strength
            }
        }
        return (found, deferred)
    }

    /// The variant a listing claims, strongest evidence first: the stored mapping (by variant id),
    /// the exact SKU, the barcode (only for a listing with no SKU). Returns (-1, `.noClaim`) for
    /// none, and `nil` when only the reverse mapping can tell and `reverse` was not given.
    func candidate(for listing: UnsafePointer<Listing>, reverse: [String: SKU]?) -> (Int32, Strength)? {
        let raw = listing.pointee.rawSKU
        let exact = catalog.entry(exactText: raw)
        if !mappings.isEmpty {
            let variantID = listing.pointee.ref.variantID
            if let exact, mappings[catalog.sku(at: Int(exact))]?.variantID == variantID {
                return (exact, .mapping)
            }
            guard let reverse else { return nil }
            if let mapped = reverse[variantID], let entry = catalog.entry(exactText: mapped.rawValue) {
                return (entry, .mapping)
            }
        }
        if let exact { return (exact, .sku) }
        // An empty SKU never matches by SKU (woocommerce/woocommerce-square#487); only a valid,
        // unique catalog GTIN can identify such a listing.
        if let barcode = listing.pointee.barcode, TextChecks.isBlank(raw) {
            let text = TextChecks.trimmed(barcode)
            if !text.isEmpty {
                let entries = catalog.entries(forBarcode: text)
                if entries.count == 1, catalog.hasValidGTIN(Int(entries[0])) {
                    return (entries[0], .barcode)
                }
            }
        }
        return (-1, .noClaim)
    }

    /// The stored mappings by remote variant id.
    func reverseMapping() -> [String: SKU] {
        var reverse: [String: SKU] = [:]
        reverse.reserveCapacity(mappings.count)
        for (sku, ref) in mappings { reverse[ref.variantID] = sku }
        return reverse
    }

    // MARK: Settling (pass 2)

    /// Settles a listing that claims catalog entry `entry` with `strength`, against the `best`
    /// claim on that entry and the number of listings making it. Returns the entry's SKU when the
    /// listing is matched to it, `nil` when it is refused (the findings say why).
    mutating func settleClaim(
        _ listing: UnsafePointer<Listing>, entry: Int, strength: Strength, best: Strength, claims: Int,
        into output: inout ReconcileOutput
    ) -> SKU? {
        let sku = catalog.sku(at: entry)
        guard strength == best, claims == 1 else {
            output.counts.unmatched += 1
            markClaimed(entry)
            if strength == .barcode {
                output.emit(
                    levels.ambiguousBarcode, .ambiguousBarcode, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref,
                    related: [sku], note: "another listing already carries the variant with this barcode")
            } else {
                output.emit(
                    levels.duplicateSKU, .duplicateSKU, sku: sku, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref,
                    units: strength == best ? claims : nil,
                    note: strength == best ? nil : "another listing is mapped to this SKU")
            }
            return nil
        }
        if strength == .sku, let other = barcodeOwner(listing, entry: entry) {
            output.counts.unmatched += 1
            markClaimed(entry)
            output.emit(
                levels.barcodePointsElsewhere, .barcodePointsElsewhere, sku: sku, storeSKU: listing.pointee.rawSKU,
                ref: listing.pointee.ref, field: .barcode, storeValue: Reconciler.barcodeValue(listing.pointee.barcode),
                related: other)
            return nil
        }
        matched(listing, entry: entry, sku: sku, strength: strength, into: &output)
        return sku
    }

    /// Other catalog SKUs that own the listing's barcode, when it is not this variant's.
    func barcodeOwner(_ listing: UnsafePointer<Listing>, entry: Int) -> [SKU]? {
        guard let barcode = listing.pointee.barcode else { return nil }
        let text = TextChecks.trimmed(barcode)
        guard !text.isEmpty, text != catalog.barcode(at: entry) else { return nil }
        let owners = catalog.entries(forBarcode: text).filter { Int($0) != entry }
        return owners.isEmpty ? nil : owners.map { catalog.sku(at: Int($0)) }
    }

    /// Settles a listing that claims no variant: says what it nearly matched, if anything.
    mutating func settleUnclaimed(_ listing: UnsafePointer<Listing>, into output: inout ReconcileOutput) {
        output.counts.unmatched += 1
        let barcode = listing.pointee.barcode.map(TextChecks.trimmed) ?? ""
        if TextChecks.isBlank(listing.pointee.rawSKU) {
            output.emit(levels.missingSKU, .missingSKU, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref)
            if !barcode.isEmpty {
                let owners = catalog.entries(forBarcode: barcode)
                if !owners.isEmpty {
                    for owner in owners { markClaimed(Int(owner)) }
                    output.emit(
                        levels.ambiguousBarcode, .ambiguousBarcode, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref,
                        field: .barcode, storeValue: .text(barcode), related: owners.map { catalog.sku(at: Int($0)) },
                        note: owners.count > 1 ? "several catalog variants share this barcode" : "not a valid GTIN")
                }
            }
        } else {
            let near = catalog.nearMisses(of: listing.pointee.rawSKU)
            if !near.isEmpty {
                for entry in near { markClaimed(Int(entry)) }
                output.emit(
                    levels.skuNearMiss, .skuNearMiss, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref,
                    related: near.map { catalog.sku(at: Int($0)) })
            } else if !barcode.isEmpty, case let owners = catalog.entries(forBarcode: barcode), !owners.isEmpty {
                for entry in owners { markClaimed(Int(entry)) }
                output.emit(
                    levels.barcodePointsElsewhere, .barcodePointsElsewhere, storeSKU: listing.pointee.rawSKU,
                    ref: listing.pointee.ref, field: .barcode, storeValue: .text(barcode),
                    related: owners.map { catalog.sku(at: Int($0)) })
            } else {
                output.emit(levels.orphan, .orphan, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref)
                orphans.append((TextChecks.trimmed(listing.pointee.rawSKU), listing.pointee.ref))
            }
        }
    }

    /// Records the match of a listing to `entry` and what it says about the stored mapping.
    mutating func matched(
        _ listing: UnsafePointer<Listing>, entry: Int, sku: SKU, strength: Strength, into output: inout ReconcileOutput
    ) {
        entryStates[entry] = .matched
        let blank = strength != .sku && TextChecks.isBlank(listing.pointee.rawSKU)
        if strength == .mapping {
            output.counts.matchedByMapping += 1
            if !blank, listing.pointee.rawSKU != sku.rawValue {
                output.emit(
                    levels.skuDiffersFromMapping, .skuDiffersFromMapping, sku: sku, storeSKU: listing.pointee.rawSKU,
                    ref: listing.pointee.ref)
            }
        } else {
            let method: MatchMethod = strength == .sku ? .sku : .barcode
            if method == .sku { output.counts.matchedBySKU += 1 } else { output.counts.matchedByBarcode += 1 }
            let previous = mappings.isEmpty ? nil : mappings[sku]
            output.mappingUpdates.append(ListingMatch(sku: sku, ref: listing.pointee.ref, method: method, previousRef: previous))
            if let previous, previous != listing.pointee.ref {
                output.emit(
                    levels.remapped, .remapped, sku: sku, ref: listing.pointee.ref,
                    note: "previously \(previous.productID)/\(previous.variantID)")
            }
        }
        if blank {
            output.emit(levels.missingSKU, .missingSKU, sku: sku, storeSKU: listing.pointee.rawSKU, ref: listing.pointee.ref)
        }
    }

    /// A claim that could not be matched keeps the variant from being reported missing, unless a
    /// listing was matched to it (that stays).
    mutating func markClaimed(_ entry: Int) {
        if entryStates[entry] == .unseen { entryStates[entry] = .claimedInVain }
    }

    // MARK: Chunks and store-wide findings

    /// Joins the state of the chunk that follows this one.
    mutating func absorb(_ next: ListingMatcher) {
        orphans.append(contentsOf: next.orphans)
        // A variant any chunk matched is matched; one only claimed in vain stays claimed.
        next.entryStates.withUnsafeBufferPointer { theirs in
            entryStates.withUnsafeMutableBufferPointer { ours in
                for entry in theirs.indices where theirs[entry] != .unseen && (theirs[entry] == .matched || ours[entry] == .unseen) {
                    ours[entry] = theirs[entry]
                }
            }
        }
    }

    /// Listings matched to nothing that share a SKU: each is a duplicate as well as an orphan.
    func reportOrphanDuplicates(into output: inout ReconcileOutput) {
        guard let level = levels.duplicateSKU, orphans.count > 1 else { return }
        var seen: [String: Int] = [:]
        for orphan in orphans { seen[orphan.text, default: 0] += 1 }
        for orphan in orphans where seen[orphan.text, default: 0] > 1 {
            output.emit(level, .duplicateSKU, storeSKU: orphan.text, ref: orphan.ref, units: seen[orphan.text])
        }
    }

    /// The catalog variants the store should carry and no listing claimed. Asked only of a
    /// complete snapshot: a partial one does not show what the store lacks.
    func reportMissingListings(carrying assortment: Assortment, into output: inout ReconcileOutput) {
        for entry in 0..<catalog.variantCount where entryStates[entry] == .unseen {
            let sku = catalog.sku(at: entry)
            guard assortment.carries(sku, isActive: catalog.isActive(entry)) else { continue }
            output.counts.missing += 1
            let previous = mappings.isEmpty ? nil : mappings[sku]
            output.emit(
                levels.missingListing, .missingListing, sku: sku, ref: previous,
                note: previous == nil ? nil : "it was listed before and is gone from the store")
        }
    }
}
