import ArgumentParser
import CatalogModel
import CatalogStorage
import Foundation
import Reconcile
import Sync

extension CatalogCommand {
    /// `concord catalog kit add|show|remove`: kits (bundles) whose stock comes from their components.
    struct Kit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kit",
            abstract: "Define, show and remove kits (bundles sold as one SKU, stocked from their components).",
            discussion: """
                A kit is a catalog SKU (it has its own price, title and listings) made of other SKUs, \
                each in a quantity per kit. Concord never reads a kit's own stock: a store is told \
                the fewest whole kits the components make (each component's units at the store's \
                locations, less its committed units, divided by its quantity, rounded down), and \
                then the store's buffer and allocation rules apply. An order for a kit commits its \
                components; an order for a component lowers every kit that uses it. A component may \
                itself be a kit of plain SKUs (one level of nesting). A kit whose component later \
                leaves the catalog shows 0 and is reported as kit.missing-component.

                Examples:
                  concord catalog kit add GIFT-SET MUG-WHT*2 TEE-BLK-M
                  concord catalog kit show GIFT-SET
                  concord catalog kit remove GIFT-SET
                """,
            subcommands: [Add.self, Show.self, Remove.self]
        )
    }
}

extension CatalogCommand.Kit {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Define a kit, or replace its definition.",
            discussion: """
                Components are SKU*QUANTITY (SKU alone means one), as separate arguments or joined \
                with ; as in import files (Kit Components = "SKU-A*2;SKU-B*1"). The kit and every \
                component must be in the catalog; nothing is written when one is not. Exit status 0 \
                when saved, 1 when the definition is refused.
                """)

        @Argument(help: "The kit's SKU (a variant of the catalog).")
        var kit: String

        @Argument(help: "Components as SKU*QUANTITY, e.g. MUG-WHT*2 TEE-BLK-M.")
        var components: [String]

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let sku = SKU(kit) else { throw CLIError("the kit SKU is empty; give the SKU of a catalog variant") }
            let definition: KitDefinition
            switch KitDefinition.parseComponents(components.joined(separator: ";"), kit: sku) {
            case .success(let parsed): definition = KitDefinition(sku: sku, components: parsed)
            case .failure(let error): throw CLIError("kit \(sku): \(error.message)")
            }
            let configuration = try global.loadConfiguration()
            let store = try await global.openStore(configuration: configuration)
            guard try await store.product(containing: sku) != nil else {
                throw CLIError(
                    "kit \(sku) is not in the catalog (\(store.location)); import the kit's own product first, then define its components")
            }
            for component in definition.components where try await store.product(containing: component.sku) == nil {
                throw CLIError(
                    "kit \(sku): component \(component.sku) is not in the catalog (\(store.location)); import it first or correct the SKU")
            }
            var kits = try await store.kits().filter { $0.sku != sku }
            kits.append(definition)
            if let problem = KitDefinition.nestingProblems(kits).first {
                throw CLIError("kit \(problem.key): \(problem.value)")
            }
            try await store.saveKits([definition], replacingAll: false)
            if output.json {
                try Terminal.printJSON(definition)
            } else {
                print("kit \(sku) = \(definition.componentsText)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show kits, their components and how many kits the catalog's stock makes.",
            discussion: """
                Without a SKU, lists every kit. The kits available count every catalog location and \
                the units committed to open orders ingested by concord sync, before any store's \
                buffer or allocation rule. Exit status 0, or 1 when the SKU is not a kit.
                """)

        @Argument(help: "A kit SKU (default: every kit).")
        var kit: String?

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        struct Entry: Encodable {
            var sku: SKU
            var components: [KitComponent]
            var available: Int
            var missingComponents: [SKU]
            var computation: String
        }

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let store = try await global.openStore(configuration: configuration)
            var kits = try await store.kits()
            if let kit {
                guard let sku = SKU(kit) else { throw CLIError("the kit SKU is empty") }
                kits = kits.filter { $0.sku == sku }
                guard !kits.isEmpty else {
                    throw CLIError("\(sku) is not a kit in \(store.location); concord catalog kit show lists the kits, kit add defines one")
                }
            }
            let index = CatalogIndex(products: try await store.allProducts())
            let table = KitTable(try await store.kits(), catalog: index)
            let codes = try await store.locations().map(\.code)
            let policy = StorePolicy(store: "catalog", locationFeeds: ["all": codes])
            var stock = StoreStock(policy: policy, catalog: index, kits: table, committed: try await CommittedStock.load(from: store))
            let entries = kits.map { definition -> Entry in
                let missing = definition.components.map(\.sku).filter { index.entry(for: $0) == nil }
                guard let entry = index.entry(for: definition.sku) else {
                    return Entry(
                        sku: definition.sku, components: definition.components, available: 0, missingComponents: missing,
                        computation: "the kit's own SKU is not in the catalog")
                }
                let computation = stock.allocation(entry: entry).computation
                return Entry(
                    sku: definition.sku, components: definition.components, available: computation.shown, missingComponents: missing,
                    computation: computation.description)
            }
            if output.json {
                try Terminal.printJSON(entries)
                return
            }
            if entries.isEmpty { print("no kits; concord catalog kit add KIT-SKU SKU-A*2 SKU-B defines one") }
            for entry in entries {
                print(
                    Terminal.styled(entry.sku.rawValue, .bold) + "  \(entry.available) available  "
                        + Terminal.styled("(\(entry.computation))", .dim))
                for component in entry.components {
                    let missing = entry.missingComponents.contains(component.sku) ? Terminal.styled("  not in the catalog", .red) : ""
                    print("  \(component.quantity) × \(component.sku)\(missing)")
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a kit's definition (its catalog variant stays).",
            discussion: "Exit status 0 when removed, 1 when the SKU was not a kit.")

        @Argument(help: "The kit's SKU.")
        var kit: String

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            guard let sku = SKU(kit) else { throw CLIError("the kit SKU is empty") }
            let store = try await global.openStore(configuration: try global.loadConfiguration())
            guard try await store.removeKit(sku) else {
                throw CLIError("\(sku) is not a kit in \(store.location); nothing was removed")
            }
            print("kit \(sku) removed; \(sku) stays in the catalog as a plain SKU")
        }
    }
}
