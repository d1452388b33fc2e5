/// The severity each rule fires with in one store (`nil` = off), resolved once per store so the
/// per-listing checks read a stored property instead of hashing a code.
struct RuleLevels {
    var skuNearMiss: Severity?
    var barcodePointsElsewhere: Severity?
    var ambiguousBarcode: Severity?
    var skuDiffersFromMapping: Severity?
    var remapped: Severity?
    var oversellRisk: Severity?
    var unmappedLocation: Severity?
    var stockNotTracked: Severity?
    var untrackedOutOfStock: Severity?
    var missingSKU: Severity?
    var duplicateSKU: Severity?
    var orphan: Severity?
    var missingListing: Severity?
    var priceNotPositive: Severity?
    var priceBelowCost: Severity?
    var compareAtNotAbovePrice: Severity?
    var noImage: Severity?
    var placeholderTitle: Severity?
    var emptyDescription: Severity?
    var activeOutOfStock: Severity?
    var inactiveInStock: Severity?
    var invalidBarcode: Severity?
    var scientificBarcode: Severity?
    var missingWeight: Severity?
    var optionMismatch: Severity?
    var kitMissingComponent: Severity?

    init(_ policy: StorePolicy) {
        func level(_ code: FindingCode) -> Severity? {
            guard let rule = FindingRule.rule(for: code) else { return nil }
            return policy.severity(of: rule)
        }
        skuNearMiss = level(.skuNearMiss)
        barcodePointsElsewhere = level(.barcodePointsElsewhere)
        ambiguousBarcode = level(.ambiguousBarcode)
        skuDiffersFromMapping = level(.skuDiffersFromMapping)
        remapped = level(.remapped)
        oversellRisk = level(.oversellRisk)
        unmappedLocation = level(.unmappedLocation)
        stockNotTracked = level(.stockNotTracked)
        untrackedOutOfStock = level(.untrackedOutOfStock)
        missingSKU = level(.missingSKU)
        duplicateSKU = level(.duplicateSKU)
        orphan = level(.orphan)
        missingListing = level(.missingListing)
        priceNotPositive = level(.priceNotPositive)
        priceBelowCost = level(.priceBelowCost)
        compareAtNotAbovePrice = level(.compareAtNotAbovePrice)
        noImage = level(.noImage)
        placeholderTitle = level(.placeholderTitle)
        emptyDescription = level(.emptyDescription)
        activeOutOfStock = level(.activeOutOfStock)
        inactiveInStock = level(.inactiveInStock)
        invalidBarcode = level(.invalidBarcode)
        scientificBarcode = level(.scientificBarcode)
        missingWeight = level(.missingWeight)
        optionMismatch = level(.optionMismatch)
        kitMissingComponent = level(.kitMissingComponent)
    }
}
