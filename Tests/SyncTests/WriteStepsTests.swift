import CatalogModel
import Foundation
import StorefrontAdapter
import Testing

/// The write steps both REST writers share: what a failed call means for its changes, and the
/// rule that two changes to one field of one item must agree.
@Suite("Shared write steps")
struct WriteStepsTests {
    static let change = Change(
        id: "c1", store: "shop", sku: SKU("TEE-1")!, ref: RemoteRef(productID: "1", variantID: "2"), field: .price,
        expected: .money(Money(minorUnits: 1000, currency: .eur)), new: .money(Money(minorUnits: 1200, currency: .eur)))

    @Test(
        "a call the store refused before doing anything rejects its changes; any other failure leaves them unknown",
        arguments: [
            (400, ChangeOutcome.Status.rejected), (401, .rejected), (403, .rejected), (404, .rejected), (413, .rejected), (422, .rejected),
            (429, .unknown), (500, .unknown), (502, .unknown),
        ])
    func sentFailure(status: Int, expected: ChangeOutcome.Status) {
        let failure = WriteFailure(
            sent: AdapterError(code: .serverError, store: "shop", message: "HTTP \(status)", status: status), store: "shop")
        let outcome = failure.outcome(for: Self.change, refusalPrefix: "WooCommerce refused the batch: ")
        #expect(outcome.status == expected)
        #expect(outcome.httpStatus == status)
        if expected == .unknown { #expect(outcome.message?.contains("may or may not have landed") == true) }
        if expected == .rejected { #expect(outcome.message == "WooCommerce refused the batch: HTTP \(status)") }
    }

    @Test("a connection that broke is unknown (the call may have landed); a re-read that failed sent nothing, and says so")
    func unreachableAndNotSent() {
        struct Broken: Error {}
        let sent = WriteFailure(sent: Broken(), store: "shop")
        #expect(sent.kind == .mayHaveLanded && sent.error.code == .unreachable)
        let notSent = WriteFailure(notSent: Broken(), store: "shop").outcome(for: Self.change)
        #expect(notSent.status == .unknown && notSent.message?.hasPrefix("not written: reading it again before writing failed") == true)
    }

    @Test("two changes to one field of one item that disagree are both rejected; the rest go on")
    func disagreeing() {
        var other = Self.change
        other.id = "c2"
        other.new = .money(Money(minorUnits: 1300, currency: .eur))
        var title = Self.change
        title.id = "c3"
        title.field = .title
        title.new = .text("Tee")
        let (writable, rejected) = WriteChecks.agreeing([Self.change, other, title], item: \.ref.variantID, platform: "Magento")
        #expect(writable.map(\.id) == ["c3"])
        #expect(Set(rejected.map(\.changeID)) == ["c1", "c2"])
        #expect(
            rejected.allSatisfy {
                $0.status == .rejected && $0.message?.contains("conflicting changes to price of the same Magento item") == true
            })
    }
}
