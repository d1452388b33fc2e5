import CatalogModel

/// The catalog's kits, resolved against a ``CatalogIndex`` once per run and shared by every store.
///
/// A kit's stock is never read from the kit's own catalog entry: it is the fewest whole kits its
/// components make, each component net of its own committed units (see
/// ``StockAllocator/allocateKit(_:catalog:committed:buffer:rule:scratch:into:)``).
public struct KitTable: Sendable {
    /// One component, resolved: its catalog entry (or -1 when the SKU is not in the catalog).
    struct Component: Sendable {
        var sku: SKU
        var entry: Int32
        var quantity: Int
    }

    /// Kit entry → its components.
    let recipes: [Int32: [Component]]
    /// Every definition, as given.
    public let definitions: [KitDefinition]

    /// No kits.
    public init() {
        recipes = [:]
        definitions = []
    }

    /// Resolves kit definitions against the catalog. Kits whose own SKU is not in the catalog are
    /// kept in ``definitions`` but cannot be listed, so they never reach a store.
    public init(_ definitions: [KitDefinition], catalog: CatalogIndex) {
        var recipes: [Int32: [Component]] = [:]
        for kit in definitions {
            guard let entry = catalog.entry(for: kit.sku) else { continue }
            recipes[Int32(entry)] = kit.components.map { component in
                Component(
                    sku: component.sku, entry: catalog.entry(for: component.sku).map(Int32.init) ?? -1, quantity: max(1, component.quantity)
                )
            }
        }
        self.recipes = recipes
        self.definitions = definitions
    }

    public var isEmpty: Bool { recipes.isEmpty }

    /// The components of a kit entry, or `nil` when the entry is not a kit.
    @inline(__always)
    func components(of entry: Int) -> [Component]? {
        recipes.isEmpty ? nil : recipes[Int32(entry)]
    }

    /// Component SKUs (at any nesting level) that are not in the catalog.
    func missingComponents(of entry: Int) -> [SKU] {
        guard let components = components(of: entry) else { return [] }
        var missing: [SKU] = []
        for component in components {
            if component.entry < 0 {
                missing.append(component.sku)
            } else if let inner = recipes[component.entry] {
                missing += inner.filter { $0.entry < 0 }.map(\.sku)
            }
        }
        return missing
    }

    /// Committed units with every kit replaced by its components (an order for a kit commits
    /// its components), nested kits expanded too. Units stay under their location key.
    public func expand(_ committed: [SKU: [String: Int]], catalog: CatalogIndex) -> [SKU: [String: Int]] {
        guard !recipes.isEmpty, !committed.isEmpty else { return committed }
        var result: [SKU: [String: Int]] = [:]
        func add(_ sku: SKU, _ units: [String: Int], multiplier: Int, depth: Int) {
            if depth < 2, let entry = catalog.entry(for: sku), let components = recipes[Int32(entry)] {
                for component in components {
                    add(component.sku, units, multiplier: multiplier * component.quantity, depth: depth + 1)
                }
                return
            }
            for (location, count) in units { result[sku, default: [:]][location, default: 0] += count * multiplier }
        }
        for (sku, units) in committed { add(sku, units, multiplier: 1, depth: 0) }
        return result
    }
}
