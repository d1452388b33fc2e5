import CatalogModel
import Reconcile
import Testing

struct BaseTableTests {
    @Test func rowsInAnyOrderAreFound() {
        let a = SKU("A")!
        let b = SKU("B")!
        var table = BaseTable()
        table.append(sku: a, field: .price, value: .quantity(1))
        table.append(sku: a, field: .stock(location: "L1"), value: .quantity(2))
        table.append(sku: b, field: .price, value: .quantity(3))
        table.append(sku: a, field: .title, value: .text("late"))  // A's group is closed: side table
        table.append(sku: b, field: .price, value: .quantity(4))  // repeated field: replaced
        #expect(table[a, .price] == .quantity(1))
        #expect(table[a, .stock(location: "L1")] == .quantity(2))
        #expect(table[a, .stock(location: "L2")] == nil)
        #expect(table[a, .title] == .text("late"))
        #expect(table[b, .price] == .quantity(4))
        #expect(table[SKU("C")!, .price] == nil)
        #expect(table.count == 4)
    }

    @Test func dictionaryAndAppendedTablesReconcileAlike() {
        var (product, listing) = Scenario.clean()
        listing.price = Scenario.money(1500)
        product.variants[0].price = Scenario.money(1800)
        let sku = product.variants[0].sku
        let dictionary: [BaseKey: FieldValue] = [BaseKey(sku: sku, field: .price): .money(Scenario.money(1500))]
        var table = BaseTable()
        table.append(sku: sku, field: .price, value: .money(Scenario.money(1500)))
        let catalog = CatalogIndex(products: [product])
        let viaDictionary = Reconciler.reconcile(
            ReconcileInput(catalog: catalog, snapshot: Scenario.snapshot([listing]), bases: dictionary, policy: Scenario.policy()))
        let viaTable = Reconciler.reconcile(
            ReconcileInput(catalog: catalog, snapshot: Scenario.snapshot([listing]), bases: table, policy: Scenario.policy()))
        #expect(viaDictionary.findings == viaTable.findings)
        #expect(viaTable.findings.first { $0.field == .price }?.code == .catalogChanged)
    }
}
