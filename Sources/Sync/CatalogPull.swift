import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Reconcile
import StorefrontAdapter

/// Adopting a store: its listings become the canonical catalog (or join it), and what was read
/// becomes the base for that store, so that the first sync starts from a known state
/// (`concord catalog pull`).
///
/// How listings become products:
/// - Listings are grouped into products by the store's product id, in the order the store gave
///   them. A product's title and description are its listings'; its status the most active of
///   them (each variant keeps its own, so the status a store shows — the more withdrawn of product
///   and variant — is the listing's); its images the ones all its listings share, in order, with a
///   variant's extra ones on the variant.
/// - A variant takes the listing's SKU, barcode, price, compare-at price, weight, options, status
///   and backorder setting, and its stock per catalog location: the store location mapped in
///   `[stores.<id>.locations]`, else the catalog location of the same name, else a new catalog
///   location named like the store's. On hand is the store's on hand (available plus what its
///   open orders hold). An item the store does not count gets no stock.
/// - Shopify's `Title: Default Title` option of a single-variant product is no option.
/// - A listing with no SKU, with a SKU that has surrounding spaces, or with a SKU another listing
///   of the store also has, is not imported: each is reported with its SKU and remote ids.
///
/// Merging (``CatalogWriteMode/merge``) adds the SKUs the catalog does not have (to the product that
/// already holds a sibling SKU, else as a new product) and leaves every existing SKU as it is; one
/// whose values differ from the store's is reported as a conflict per field. Replacing makes the
/// catalog exactly the store's listings.
///
/// Base values and mappings are not invented here: the store is reconciled against the catalog as
/// it will be, and every field found in sync is recorded as the base, exactly as a sync would
/// record it. A plan made right afterwards therefore has nothing to push or review for the
/// imported SKUs (stock assumes no safety buffer and no other channel's open orders, and prices
/// the identity price rule: the store's price is taken as the catalog's).
public enum CatalogPull {
    /// One listing that was not imported, and why.
    public struct Skipped: Hashable, Sendable, Codable {
        public var sku: String
        public var productID: String
        public var variantID: String
        public var reason: String
    }

    /// One field of an existing SKU whose catalog value differs from the store's (merge only).
    public struct Conflict: Hashable, Sendable, Codable {
        public var sku: String
        public var field: String
        public var catalog: String
        public var store: String
    }

    /// Everything a pull would write, and what it left out.
    public struct Plan: Sendable {
        public var store: StoreID
        public var mode: CatalogWriteMode
        /// The products to write: new ones, and existing ones that gain SKUs (with all their variants).
        public var products: [Product]
        public var locations: [Location]
        /// Catalog locations the pull creates for store locations nothing maps.
        public var newLocations: [Location]
        public var mappings: [ListingMapping]
        public var bases: [BaseKey: FieldValue]
        public var skipped: [Skipped]
        public var conflicts: [Conflict]
        public var listingsRead: Int
        public var skusAdded: [SKU]
        public var skusUnchanged: Int
    }

