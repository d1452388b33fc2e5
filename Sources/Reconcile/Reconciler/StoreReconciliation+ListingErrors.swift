import CatalogModel

/// The listing-error rules: what is wrong with a listing on its own (no price, no image, a
/// placeholder title, an invalid barcode, out of stock while active), whatever its match.
///
/// They are not a comparison: nothing is pushed or pulled, a person fixes the listing. So they
/// stay out of the ``FieldComparator`` and run once the listing's match and fields are settled,
/// their findings after the comparison's.
extension StoreReconciliation {
    /// The listing-error rules; `entry` is the matched catalog variant, if any.
    mutating func checkListing(_ listing: UnsafePointer<Listing>, entry: Int?) {
        let sku = entry.map { catalog.sku(at: $0) }
        let storeSKU = entry == nil ? listing.pointee.rawSKU : nil
        let ref = listing.pointee.ref
        if let level = levels.priceNotPositive, (listing.pointee.price?.minorUnits ?? 0) <= 0 {
            output.emit(
                level, .priceNotPositive, sku: sku, storeSKU: storeSKU, ref: ref, field: .price,
                storeValue: listing.pointee.price.map(FieldValue.money) ?? FieldValue.none)
        }
        if let level = levels.compareAtNotAbovePrice, let compareAt = listing.pointee.compareAtPrice, compareAt.minorUnits > 0,
            let price = listing.pointee.price, price.minorUnits > 0, compareAt.currency == price.currency,
            compareAt.minorUnits <= price.minorUnits
        {
            output.emit(
                level, .compareAtNotAbovePrice, sku: sku, storeSKU: storeSKU, ref: ref, field: .compareAtPrice,
                storeValue: .money(compareAt), note: "price \(price)")
        }
        if let level = levels.noImage, listing.pointee.images.isEmpty {
            output.emit(level, .noImage, sku: sku, storeSKU: storeSKU, ref: ref, field: .images)
        }
        if let level = levels.placeholderTitle, Reconciler.isPlaceholderTitle(listing.pointee.productTitle) {
            output.emit(
                level, .placeholderTitle, sku: sku, storeSKU: storeSKU, ref: ref, field: .title,
                storeValue: .text(listing.pointee.productTitle))
        }
        if let level = levels.emptyDescription, let description = listing.pointee.descriptionHTML,
            TextChecks.isBlank(description)
        {
            output.emit(level, .emptyDescription, sku: sku, storeSKU: storeSKU, ref: ref, field: .description)
        }
        if let barcode = listing.pointee.barcode {
            let text = TextChecks.trimmed(barcode)
            let isCatalogs = entry.map { catalog.hasValidGTIN($0) && catalog.barcode(at: $0) == text }
            if !text.isEmpty, isCatalogs != true {
                if Barcode.looksLikeScientificNotation(text) {
                    if let level = levels.scientificBarcode {
                        output.emit(
                            level, .scientificBarcode, sku: sku, storeSKU: storeSKU, ref: ref, field: .barcode, storeValue: .text(text))
                    }
                } else if let level = levels.invalidBarcode, !TextChecks.isValidGTIN(text) {
                    output.emit(level, .invalidBarcode, sku: sku, storeSKU: storeSKU, ref: ref, field: .barcode, storeValue: .text(text))
                }
            }
        }
        if listing.pointee.tracksStock, levels.activeOutOfStock != nil || levels.inactiveInStock != nil {
            var available = 0
            for level in listing.pointee.stock { available += level.available }
            if let level = levels.activeOutOfStock, listing.pointee.status == .active, !listing.pointee.allowsBackorder, available <= 0 {
                output.emit(level, .activeOutOfStock, sku: sku, storeSKU: storeSKU, ref: ref, field: .status, units: available)
            }
            if let level = levels.inactiveInStock, listing.pointee.status != .active, available > 0, let entry,
                catalog.isActive(entry)
            {
                output.emit(
                    level, .inactiveInStock, sku: sku, ref: ref, field: .status, canonical: .status(.active),
                    storeValue: .status(listing.pointee.status), units: available)
            }
        }
    }

    /// The listing-error rules that need the catalog variant.
    mutating func checkMatched(_ match: borrowing MatchedListing) {
        let listing = match.listing
        let variant = match.variant
        let sku = match.sku
        let ref = listing.pointee.ref
        if let level = levels.priceBelowCost, let cost = variant.pointee.cost, let price = listing.pointee.price, price.minorUnits > 0,
            price.currency == cost.currency, price.minorUnits < cost.minorUnits
        {
            output.emit(
                level, .priceBelowCost, sku: sku, ref: ref, field: .price, canonical: .money(cost),
                storeValue: .money(price), note: "cost \(cost)")
        }
        if let level = levels.missingWeight, variant.pointee.requiresShipping, listing.pointee.weight.map({ $0.value <= 0 }) ?? true {
            output.emit(
                level, .missingWeight, sku: sku, ref: ref, field: .weight,
                canonical: variant.pointee.weight.map(FieldValue.weight) ?? FieldValue.none)
        }
        if let level = levels.optionMismatch, !listing.pointee.options.isEmpty,
            !Reconciler.optionsMatch(store: listing.pointee.options, catalog: variant.pointee.options)
        {
            output.emit(
                level, .optionMismatch, sku: sku, ref: ref, canonical: .list(variant.pointee.options),
                storeValue: .list(listing.pointee.options))
        }
    }
}
