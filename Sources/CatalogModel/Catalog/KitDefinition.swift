/// A kit (bundle): a catalog SKU sold as a set of other SKUs, each in a quantity per kit.
///
/// A kit holds no stock of its own: what a store may sell of it is worked out from its
/// components (the fewest whole kits the components make), so that an order for a component
/// lowers every kit that uses it and an order for a kit commits its components. A component may
/// itself be a kit whose components are plain SKUs (one level of nesting).
public struct KitDefinition: Hashable, Sendable, Codable {
    /// The kit's own SKU, a variant of the catalog (it carries the price, title and listing).
    public var sku: SKU
    /// The components in the order they were written, each SKU at most once.
    public var components: [KitComponent]

    public init(sku: SKU, components: [KitComponent]) {
        self.sku = sku
        self.components = components
    }

    /// The components in the text form import files and the command line use: `SKU-A*2;SKU-B*1`.
    public var componentsText: String {
        components.map { "\($0.sku.rawValue)*\($0.quantity)" }.joined(separator: ";")
    }

    /// Reads `SKU-A*2;SKU-B` (a missing `*N` means one), or says what is wrong with it.
    ///
    /// - Returns: the components, or the reason the text is not a component list, written so that
    ///   it can follow a file, line and column.
    public static func parseComponents(_ text: String, kit: SKU? = nil) -> Result<[KitComponent], KitDefinitionError> {
        var components: [KitComponent] = []
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        guard parts.contains(where: { !$0.isEmpty }) else {
            return .failure(KitDefinitionError("no components; write them as SKU-A*2;SKU-B*1"))
        }
        for part in parts where !part.isEmpty {
            var skuText = part
            var quantity = 1
            if let star = part.lastIndex(of: "*") {
                skuText = String(part[..<star])
                let number = String(part[part.index(after: star)...]).trimmingWhitespace()
                guard let value = Int(number), value > 0 else {
                    return .failure(
                        KitDefinitionError("\"\(part)\": the quantity after * must be a whole number of 1 or more"))
                }
                quantity = value
            }
            guard let sku = SKU(skuText) else {
                return .failure(KitDefinitionError("\"\(part)\": the component SKU is empty"))
            }
            if let kit, sku == kit {
                return .failure(KitDefinitionError("\"\(part)\": a kit cannot contain itself"))
            }
            if components.contains(where: { $0.sku == sku }) {
                return .failure(
                    KitDefinitionError("\(sku) is listed twice; give each component once with its full quantity"))
            }
            components.append(KitComponent(sku: sku, quantity: quantity))
        }
        return .success(components)
    }
}

/// One component of a kit: a SKU and how many of it one kit takes.
public struct KitComponent: Hashable, Sendable, Codable {
    public var sku: SKU
    /// Units of the component in one kit; at least 1.
    public var quantity: Int

    public init(sku: SKU, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }
}

/// Why a kit definition is refused, in words that can follow `file:line: column "...":`.
public struct KitDefinitionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension KitDefinition {
    /// Checks a set of kits against each other: nesting at most one level deep and no cycles.
    ///
    /// - Returns: one message per kit that breaks the rule, keyed by the kit's SKU.
    public static func nestingProblems(_ kits: [KitDefinition]) -> [SKU: String] {
        let bySKU = Dictionary(kits.map { ($0.sku, $0) }, uniquingKeysWith: { _, last in last })
        var problems: [SKU: String] = [:]
        for kit in kits {
            for component in kit.components {
                guard let inner = bySKU[component.sku] else { continue }
                if let deeper = inner.components.first(where: { bySKU[$0.sku] != nil }) {
                    problems[kit.sku] =
                        "\(component.sku) is a kit that itself contains the kit \(deeper.sku); kits nest one level only — "
                        + "list the inner kit's components instead"
                }
            }
        }
        return problems
    }
}