    /// Turns a store's snapshot into the catalog write, its mappings and its bases. Pure.
    ///
    /// - Parameters:
    ///   - snapshot: The store's complete read.
    ///   - configuration: The store's configuration (location map, managed fields, buffer).
    ///   - existing: The catalog now (products and locations).
    ///   - mode: Merge into the catalog or replace it.
    public static func plan(
        _ snapshot: StoreSnapshot, configuration: StoreConfiguration, existing: (products: [Product], locations: [Location]),
        mode: CatalogWriteMode, openUnits: [String: Int] = [:]
    ) -> Plan {
        // 1. Which listings can be imported.
        var skipped: [Skipped] = []
        var countBySKU: [String: Int] = [:]
        for listing in snapshot.listings { if let sku = listing.sku { countBySKU[sku.rawValue, default: 0] += 1 } }
        var importable: [Listing] = []
        for listing in snapshot.listings {
            func skip(_ reason: String) {
                skipped.append(
                    Skipped(sku: listing.rawSKU, productID: listing.ref.productID, variantID: listing.ref.variantID, reason: reason))
            }
            guard let sku = listing.sku else {
                skip("the listing has no SKU; give it its SKU in the store and pull again")
                continue
            }
            if listing.price == nil {
                skip("the listing has no price Concord can read; set its price in the store and pull again")
            } else if sku.rawValue != listing.rawSKU {
                skip("the SKU has spaces around it in the store; correct it there and pull again")
            } else if let count = countBySKU[sku.rawValue], count > 1 {
                skip("\(count) listings in the store carry this SKU; re-SKU or delete the duplicates and pull again")
            } else {
                importable.append(listing)
            }
        }

        // 2. Locations: store location id → catalog location code.
        var catalogLocations = mode == .replace ? [] : existing.locations
        var newLocations: [Location] = []
        var locationCode: [String: String] = configuration.locations
        let codeByName = Dictionary(
            (existing.locations).map { ($0.name.lowercased(), $0.code) }, uniquingKeysWith: { first, _ in first })
        for location in snapshot.locations where locationCode[location.code] == nil {
            if let code = codeByName[location.name.lowercased()] {
                locationCode[location.code] = code
            } else {
                var code = slug(location.name.isEmpty ? location.code : location.name)
                let taken = Set(existing.locations.map(\.code) + newLocations.map(\.code))
                if code.isEmpty || taken.contains(code) { code = (code.isEmpty ? "location" : code) + "-" + slug(location.code) }
                let created = Location(code: code, name: location.name.isEmpty ? location.code : location.name)
                newLocations.append(created)
                locationCode[location.code] = code
            }
        }
        for code in Set(locationCode.values) where !catalogLocations.contains(where: { $0.code == code }) {
            let location =
                existing.locations.first { $0.code == code } ?? newLocations.first { $0.code == code }
                ?? snapshot.locations.first { locationCode[$0.code] == code }.map { Location(code: code, name: $0.name) }
                ?? Location(code: code, name: code)
            catalogLocations.append(location)
        }
        catalogLocations.sort { $0.code < $1.code }

        // 3. Products, grouped by the store's product id.
        var groups: [String: [Listing]] = [:]
        var groupOrder: [String] = []
        for listing in importable {
            if groups[listing.ref.productID] == nil { groupOrder.append(listing.ref.productID) }
            groups[listing.ref.productID, default: []].append(listing)
        }
        var existingByHandle: [String: Product] = [:]
        var handleBySKU: [SKU: String] = [:]
        var existingOrder: [String] = []
        if mode == .merge {
            for product in existing.products {
                existingByHandle[product.handle] = product
                existingOrder.append(product.handle)
                for variant in product.variants { handleBySKU[variant.sku] = product.handle }
            }
        }
        var usedHandles = Set(existingByHandle.keys)
        var touched: [String: Product] = [:]
        var touchedOrder: [String] = []
        var conflicts: [Conflict] = []
        var added: [SKU] = []
        var unchanged = 0
        for productID in groupOrder {
            let listings = groups[productID]!
            var pulled = product(from: listings, productID: productID, locationCode: locationCode)
            // A store that shows only what it can still sell (WooCommerce's one stock number is
            // net of its open orders) has those orders counted back in: on hand is what is on the
            // shelf, and the sync takes the open orders off again, once.
            if !openUnits.isEmpty {
                for index in pulled.variants.indices where pulled.variants[index].stock.count == 1 {
                    let open = openUnits[pulled.variants[index].sku.rawValue] ?? 0
                    pulled.variants[index].stock[0].onHand += open
                    pulled.variants[index].stock[0].committed += open
                }
            }
            if let handle = listings.lazy.compactMap({ handleBySKU[$0.sku!] }).first {
                // Merge into the product that already holds one of these SKUs.
                var target = touched[handle] ?? existingByHandle[handle]!
                for variant in pulled.variants {
                    if let owner = handleBySKU[variant.sku],
                        let current = (touched[owner] ?? existingByHandle[owner])?.variants.first(where: {
                            $0.sku == variant.sku
                        })
                    {
                        let differences = self.conflicts(
                            catalog: current, of: touched[owner] ?? existingByHandle[owner]!, store: variant, of: pulled)
                        conflicts += differences
                        if differences.isEmpty { unchanged += 1 }
                    } else {
                        target.variants.append(variant)
                        handleBySKU[variant.sku] = handle
                        added.append(variant.sku)
                    }
                }
                if target.variants.count != (touched[handle] ?? existingByHandle[handle]!).variants.count {
                    if touched[handle] == nil { touchedOrder.append(handle) }
                    touched[handle] = target
                }
            } else {
                var product = pulled
                var handle = product.handle
                if usedHandles.contains(handle) { handle += "-" + slug(productID) }
                var suffix = 2
                while usedHandles.contains(handle) {
                    handle = product.handle + "-\(suffix)"
                    suffix += 1
                }
                product.handle = handle
                usedHandles.insert(handle)
                touched[handle] = product
                touchedOrder.append(handle)
                for variant in product.variants { handleBySKU[variant.sku] = handle }
                added += product.variants.map(\.sku)
            }
        }
        let products = touchedOrder.map { touched[$0]! }

        // 4. Bases and mappings: reconcile the store against the catalog as it will be.
        var final: [Product] = []
        if mode == .merge {
            final = existingOrder.map { touched[$0] ?? existingByHandle[$0]! }
            final += touchedOrder.filter { existingByHandle[$0] == nil }.map { touched[$0]! }
        } else {
            final = products
        }
        var pullConfiguration = configuration
        pullConfiguration.locations = locationCode
        let policy = StorePolicy(configuration: pullConfiguration, storeLocations: snapshot.locations, catalogLocations: catalogLocations)
        var importedSnapshot = snapshot
        importedSnapshot.listings = importable
        let result = Reconciler.reconcile(
            ReconcileInput(catalog: CatalogIndex(products: final), snapshot: importedSnapshot, policy: policy))
        let mappings = result.mappingUpdates.map {
            ListingMapping(store: snapshot.store, sku: $0.sku, ref: $0.ref, lastSeen: snapshot.fetchedAt)
        }
        return Plan(
            store: snapshot.store, mode: mode, products: products, locations: catalogLocations, newLocations: newLocations,
            mappings: mappings, bases: result.baseUpdates.dictionary(), skipped: skipped, conflicts: conflicts,
            listingsRead: snapshot.listings.count, skusAdded: added, skusUnchanged: unchanged)
    }

