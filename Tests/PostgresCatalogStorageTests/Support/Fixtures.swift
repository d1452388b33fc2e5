import CatalogModel
import CatalogStorage
import Foundation

/// A product with every field set, as `SQLiteCatalogStoreTests` uses: two variants with stock at
/// two locations, one with committed units.
func sampleProduct(handle: String = "classic-tee", skus: [String] = ["TEE-S", "TEE-M"]) -> Product {
    Product(
        handle: handle, title: "Classic Tee", descriptionHTML: "<p>Soft cotton</p>", vendor: "Acme", productType: "Shirts",
        tags: ["summer", "cotton"], status: .active, optionNames: ["Size"], images: ["https://cdn.example.com/tee.jpg"],
        variants: skus.enumerated().map { index, sku in
            Variant(
                sku: SKU(sku)!, barcode: Barcode("4006381333931"), title: sku, options: [sku],
                price: Money(minorUnits: 1990 + Int64(index), currency: .eur), compareAtPrice: Money(minorUnits: 2490, currency: .eur),
                cost: Money(minorUnits: 700, currency: .eur), weight: Weight(value: Decimal(string: "0.25")!, unit: .kilograms),
                status: .active, images: [], allowsBackorder: index == 1, requiresShipping: true,
                stock: [StockLevel(location: "berlin", onHand: 10, committed: 2), StockLevel(location: "main", onHand: 5)])
        })
}

/// A product with one variant and the given stock.
func simpleProduct(_ handle: String, sku: String, stock: [StockLevel] = [], price: Int64 = 900) -> Product {
    Product(
        handle: handle, title: handle, variants: [Variant(sku: SKU(sku)!, price: Money(minorUnits: price, currency: .eur), stock: stock)])
}

extension CatalogRecords {
    /// The stock of one SKU, by location.
    func stock(of sku: String) async throws -> [String: StockLevel] {
        guard let (product, index) = try await product(containing: SKU(sku)!) else { return [:] }
        return Dictionary(uniqueKeysWithValues: product.variants[index].stock.map { ($0.location, $0) })
    }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing call.
    init(_ body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
