import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import Testing

/// `concord review --list` and `resolve` for items about whole listings, through the built binary.
@Suite("concord review: listing-level items without a terminal")
struct ReviewListingCommandTests {
    func concord(_ arguments: [String], _ setup: ReviewQueueSetup) async throws -> CommandRunner.Result {
        try await CommandRunner(product: "concord").run(arguments + ["--db", setup.databasePath], directory: setup.directory.path)
    }

    @Test("--list --json gives listing items a kind, no field, their listings and the choices that fit")
    func listsListingItems() async throws {
        let setup = try await ReviewQueueSetup(listingItems: true)
        let json = try await concord(["review", "--list", "--json"], setup)
        #expect(json.status == 2)
        let items = try #require(try JSONValue.parse(json.stdout).arrayValue)
        #expect(items.count == 8)
        let match = try #require(items.first { $0["kind"] == "ambiguous-match" })
        #expect(match["sku"] == "TEE-1")
        #expect(match["field"] == nil, "a listing item has no field")
        #expect(match["candidates"]?.arrayValue?.compactMap { $0["variant_id"]?.stringValue } == ["1001", "1002"])
        #expect(match["effects"]?["match"]?.stringValue?.contains("choose which of the 2 listings") == true)
        #expect(match["effects"]?["store"] == nil)
        let orphan = try #require(items.first { $0["kind"] == "orphan" })
        #expect(orphan["effects"]?["adopt"]?.stringValue?.contains("add OLD-9 to the catalog") == true)
        #expect(orphan["listing"] == "1009")
        let missing = try #require(items.first { $0["kind"] == "missing-listing" })
        #expect(missing["effects"]?["ignore"]?.stringValue?.contains("not sold in shop") == true)

        let plain = try await concord(["review", "--list"], setup)
        #expect(plain.stdout.contains("orphan"))
        #expect(plain.stdout.contains("missing-listing"))
    }

    @Test("resolve --match writes the mapping; --adopt adds the SKU; --ignore suppresses; wrong forms exit non-zero and change nothing")
    func resolvesListingItems() async throws {
        let setup = try await ReviewQueueSetup(listingItems: true)
        let nothing = try await concord(["review", "resolve", "TEE-1", "--store", "shop", "--match", "999"], setup)
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("999 is not one of the listings carrying TEE-1 (101/1001, 102/1002)"), "\(nothing.stderr)")
        let both = try await concord(["review", "resolve", "TEE-1", "--store", "shop", "--ignore", "--adopt"], setup)
        #expect(both.status == 64)
        #expect(both.stderr.contains("exactly one of --take, --match, --ignore or --adopt"))
        let wrongKind = try await concord(["review", "resolve", "MUG-1", "--store", "shop", "--adopt"], setup)
        #expect(wrongKind.status == 1)
        #expect(wrongKind.stderr.contains("adopting (p) is for orphan listings"), "\(wrongKind.stderr)")
        let noField = try await concord(["review", "resolve", "TEE-1", "--store", "shop", "--take", "store"], setup)
        #expect(noField.status == 64)
        #expect(try await setup.decisions().isEmpty)
        #expect(try await setup.mappings().isEmpty)

        let matched = try await concord(["review", "resolve", "TEE-1", "--store", "shop", "--match", "102/1002"], setup)
        #expect(matched.status == 0, "\(matched.stderr)")
        #expect(matched.stdout.contains("make listing 102/1002 TEE-1's listing in shop"), "\(matched.stdout)")
        #expect(try await setup.mappings().map(\.ref) == [ReviewQueueSetup.secondListing])

        let adopted = try await concord(["review", "resolve", "OLD-9", "--store", "shop", "--adopt", "--json"], setup)
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(try JSONValue.parse(adopted.stdout)["choice"] == "adopt")
        let catalog = try setup.catalog()
        #expect(try await catalog.product(containing: ReviewQueueSetup.sku("OLD-9"))?.product.handle == "old-tee")
        #expect(try await setup.base("OLD-9", .price) == ReviewQueueSetup.money(1500))

        let ignored = try await concord(["review", "resolve", "MUG-1", "--store", "shop", "--ignore"], setup)
        #expect(ignored.status == 0, "\(ignored.stderr)")
        #expect(try await catalog.reviewSuppressions(store: "shop").map(\.code) == ["listing.missing"])
        let again = try await concord(["review", "resolve", "MUG-1", "--store", "shop", "--ignore"], setup)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already decided"), "\(again.stderr)")
    }
}
