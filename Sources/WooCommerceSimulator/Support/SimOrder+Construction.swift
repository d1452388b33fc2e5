import CatalogModel
import Foundation
import SimulatorCore

// `SimCustomer`, `SimOrderLine` and `SimOrder` have public properties but no public initializers,
// so a platform module cannot make one directly. These build them through their `Codable`
// conformance, which is public; a public memberwise `init` in SimulatorCore would replace this file.

extension SimCustomer {
    static func make(firstName: String, lastName: String, email: String, address: String, city: String, postcode: String, country: String) -> SimCustomer {
        decode([
            "firstName": firstName, "lastName": lastName, "email": email, "address": address,
            "city": city, "postcode": postcode, "country": country,
        ])
    }
}

extension SimOrderLine {
    static func make(id: Int64, productID: Int64, variantID: Int64, sku: String, title: String, quantity: Int, price: Money) -> SimOrderLine {
        decode([
            "id": id, "productID": productID, "variantID": variantID, "sku": sku, "title": title, "quantity": quantity,
            "price": ["amount": price.amountString, "currency": price.currency.code], "fulfilledQuantity": 0, "refundedQuantity": 0,
        ])
    }
}

extension SimOrder {
    static func make(
        id: Int64, number: Int, currency: CurrencyCode, financial: Financial, fulfillment: Fulfillment, locationID: Int64,
        customer: SimCustomer, lines: [SimOrderLine], createdAt: Date
    ) -> SimOrder {
        let encoder = JSONEncoder()
        let customerJSON = (try? JSONSerialization.jsonObject(with: encoder.encode(customer))) ?? [:]
        let linesJSON = (try? JSONSerialization.jsonObject(with: encoder.encode(lines))) ?? []
        return decode([
            "id": id, "number": number, "currency": currency.code, "financial": financial.rawValue,
            "fulfillment": fulfillment.rawValue, "locationID": locationID, "customer": customerJSON, "lines": linesJSON,
            "createdAt": createdAt.timeIntervalSinceReferenceDate, "updatedAt": createdAt.timeIntervalSinceReferenceDate,
        ])
    }
}

/// Decodes a value from a Foundation JSON object with `JSONDecoder`'s default date form (seconds
/// since 2001). The shapes are fixed by the code above, so a failure is a programming error.
private func decode<T: Decodable>(_ object: [String: Any]) -> T {
    do {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try JSONDecoder().decode(T.self, from: data)
    } catch {
        fatalError("SimulatorCore's \(T.self) no longer decodes from the fields WooCommerceSimulator builds it with: \(error)")
    }
}
