import CatalogModel

/// The catalog, indexed once for matching, and reusable across every store of a run.
///
/// Building it is O(variants); reconciling a store against it is then O(listings + variants)
/// with no per-store rebuilding. Variants are addressed by a dense *entry* number.
public struct CatalogIndex: Sendable {
    public let products: [Product]
    /// Entry → (product index, variant index).
    let productOf: [Int32]
    let variantOf: [Int32]
    /// Per entry: the SKU and the barcode text, kept flat because matching reads them most.
    let skus: [SKU]
    let barcodes: [String?]
    /// Per entry: bit 0 the catalog barcode is a valid GTIN; bit 1 product and variant are active.
    let flags: [UInt8]
    /// Exact SKU text → entry.
    let entryBySKU: [String: Int32]
    /// Folded-SKU hash → entry, or -1 when several entries share it (see ``foldedSeveral``).
    let entryByFoldedHash: [Int: Int32]
    let foldedSeveral: [Int: [Int32]]
    /// Catalog barcode text → entry, or -1 when several variants share it.
    let entryByBarcode: [String: Int32]
    let barcodeSeveral: [String: [Int32]]
    /// SKUs that occur more than once in the catalog (the first occurrence is indexed).
    public let duplicateSKUs: [SKU]

    static let validGTIN: UInt8 = 1
    static let active: UInt8 = 2

    public init(products: [Product]) {
        self.products = products
        let total = products.reduce(0) { $0 + $1.variants.count }
        var productOf: [Int32] = []
        var variantOf: [Int32] = []
        var flags: [UInt8] = []
        var skus: [SKU] = []
        var barcodes: [String?] = []
        skus.reserveCapacity(total)
        barcodes.reserveCapacity(total)
        productOf.reserveCapacity(total)
        variantOf.reserveCapacity(total)
        flags.reserveCapacity(total)
        var entryBySKU: [String: Int32] = [:]
        entryBySKU.reserveCapacity(total)
        var entryByFoldedHash: [Int: Int32] = [:]
        entryByFoldedHash.reserveCapacity(total)
        var foldedSeveral: [Int: [Int32]] = [:]
        var entryByBarcode: [String: Int32] = [:]
        entryByBarcode.reserveCapacity(total)
        var barcodeSeveral: [String: [Int32]] = [:]
        var duplicates: [SKU] = []

        for (productIndex, product) in products.enumerated() {
            for (variantIndex, variant) in product.variants.enumerated() {
                let entry = Int32(productOf.count)
                productOf.append(Int32(productIndex))
                variantOf.append(Int32(variantIndex))
                var flag: UInt8 = 0
                if let barcode = variant.barcode, TextChecks.isValidGTIN(barcode.rawValue) { flag |= Self.validGTIN }
                if product.status == .active && variant.status == .active { flag |= Self.active }
                flags.append(flag)
                skus.append(variant.sku)
                barcodes.append(variant.barcode?.rawValue)

                if entryBySKU[variant.sku.rawValue] == nil {
                    entryBySKU[variant.sku.rawValue] = entry
                } else {
                    // Keep the first occurrence; the catalog store should never let this happen.
                    duplicates.append(variant.sku)
                }
                let folded = SKUFolding.hash(variant.sku.rawValue)
                if let existing = entryByFoldedHash[folded] {
                    if existing >= 0 { foldedSeveral[folded] = [existing] }
                    foldedSeveral[folded, default: []].append(entry)
                    entryByFoldedHash[folded] = -1
                } else {
                    entryByFoldedHash[folded] = entry
                }
                if let barcode = variant.barcode?.rawValue {
                    if let existing = entryByBarcode[barcode] {
                        if existing >= 0 { barcodeSeveral[barcode] = [existing] }
                        barcodeSeveral[barcode, default: []].append(entry)
                        entryByBarcode[barcode] = -1
                    } else {
                        entryByBarcode[barcode] = entry
                    }
                }
            }
        }
        self.productOf = productOf
        self.variantOf = variantOf
        self.flags = flags
        self.skus = skus
        self.barcodes = barcodes
        self.entryBySKU = entryBySKU
        self.entryByFoldedHash = entryByFoldedHash
        self.foldedSeveral = foldedSeveral
        self.entryByBarcode = entryByBarcode
        self.barcodeSeveral = barcodeSeveral
        self.duplicateSKUs = duplicates
    }

    /// The number of variants in the catalog.
    public var variantCount: Int { productOf.count }

    /// The product of an entry (a copy).
    public func product(at entry: Int) -> Product { products[Int(productOf[entry])] }

    /// The variant of an entry (a copy).
    public func variant(at entry: Int) -> Variant { products[Int(productOf[entry])].variants[Int(variantOf[entry])] }

    /// Calls `body` with pointers to the product and variant of an entry, valid during the call.
    ///
    /// The reconciler reads millions of variants; copying a `Variant` or `Product` out of the
    /// arrays retains and releases a dozen references each time, which was a third of its time.
    @inline(__always)
    func withEntryPointers<R>(_ entry: Int, _ body: (UnsafePointer<Product>, UnsafePointer<Variant>) -> R) -> R {
        let variantIndex = Int(variantOf[entry])
        return products.withUnsafeBufferPointer { products in
            let product = products.baseAddress! + Int(productOf[entry])
            return product.pointee.variants.withUnsafeBufferPointer { variants in
                body(product, variants.baseAddress! + variantIndex)
            }
        }
    }

    func barcode(at entry: Int) -> String? { barcodes[entry] }

    /// The SKU of an entry.
    public func sku(at entry: Int) -> SKU { skus[entry] }

    /// The entry of a SKU, matched exactly.
    public func entry(for sku: SKU) -> Int? { entryBySKU[sku.rawValue].map(Int.init) }

    func entry(exactText text: String) -> Int32? { entryBySKU[text] }

    /// Whether the product and the variant of an entry are both active.
    public func isActive(_ entry: Int) -> Bool { flags[entry] & Self.active != 0 }
    func hasValidGTIN(_ entry: Int) -> Bool { flags[entry] & Self.validGTIN != 0 }

    /// Catalog entries whose SKU folds to the same text as `text` (case and white space ignored).
    func nearMisses(of text: String) -> [Int32] {
        let folded = SKUFolding.hash(text)
        guard let entry = entryByFoldedHash[folded] else { return [] }
        let candidates = entry >= 0 ? [entry] : foldedSeveral[folded] ?? []
        return candidates.filter { SKUFolding.equal(sku(at: Int($0)).rawValue, text) }
    }

    /// Catalog entries carrying this barcode.
    func entries(forBarcode barcode: String) -> [Int32] {
        guard let entry = entryByBarcode[barcode] else { return [] }
        return entry >= 0 ? [entry] : barcodeSeveral[barcode] ?? []
    }
}