    /// One product from the listings of one store product.
    static func product(from listings: [Listing], productID: String, locationCode: [String: String]) -> Product {
        let first = listings[0]
        // Images all listings share, in order; the rest stay with their variant.
        var shared = first.images
        for listing in listings.dropFirst() {
            var count = 0
            while count < shared.count, count < listing.images.count, shared[count] == listing.images[count] { count += 1 }
            shared.removeLast(shared.count - count)
        }
        let isDefaultOption = { (listing: Listing) in
            listing.options == ["Default Title"] && listings.count == 1
        }
        var optionNames = first.optionNames
        let width = listings.map { isDefaultOption($0) ? 0 : $0.options.count }.max() ?? 0
        if isDefaultOption(first) { optionNames = [] }
        if optionNames.count < width { optionNames += (optionNames.count..<width).map { "Option \($0 + 1)" } }
        if optionNames.count > width { optionNames = Array(optionNames.prefix(width)) }
        let variants = listings.map { listing -> Variant in
            var stock: [StockLevel] = []
            if listing.tracksStock {
                var byCode: [String: StockLevel] = [:]
                var order: [String] = []
                for level in listing.stock {
                    let code = locationCode[level.location] ?? level.location
                    if byCode[code] == nil { order.append(code) }
                    let onHand = (byCode[code]?.onHand ?? 0) + level.onHand
                    let available = (byCode[code]?.available ?? 0) + level.available
                    let committed = (byCode[code]?.committed ?? 0) + level.committed
                    byCode[code] = StockLevel(location: code, onHand: onHand, available: available, committed: committed)
                }
                stock = order.map { byCode[$0]! }
            }
            return Variant(
                sku: listing.sku!, barcode: listing.barcode.flatMap(Barcode.init), title: listing.variantTitle,
                options: isDefaultOption(listing) ? [] : listing.options, price: listing.price!,
                compareAtPrice: listing.compareAtPrice.flatMap { $0.minorUnits == 0 ? nil : $0 }, weight: listing.weight,
                status: listing.status, images: Array(listing.images.dropFirst(shared.count)), allowsBackorder: listing.allowsBackorder,
                stock: stock)
        }
        let status: ListingStatus =
            listings.contains { $0.status == .active } ? .active : (listings.contains { $0.status == .draft } ? .draft : .archived)
        return Product(
            handle: slug(first.productTitle).isEmpty ? "product-" + slug(productID) : slug(first.productTitle), title: first.productTitle,
            descriptionHTML: first.descriptionHTML ?? "", status: status, optionNames: optionNames, images: shared, variants: variants)
    }

    /// The fields where an existing catalog variant differs from what the store has.
    static func conflicts(catalog: Variant, of catalogProduct: Product, store: Variant, of storeProduct: Product) -> [Conflict] {
        var result: [Conflict] = []
        func check(_ field: String, _ lhs: String, _ rhs: String) {
            if lhs != rhs { result.append(Conflict(sku: catalog.sku.rawValue, field: field, catalog: lhs, store: rhs)) }
        }
        check("price", catalog.price.description, store.price.description)
        check("compare_at_price", catalog.compareAtPrice?.description ?? "(none)", store.compareAtPrice?.description ?? "(none)")
        check("barcode", catalog.barcode?.rawValue ?? "(none)", store.barcode?.rawValue ?? "(none)")
        check("title", catalogProduct.title, storeProduct.title)
        if !storeProduct.descriptionHTML.isEmpty { check("description", catalogProduct.descriptionHTML, storeProduct.descriptionHTML) }
        check(
            "status", Reconciler.canonicalStatus(product: catalogProduct.status, variant: catalog.status).rawValue,
            Reconciler.canonicalStatus(product: storeProduct.status, variant: store.status).rawValue)
        let catalogImages = Reconciler.canonicalImages(product: catalogProduct.images, variant: catalog.images)
        let storeImages = Reconciler.canonicalImages(product: storeProduct.images, variant: store.images)
        if !FieldValue.list(catalogImages).matches(.list(storeImages)) {
            check("images", catalogImages.joined(separator: ", "), storeImages.joined(separator: ", "))
        }
        if catalog.weight?.grams != store.weight?.grams {
            check("weight", catalog.weight?.description ?? "(none)", store.weight?.description ?? "(none)")
        }
        if !store.options.isEmpty { check("options", catalog.options.joined(separator: " / "), store.options.joined(separator: " / ")) }
        return result
    }

