import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

@testable import Sync

/// The checks a saved plan passes before any of it is applied, made by the sync module for every
/// front end: signed by this catalog, unchanged, not applied before, made from this revision, and
/// each change under its own configured store.
@Suite("A saved plan's admission")
struct AdmittedPlanTests {
    static func change(_ store: StoreID, _ sku: String) -> Change {
        Change(
            id: "\(store)-\(sku)", store: store, sku: SKU(sku)!, ref: RemoteRef(productID: "1", variantID: "2"), field: .price,
            expected: .money(Money(minorUnits: 1000, currency: CurrencyCode("EUR")!)),
            new: .money(Money(minorUnits: 1200, currency: CurrencyCode("EUR")!)))
    }

    /// A signed plan of `changes` for `store`, made from the catalog's current revision.
    static func plan(_ changes: [Change], store: StoreID, catalog: SQLiteCatalogStore) async throws -> PlanDocument {
        var document = PlanDocument(reports: [], createdAt: Date(), catalogRevision: try await catalog.catalogRevision())
        document.stores = [
            PlanDocument.StoreEntry(
                store: store.rawValue, platform: "shopify", listingsRead: 1, changes: changes, changeCount: changes.count,
                estimatedWriteCalls: 1, reviews: 0, pulls: 0, listingErrors: [:], guardReasons: [], refused: false)
        ]
        PlanSignature.sign(&document, with: try await catalog.planSigningKey())
        return document
    }

    func admit(_ document: PlanDocument, _ catalog: SQLiteCatalogStore, stores: Set<StoreID> = ["shop"]) async throws -> AdmittedPlan {
        try await AdmittedPlan.admit(document, path: "plan.json", catalog: catalog, stores: stores, configurationName: "concord.toml")
    }

    func reason(of body: () async throws -> AdmittedPlan) async -> PlanFileError.Reason? {
        do {
            _ = try await body()
            return nil
        } catch let error as PlanFileError {
            return error.reason
        } catch {
            return nil
        }
    }

    @Test(
        "a plan as made is admitted, with its changes by store; edited, misfiled, unknown-store or stale plans are refused with the reason")
    func admission() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        let good = try await Self.plan([Self.change("shop", "TEE-1")], store: "shop", catalog: catalog)
        let admitted = try await admit(good, catalog)
        #expect(admitted.changes.map(\.store) == ["shop"] && admitted.changes.first?.changes.count == 1)

        var edited = good
        edited.stores[0].changes?[0].new = .money(Money(minorUnits: 1, currency: CurrencyCode("EUR")!))
        #expect(await reason { try await admit(edited, catalog) } == .edited)

        let misfiled = try await Self.plan([Self.change("other", "TEE-1")], store: "shop", catalog: catalog)
        #expect(
            await reason { try await admit(misfiled, catalog, stores: ["shop", "other"]) }
                == .misfiled(store: "other", sku: "TEE-1", filedUnder: "shop"))
        #expect(
            await reason { try await admit(good, catalog, stores: ["elsewhere"]) } == .unknownStore("shop", configuration: "concord.toml"))

        var unsigned = good
        unsigned.signature = nil
        #expect(await reason { try await admit(unsigned, catalog) } == .unsigned)

        _ = try await catalog.writeCatalog([], locations: [Location(code: "main", name: "Main")], mode: .merge)
        let revision = try await catalog.catalogRevision()
        #expect(await reason { try await admit(good, catalog) } == .catalogChanged(plan: good.catalogRevision, now: revision))
    }
}