    /// A handle or code from a title: lower case letters and digits joined by single hyphens.
    static func slug(_ text: String) -> String {
        var result = ""
        var pendingHyphen = false
        for character in text.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                if pendingHyphen, !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.append(character)
            } else {
                pendingHyphen = true
            }
        }
        return result
    }

    // MARK: Running

    /// What a pull did (or, in a dry run, would do).
    public struct Report: Sendable, Codable {
        public var store: String
        public var mode: String
        public var dryRun: Bool
        public var listingsRead: Int
        public var productsWritten: Int
        public var skusAdded: Int
        public var skusUnchanged: Int
        public var productsRemoved: Int
        public var variantsRemoved: Int
        public var locationsCreated: [String]
        public var mappingsRecorded: Int
        public var basesRecorded: Int
        public var skipped: [Skipped]
        public var conflicts: [Conflict]

        /// Whether something needs a person: listings left out or conflicting values.
        public var needsAttention: Bool { !skipped.isEmpty || !conflicts.isEmpty }
    }

    /// Reads the store whole, plans the pull and writes it in one transaction (unless `dryRun`).
    ///
    /// A failed read (a fault on any page) throws before anything is written, and a failed write
    /// rolls back: either way the catalog, the mappings and the bases stay as they were.
    public static func run(
        catalog: any CatalogRecords & SyncStateStore & StockLedger, adapter: any StorefrontAdapter, configuration: StoreConfiguration,
        mode: CatalogWriteMode,
        dryRun: Bool
    ) async throws -> Report {
        let existing = (products: try await catalog.allProducts(), locations: try await catalog.locations())
        let snapshot = try await adapter.fetchCatalog(since: nil)
        // The store's orders of the last 90 days (open orders are recent): WooCommerce's stock
        // number leaves its open orders out, so they are counted back into on hand; and every
        // platform's orders are ingested with the pull, so the first sync commits them once.
        let orders = try await StoreOrdersBack.recentOrders(of: adapter)
        let openUnits = configuration.platform == .woocommerce ? StoreOrdersBack.openUnits(in: orders.orders) : [:]
        let plan = plan(snapshot, configuration: configuration, existing: existing, mode: mode, openUnits: openUnits)
        var summary = CatalogWriteSummary()
        if !dryRun {
            // Orders first, then the catalog and its bases, then the orders again: lines of SKUs
            // the catalog did not have are attributed once they exist, their past taken as
            // already in the count and the bases.
            try await StoreOrdersBack.ingest(orders, of: configuration, into: catalog)
            summary = try await catalog.writePulledCatalog(
                plan.products, locations: plan.locations, mode: mode, mappings: plan.mappings, bases: plan.bases, store: plan.store)
            try await StoreOrdersBack.ingest(orders, of: configuration, into: catalog)
            if let next = orders.nextCursor { try await catalog.saveCursor(next, store: configuration.id, stream: .orders) }
        } else if mode == .replace {
            let kept = Set(plan.products.flatMap { $0.variants.map(\.sku) })
            summary.variantsRemoved = existing.products.reduce(0) { $0 + $1.variants.filter { !kept.contains($0.sku) }.count }
            let handles = Set(plan.products.map(\.handle))
            summary.productsRemoved = existing.products.filter { !handles.contains($0.handle) }.count
        }
        return Report(
            store: plan.store.rawValue, mode: mode.rawValue, dryRun: dryRun, listingsRead: plan.listingsRead,
            productsWritten: dryRun ? plan.products.count : summary.productsWritten, skusAdded: plan.skusAdded.count,
            skusUnchanged: plan.skusUnchanged, productsRemoved: summary.productsRemoved, variantsRemoved: summary.variantsRemoved,
            locationsCreated: plan.newLocations.map(\.code), mappingsRecorded: plan.mappings.count, basesRecorded: plan.bases.count,
            skipped: plan.skipped, conflicts: plan.conflicts)
    }
}
